"""The figures of the slide deck: each drawn again by its own registry entry, from
the numbers the site publishes (site/figures/NAME.json), at the size that puts
its smallest text at MIN_FIGURE_PT once shown in its box on the slide.

A figure keeps its font sizes in points whatever its size in inches, so a
figure drawn w inches wide and shown W inches wide magnifies its text by W / w:
drawing it box / k inches, with k = MIN_FIGURE_PT / smallest font, and showing
it at the box's size gives its smallest text exactly MIN_FIGURE_PT.  "Text" is each
string at its font size; mathtext's subscripts inside it are smaller by TeX's own
ratios (0.7, 0.49), as in any typeset formula.
"""

import io
import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display here, and Agg is deterministic

import matplotlib.style  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from gdfig import registry, style  # noqa: E402

MIN_FIGURE_PT = 12.5  # 12 pt on the 10-inch page, with a margin for rounding
SVG_METADATA = {"Date": None, "Creator": None}  # same numbers, same bytes


@dataclass(frozen=True)
class SlideFigure:
    name: str
    svg: bytes
    scale: float      # how much the slide magnifies the drawing: box / drawn size
    needed_pt: float  # the width its ink takes once shown (more than the box: text cut off)
    needed_height_pt: float  # the same for its height


def smallest_font(fig) -> float:
    """The smallest font size (pt) of any text the figure shows, tick labels included."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    sizes += [tick.label1.get_fontsize() for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
              for tick in axis.get_major_ticks()[:1]]
    return min(sizes)


def published_numbers(site: Path, name: str) -> dict:
    """What the site's NAME.json holds besides its name and parameters: draw()'s input."""
    document = json.loads((site / "figures" / f"{name}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in document.items() if key not in ("figure", "params")}


def draw_for_box(site: Path, name: str, box_pt: tuple[float, float]) -> SlideFigure:
    """The light figure NAME as SVG, drawn to be shown box_pt = (width, height) points.
    Settings start from matplotlib's defaults, as gdfig's own renders do."""
    spec = registry.get(name)
    with matplotlib.style.context(style.rc("light"), after_reset=True):
        fig, scale = _laid_out_for_box(site, spec, box_pt)
        if spec.family.update:  # a frame: its run's figure, moved to this frame's step
            spec.family.update(fig, spec.params, published_numbers(site, name), "light")
        width, height = ink_size(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return SlideFigure(name, buffer.getvalue(), scale, width * 72 * scale, height * 72 * scale)


# (figure drawn, box) -> (figure, scale): the frames of a run drawn for one box share
# one figure, their run's first frame laid out once, as in gdfig's own renders.
_FIGURES: dict[tuple[str, tuple[float, float]], tuple[object, float]] = {}


def _laid_out_for_box(site: Path, spec, box_pt: tuple[float, float]):
    first = spec.family.first_frame(spec.params)
    drawn = next((s for s in registry.FIGURES if s.family is spec.family and s.params == first), spec)
    key = (drawn.name, box_pt)
    if key not in _FIGURES:
        fig = drawn.family.draw(drawn.params, published_numbers(site, drawn.name), "light")
        scale = MIN_FIGURE_PT / smallest_font(fig)
        fig.set_size_inches(box_pt[0] / scale / 72, box_pt[1] / scale / 72)
        if engine := fig.get_layout_engine():
            engine.execute(fig)
            fig.set_layout_engine(None)  # laid out: savefig would lay it out, and draw it, once more
        _FIGURES[key] = fig, scale
    return _FIGURES[key]


def ink_size(fig) -> tuple[float, float]:
    """The (width, height) in inches of everything the (laid out) figure draws: larger
    than the figure when a label runs past its edges (a box too small for the text),
    smaller when it leaves margins."""
    box = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer())
    return box.width, box.height
