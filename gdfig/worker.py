"""Figures rendered into the output folder: each figure's numbers computed once
for all its outputs, each stale output written atomically, the figure's record
rewritten after each file.  The frames of one run are rendered together, on one
drawing of the run (gdfig.produce.Drawing)."""

import gc
import hashlib
import time
from pathlib import Path
from typing import Iterator

from gdfig import cache
from gdfig.figures.spec import FigureSpec
from gdfig.outputs import Output

Result = tuple[str, str | None, float]  # (figure name, error or None, seconds)


def prepare() -> None:
    """Ready a worker process (gdfig.pool) to render many figures.  Drawing makes
    millions of small objects, and Python's cycle collector would scan them, with
    torch's and matplotlib's, again and again (a twentieth of all rendering time):
    set the heap so far aside and collect rarely.  The worker ends with the render."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)


def render_run(jobs: list, out: Path) -> Iterator[Result]:
    """Render `jobs` (render.Job, frames of one run, or one figure), yielding each
    figure's result as soon as its files are written."""
    drawing = None
    for job in jobs:
        started = time.perf_counter()
        try:
            data = job.spec.family.compute(job.spec.params)
            if drawing is None and job.spec.family.draw and any(o.is_image for o in job.stale):
                from gdfig import produce  # matplotlib: only where something is drawn

                drawing = produce.Drawing.of(job.spec, data)
            render_figure(job.spec, data, job.stale, out, drawing)
            error = None
        except Exception as exc:  # one bad figure must not stop the others
            error = f"{type(exc).__name__}: {exc}"
            drawing = None  # half-updated: the next frame starts from a fresh drawing
        yield job.spec.name, error, time.perf_counter() - started


def render_figure(spec: FigureSpec, data: dict, stale: tuple[Output, ...], out: Path, drawing) -> None:
    """Write every output in `stale` for `spec` (its numbers: `data`) under `out`, its
    images on `drawing`."""
    from gdfig import produce

    record = cache.read_record(out, spec.name) or {"outputs": {}}
    record["figure"] = cache.describe(spec)
    for output, payload in produce.payloads(spec, data, stale, drawing):
        cache.write_atomic(out / output.filename(spec.name), payload)
        entry = {"key": cache.output_key(spec, output), "sha256": hashlib.sha256(payload).hexdigest()}
        if output.is_image:
            entry["width"], entry["height"] = produce.image_size(output.fmt, payload)
        record["outputs"][output.suffix] = entry
        cache.write_record(out, spec.name, record)
