"""Every page at phone to desktop widths, in the light and the dark palette, in one
pass (one browser context per width and palette, a touch phone's below 480 px; one
of them reads the site served from its root, as `make site` leaves it): loaded
cleanly and offline, every formula drawn, no sideways scroll, display
formulas that fit their column, equation numbers clear of their formulas, figure
text at least 10 CSS px, images with their sizes, no layout shift, and axe-core
clean at 390 and 1280 px."""

import gzip
import json
import re

import pytest

from tests.site.conftest import AXE, PAGES, record_problems
from tests.site.tabs import forget_cache
from tools.site import serve

WIDTHS = (320, 390, 768, 1280)
PALETTES = ("light", "dark")
AXE_WIDTHS = (390, 1280)
# The dark palette changes colours and which variant of each image shows, nothing else:
# there axe runs the rules those can break (the light palette runs them all; axe
# refuses a rule it does not know).
AXE_DARK_RULES = ["color-contrast", "link-in-text-block", "image-alt", "image-redundant-alt", "role-img-alt",
                  "svg-img-alt", "object-alt", "button-name", "link-name", "label"]
MIN_TEXT_PX = 10
MAX_LAYOUT_SHIFT = 0.02

# Starts before the page's first paint: sums the layout shifts without recent input.
WATCH_SHIFTS = """window.__shift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
    .observe({type: "layout-shift", buffered: true});"""

MEASURE = """async () => {
    const page = document.scrollingElement;
    const tags = document.querySelectorAll(".gdfig-equation > .gdfig-equation__number");
    const result = {sideways: page.scrollWidth - window.innerWidth, overlaps: [], text: [], tags: tags.length};
    // Math is typeset at build time: no TeX left in the text, and every shown formula
    // is a sized SVG whose glyphs all resolve to outlines on the page; one variant of
    // each formula shown (a long display formula also has a line-broken one, for phones).
    const article = document.querySelector("article").innerText;
    result.tex = ["\\\\(", "\\\\[", "$$"].filter(delimiter => article.includes(delimiter));
    result.undrawn = [...document.querySelectorAll("article mjx-container")].filter(m => m.offsetParent !== null)
        .filter(m => {
            const svg = m.querySelector(":scope > svg").getBoundingClientRect();
            const missing = [...m.querySelectorAll("use")].filter(u => !document.getElementById(
                u.getAttribute("xlink:href").slice(1))?.closest("svg.gdfig-glyphs"));
            return !(svg.width > 0 && svg.height > 0 && missing.length === 0);
        }).map(m => m.querySelector("math").textContent);
    result.variants = [...document.querySelectorAll("article .gdfig-math")].map(box =>
        [...box.querySelectorAll(":scope > mjx-container")].filter(m => m.offsetParent !== null).length)
        .filter(shown => shown !== 1);
    for (const tag of tags) {
        // The formula as seen: its SVG, clipped by its box when that scrolls.
        const box = tag.parentElement.querySelector("mjx-container").getBoundingClientRect();
        const formula = Math.min(box.right, tag.parentElement.querySelector("mjx-container > svg")
                                                .getBoundingClientRect().right);
        const number = tag.getBoundingClientRect();
        if (number.left < formula - 0.5 || number.right > window.innerWidth) result.overlaps.push(tag.textContent);
    }
    // Each shown display formula: [its scroll width, its width, its number's right edge, the column's].
    result.display = [...document.querySelectorAll(".md-typeset mjx-container[display]")]
        .filter(c => c.offsetParent !== null).map(c => [c.scrollWidth, c.clientWidth,
            c.closest(".gdfig-equation") ? c.closest(".gdfig-equation").getBoundingClientRect().right : 0,
            c.closest("article").getBoundingClientRect().right]);
    result.numbers = [[...document.querySelectorAll(".gdfig-equation__number")].map(n => n.innerText),
                      document.querySelectorAll(".gdfig-equation").length];
    result.images = [...document.querySelectorAll("article img:not([src^='data:'])")].map(i =>
        [i.getAttribute("width"), i.getAttribute("height"), i.loading, !!i.closest(".gdfig")]);
    // An inline formula never breaks, so it must fit its block's column.
    result.inline = [...document.querySelectorAll("article mjx-container:not([display])")]
        .filter(m => m.getBoundingClientRect().right > m.parentElement.closest("p, li, td, div").getBoundingClientRect().right + 0.5)
        .map(m => m.querySelector("math").textContent);
    // Figure text as displayed: the SVG's smallest glyph (matplotlib writes each
    // string as a group scaled by size/100) times displayed width over viewBox width.
    const shown = [...document.querySelectorAll("article img")]
        .filter(i => i.offsetParent !== null && !i.closest(".gdfig-card") && !i.currentSrc.startsWith("data:"));
    for (const img of shown) {
        const svg = await (await fetch(img.currentSrc.split("#")[0].replace(/\\.png$/, ".svg"))).text();
        const viewBox = +svg.match(/viewBox="0 0 ([\\d.]+)/)[1];
        const scales = [...svg.matchAll(/scale\\(([\\d.]+) -[\\d.]+\\)/g)].map(m => +m[1] * 100);
        if (scales.length === 0) continue;
        const px = Math.min(...scales) * img.getBoundingClientRect().width / viewBox;
        result.text.push([img.currentSrc.split("/").pop(), Math.round(px * 100) / 100]);
    }
    return result;
}"""

