"""Fault 11: a marker no hook expanded (a typo) fails the build, naming the page
and the text; braces inside code (BibTeX titles, examples) are left alone."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

HOOK = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "figures.py"


@pytest.fixture(scope="session")
def hook():
    spec = importlib.util.spec_from_file_location("figures_hook", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="surface.md"))


@pytest.mark.parametrize("typo", ["{{ figur surface }}", "{{ figure the-surface }}", "{{ fig Surface }}",
                                  "{{figure surface}}", "{{ eqq gd_step }}", "{{ gallery\n }}"])
def test_a_marker_left_in_a_page_fails_naming_page_and_text(hook, typo):
    page = f"<html><body><article><p>Before {typo.replace('<', '&lt;')} after.</p></article></body></html>"
    with pytest.raises(PluginError) as failure:
        hook.on_post_page(page, PAGE, config=None)
    assert "surface.md" in str(failure.value) and typo in str(failure.value)


def test_braces_in_code_and_a_clean_page_pass(hook):
    page = ('<p>A page.</p><div class="language-bibtex highlight"><pre><code>@misc{key,\n'
            '  title   = {{Gradient descent}},\n}</code></pre></div><p>Inline <code>{{ figure NAME }}</code>.</p>'
            '<script>const x = {a: {b: 1}};</script>')
    assert hook.on_post_page(page, PAGE, config=None) == page
