"""The worker side of a render: compute a figure's numbers once, then write its
data JSON and each stale image, every file atomically, its record after it."""

import hashlib
import io
import json
import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before anything draws: no display here, and Agg is deterministic

from gdfig import cache, style  # noqa: E402
from gdfig.figures.spec import FigureSpec  # noqa: E402
from gdfig.outputs import Output  # noqa: E402

# No dates, tool names or versions in the files: same commit, same bytes.
METADATA = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    "png": {"Software": None},
}


def render_figure(spec: FigureSpec, stale: tuple[Output, ...], out: Path) -> None:
    """Produce every output in `stale` for `spec` under `out`."""
    data = spec.family.compute(spec.params)
    record = cache.read_record(out, spec.name)
    record["figure"] = describe(spec)
    for output, payload in _payloads(spec, data, stale):
        cache.write_atomic(out / output.filename(spec.name), payload)
        record.setdefault("outputs", {})[output.suffix] = {
            "key": output.key(spec), "sha256": hashlib.sha256(payload).hexdigest()}
        cache.write_record(out, spec.name, record)


def _payloads(spec: FigureSpec, data: dict[str, Any], stale: tuple[Output, ...]):
    """(output, bytes) for each stale output; each theme is drawn once for all its formats."""
    if any(o.fmt == "json" for o in stale):
        yield Output("json"), data_bytes(spec, data)
    for theme in style.THEMES:
        formats = [o for o in stale if o.theme == theme and o.fmt != "json"]
        if formats:
            yield from zip(formats, image_bytes(spec, data, theme, [o.fmt for o in formats]))


def describe(spec: FigureSpec) -> dict[str, Any]:
    """What the manifest says about a figure besides its files."""
    return {"name": spec.name, "kind": spec.family.kind, "title": spec.title, "caption": spec.caption,
            "alt": spec.alt, "family": spec.family.name, "params": spec.params_dict(),
            "sequence": spec.sequence, "frame": spec.frame, "label": spec.label,
            "variant_of": spec.variant_of}


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


def image_bytes(spec: FigureSpec, data: dict[str, Any], theme: style.Theme, formats: list[str]) -> list[bytes]:
    """The figure drawn once in `theme`, saved in each of `formats`.

    Figures are built without pyplot, so no global registry holds on to them:
    nothing to close."""
    with matplotlib.rc_context(style.rc(theme)):
        fig = spec.family.draw(spec.params, data, theme)
        # Lay out once, then freeze: the layout engine would rerun at every save.
        if engine := fig.get_layout_engine():
            engine.execute(fig)
            fig.set_layout_engine("none")
        return [_save(fig, fmt) for fmt in formats]


def _save(fig, fmt: str) -> bytes:
    buffer = io.BytesIO()
    dpi = style.DPI * (style.PNG_SCALE if fmt == "png" else 1)
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=METADATA[fmt])
    return buffer.getvalue()
