"""Pages in a real browser: build-time math, the frame viewer, the palette, search,
the notebook. That every page loads cleanly and offline, with every formula drawn
and every image decoded, is checked at every width and palette by test_reader."""

import json
import re

from playwright.sync_api import expect


def test_math_is_rendered_at_build_time_without_math_javascript_or_fonts(built_site):
    page = (built_site / "surrogate" / "index.html").read_text()
    assert page.count('<mjx-container class="MathJax" jax="SVG"') >= 10 and ">(3.4)</span>" in page
    # The screen-reader copy of each formula: MathML, hidden from the eye.
    assert page.count("<mjx-assistive-mml") == page.count("<mjx-container")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts and not [s for s in scripts if re.search("mathjax|katex|tex-", s, re.I)]
    # No font file anywhere (MathJax's stylesheet carries one empty font of its own, inline).
    assert not list(built_site.rglob("*.woff*")) and "url(data:" in (built_site / "assets" / "math.css").read_text()
    assert re.findall(r"url\((?!data:)", (built_site / "assets" / "math.css").read_text()) == []


def test_viewer_steps_with_keys_buttons_and_slider(watched, site_url):
    watched.goto(site_url + "steps-1d/")
    tabs = watched.locator(".tabbed-set")
    assert tabs.locator(".tabbed-labels label").all_inner_texts() == ["η = 0.125", "η = 0.5"]
    assert tabs.locator(".tabbed-block .gdfig-frames").count() == 2  # one viewer in each tab
    viewer = watched.locator("#fig-surrogate_eta0125")
    label = viewer.locator(".gdfig-label")
    assert label.inner_text() == "w₀ (frame 1 of 12)"
    viewer.focus()
    watched.keyboard.press("ArrowRight")
    assert label.inner_text().startswith("w₁ ")
    viewer.get_by_role("button", name="Next frame").click()
    assert label.inner_text().startswith("w₂ ")
    watched.keyboard.press("ArrowLeft")
    assert label.inner_text().startswith("w₁ ")
    viewer.get_by_role("slider", name="Frame").fill("11")
    assert label.inner_text() == "w₁₁ (frame 12 of 12)"
    assert viewer.get_by_role("button", name="Next frame").is_disabled()
    shown = viewer.locator("figure:visible")
    assert shown.count() == 1 and shown.get_attribute("id") == "fig-surrogate_eta0125_t11"
    assert label.get_attribute("aria-live") == "polite"
    assert watched.problems == []


def test_without_javascript_every_frame_is_visible(tab, site_url):
    page = tab(java_script_enabled=False)
    page.goto(site_url + "logistic/")
    assert page.locator("#fig-logistic figure:visible").count() == 5


def test_viewer_survives_instant_navigation(watched, site_url):
    watched.goto(site_url)
    watched.locator("article a[href$='/steps-1d/']").first.click()
    watched.wait_for_url("**/steps-1d/")
    assert watched.locator("#fig-surrogate_eta0500 .gdfig-controls").count() == 1
    assert watched.locator("#fig-surrogate_eta0500 .gdfig-label").inner_text().startswith("w₀ ")
    assert watched.problems == []


def test_palette_toggle_swaps_figures_to_dark(watched, site_url):
    watched.goto(site_url + "descent-2d/")
    shown = "() => [...document.querySelectorAll('article img')].filter(i => i.offsetParent !== null).map(i => i.src)"
    assert all("#only-light" in src and ".dark." not in src for src in watched.evaluate(shown))
    watched.locator("label[title='Switch to dark mode']").first.click()
    dark = watched.evaluate(shown)
    assert len(dark) == 5 and all(".dark." in src for src in dark)
    # The palette is remembered across pages, and the viewer's frames follow it.
    watched.goto(site_url + "steps-1d/")
    frames = watched.evaluate(shown)
    assert frames and all(".dark." in src for src in frames)
    assert any("surrogate_eta0125_t00.dark.svg" in src for src in frames)


def test_search_finds_the_surrogate_page(watched, site_url):
    watched.goto(site_url)
    watched.locator("input.md-search__input").click()
    watched.keyboard.type("surrogate")
    # Results come as the query is typed (those for "s" first); a link's ?h= is the
    # query it answers: the top answer to the whole word is the surrogate page.
    expect(watched.locator(".md-search-result__link").first).to_have_attribute(
        "href", re.compile(r"/surrogate/\?h=surrogate$"))


def test_notebook_page_shows_its_executed_output(watched, site_url):
    watched.goto(site_url + "notebook/")
    output = watched.locator(".jp-OutputArea-output").all_inner_texts()
    joined = "\n".join(output)
    assert "n = 10000" in joined and "True True" in joined
    figure = watched.locator(".jp-OutputArea-output img[alt*=\"LDA\"]")
    assert figure.count() == 1 and figure.evaluate("img => img.naturalWidth") > 0
    download = watched.locator("a[href$='.ipynb'][download]")
    assert download.count() == 1
    notebook = json.loads(watched.evaluate("async url => await (await fetch(url)).text()",
                                           download.get_attribute("href")))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert any("logistic.train" in "".join(cell["source"]) for cell in code)
    assert all(cell["outputs"] == [] for cell in code)  # the download is the clean source
