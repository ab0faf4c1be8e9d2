"""Bytes of a figure's outputs: its data JSON and its images, each theme and
layout drawn and laid out once for all its formats.

This module and what it imports are the saving code every output's key covers
(gdfig.sources): keep file writing and records out of it (gdfig.worker).
"""

import io
import json
import math
import re
import struct
import zlib
from contextlib import contextmanager
from typing import Any

# No matplotlib.use(): figures are built without pyplot and saved by the canvas of
# their format (Agg for PNG), whatever the backend; a notebook's own is left alone.
import matplotlib.style
from matplotlib.text import Text

from gdfig import style, text_caches
from gdfig.figures.spec import Family, FigureSpec
from gdfig.outputs import Layout, Output

# No dates, tool names or versions in the files: same commit, same bytes.
METADATA = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    "png": {"Software": None},
}


class Drawing:
    """The figure a family draws for `params`, one per theme and layout, each laid out
    once and kept: the frames of a run are this drawing updated to their own step
    (FigureSpec.family.update), so they share its artists and layout."""

    def __init__(self, family: Family, params: Any, data: dict[str, Any]):
        self.family, self.params, self.data = family, params, data
        self._figures: dict[tuple[Layout, style.Theme], Any] = {}
        self._placed: dict[Layout, Placement] = {}  # the themes differ only in colour: one layout each

    @classmethod
    def of(cls, spec: FigureSpec, data: dict[str, Any]) -> "Drawing":
        """The drawing `spec` (whose numbers are `data`) is rendered on: its run's first frame."""
        first = spec.family.first_frame(spec.params)
        return cls(spec.family, first, data if first == spec.params else spec.family.compute(first))

    def figure(self, theme: style.Theme, layout: Layout):
        """The figure, drawn and laid out on first use; call under style.rc(theme)."""
        if (layout, theme) not in self._figures:
            fig = self.family.draw(self.params, self.data, theme)
            placed = self._placed.get(layout)
            self._placed[layout] = place(fig, placed) if placed else lay_out(fig, layout)
            self._figures[layout, theme] = fig
        return self._figures[layout, theme]


def payloads(spec: FigureSpec, data: dict[str, Any], stale: tuple[Output, ...], drawing: Drawing):
    """(output, bytes) for each stale output of `spec`, its images drawn on `drawing`
    (of spec.family.first_frame(spec.params)) in each theme and layout."""
    if any(not o.is_image for o in stale):
        yield Output("json"), data_bytes(spec, data)
    for layout in ("wide", "narrow"):
        for theme in style.THEMES:
            chosen = [o for o in stale if o.is_image and o.theme == theme and o.layout == layout]
            if chosen:
                images = _drawn_and_saved(spec, data, theme, [o.fmt for o in chosen], layout, drawing)
                yield from zip(chosen, images)


def data_bytes(spec: FigureSpec, data: dict[str, Any]) -> bytes:
    document = {"figure": spec.name, "params": spec.params_dict(), **data}
    return json.dumps(_finite(document), indent=1, allow_nan=False).encode() + b"\n"


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: a diverged number becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def image_bytes(spec: FigureSpec, data: dict[str, Any], theme: style.Theme, formats: list[str],
                layout: Layout = "wide") -> list[bytes]:
    """The figure drawn in `theme` and `layout`, saved in each of `formats`."""
    return _drawn_and_saved(spec, data, theme, formats, layout, Drawing.of(spec, data))


def figure(spec: FigureSpec, data: dict[str, Any], theme: style.Theme, layout: Layout = "wide"):
    """The figure itself (a matplotlib Figure), drawn and laid out as it is saved."""
    with _styled(theme):
        return _drawn(spec, data, theme, layout, Drawing.of(spec, data))


Placement = tuple[tuple[float, float], list]  # figure size (inches), each axes' position


def _drawn_and_saved(spec, data, theme, formats, layout, drawing: Drawing) -> list[bytes]:
    """Images of `spec` in `formats`.

    Settings start from matplotlib's own defaults, so no matplotlibrc or
    MATPLOTLIBRC of the user's changes a byte.  Figures are built without pyplot,
    so no global registry holds on to them: nothing to close."""
    with _styled(theme):
        fig = _drawn(spec, data, theme, layout, drawing)
        return [_save(fig, fmt) for fmt in formats]


@contextmanager
def _styled(theme: style.Theme):
    with matplotlib.style.context(style.rc(theme), after_reset=True), text_caches.shared():
        yield


def _drawn(spec, data, theme, layout, drawing: Drawing):
    """`spec`'s figure on `drawing`, at its own frame; call under _styled(theme)."""
    fig = drawing.figure(theme, layout)
    if spec.family.update:
        spec.family.update(fig, spec.params, data, theme)
    return fig


def lay_out(fig, layout: Layout) -> Placement:
    """Size the figure for `layout`, lay it out once, then freeze the layout: the
    layout engine would otherwise rerun at every save."""
    if layout == "narrow":
        fig.set_size_inches(style.narrow_size(tuple(fig.get_size_inches()), smallest_font(fig)))
    if engine := fig.get_layout_engine():
        engine.execute(fig)
        # None, not "none": "none" leaves a placeholder engine, and savefig draws
        # the whole figure twice whenever the figure has any engine at all.
        fig.set_layout_engine(None)
    return tuple(fig.get_size_inches()), [ax.get_position(original=True) for ax in fig.axes]


def place(fig, placed: Placement) -> Placement:
    """Give `fig` the size and axes positions another drawing of it was laid out with."""
    size, positions = placed
    fig.set_size_inches(size)
    if len(positions) != len(fig.axes):
        raise ValueError("the themes of a figure must draw the same axes")
    for ax, position in zip(fig.axes, positions):
        ax.set_position(position)
    fig.set_layout_engine(None)
    return placed


def smallest_font(fig) -> float:
    """The smallest font size (pt) of any text the figure shows, tick labels included."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    sizes += [tick.label1.get_fontsize() for ax in fig.axes for axis in ax._axis_map.values()
              for tick in axis.get_major_ticks()[:1]]
    return min(sizes)


# zlib's run-length strategy suits plots (long runs of one colour): a third of the
# time of the default strategy for PNGs 4 % larger.
PNG_OPTIONS = {"compress_type": zlib.Z_RLE}


def _save(fig, fmt: str) -> bytes:
    buffer = io.BytesIO()
    dpi = style.DPI * (style.PNG_SCALE if fmt == "png" else 1)
    extra = {"pil_kwargs": PNG_OPTIONS} if fmt == "png" else {}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=METADATA[fmt], **extra)
    return buffer.getvalue()


_SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')


def image_size(fmt: str, payload: bytes) -> tuple[int, int]:
    """The intrinsic size in CSS px: an SVG's points at 96 dpi, a PNG's pixels at 1x."""
    if fmt == "svg":
        width, height = (float(v) * 96 / 72 for v in _SVG_SIZE.search(payload).groups())
    elif fmt == "png":  # the IHDR chunk: width and height, big-endian, at bytes 16-24
        width, height = (v / style.PNG_SCALE for v in struct.unpack(">II", payload[16:24]))
    else:  # PDF: its page in points, as for SVG
        width, height = (float(v) * 96 / 72 for v in
                         re.search(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", payload).groups())
    return round(width), round(height)
