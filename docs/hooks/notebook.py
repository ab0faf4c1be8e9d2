"""MkDocs hook: the notebook page, run beside the figures' render.

mkdocs-jupyter would run docs/notebook.ipynb itself, once the figures are rendered,
on one core while the other waits: a sixth of a cold build.  This hook starts it
with the build instead, alongside the render (figures.py, listed after this hook),
with nbconvert (the Makefile's jupyter_nbconvert_config.json applies) into
.cache/notebook/KEY/notebook.ipynb.  KEY covers the notebook, every file of gdfig
and the libraries the kernel uses, so a warm build runs nothing.  mkdocs-jupyter
(execute: false) then converts that executed copy; readers still download the
notebook as committed, without outputs.

    python docs/hooks/notebook.py SOURCE TARGET   (what the hook runs: SOURCE executed into TARGET)
"""

import hashlib
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

NOTEBOOK = "notebook.ipynb"
LIBRARIES = ("torch", "matplotlib", "numpy", "nbconvert", "nbclient", "ipykernel", "jupyter_client")
_run: dict = {}  # "process" (None when cached), "executed", "source", "started"
log = logging.getLogger("mkdocs.hooks.notebook")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def on_config(config):
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
    if not executed.is_file():
        process = subprocess.Popen([sys.executable, __file__, str(source), str(executed)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _run.update(process=process, executed=executed, source=source)
    return config


def on_files(files, config):
    """The executed copy is what mkdocs-jupyter converts (its on_files has wrapped the file)."""
    from mkdocs.exceptions import PluginError

    if process := _run.pop("process", None):
        _, stderr = process.communicate()
        if process.returncode != 0:
            reason = next((line for line in reversed(stderr.splitlines()) if line.strip()), "no message")
            reason = ANSI_COLOUR.sub("", reason).strip()  # the kernel colours its tracebacks
            raise PluginError(f"docs/{NOTEBOOK} failed when run ({reason}); run it in Jupyter to see which cell.")
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


def execute(source: Path, target: Path) -> None:
    """Run `source` with nbconvert into `target`, which appears whole or not at all."""
    target.parent.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent.parent) as scratch:
        subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", str(source),
                        "--output-dir", scratch, "--output", target.stem,
                        "--ExecutePreprocessor.record_timing=False"],  # no times in it: same bytes each run
                       check=True, cwd=source.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        Path(scratch, target.name).replace(target)


if __name__ == "__main__":
    try:
        execute(Path(sys.argv[1]), Path(sys.argv[2]))
    except subprocess.CalledProcessError:
        sys.exit(1)  # nbconvert has said why on stderr
