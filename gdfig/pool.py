"""Worker processes for one render, and nothing that outlives it.

Each worker is forked from the render, takes one run of frames (or one figure)
at a time over its own pipe, answers figure by figure, and stays for the next
run (its imports and memoised numbers are reused).  A worker that dies (an
out-of-memory kill) fails only the figure it was rendering; the rest of its run
goes to a new worker.  Workers ignore Ctrl-C (the render decides), die with the
render even when it is killed with SIGKILL (PR_SET_PDEATHSIG), and are killed
and reaped before run_jobs returns or raises.
"""

import ctypes
import multiprocessing
import os
import signal
from contextlib import suppress
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Iterator

from gdfig.worker import Result

PR_SET_PDEATHSIG = 1
DONE = "done"  # a worker's answer once it has rendered its whole run


def run_jobs(runs: list[list], out: Path, workers: int) -> Iterator[Result]:
    """Render `runs` (lists of render.Job) in `workers` processes, yielding each
    figure's result as it comes."""
    context = multiprocessing.get_context("fork")  # no re-import of gdfig: starts in milliseconds
    pending = list(reversed(runs))
    busy: dict[Connection, tuple[multiprocessing.Process, list]] = {}  # each worker's unanswered jobs
    try:
        for _ in range(min(workers, len(pending))):
            _assign(busy, *_start(context, out), pending)
        while busy:
            for connection in wait(list(busy)):
                process, jobs = busy[connection]
                try:
                    answer = connection.recv()
                except EOFError:  # it died rendering jobs[0], if any was left
                    del busy[connection]
                    connection.close()
                    death = _death(process)
                    if jobs:
                        yield jobs[0].spec.name, death, 0.0
                    if jobs[1:]:
                        pending.append(jobs[1:])
                    if pending:
                        _assign(busy, *_start(context, out), pending)
                    continue
                if answer == DONE:
                    del busy[connection]
                    _assign(busy, connection, process, pending)
                else:
                    jobs.pop(0)
                    yield answer
    finally:
        _stop(busy)


def _start(context, out: Path) -> tuple[Connection, multiprocessing.Process]:
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, out, os.getpid()), daemon=True)
    process.start()
    theirs.close()  # only the worker holds its end: its death reads as EOF here
    return ours, process


def _assign(busy: dict, connection: Connection, process: multiprocessing.Process, pending: list) -> None:
    """Give the worker the next run, or stop it when none is left."""
    if not pending:
        with suppress(OSError):
            connection.send(None)
        connection.close()
        process.join()
        return
    jobs = pending.pop()
    busy[connection] = (process, list(jobs))
    with suppress(OSError):  # a worker that just died shows as EOF at the next wait
        connection.send(jobs)


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
    """A worker's life: one run at a time until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C reaches the whole group; the render decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    os.environ["OMP_NUM_THREADS"] = "1"  # tiny tensors: processes, not threads, use the cores
    from gdfig import worker

    worker.prepare()
    while (jobs := connection.recv()) is not None:
        for result in worker.render_run(jobs, out):
            connection.send(result)
        connection.send(DONE)


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pipe's EOF still stops us between figures
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
