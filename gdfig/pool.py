"""Worker processes for one render, and nothing that outlives it.

Each worker is forked from the render, takes one figure at a time over its own
pipe and stays for the next one (its imports and memoised numbers are reused).
A worker that dies (an out-of-memory kill) fails only the figure it held; a
new worker takes its place.  Workers ignore Ctrl-C (the render decides), die
with the render even when it is killed with SIGKILL (PR_SET_PDEATHSIG), and
are killed and reaped before run_jobs returns or raises.
"""

import ctypes
import multiprocessing
import os
import signal
from contextlib import suppress
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Iterator

PR_SET_PDEATHSIG = 1
Result = tuple[str, str | None, float]  # (figure name, error or None, seconds)


def run_jobs(jobs: list, out: Path, workers: int) -> Iterator[Result]:
    """Render `jobs` (render.Job) in `workers` processes, yielding each result as it comes."""
    context = multiprocessing.get_context("fork")  # no re-import of gdfig: starts in milliseconds
    pending = list(reversed(jobs))
    busy: dict[Connection, tuple[multiprocessing.Process, object]] = {}
    try:
        for _ in range(min(workers, len(pending))):
            _assign(busy, *_start(context, out), pending)
        while busy:
            for connection in wait(list(busy)):
                process, job = busy.pop(connection)
                try:
                    result = connection.recv()
                except EOFError:  # it died holding `job`
                    connection.close()
                    yield job.spec.name, _death(process), 0.0
                    if pending:
                        _assign(busy, *_start(context, out), pending)
                    continue
                yield result
                _assign(busy, connection, process, pending)
    finally:
        _stop(busy)


def _start(context, out: Path) -> tuple[Connection, multiprocessing.Process]:
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, out, os.getpid()), daemon=True)
    process.start()
    theirs.close()  # only the worker holds its end: its death reads as EOF here
    return ours, process


def _assign(busy: dict, connection: Connection, process: multiprocessing.Process, pending: list) -> None:
    """Give the worker the next job, or stop it when none is left."""
    if not pending:
        with suppress(OSError):
            connection.send(None)
        connection.close()
        process.join()
        return
    job = pending.pop()
    busy[connection] = (process, job)
    with suppress(OSError):  # a worker that just died shows as EOF at the next wait
        connection.send(job)


def _stop(busy: dict) -> None:
    """Kill every worker still running and wait for it: nothing writes after we return."""
    for connection, (process, _) in busy.items():
        process.kill()
        connection.close()
    for process, _ in busy.values():
        process.join()


def _death(process: multiprocessing.Process) -> str:
    process.join()
    code = process.exitcode or 0
    how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
    return f"the worker process rendering it {how} (out of memory?); the other figures are unaffected"


def _serve(connection: Connection, out: Path, parent: int) -> None:
    """A worker's life: one figure at a time until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C reaches the whole group; the render decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    os.environ["OMP_NUM_THREADS"] = "1"  # tiny tensors: processes, not threads, use the cores
    from gdfig import worker

    while (job := connection.recv()) is not None:
        connection.send(worker.timed(job.spec, job.stale, out))


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pipe's EOF still stops us between figures
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
