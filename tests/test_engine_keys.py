"""Invalidation by what can change the bytes: each output's key covers the parsed
code on its family's import path and the saving code, not comments,
docstrings or formatting."""

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdfig import cache, registry, sources
from gdfig.outputs import FORMATS, outputs_for

OUTPUTS = outputs_for(FORMATS)


def clear_caches() -> None:
    sources.clear()


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of gdfig whose edits the keys see (sources reads from PACKAGE_DIR)."""
    copy = tmp_path / "pkg" / "gdfig"
    shutil.copytree(sources.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sources, "PACKAGE_DIR", copy)
    clear_caches()
    yield copy
    clear_caches()


def keys() -> dict[str, str]:
    clear_caches()
    return {o.filename(spec.name): cache.output_key(spec, o) for spec in registry.EVERYTHING for o in OUTPUTS}


def changed(before: dict[str, str]) -> set[str]:
    """The figures (by name) with at least one output whose key changed."""
    return {name.split(".")[0] for name, key in keys().items() if before[name] != key}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}: the test needs updating"
    path.write_text(text.replace(old, new, 1))


def decorate_without_changing_code(path: Path) -> None:
    """Every docstring reworded, a comment after every statement's first line, blank lines."""
    lines = path.read_text().splitlines()
    docstrings = {(n.body[0].lineno, n.body[0].col_offset) for n in ast.walk(ast.parse("\n".join(lines)))
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)
                  and isinstance(n.body[0].value.value, str)}
    for number, column in docstrings:
        line = lines[number - 1]
        quote = 3 if line[column:column + 3] in ('"""', "'''") else 1
        lines[number - 1] = line[:column + quote] + "Reworded. " + line[column + quote:]
    statements = {n.lineno for n in ast.walk(ast.parse("\n".join(lines)))
                  if isinstance(n, ast.stmt) and n.end_lineno == n.lineno}
    text = "\n".join(line + "  # edited" if i + 1 in statements else line for i, line in enumerate(lines))
    path.write_text("# a new comment\n\n" + text + "\n\n\n# the end\n")


def test_comments_docstrings_and_formatting_change_no_key(package):
    before = keys()
    for path in package.rglob("*.py"):
        decorate_without_changing_code(path)
    assert changed(before) == set()


def test_a_caption_title_or_alt_edit_changes_no_key(package):
    """They reach the manifest from the registry at every render (test_engine_robust.py)."""
    before = keys()
    edit(package / "figures" / "landscape.py", 'caption="Gradient descent with η = 0.02', 'caption="Descent with η = 0.02')
    edit(package / "figures" / "landscape.py", 'title="The 2D loss as a surface"', 'title="A surface"')
    edit(package / "figures" / "gradients.py", 'alt="Two curves over', 'alt="2 curves over')
    assert changed(before) == set()
    edit(package / "figures" / "landscape.py", 'name="surface"', 'name="surface", sequence=None')
    assert changed(before) == {"overview", "explore_1d", "explore_2d"}  # any other word still counts (there,
    # landscape.py counts whole; for its own families only what compute, draw and Params reach)


# Besides the logistic family, these entries run logistic's code (their compute calls it).
USES_LOGISTIC = {"explore_logistic", "overview", "answers"}
LOGISTIC = {s.name for s in registry.EVERYTHING if s.family.name == "logistic"} | USES_LOGISTIC


def test_a_logistic_edit_changes_only_the_logistic_figures_and_export(package):
    before = keys()
    edit(package / "figures" / "logistic.py", 'ax.set_xlabel("x₁")', 'ax.set_xlabel("x1")')
    assert changed(before) == LOGISTIC


def test_a_style_edit_changes_every_key(package):
    before = keys()
    edit(package / "style.py", '"font.size": 10', '"font.size": 11')
    assert changed(before) == {s.name for s in registry.EVERYTHING}


def test_a_helper_imported_inside_a_function_is_followed(package):
    """numerics.lda is imported only inside logistic.compute and explorers.compute_boundaries."""
    before = keys()
    edit(package / "numerics" / "lda.py", "/ len(x)", "/ (len(x) - 0)")
    assert changed(before) == LOGISTIC


def test_a_drawing_helper_changes_figures_that_draw_with_it(package):
    before = keys()
    edit(package / "draw" / "landscape.py", "LEVELS = 10", "LEVELS = 11")
    hit = changed(before)
    assert {"surface", "contour_starts", "contour_eta_small", "contour_eta_large"} <= hit
    assert not any(name.startswith(("surrogate_", "logistic_")) for name in hit)


def test_parameters_and_library_versions_are_in_the_key(monkeypatch):
    spec, output = registry.get("surface"), OUTPUTS[1]
    key = cache.output_key(spec, output)
    assert cache.output_key(registry.get("contour_starts"), output) != key
    monkeypatch.setattr(cache, "library_versions", lambda: "matplotlib==0.0")
    assert cache.output_key(spec, output) != key


def test_a_commented_copy_of_the_package_re_renders_nothing(rendered, tmp_path):
    """End to end: the same figures folder, rendered by a copy of gdfig whose every
    module gained comments and reworded docstrings, stays all cached."""
    copy = tmp_path / "pkg" / "gdfig"
    shutil.copytree(sources.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in copy.rglob("*.py"):
        decorate_without_changing_code(path)
    out = tmp_path / "figures"
    shutil.copytree(rendered, out)
    environment = {**os.environ, "PYTHONPATH": str(copy.parent)}
    code = "import gdfig, sys; print(gdfig.__file__)"
    assert str(copy) in subprocess.run([sys.executable, "-c", code], env=environment,
                                       capture_output=True, text=True, cwd=tmp_path).stdout
    result = subprocess.run([sys.executable, "-m", "gdfig", "render", "--all", "--out", str(out)],
                            env=environment, capture_output=True, text=True, cwd=tmp_path)
    assert f"0 rendered, {len(registry.EVERYTHING)} cached" in result.stdout, result.stdout + result.stderr
    fingerprint = json.loads((out / "manifest.json").read_text())["fingerprint"]
    assert fingerprint == json.loads((rendered / "manifest.json").read_text())["fingerprint"]
