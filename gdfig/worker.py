"""One figure rendered into the output folder: its numbers computed once for
all its outputs, each stale output written atomically, the figure's record
rewritten after each file."""

import hashlib
import time
from pathlib import Path

from gdfig import cache
from gdfig.figures.spec import FigureSpec
from gdfig.outputs import Output


def render_figure(spec: FigureSpec, stale: tuple[Output, ...], out: Path) -> None:
    """Produce every output in `stale` for `spec` under `out`."""
    from gdfig import produce  # matplotlib: only where something is drawn

    data = spec.family.compute(spec.params)
    record = cache.read_record(out, spec.name) or {"outputs": {}}
    record["figure"] = produce.describe(spec)
    for output, payload in produce.payloads(spec, data, stale):
        cache.write_atomic(out / output.filename(spec.name), payload)
        entry = {"key": cache.output_key(spec, output), "sha256": hashlib.sha256(payload).hexdigest()}
        if output.is_image:
            entry["width"], entry["height"] = produce.image_size(output.fmt, payload)
        record["outputs"][output.suffix] = entry
        cache.write_record(out, spec.name, record)


def timed(spec: FigureSpec, stale: tuple[Output, ...], out: Path) -> tuple[str, str | None, float]:
    """(name, error or None, seconds): a failure becomes one line, never a traceback."""
    started = time.perf_counter()
    try:
        render_figure(spec, stale, out)
        error = None
    except Exception as exc:  # one bad figure must not stop the others
        error = f"{type(exc).__name__}: {exc}"
    return spec.name, error, time.perf_counter() - started
