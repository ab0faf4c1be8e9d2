"""Plan, run and report a render: which outputs are stale, rendering them in
parallel processes, and the manifest of everything in the output folder.

Nothing here imports torch or matplotlib: when every output is fresh, a render
costs only hashing files.  Workers import gdfig.produce, which does.
"""

import hashlib
import json
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from gdfig import cache, registry
from gdfig.figures.spec import FigureSpec
from gdfig.outputs import Output

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    spec: FigureSpec
    stale: tuple[Output, ...]


@dataclass
class Summary:
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    elapsed: float = 0.0


def is_fresh(spec: FigureSpec, output: Output, out: Path, record: dict) -> bool:
    """Fresh: recorded under the current key, and the file still has the recorded bytes."""
    entry = record.get("outputs", {}).get(output.suffix)
    return (entry is not None and entry["key"] == cache.output_key(spec, output)
            and cache.sha256_file(out / output.filename(spec.name)) == entry["sha256"])


def plan(specs: list[FigureSpec], outputs: tuple[Output, ...], out: Path, force: bool) -> list[Job]:
    """One job per figure, listing the outputs it must (re)write; empty when all are fresh."""
    jobs = []
    for spec in specs:
        record = {} if force else cache.read_record(out, spec.name)
        wanted = outputs if spec.family.draw else tuple(o for o in outputs if not o.is_image)  # a data export has no image
        stale = tuple(o for o in wanted if force or not is_fresh(spec, o, out, record))
        jobs.append(Job(spec, stale))
    return jobs


Report = Callable[[str, str, float], None]  # (figure name, "rendered"/"cached"/"failed: ...", seconds)


def run(jobs: list[Job], out: Path, workers: int, report: Report) -> Summary:
    """Render every job's stale outputs, `workers` processes at a time."""
    started = time.perf_counter()
    summary = Summary()
    for job in jobs:
        if not job.stale:
            summary.cached.append(job.spec.name)
            report(job.spec.name, "cached", 0.0)
    todo = [job for job in jobs if job.stale]
    if todo:
        cache.remove_orphans(out)
        results = _run_pool(todo, out, workers) if workers > 1 and len(todo) > 1 else _run_here(todo, out)
        for name, (error, seconds) in results:
            if error:
                summary.failed[name] = error
            else:
                summary.rendered.append(name)
            report(name, f"failed: {error}" if error else "rendered", seconds)
    write_manifest(out)
    summary.elapsed = time.perf_counter() - started
    return summary


def _timed(job: Job, out: Path) -> tuple[str | None, float]:
    """Render one job; a failure becomes its one-line message, never a traceback."""
    from gdfig import produce

    started = time.perf_counter()
    try:
        produce.render_figure(job.spec, job.stale, out)
        error = None
    except Exception as exc:  # one bad figure must not stop the others
        error = f"{type(exc).__name__}: {exc}"
    return error, time.perf_counter() - started


def _worker_init() -> None:
    import torch

    torch.set_num_threads(1)  # tiny tensors; processes, not threads, use the cores


def _run_here(jobs: list[Job], out: Path):
    for job in jobs:
        yield job.spec.name, _timed(job, out)


def _run_pool(jobs: list[Job], out: Path, workers: int):
    # forkserver: workers fork from a clean server that has already imported the
    # heavy libraries once, instead of each paying for torch and matplotlib.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["torch", "gdfig.produce"])
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
        futures: dict[Future, str] = {pool.submit(_timed, job, out): job.spec.name for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()


def write_manifest(out: Path) -> None:
    """manifest.json: every figure with a record here, stable ones in lecture order."""
    order = {spec.name: i for i, spec in enumerate(registry.EVERYTHING)}
    records = [cache.read_record(out, p.stem) for p in sorted((out / cache.RECORD_DIR).glob("*.json"))]
    records = [r for r in records if "figure" in r]  # an unreadable record: its figure re-renders next time
    records.sort(key=lambda r: (order.get(r["figure"]["name"], len(order)), r["figure"]["name"]))
    figures = [_manifest_entry(out, record) for record in records]
    # The fingerprint says which sources and library versions made these files.
    document = {"generator": "gdfig", "fingerprint": cache.fingerprint(),
                "figures": [f for f in figures if f["files"]]}
    payload = json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"
    if cache.sha256_file(out / MANIFEST) != hashlib.sha256(payload).hexdigest():  # a cached run writes nothing
        cache.write_atomic(out / MANIFEST, payload)


def _manifest_entry(out: Path, record: dict) -> dict:
    name = record["figure"]["name"]
    files = {suffix: {"path": f"{name}.{suffix}", **{k: v for k, v in entry.items() if k != "key"}}
             for suffix, entry in sorted(record["outputs"].items())
             if (out / f"{name}.{suffix}").exists()}
    return {**record["figure"], "files": files}
