"""The notebook page's hook (docs/hooks/notebook.py): a cell that runs too long fails
naming the cell, the whole run has a limit, and a cached run is served only if it
is an execution of this very notebook, whole."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from mkdocs.exceptions import PluginError

HOOK = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "notebook.py"


@pytest.fixture(scope="module")
def hook():
    spec = importlib.util.spec_from_file_location("notebook_hook", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook(path: Path, *cells: str) -> Path:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# A test")] + [nbformat.v4.new_code_cell(c) for c in cells]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(book, path)
    return path


def run_child(source: Path, target: Path, timeout: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GDFIG_NOTEBOOK_TIMEOUT": timeout}
    return subprocess.run([sys.executable, str(HOOK), str(source), str(target)], capture_output=True, text=True,
                          env=env, timeout=300)


def test_a_cell_past_its_limit_fails_naming_the_cell(tmp_path):
    source = notebook(tmp_path / "slow.ipynb", "x = 1", "y = 2\nimport time\ntime.sleep(60)")
    result = run_child(source, tmp_path / "run" / "notebook.ipynb", "2")
    assert result.returncode == 1 and not (tmp_path / "run").exists()
    last = [line for line in result.stderr.splitlines() if line.strip()][-1]
    assert last == "code cell 2 (`y = 2`) ran past the 2 s limit; GDFIG_NOTEBOOK_TIMEOUT=SECONDS sets it"


def test_a_failing_cell_is_named(tmp_path):
    source = notebook(tmp_path / "bad.ipynb", "x = 1", "x / 0")
    result = run_child(source, tmp_path / "run" / "notebook.ipynb", "120")
    assert result.returncode == 1 and not (tmp_path / "run").exists()
    assert result.stderr.strip().splitlines()[-1] == "ZeroDivisionError: division by zero in code cell 2 (`x / 0`)"


def test_a_run_is_cached_whole_and_checked_before_it_is_served(hook, tmp_path):
    source = notebook(tmp_path / "ok.ipynb", "x = 6 * 7", "print(x)")
    target = tmp_path / "run" / "notebook.ipynb"
    assert run_child(source, target, "120").returncode == 0
    assert hook.is_execution_of(target, source)
    outputs = json.loads(target.read_text())["cells"][2]["outputs"]
    assert "".join(outputs[0]["text"]) == "42\n"
    target.write_text(target.read_text().replace("42", "41"))  # an edit, or a damaged copy
    assert not hook.is_execution_of(target, source)
    other = notebook(tmp_path / "other.ipynb", "x = 6 * 7", "print(x + 1)")
    assert run_child(other, target, "120").returncode == 0
    assert not hook.is_execution_of(target, source)  # whole, but another notebook's run


def test_the_whole_run_has_a_limit(hook, tmp_path, monkeypatch):
    source = notebook(tmp_path / "ok.ipynb", "x = 1")
    hung = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    monkeypatch.setenv("GDFIG_NOTEBOOK_TIMEOUT", "1")
    monkeypatch.setattr(hook, "START_UP", 1)
    monkeypatch.setitem(hook._run, "process", hung)
    monkeypatch.setitem(hook._run, "source", source)
    with pytest.raises(PluginError, match=r"did not finish in 2 s"):
        hook.on_files(None, None)
    assert hung.poll() is not None


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_a_bad_limit_is_one_sentence(hook, monkeypatch, value):
    monkeypatch.setenv("GDFIG_NOTEBOOK_TIMEOUT", value)
    with pytest.raises(PluginError, match="is not a whole number of seconds"):
        hook.cell_timeout()