# The first screen's fonts and images have arrived; two frames later, layout is final.
SETTLE = """async () => {
    await document.fonts.ready;
    const shown = [...document.images].filter(i => i.offsetParent !== null && i.getBoundingClientRect().top < innerHeight);
    await Promise.all(shown.map(i => i.decode().catch(() => null)));
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return window.__shift;
}"""


# Every image of the article answers (shown or not: the other palette's and layout's
# too), and every shown one, lazy or not, decodes.
EVERY_IMAGE_LOADS = """async () => {
    const bad = [];
    for (const img of document.querySelectorAll("article img")) {
        if (!(await fetch(img.src)).ok) bad.push(img.src);
        if (img.offsetParent !== null) {
            img.loading = "eager";
            try { await img.decode(); } catch (e) { bad.push(img.src); }
            if (img.naturalWidth === 0) bad.push(img.src);
        }
    }
    return bad;
}"""
# Where every image is fetched and decoded: a phone's layout and a desktop's show
# different variants (the dark ones are fetched from any).
IMAGE_CHECKS = ((390, "light"), (1280, "light"))
# The context that reads the site served from its root, as a reader or a static host
# without mike serves `make site`'s build (no versions.json beside it): there too a
# page requests nothing that is not there. The others read it as published, at
# /VERSION/ (tools/site.py: serve).
FROM_ROOT = (768, "light")


