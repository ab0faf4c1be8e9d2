"""The math hook (docs/hooks/mathjax.py): what it asks MathJax for a phone's column,
and what it trusts from its cache (.cache/math.json)."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
spec = importlib.util.spec_from_file_location("mathjax_hook", ROOT / "docs" / "hooks" / "mathjax.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)
narrow = hook.math_narrow


# ---- narrow variants: lines break between terms, and formulas side by side go one under the other ----

def test_terms_are_kept_whole_and_operators_inside_brackets_are_not_break_points():
    tex = r"\tilde{\mathscr{L}}(w) = \mathscr{L}(w_0) + \nabla \mathscr{L}(w_0)^\top (w - w_0) - \frac{1}{2}"
    assert narrow.narrow_tex(tex, whole=True) == (r"{\tilde{\mathscr{L}}(w) }={ \mathscr{L}(w_0) }+"
                                                r"{ \nabla \mathscr{L}(w_0)^\top (w - w_0) }-{ \frac{1}{2}}")
    assert narrow.narrow_tex(r"f\left(a + b\right) = \big(c - d\big)", whole=True) == r"{f\left(a + b\right) }={ \big(c - d\big)}"


def test_a_leading_minus_is_a_sign_not_a_break_and_a_qquad_becomes_a_new_line():
    tex = r"w = -a, \qquad b = c"
    assert narrow.narrow_tex(tex, whole=True) == r"{w }={ -a, }\\{ b }={ c}"
    assert narrow.narrow_tex(tex, whole=False) == r"w = -a, \\ b = c"


def test_a_formula_broken_by_hand_is_left_as_written():
    tex = "\\begin{aligned} a &= b + c \\\\ &= d \\end{aligned} \\label{x}"
    assert narrow.narrow_tex(tex, whole=True) == tex  # braces around its terms would cut `aligned` apart


def test_fit_rules_show_the_broken_variant_only_below_the_width_its_line_needs():
    rules = narrow.fit_rules({320, 300})
    assert rules.index("gdfig-fit-300") < rules.index("gdfig-fit-320")  # sorted: the same bytes every build
    assert "@container (max-width: 319.98px)" in rules and rules.count("@container") == 2


# ---- the cache: served only when it is what its key says -----------------------------------

GOOD = '<mjx-container class="MathJax" jax="SVG" display="true"><svg width="3ex"></svg></mjx-container>'


@pytest.mark.parametrize("markup", [
    GOOD.replace("<svg", "<svg onload=\"window.__pwned=1\""),
    GOOD.replace("</svg>", "<script>window.__pwned=1</script></svg>"),
    GOOD.replace("</svg>", "<foreignObject><img src=x></foreignObject></svg>"),
    '<img src=x onerror="window.__pwned=1">',
])
def test_active_markup_is_never_trusted_even_with_a_matching_digest(markup):
    key = "1x^2"
    assert hook.trusted({key: markup}, {key: hook.digest("s", key, markup)}, "s") == {}


def test_markup_edited_without_its_digest_or_under_another_key_is_not_trusted():
    key = "1x^2"
    sound = {key: hook.digest("s", key, GOOD)}
    assert hook.trusted({key: GOOD}, sound, "s") == {key: GOOD}
    assert hook.trusted({key: GOOD.replace("3ex", "9ex")}, sound, "s") == {}           # edited markup
    assert hook.trusted({"1y^2": GOOD}, {"1y^2": sound[key]}, "s") == {}               # moved to another key
    assert hook.trusted({key: GOOD}, sound, "another renderer") == {}                  # another stamp
    assert hook.trusted({key: GOOD}, {}, "s") == {}                                    # no digest at all


def test_a_tampered_cache_is_rendered_again_not_served(tmp_path):
    """A formula's cached markup swapped for a script (digest left alone) never reaches
    a page: the build renders that formula again and writes the cache back sound."""
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("gdfig", "node_modules", "figures"):
        (tmp_path / name).symlink_to(ROOT / name)
    if (ROOT / ".cache").is_dir():  # the checkout's caches, when a build made them: the first build is then warm
        shutil.copytree(ROOT / ".cache", tmp_path / ".cache")
    build = [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "-q", "-d", str(tmp_path / "out")]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert subprocess.run(build, cwd=tmp_path, env=env, capture_output=True).returncode == 0
    cache = tmp_path / ".cache" / "math.json"
    saved = json.loads(cache.read_text())
    key = next(k for k in saved["html"] if "nabla" in k and k.startswith("1"))
    good = saved["html"][key]
    saved["html"][key] = good.replace("</svg>", "<script>window.__pwned='x'</script></svg>", 1)
    cache.write_text(json.dumps(saved))
    result = subprocess.run(build, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pages = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "__pwned" not in pages
    assert json.loads(cache.read_text())["html"][key] == good
