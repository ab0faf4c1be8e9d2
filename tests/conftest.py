"""Shared fixtures: one full render of every figure per test run."""

import atexit
import functools
import gc
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
import torch
from filelock import FileLock

from tests.launcher import Launcher

torch.set_default_dtype(torch.float64)


_launcher: list[Launcher] = []


def pytest_collection_finish(session):
    """What collection imported (torch, matplotlib, playwright) lives as long as the run:
    frozen, it is no longer walked by every full garbage collection (which took 9 % of a
    test process's CPU, 6 % once frozen)."""
    gc.collect()
    gc.freeze()


# The order in which pytest-xdist hands test files to its workers (make test passes
# --no-loadscope-reorder, which keeps this order; its own puts the files with the most
# tests first). Longest first (seconds with three processes on two busy cores, measured
# on a clean clone: explorers 96 with the site's build, engine_faults 72, phone 111 with
# the wait for that build, reader 79, slides 71 ...), so that the run ends on short
# files, not on one long one with the cores idle; and a file that needs no built site
# second, so that its worker is busy while the first builds it.
# Files not listed follow, in collection order. Only xdist's workers reorder: a plain
# run (`pytest a.py b.py`, make mutants) keeps the order it was given.
LONGEST_FIRST = ("test_explorers", "test_engine_faults", "test_phone", "test_reader", "test_slides",
                 "test_engine_layout", "test_citation", "test_no_collisions", "test_publish", "test_reader_handout",
                 "test_site_build", "test_print_faults", "test_engine_robust", "test_drawn", "test_render",
                 "test_notebook_hook", "test_numerics")


def pytest_collection_modifyitems(items):
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    rank = {stem: place for place, stem in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: a file's own order is kept


@functools.cache
def computed(name: str) -> dict:
    """A registered figure's numbers as its family computes them, once per test process
    (a 2D path takes a quarter of a second); its callers read them, never change them."""
    from gdfig import registry

    spec = registry.get(name)
    return spec.family.compute(spec.params)


def ctrl_c_live() -> None:
    """Popen's preexec_fn for a command a test interrupts: Ctrl-C delivered as a terminal
    delivers it. A test run started in the background of a script has SIGINT ignored,
    and every command it starts would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_gdfig(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m gdfig ARGS` in a process of its own: what a user runs (forked from
    one with the imports done, tests/launcher.py)."""
    if not _launcher:
        _launcher.append(Launcher())
        atexit.register(_launcher[0].close)
    return _launcher[0].run(args, cwd)


def once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A fresh folder that make(folder) fills once per test run, even when pytest-xdist
    runs the tests in several processes: they share it, the first to ask makes it."""
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = base.parent  # the run's folder, shared by the workers' own
    folder, done = base / name, base / f"{name}.done"
    with FileLock(f"{folder}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def _render_all(out: Path) -> None:
    result = run_gdfig("render", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """Every figure rendered once, in every format, into a fresh folder."""
    return once(tmp_path_factory, "figures", _render_all)


def seed_figures(rendered: Path, figures: Path) -> None:
    """Copy the run's render, records included, into a site's figures/ folder: the same
    commit renders the same bytes, so the site build's own render finds them fresh
    instead of rendering everything a second time (a fresh checkout has none)."""
    shutil.copytree(rendered, figures, dirs_exist_ok=True)