def survey(browser, site_url, width, palette) -> dict:
    """One context per width and palette; each page measured once."""
    phone = width < 480  # a phone's browser: touch, and the page's viewport meta honoured
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=palette,
                                  is_mobile=phone, has_touch=phone)
    context.add_init_script(WATCH_SHIFTS)
    page = context.new_page()
    problems = record_problems(page, site_url)
    found = {}
    for path in PAGES:
        page.goto(site_url + path, wait_until="load")
        shift = page.evaluate(SETTLE)
        found[path] = {**page.evaluate(MEASURE), "shift": shift}
        if (width, palette) in IMAGE_CHECKS:
            found[path]["broken"] = page.evaluate(EVERY_IMAGE_LOADS)
        if width in AXE_WIDTHS:
            page.add_script_tag(path=str(AXE))
            only = {"runOnly": AXE_DARK_RULES} if palette == "dark" else {}
            violations = page.evaluate("async only => (await axe.run(document, {...only, resultTypes: ['violations']}))"
                                       ".violations", only)
            found[path]["axe"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        if path == PAGES[-1]:
            page.wait_for_load_state("networkidle")  # the last page's late requests, before the context goes
        found[path]["problems"], problems[:] = problems[:], []  # what went wrong while on this page
    context.close()
    return found


@pytest.fixture(scope="session")
def matrix(browser, site_url, built_site) -> dict:
    """Every width in the light palette; the dark one where axe runs (the palette
    changes colours, not layout: sizes and overflow are measured in both there)."""
    with serve(built_site, as_published=False) as root_url:
        return {(w, p): survey(browser, root_url if (w, p) == FROM_ROOT else site_url, w, p)
                for w in WIDTHS for p in PALETTES if p == "light" or w in AXE_WIDTHS}


def cells(matrix, key):
    return [(w, p, path, found[key]) for (w, p), pages in matrix.items() for path, found in pages.items()
            if key in found]


def test_the_palette_is_what_the_context_asks_for(tab, site_url):
    page = tab(color_scheme="dark")
    page.goto(site_url)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"


def test_every_page_loads_cleanly_and_offline(matrix):
    """No console error, failed, missing or foreign request at any width or palette."""
    assert [c for c in cells(matrix, "problems") if c[3]] == []
    assert len(cells(matrix, "broken")) == len(IMAGE_CHECKS) * len(PAGES)
    assert [c for c in cells(matrix, "broken") if c[3]] == []


def test_every_formula_is_drawn_once_and_no_tex_is_left(matrix):
    assert len(cells(matrix, "undrawn")) == len(matrix) * len(PAGES)
    for key in ("tex", "undrawn", "variants"):
        assert [c for c in cells(matrix, key) if c[3]] == [], key


def test_no_page_scrolls_sideways(matrix):
    assert [(w, p, path, px) for w, p, path, px in cells(matrix, "sideways") if px > 0] == []


def test_equation_numbers_never_overlap_their_formula(matrix):
    assert sum(c[3] for c in cells(matrix, "tags")) >= 4 * len(matrix)  # numbered equations were found
    assert [c for c in cells(matrix, "overlaps") if c[3]] == []


def test_inline_math_fits_its_column(matrix):
    assert len(cells(matrix, "inline")) == len(matrix) * len(PAGES)
    assert [c for c in cells(matrix, "inline") if c[3]] == []


def test_figure_text_is_at_least_10_css_px(matrix):
    measured = [(w, p, path, name, px) for w, p, path, text in cells(matrix, "text") for name, px in text]
    assert len(measured) > 20  # figures were found and measured
    assert [m for m in measured if m[4] < MIN_TEXT_PX] == []


def test_no_display_equation_is_wider_than_its_column(matrix):
    """A display formula never scrolls inside its box (the narrow variant fits), and
    its number stays in the column too; one number per numbered equation."""
    boxes = cells(matrix, "display")
    for width, palette in matrix:
        assert sum(len(c[3]) for c in boxes if c[:2] == (width, palette)) >= 12, (width, palette)
    assert [c for c in boxes for scroll, client, _, _ in c[3] if scroll > client + 1] == []
    assert [c for c in boxes for _, _, number, column in c[3] if number > column + 1] == []
    for w, p, path, (numbers, equations) in cells(matrix, "numbers"):
        assert len(numbers) == len(set(numbers)) == equations, (w, p, path)


def test_images_have_sizes_and_the_first_figure_loads_eagerly(matrix):
    for _, _, path, images in cells(matrix, "images"):
        assert all(width and height and int(width) > 0 and int(height) > 0 for width, height, _, _ in images), path
        figures = [loading for _, _, loading, in_figure in images if in_figure]
        if figures:
            assert figures[0] == "eager", path
    assert sum(len(c[3]) for c in cells(matrix, "images")) > 20 * len(matrix)


def test_layout_shift_is_small(matrix):
    assert [c for c in cells(matrix, "shift") if c[3] > MAX_LAYOUT_SHIFT] == []


def test_axe_finds_nothing_light_and_dark(matrix):
    violations = [c for c in cells(matrix, "axe") if c[3]]
    assert len(cells(matrix, "axe")) == len(AXE_WIDTHS) * len(PALETTES) * len(PAGES)
    assert violations == [], json.dumps(violations, indent=1)


WIDGET_SCRIPTS = ("viewer.js", "explorer.js")


def test_widget_scripts_load_only_where_widgets_are(watched, site_url):
    """A page without widgets fetches neither script; instant navigation to a page
    with widgets brings each in, and they run there."""
    fetched: list[str] = []
    forget_cache(watched)
    watched.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))
    watched.goto(site_url + "gradient/", wait_until="networkidle")
    assert [f for f in fetched if f in WIDGET_SCRIPTS] == []
    watched.locator("a[href$='steps-1d/']").first.click()
    watched.wait_for_url("**/steps-1d/")
    watched.locator("#fig-surrogate_eta0125 .gdfig-controls").wait_for()
    watched.locator("#explore_1d svg").first.wait_for()
    assert sorted(f for f in fetched if f in WIDGET_SCRIPTS) == sorted(WIDGET_SCRIPTS)
    assert watched.problems == []


