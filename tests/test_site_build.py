"""The site build fails loudly on a misspelt figure or bad TeX, and is reproducible."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the site's sources; the slow parts (figures, caches, node) are shared."""
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("docs", "overrides"):
        # Without bytecode, so the hooks compile here: an invalid escape warns only then.
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("gdfig", "node_modules", "figures", ".cache"):
        (ROOT / name).mkdir(exist_ok=True)
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict` of the project; the console script, as `make site`
    runs it (`python -m properdocs` would show fewer Python warnings)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    properdocs = Path(sys.executable).parent / "properdocs"
    return subprocess.run([str(properdocs), "build", "-f", "mkdocs.yml", "--strict", "-d", str(project / "out")],
                          cwd=project, capture_output=True, text=True, env=env)


def line_of(page: str, text: str) -> int:
    source = (ROOT / "docs" / page).read_text()
    return source[:source.index(text)].count("\n") + 1


BROKEN_SOURCES = [
    ("descent-2d.md", lambda text: text.replace("{{ figure contour_starts }}", "{{ figure contour_strats }}"),
     "'{{ figure contour_strats }}': unknown figure 'contour_strats'; did you mean 'contour_starts'?"),
    ("steps-1d.md", lambda text: text.replace("{{ frames ", "{{ frames x }\n\n{{ frames ", 1),
     f"steps-1d.md:{line_of('steps-1d.md', '{{ frames ')}: '{{{{ frames x }}' is a broken marker"),
    ("gradient.md", lambda text: text + "\n$$\n\\frac{1}{\n$$\n",
     "gradient.md: MathJax cannot render '\\\\frac{1}{'"),
    ("gradient.md", lambda text: text + "\nWith $\\gradient f$ here.\n",
     "gradient.md: MathJax cannot render '\\\\gradient f': Undefined control sequence \\gradient"),
    ("gradient.md", lambda text: text + "\nSee [nowhere](missing.md#none).\n", "missing.md"),
    ("surrogate.md", lambda text: text.replace("{{ eq gd-update }}", "{{ eq gd-updte }}"),
     "surrogate.md: {{ eq gd-updte }} refers to no \\label{gd-updte} on this page"),
]


@pytest.mark.parametrize("page, damage, message", BROKEN_SOURCES,
                         ids=["misspelt figure", "one brace", "TeX error", "undefined macro", "broken link",
                              "unknown equation"])
def test_a_broken_source_fails_the_build_naming_page_and_problem(project, page, damage, message):
    source = project / "docs" / page
    source.write_text(damage(source.read_text()))
    result = build(project)
    assert result.returncode != 0
    assert message in result.stderr


def test_missing_mathjax_stops_the_build_in_one_sentence(project):
    (project / "node_modules").unlink()
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "MathJax is missing from node_modules; run `npm ci` (make site does it)." in result.stderr
    assert not (project / "out").exists()


def built_files(project: Path) -> tuple[dict[Path, bytes], str]:
    """Every file a build of the project writes, and what the build printed."""
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    out = project / "out"
    files = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shutil.rmtree(out)
    return files, output


def test_two_builds_of_the_same_sources_are_identical(project):
    """...and the same whether the notebook, the math and the figures' sizes come from
    their caches or not, even damaged ones: the first build, with no cache at all (as in
    a fresh clone), runs the notebook's kernel and fills them, printing no warning (not
    ProperDocs', not a plugin's, not a hook's DeprecationWarning, not the kernel's); the
    second reads them; the third finds the math and the sizes garbage and measures again."""
    (project / ".cache").unlink()
    cache = project / ".cache" / "math.json"
    first, said = built_files(project)
    assert "notebook.ipynb ran in" in said and "Cache miss" in said  # the kernel ran
    assert [line for line in said.splitlines() if re.search("warn", line, re.I)] == []
    formulas = json.loads(cache.read_text())["html"]
    assert len(formulas) > 100 and all(html.startswith("<mjx-container") for html in formulas.values())
    second, _ = built_files(project)
    cache.write_bytes(b"\x00 not json")
    (project / ".cache" / "sent-sizes.json").write_text('{"a": "b"')
    third, _ = built_files(project)
    assert first.keys() == second.keys() == third.keys()
    assert [k for k in first if not first[k] == second[k] == third[k]] == []
    assert json.loads(cache.read_text())["html"] == formulas


def rename_steps_page(project: Path, redirect: bool) -> None:
    """Rename steps-1d.md to steps.md everywhere, with or without a redirect."""
    for source in [project / "mkdocs.yml", *(project / "docs").glob("*.md")]:
        source.write_text(source.read_text().replace("steps-1d.md", "steps.md"))
    (project / "docs" / "steps-1d.md").rename(project / "docs" / "steps.md")
    if redirect:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("redirect_maps: {}", "redirect_maps: {'steps-1d.md': 'steps.md'}"))


@pytest.mark.parametrize("redirect", [True, False])
def test_a_renamed_page_keeps_its_addresses_only_through_a_redirect(project, redirect):
    from tools import addresses

    rename_steps_page(project, redirect)
    assert build(project).returncode == 0
    broken = [p for a in addresses.read_contract() if (p := addresses.resolve(project / "out", a))]
    if redirect:
        assert broken == []
    else:
        assert broken and all(problem.startswith("/steps-1d/") for problem in broken)
