"""MkDocs hook: the notebook page, run beside the figures' render.

mkdocs-jupyter would run docs/notebook.ipynb itself, once the figures are rendered,
on one core while the other waits: a sixth of a cold build.  This hook starts it
with the build instead, alongside the render (figures.py, listed after this hook),
with nbconvert (the Makefile's jupyter_nbconvert_config.json applies) into
.cache/notebook/KEY/notebook.ipynb.  KEY covers the notebook, every file of gdfig
and the libraries the kernel uses, so a warm build runs nothing.  mkdocs-jupyter
(execute: false) then converts that executed copy; readers still download the
notebook as committed, without outputs.

A cell may run GDFIG_NOTEBOOK_TIMEOUT seconds (default 120): past it the build
fails naming the cell, and the whole run is given that much per code cell.  A
cached copy is served only if it is an execution of this very notebook (the same
cells) with the digest recorded when it was written; otherwise it runs again.

    python docs/hooks/notebook.py SOURCE TARGET   (what the hook runs: SOURCE executed into TARGET)
"""

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

NOTEBOOK = "notebook.ipynb"
DIGEST = "sha256"  # beside the executed copy: its bytes' hash, written after it
TIMEOUT = "GDFIG_NOTEBOOK_TIMEOUT"
START_UP = 60  # seconds for the kernel to start and the run to be written, beyond the cells' time
LIBRARIES = ("torch", "matplotlib", "numpy", "nbconvert", "nbclient", "ipykernel", "jupyter_client")
_run: dict = {}  # "process" (None when cached), "executed", "source", "started"
log = logging.getLogger("mkdocs.hooks.notebook")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def on_config(config):
    cell_timeout()  # a bad GDFIG_NOTEBOOK_TIMEOUT fails here, before anything runs
    root = Path(config.config_file_path).resolve().parent
    source = Path(config.docs_dir).resolve() / NOTEBOOK
    caches = root / ".cache" / "notebook"
    key = _key(source, root / "gdfig")
    for stale in caches.glob("*"):  # runs of older sources: never read again
        if stale.name != key:
            shutil.rmtree(stale, ignore_errors=True)
    executed = caches / key / NOTEBOOK
    process = None
    _run["started"] = time.perf_counter()
    if not is_execution_of(executed, source):
        shutil.rmtree(executed.parent, ignore_errors=True)
        process = subprocess.Popen([sys.executable, __file__, str(source), str(executed)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _run.update(process=process, executed=executed, source=source)
    return config


def cell_timeout() -> int:
    """The seconds a cell may run: GDFIG_NOTEBOOK_TIMEOUT, or 120."""
    from mkdocs.exceptions import PluginError

    text = os.environ.get(TIMEOUT, "120")
    if not text.isdigit() or int(text) < 1:
        raise PluginError(f"{TIMEOUT}={text!r} is not a whole number of seconds; set it to e.g. 120.")
    return int(text)


def _cells(path: Path) -> list[tuple[str, str]]:
    cells = json.loads(path.read_bytes())["cells"]
    return [(c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in cells]


def is_execution_of(executed: Path, source: Path) -> bool:
    """Whether `executed` is whole (its recorded digest) and runs exactly `source`'s cells."""
    try:
        recorded = (executed.parent / DIGEST).read_text().strip()
        return (hashlib.sha256(executed.read_bytes()).hexdigest() == recorded
                and _cells(executed) == _cells(source))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def on_files(files, config):
    """The executed copy is what mkdocs-jupyter converts (its on_files has wrapped the file)."""
    from mkdocs.exceptions import PluginError

    if process := _run.pop("process", None):
        limit = cell_timeout() * sum(kind == "code" for kind, _ in _cells(_run["source"])) + START_UP
        try:
            _, stderr = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise PluginError(f"docs/{NOTEBOOK} did not finish in {limit} s; a cell may wait for input "
                              f"or run forever: run it in Jupyter to see which.") from None
        if process.returncode != 0:
            reason = next((line for line in reversed(stderr.splitlines()) if line.strip()), "no message")
            reason = ANSI_COLOUR.sub("", reason).strip()  # the kernel colours its tracebacks
            raise PluginError(f"docs/{NOTEBOOK} failed when run ({reason})")
        for line in stderr.splitlines():  # the kernel's own complaints: warnings of this build
            if line.strip() and not line.startswith("[NbConvertApp]"):
                log.warning(f"docs/{NOTEBOOK}: {line}")
        log.info(f"docs/{NOTEBOOK} ran in {time.perf_counter() - _run['started']:.1f} s, beside the figures' render")
    notebook = files.get_file_from_path(NOTEBOOK)
    if notebook is not None:  # on the wrapper and the file it wraps: each keeps its own
        for file in {notebook, getattr(notebook, "file", notebook)}:
            file.abs_src_path = str(_run["executed"])
    return files


def on_build_error(error):
    """A build stopped before on_files (the render failed): the notebook's run goes with it."""
    if process := _run.pop("process", None):
        process.kill()
        process.wait()


def on_post_page(output, page, config):
    """mkdocs-jupyter offers the converted file for download: offer the notebook as committed."""
    if page.file.src_uri == NOTEBOOK:
        shutil.copyfile(_run["source"], Path(page.file.abs_dest_path).parent / NOTEBOOK)
    return output


def _key(source: Path, package: Path) -> str:
    digest = hashlib.sha256(source.read_bytes())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


def execute(source: Path, target: Path, timeout: int) -> None:
    """Run `source` into `target` (which appears whole or not at all, its digest after
    it), each cell within `timeout` seconds; RuntimeError naming a cell that fails."""
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    from nbconvert.preprocessors import ExecutePreprocessor

    notebook = nbformat.read(source, as_version=4)
    running: dict = {}
    # Once every output is in, the kernel is killed, not asked to exit: its own exit
    # sometimes races in ZeroMQ and prints "Bad file descriptor (src/signaler.cpp:318)",
    # which a strict build would fail on (seen once in about thirty cold builds). It
    # also saves the second or so that a graceful exit waits.
    client = ExecutePreprocessor(config=_nbconvert_config(), timeout=timeout, record_timing=False,
                                 shutdown_kernel="immediate")
    client.on_cell_execute = lambda cell, cell_index: running.update(cell=cell, index=cell_index)
    try:
        client.preprocess(notebook, {"metadata": {"path": str(source.parent)}})
    except CellTimeoutError:
        raise RuntimeError(f"{_named(notebook, running)} ran past the {timeout} s limit; "
                           f"{TIMEOUT}=SECONDS sets it") from None
    except CellExecutionError as error:
        raise RuntimeError(f"{error.ename}: {error.evalue} in {_named(notebook, running)}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = nbformat.writes(notebook).encode() + b"\n"
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_bytes(payload)
    tmp.replace(target)
    (target.parent / DIGEST).write_text(hashlib.sha256(payload).hexdigest())


def _named(notebook, running: dict) -> str:
    """'code cell 3 (`first line`)': the cell that was running."""
    code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    index = running.get("index", -1)
    first = next((line for line in running["cell"].source.splitlines() if line.strip()), "") if running else ""
    shown = first if len(first) <= 60 else first[:57] + "..."
    return f"code cell {code.index(index) + 1 if index in code else '?'} (`{shown}`)"


def _nbconvert_config():
    """The jupyter_nbconvert_config.json files nbconvert itself would read (the
    Makefile's asks for an encrypted kernel connection), lowest priority first."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader

    config = Config()
    for folder in reversed(jupyter_config_path()):
        try:
            config.merge(JSONFileConfigLoader("jupyter_nbconvert_config.json", folder).load_config())
        except ConfigFileNotFound:
            pass
    return config


if __name__ == "__main__":
    try:
        execute(Path(sys.argv[1]), Path(sys.argv[2]), int(os.environ.get(TIMEOUT, "120")))
    except RuntimeError as failure:
        print(failure, file=sys.stderr)
        sys.exit(1)