def test_print_styles_are_for_print_only(built_site):
    for path in PAGES:
        page = (built_site / path / "index.html").read_text()
        links = re.findall(r'<link rel="stylesheet" href="[^"]*print\.css"[^>]*>', page)
        assert links and all('media="print"' in link for link in links), path


def test_viewer_height_never_changes(page, site_url):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url + "steps-1d/", wait_until="networkidle")
    viewer = page.locator("#fig-surrogate_eta0125")  # in the tab shown
    viewer.locator(".gdfig-controls").wait_for()
    heights = []
    for _ in range(12):
        heights.append(viewer.evaluate("v => v.getBoundingClientRect().height"))
        viewer.get_by_role("button", name="Next frame").click(force=True)
    assert len(set(heights)) == 1 and heights[0] > 200, heights


def test_gallery_is_a_grid_of_anchored_entries(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "gallery/", wait_until="networkidle")
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 4000
    columns = page.evaluate("getComputedStyle(document.querySelector('.gdfig-gallery')).gridTemplateColumns")
    assert len(columns.split()) >= 3
    page.goto(site_url + "gallery/#logistic_n100", wait_until="networkidle")
    entry = page.locator("#logistic_n100")
    assert entry.locator("details").evaluate("d => d.open")
    links = entry.locator("a[download]").evaluate_all("a => a.map(x => x.getAttribute('href').split('.').pop())")
    assert sorted(links) == ["json", "pdf", "png", "svg"]
    assert "gdfig render logistic_n100" in entry.inner_text()
    assert entry.locator("details .gdfig-cite-block").count() == 1


def test_gallery_text_is_legible_on_a_phone(tab, site_url):
    """Lighthouse's legible-font-size audit, at its phone: no text under 12 CSS px,
    the folded details (commands, BibTeX) included, as Lighthouse counts them."""
    page = tab(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True)
    page.goto(site_url + "gallery/")
    small = page.evaluate("""() => {
        const small = new Set(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n; (n = walker.nextNode());) {
            const e = n.parentElement;
            if (n.textContent.trim() && e.getClientRects().length && parseFloat(getComputedStyle(e).fontSize) < 12)
                small.add(`${e.parentElement.className} > ${e.localName}.${e.className}: ${getComputedStyle(e).fontSize}`);
        }
        return [...small];
    }""")
    assert small == []


def test_notebook_first_load_is_light_and_follows_the_palette(reader_browser, site_url, built_site):
    context = reader_browser.new_context(color_scheme="dark")
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(site_url + "notebook/", wait_until="networkidle")
    files = {u[len(site_url):].split("#")[0] or "index.html" for u in fetched if u.startswith(site_url)}
    files = {f + "index.html" if f.endswith("/") else f for f in files} - {"search/search_index.json"}
    sent = sum(len(gzip.compress((built_site / f).read_bytes())) for f in files)
    assert sent <= 200 * 1024, sent
    code = page.locator(".jupyter-wrapper .highlight-ipynb").first
    assert code.evaluate("e => getComputedStyle(e).backgroundColor") == page.evaluate(
        "getComputedStyle(document.querySelector('.md-typeset pre > code')).backgroundColor")
    image = page.locator(".jp-OutputArea-output img").first
    assert image.evaluate("i => getComputedStyle(i).filter") != "none"
    context.close()


def test_viewer_preloads_the_neighbouring_frames(page, site_url):
    forget_cache(page)  # what loads, not what another test left in the cache
    page.goto(site_url + "logistic/", wait_until="networkidle")
    page.locator("#fig-logistic .gdfig-controls").wait_for()
    page.locator("#fig-logistic").get_by_role("button", name="Next frame").click()
    loaded = """() => [...document.querySelectorAll("#fig-logistic > figure")].map(f =>
        [...f.querySelectorAll("img[src$='#only-light']")].some(i => i.complete && i.naturalWidth > 0))"""
    # frame 1 shown: frames 0 and 2 load too (networkidle can come before a preload starts)
    page.wait_for_function(f"({loaded})().slice(0, 3).every(Boolean)", timeout=10_000)
    page.wait_for_load_state("networkidle")
    assert not any(page.evaluate(loaded)[3:])
