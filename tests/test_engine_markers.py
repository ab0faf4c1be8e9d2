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
    """docs/hooks/figures.py loaded as MkDocs loads a hook: from its file."""
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


def test_a_marker_left_is_found_on_its_line_of_the_source(hook):
    page = SimpleNamespace(file=SimpleNamespace(src_uri="surface.md", content_string="# T\n\nA {{ figur x }}.\n"))
    with pytest.raises(PluginError, match=r"^surface\.md:3: '\{\{ figur x \}\}' is left"):
        hook.on_post_page("<p>A {{ figur x }}.</p>", page, config=None)


def test_braces_in_code_and_a_clean_page_pass(hook):
    page = ('<p>A page.</p><div class="language-bibtex highlight"><pre><code>@misc{key,\n'
            '  title   = {{Gradient descent}},\n}</code></pre></div><p>Inline <code>{{ figure NAME }}</code>.</p>'
            '<script>const x = {a: {b: 1}};</script>')
    assert hook.on_post_page(page, PAGE, config=None) == page


# Markers in the page's Markdown (on_page_markdown): broken ones, code, duplicates.
FRONT_MATTER = "---\ndescription: A test page.\n---\n"


@pytest.fixture
def expand(hook, monkeypatch):
    """on_page_markdown(text) on a page surface.md (front matter of 3 lines), with two
    figures and a frame set known and each figure drawn as [NAME NUMBER]."""
    entries = {"surface": {"name": "surface", "kind": "figure", "sequence": None},
               "contour": {"name": "contour", "kind": "figure", "sequence": None}}
    monkeypatch.setattr(hook, "_manifest", entries)
    monkeypatch.setattr(hook, "figure_html", lambda entry, url, number, eager=False: f"[{entry['name']} {number}]")
    config = SimpleNamespace(extra={"page_numbers": {"surface.md": "4"}})

    def run(markdown: str) -> str:
        page = SimpleNamespace(url="surface/", file=SimpleNamespace(src_uri="surface.md",
                                                                   content_string=FRONT_MATTER + markdown))
        return hook.on_page_markdown(markdown, page, config, files=None)

    return run


def test_markers_expand_and_refer_forward(expand):
    text = "See {{ fig contour }}.\n\n{{ figure surface }}\n\n{{figure contour}}\n"
    assert expand(text) == ('See <a class="gdfig-figref" href="#fig-contour">Figure 4.2</a>.\n\n'
                            "[surface 4.1]\n\n[contour 4.2]\n")


@pytest.mark.parametrize("broken, line", [("{{ figure surface }", 6), ("{ figure surface }}", 6),
                                          ("{{ figure surface", 6), ("{{{ figure surface }}}", 6),
                                          ("{{ figure Surface }}", 6), ("{{ fig surface-x }}", 6)])
def test_a_broken_marker_fails_naming_page_line_and_text(expand, broken, line):
    with pytest.raises(PluginError) as failure:
        expand(f"Some text.\n\nMore: {broken} here.\n")
    assert str(failure.value).startswith(f"surface.md:{line}: '{broken}' is a broken marker")


def test_markers_in_code_are_left_as_written(expand):
    text = ("Write `{{ figure surface }}` on a page, or ``{{ fig surface }}``:\n\n"
            "```markdown\n{{ figure surface }}\n{{ figure surface }\n```\n\n"
            "~~~\n{{ figure nowhere }}\n~~~\n")
    assert expand(text) == text


def test_braces_in_math_and_prose_are_not_markers(expand):
    text = "The figure below, $\\frac{1}{\\mathrm{fig}}}$ and $$x^{{eq}}$$.\n"
    assert expand(text) == text


def test_a_figure_placed_twice_is_refused(expand):
    with pytest.raises(PluginError) as failure:
        expand("{{ figure surface }}\n\ntext\n\n{{ figure  surface }}\n")
    assert str(failure.value).startswith("surface.md:8: '{{ figure  surface }}' places 'surface' a second time "
                                         "(first at surface.md:4)")


@pytest.mark.parametrize("written, message", [
    ("{{ figure surfac }}", "surface.md:4: '{{ figure surfac }}': unknown figure 'surfac'; did you mean 'surface'?"),
    ("{{ fig surfac }}", "surface.md:4: '{{ fig surfac }}' refers to no figure or frame set on this page"),
    ("{{ explorer surface }}", "surface.md:4: '{{ explorer surface }}': unknown explorer data 'surface'"),
])
def test_an_unknown_name_is_blamed_on_the_marker_written(expand, written, message):
    with pytest.raises(PluginError) as failure:
        expand(f"{written}\n")
    assert str(failure.value).startswith(message)


def test_a_stray_backtick_hides_no_marker_beyond_its_paragraph(expand):
    assert expand("A stray ` here.\n\n{{ figure surface }}\n\nAnd ` there.\n") == \
        "A stray ` here.\n\n[surface 4.1]\n\nAnd ` there.\n"
