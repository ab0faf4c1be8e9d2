"""Shared fixtures: one full render of every figure per test session."""

import subprocess
import sys
from pathlib import Path

import pytest
import torch

torch.set_default_dtype(torch.float64)


def run_gdfig(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m gdfig ARGS` in a fresh process: what a user runs."""
    return subprocess.run([sys.executable, "-m", "gdfig", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """Every figure rendered once, in every format, into a fresh folder."""
    out = tmp_path_factory.mktemp("figures")
    result = run_gdfig("render", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    return out
