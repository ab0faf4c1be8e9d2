"""A notebook that fails stops the build in one sentence. (That a build with no
cache prints no warning is checked by tests/test_site_build.py, on the first of
its three builds.)"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_a_failing_notebook_stops_the_build_in_one_sentence(tmp_path):
    def broken(docs: Path) -> None:
        notebook = json.loads((docs / "notebook.ipynb").read_text())
        # First: the kernel stops there, without running the rest of the notebook.
        notebook["cells"].insert(0, {"cell_type": "code", "execution_count": None, "id": "broken",
                                     "metadata": {}, "outputs": [], "source": ["1 / 0"]})
        (docs / "notebook.ipynb").write_text(json.dumps(notebook))

    result = build_copy(tmp_path, broken)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "docs/notebook.ipynb failed when run (ZeroDivisionError" in errors[0], result.stderr


def build_copy(tmp_path: Path, change=lambda docs: None) -> subprocess.CompletedProcess:
    """`properdocs build` of a copy of the site's sources (its notebook cache empty)."""
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("docs", "overrides"):
        # Without bytecode, so the hooks compile here: an invalid escape warns only then.
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("gdfig", "node_modules", "figures"):  # the rendered figures are reused, the notebook is not
        (tmp_path / name).symlink_to(ROOT / name)
    # The command `make site` runs: `python -m properdocs` shows fewer Python warnings.
    properdocs = Path(sys.executable).parent / "properdocs"
    change(tmp_path / "docs")
    return subprocess.run([str(properdocs), "build", "-f", "mkdocs.yml", "-d", "out"],
                          cwd=tmp_path, capture_output=True, text=True)
