"""A build prints no warning: not ProperDocs', not a plugin's, not a Python
DeprecationWarning from a hook, not the notebook kernel's. The notebook cache
starts empty, so the kernel really runs."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
WARNING = re.compile(r"warn", re.I)


def test_a_build_prints_no_warning(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("build")  # a folder whose name holds no "warning"
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("docs", "overrides"):
        # Without bytecode, so the hooks compile here: an invalid escape warns only then.
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("gdfig", "node_modules", "figures"):  # the rendered figures are reused, the notebook is not
        (tmp_path / name).symlink_to(ROOT / name)
    # The command `make site` runs: `python -m properdocs` shows fewer Python warnings.
    properdocs = Path(sys.executable).parent / "properdocs"
    result = subprocess.run([str(properdocs), "build", "-f", "mkdocs.yml", "-d", "out"],
                            cwd=tmp_path, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Converting notebook (execute=True)" in output and "Cache miss" in output  # the kernel ran
    assert [line for line in output.splitlines() if WARNING.search(line)] == []
