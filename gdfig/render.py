"""Plan, run and report a render: which outputs are stale, rendering them in
worker processes (gdfig.pool), and the manifest of everything in the folder.

Nothing here imports torch or matplotlib: when every output is fresh, a render
costs only hashing files.  Workers import gdfig.produce, which does.
"""

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from gdfig import cache, registry
from gdfig.figures.spec import FigureSpec
from gdfig.outputs import FORMATS, Output, outputs_for

MANIFEST = "manifest.json"
ALL_SUFFIXES = tuple(o.suffix for o in outputs_for(FORMATS))


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
        wanted = outputs if spec.family.draw else tuple(o for o in outputs if not o.is_image)
        stale = tuple(o for o in wanted if force or not is_fresh(spec, o, out, record))
        jobs.append(Job(spec, stale))
    return jobs


Report = Callable[[str, str, float], None]  # (figure name, "rendered"/"cached"/"failed: ...", seconds)


def run(jobs: list[Job], out: Path, workers: int, report: Report) -> Summary:
    """Render every job's stale outputs in up to `workers` processes.  However it
    ends (even interrupted), stale records go and the manifest says what is there."""
    started = time.perf_counter()
    summary = Summary()
    for job in jobs:
        if not job.stale:
            summary.cached.append(job.spec.name)
            report(job.spec.name, "cached", 0.0)
    todo = runs([job for job in jobs if job.stale], min(workers, cache.cores()))
    try:
        cache.remove_orphans(out)
        redescribe([job.spec for job in jobs], out)
        for name, error, seconds in _results(todo, out, workers):
            if error:
                summary.failed[name] = error
            else:
                summary.rendered.append(name)
            report(name, f"failed: {error}" if error else "rendered", seconds)
    finally:
        cache.remove_orphans(out)  # temporary files of workers killed on the way out
        remove_stale(out)
        write_manifest(out)
    summary.elapsed = time.perf_counter() - started
    return summary


def redescribe(specs: list[FigureSpec], out: Path) -> None:
    """Give every record the registry's current description (title, caption, alt...):
    a cheap rewrite, no drawing, as no byte of an image depends on them."""
    for spec in specs:
        record = cache.read_record(out, spec.name)
        if record and record["figure"] != cache.describe(spec):
            cache.write_record(out, spec.name, {**record, "figure": cache.describe(spec)})


def runs(jobs: list[Job], workers: int = 1) -> list[list[Job]]:
    """The jobs grouped by the drawing they share (the frames of one run, in order;
    any other figure alone), heaviest group first.  Fewer groups than workers: the
    largest are halved, so that every worker has some (a frame's bytes do not
    depend on the frames drawn with it)."""
    groups: dict[tuple, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.spec.run(), []).append(job)
    found = list(groups.values())
    while len(found) < workers and max(map(len, found), default=1) > 1:
        largest = max(found, key=len)
        found.remove(largest)
        found += [largest[:len(largest) // 2], largest[len(largest) // 2:]]
    return sorted(found, key=lambda group: sum(map(_expected_cost, group)), reverse=True)


def _expected_cost(job: Job) -> int:
    """Images cost far more than numbers: start the heaviest jobs first."""
    return sum(1 + 9 * o.is_image for o in job.stale)


def _results(todo: list[list[Job]], out: Path, workers: int) -> Iterator[tuple[str, str | None, float]]:
    workers = min(workers, len(todo), cache.cores())  # more would only wait for a core
    if not todo:
        return
    if workers > 1:
        from gdfig import pool

        yield from pool.run_jobs(todo, out, workers)
    else:
        from gdfig import worker

        for group in todo:
            yield from worker.render_run(group, out)


def is_stale_name(name: str) -> bool:
    """Neither a registered figure nor a variant of one (a rename, a branch switch)."""
    stable, sep, _ = name.partition("--")
    return name not in registry.BY_NAME and not (sep and stable in registry.BY_NAME)


def remove_stale(out: Path) -> list[str]:
    """Delete the records and files of figures no longer registered; their names."""
    stale = [name for name in cache.record_names(out) if is_stale_name(name)]
    for name in stale:
        for suffix in ALL_SUFFIXES:
            (out / f"{name}.{suffix}").unlink(missing_ok=True)
        cache.record_path(out, name).unlink(missing_ok=True)
    return stale


def manifest_bytes(out: Path) -> bytes:
    """manifest.json: every figure with a valid record here, stable ones in lecture order."""
    order = {spec.name: i for i, spec in enumerate(registry.EVERYTHING)}
    names = [name for name in cache.record_names(out) if not is_stale_name(name)]
    records = [r for r in map(lambda n: cache.read_record(out, n), names) if r]
    records.sort(key=lambda r: (order.get(r["figure"]["name"], len(order)), r["figure"]["name"]))
    figures = [_manifest_entry(out, record) for record in records]
    # The fingerprint says which sources and library versions made these files.
    document = {"generator": "gdfig", "fingerprint": cache.fingerprint(),
                "figures": [f for f in figures if f["files"]]}
    return json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"


def write_manifest(out: Path) -> None:
    payload = manifest_bytes(out)
    if cache.sha256_file(out / MANIFEST) != hashlib.sha256(payload).hexdigest():  # a cached run writes nothing
        cache.write_atomic(out / MANIFEST, payload)


def _manifest_entry(out: Path, record: dict) -> dict:
    name = record["figure"]["name"]
    files = {suffix: {"path": f"{name}.{suffix}", **{k: v for k, v in entry.items() if k != "key"}}
             for suffix, entry in sorted(record["outputs"].items())
             if (out / f"{name}.{suffix}").is_file()}
    return {**record["figure"], "files": files}


def check(specs: list[FigureSpec], outputs: tuple[Output, ...], out: Path) -> list[str]:
    """Everything --check objects to, one line each; nothing is written."""
    problems = [f"stale or missing: {out / o.filename(job.spec.name)}"
                for job in plan(specs, outputs, out, force=False) for o in job.stale]
    problems += [f"title, caption or alt text differ from the registry: {cache.record_path(out, spec.name)}"
                 for spec in specs if (record := cache.read_record(out, spec.name))
                 and record["figure"] != cache.describe(spec)]
    problems += [f"stale record of a figure no longer registered: {cache.record_path(out, name)}"
                 for name in cache.record_names(out) if is_stale_name(name)]
    try:
        current = (out / MANIFEST).read_bytes()
    except OSError:
        return problems + [f"missing or unreadable: {out / MANIFEST}"]
    if current != manifest_bytes(out):
        problems.append(f"out of date, damaged or disagreeing with the records: {out / MANIFEST}")
    return problems
