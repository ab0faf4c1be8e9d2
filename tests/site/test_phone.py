"""Phones: the explorers under a finger at 320 and 390 px (touch emulation, swipes
sent as real touch events through Chromium's compositor), their text and targets,
in both palettes.  WCAG 2.5.7 (a drag has a single-pointer alternative) and 2.5.8
(targets of 24 x 24 CSS px)."""

import json
import re

import pytest
from playwright.sync_api import expect

from gdfig import style
from tests.site.tabs import devtools_session, forget_cache

PAGES = {"explore_1d": "steps-1d/", "explore_2d": "descent-2d/", "explore_logistic": "logistic/"}
WIDTHS = (320, 390)
STATE = "JSON.stringify(window.gdfigExplorers['{0}'].state)"


@pytest.fixture
def phone(tab):
    """A page of a phone-sized, touch-only browser: phone(width, theme)."""
    def make(width: int, theme: str = "light"):
        page = tab(viewport={"width": width, "height": 720}, has_touch=True, is_mobile=True, color_scheme=theme)
        page.problems = []
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        return page

    return make


def open_explorer(page, site_url, explorer, query=""):
    page.goto(site_url + PAGES[explorer] + query)
    page.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    # The plot in the middle of the screen, with room to scroll both ways.
    page.evaluate(f"(() => {{ const r = document.querySelector('#{explorer} .gx-plot').getBoundingClientRect(); "
                  f"window.scrollBy(0, r.top + r.height / 2 - innerHeight / 2); }})()")
    page.wait_for_timeout(100)
    return page


class Finger:
    """One finger, as CDP Input.dispatchTouchEvent sends it (the compositor scrolls
    the page for it, honouring touch-action, exactly as for a real touch)."""

    def __init__(self, page):
        self.page = page

    def path(self, points, end: str = "touchEnd") -> None:
        with devtools_session(self.page) as cdp:  # the page is kept for other tests
            (x, y), *rest = points
            cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
            for x, y in rest:
                cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
                self.page.wait_for_timeout(16)
            cdp.send("Input.dispatchTouchEvent", {"type": end, "touchPoints": []})
        self.page.wait_for_timeout(150)

    def swipe(self, x, y, dy, steps=12) -> None:
        self.path([(x, y + dy * k / steps) for k in range(steps + 1)])

    def drag(self, x, y, dx, dy, steps=10, end="touchEnd") -> None:
        self.path([(x + dx * k / steps, y + dy * k / steps) for k in range(steps + 1)], end)

    def tap(self, x, y) -> None:
        self.path([(x, y)])


def snapshot(page, explorer):
    return page.evaluate(f"[{STATE.format(explorer)}, location.href, history.length, window.scrollY]")


def plot_area(page, explorer):
    """The axes' frame on screen (client px): the map's canvas in 2D, the axis path elsewhere."""
    selector = "canvas" if explorer == "explore_2d" else ".gx-axis"
    return page.locator(f"#{explorer} {selector}").first.bounding_box()


def marker(page, explorer):
    box = page.locator(f"#{explorer} " + (".gx-start" if explorer == "explore_2d" else ".gx-current")).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


# ---- a swipe scrolls, and changes nothing ------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("explorer", ["explore_1d", "explore_2d", "explore_logistic"])
def test_a_vertical_swipe_on_a_plot_scrolls_the_page_and_changes_nothing(phone, site_url, explorer, width):
    page = open_explorer(phone(width), site_url, explorer)
    area = plot_area(page, explorer)
    mx, my = marker(page, explorer) if explorer != "explore_logistic" else (0, 0)
    # Started away from the start marker (a third of the way across, or two thirds).
    x = area["x"] + area["width"] * (0.25 if mx > area["x"] + area["width"] / 2 else 0.75)
    for dy in (-160, 160):  # up, then down
        before = snapshot(page, explorer)
        Finger(page).swipe(x, area["y"] + area["height"] / 2, dy)
        after = snapshot(page, explorer)
        assert after[:3] == before[:3], (dy, before, after)    # state, address, history
        assert abs(after[3] - before[3]) > 40, (dy, before, after)  # and the page did scroll
    assert page.problems == []


# ---- a tap, a sideways drag, a drag of the marker move the start ---------------------------------

@pytest.mark.parametrize("width", WIDTHS)
def test_a_tap_on_the_map_moves_the_start_there_with_one_history_entry(phone, site_url, width):
    page = open_explorer(phone(width), site_url, "explore_2d")
    area = plot_area(page, "explore_2d")
    entries = page.evaluate("history.length")
    Finger(page).tap(area["x"] + area["width"] * 0.25, area["y"] + area["height"] * 0.75)
    assert page.evaluate("window.gdfigExplorers.explore_2d.state.w0") == pytest.approx([0.25, 0.25], abs=0.011)
    assert page.evaluate("history.length") == entries + 1 and "w0=0.25" in page.evaluate("location.search")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_tap_on_the_curve_moves_the_start(phone, site_url, width):
    page = open_explorer(phone(width), site_url, "explore_1d")
    area = plot_area(page, "explore_1d")  # w from -3 to 3
    Finger(page).tap(area["x"] + area["width"] * 0.25, area["y"] + area["height"] * 0.3)
    assert page.evaluate("window.gdfigExplorers.explore_1d.state.w0") == pytest.approx(-1.5, abs=0.04)
    assert "w0=-1.5" in page.evaluate("location.search") or "w0=-1.4" in page.evaluate("location.search")


@pytest.mark.parametrize("explorer", ["explore_1d", "explore_2d"])
def test_a_clearly_sideways_drag_moves_the_start_once_in_history(phone, site_url, explorer):
    page = open_explorer(phone(390), site_url, explorer)
    area = plot_area(page, explorer)
    before, entries = page.evaluate(STATE.format(explorer)), page.evaluate("history.length")
    y = area["y"] + area["height"] * 0.6
    Finger(page).drag(area["x"] + area["width"] * 0.2, y, area["width"] * 0.5, 4)
    after = json.loads(page.evaluate(STATE.format(explorer)))
    start = after["w0"][0] if explorer == "explore_2d" else after["w0"]
    expected = 0.7 if explorer == "explore_2d" else 1.2  # 70 % across [0, 1], or across [-3, 3]
    assert start == pytest.approx(expected, abs=0.05), (before, after)
    assert page.evaluate("history.length") == entries + 1


def test_a_drag_that_starts_on_the_marker_moves_it_even_vertically(phone, site_url):
    page = open_explorer(phone(390), site_url, "explore_2d")
    scrolled = page.evaluate("window.scrollY")
    x, y = marker(page, "explore_2d")
    area = plot_area(page, "explore_2d")
    before = page.evaluate("window.gdfigExplorers.explore_2d.state.w0")
    Finger(page).drag(x, y, 0, area["height"] * 0.3)
    after = page.evaluate("window.gdfigExplorers.explore_2d.state.w0")
    assert after[0] == pytest.approx(before[0], abs=0.011)
    assert after[1] == pytest.approx(before[1] - 0.3, abs=0.03)
    # The page held still: a scroll moves it by tens of pixels; a pixel is rounding (lazy images
    # above settling to whole pixels while the drag runs).
    assert abs(page.evaluate("window.scrollY") - scrolled) <= 1


@pytest.mark.parametrize("explorer", ["explore_1d", "explore_2d"])
def test_a_cancelled_drag_restores_the_state_without_a_history_entry(phone, site_url, explorer):
    page = open_explorer(phone(390), site_url, explorer)
    area = plot_area(page, explorer)
    before = snapshot(page, explorer)
    Finger(page).drag(area["x"] + area["width"] * 0.2, area["y"] + area["height"] * 0.6, area["width"] * 0.5, 0,
                      end="touchCancel")
    assert snapshot(page, explorer)[:3] == before[:3]


@pytest.mark.parametrize("explorer, where", [("explore_1d", "legend"), ("explore_1d", "ticks"),
                                             ("explore_2d", "colour bar"), ("explore_2d", "ticks")])
def test_taps_outside_the_axes_change_nothing(phone, site_url, explorer, where):
    page = open_explorer(phone(390), site_url, explorer)
    selector = {"legend": ".gx-legend-text", "colour bar": ".gx-colourbar rect[fill]", "ticks": ".gx-tick"}[where]
    target = page.locator(f"#{explorer} {selector}").nth(1).bounding_box()
    before = snapshot(page, explorer)
    for finger in ("touch", "mouse"):
        x, y = target["x"] + target["width"] / 2, target["y"] + target["height"] / 2
        Finger(page).tap(x, y) if finger == "touch" else page.mouse.click(x, y)
        assert snapshot(page, explorer)[:3] == before[:3], finger


# ---- text and targets -----------------------------------------------------------------------------

# Each text of a plot as shown: its font size times the plot's scale on screen.
SHOWN_TEXT = """root => [...root.querySelectorAll('svg.gx-plot text')].filter(t => t.textContent.trim()
    && getComputedStyle(t).visibility !== 'hidden' && t.getBBox().width > 0).map(t => {
    const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale, t.getBoundingClientRect().height];
})"""


TARGETS = """root => [...root.querySelectorAll('input, button')].filter(e => e.offsetParent !== null).map(e => {
    const r = e.getBoundingClientRect(); return [e.tagName + (e.type ? ':' + e.type : ''), e.textContent || e.getAttribute('aria-label') || '', r.width, r.height];
})"""


@pytest.mark.parametrize("theme", style.THEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_plot_text_is_at_least_10_px_and_targets_24_px_and_buttons_44_on_phones(phone, site_url, width, theme):
    page = phone(width, theme)
    for explorer, query in (("explore_1d", "?eta=5&w0=1.3&t=30"), ("explore_2d", "?eta=0.1&w0=0.02,0.98"),
                            ("explore_logistic", "?lda=1&n=3")):
        open_explorer(page, site_url, explorer, query)
        shown = page.evaluate(SHOWN_TEXT, page.locator(f"#{explorer}").element_handle())
        assert len(shown) >= 10, explorer
        small = [(text, round(size, 1)) for text, size, _ in shown if size < 10]
        assert small == [], (explorer, small)
        # Every plot text inside the plot's box (none cut at an edge; the data layer is clipped to the axes).
        inside = page.evaluate("""root => { const box = root.querySelector('svg.gx-plot').getBoundingClientRect();
            return [...root.querySelectorAll('svg.gx-plot text')].filter(t => t.textContent.trim() && !t.closest('[clip-path]')).map(t => {
                const r = t.getBoundingClientRect(); return [t.textContent, r.left >= box.left - 1 && r.right <= box.right + 1
                && r.top >= box.top - 1 && r.bottom <= box.bottom + 1]; }).filter(([, ok]) => !ok); }""",
                               page.locator(f"#{explorer}").element_handle())
        assert inside == [], (explorer, inside)
        targets = page.evaluate(TARGETS, page.locator(f"#{explorer}").element_handle())
        assert len(targets) >= 2
        for kind, label, w, h in targets:
            assert w >= 24 and h >= 24, (explorer, kind, label, w, h)
            if kind.startswith("BUTTON"):
                assert w >= 44 and h >= 44, (explorer, kind, label, w, h)
    assert page.problems == []


@pytest.mark.parametrize("theme", style.THEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_frame_viewer_fits_a_phone_with_big_targets_and_a_visible_disabled_state(phone, site_url, width, theme):
    page = phone(width, theme)
    page.goto(site_url + "steps-1d/")
    viewer = page.locator("#fig-surrogate_eta0125")
    viewer.locator(".gdfig-controls").wait_for()
    targets = page.evaluate(TARGETS, viewer.element_handle())
    for kind, label, w, h in targets:
        assert w >= 24 and h >= 24, (kind, label, w, h)
        if kind.startswith("BUTTON"):
            assert w >= 44 and h >= 44, (kind, label, w, h)
    label = viewer.locator(".gdfig-label")
    assert label.evaluate("l => l.scrollWidth <= l.clientWidth + 1"), label.inner_text()  # never cut
    previous, following = viewer.get_by_label("Previous frame"), viewer.get_by_label("Next frame")
    assert previous.is_disabled() and not following.is_disabled()
    look = "b => [getComputedStyle(b).opacity, getComputedStyle(b).borderStyle, getComputedStyle(b).color]"
    assert previous.evaluate(look) != following.evaluate(look)
    assert float(previous.evaluate("b => getComputedStyle(b).opacity")) <= 0.5
    assert page.problems == []


# ---- a hostile or damaged export runs nothing -------------------------------------------------------

def hostile(route, replace):
    data = json.loads(route.fetch().text())
    route.fulfill(status=200, content_type="application/json", body=json.dumps(replace(data)))


def poisoned_loss(data):
    data["loss"] = ["+", data["loss"], ["const", "(window.__pwned='x', 1.0)"]]
    return data


def unknown_operation(data):
    data["loss"] = ["+", data["loss"], ["alert", ["const", 1.0]]]
    return data


def css_in_the_look(data):
    data["style"]["palettes"]["light"]["ink"] = "red; background: url(http://example.com/x)"
    return data


@pytest.mark.parametrize("explorer, damage", [("explore_2d", poisoned_loss), ("explore_1d", poisoned_loss),
                                              ("explore_2d", unknown_operation), ("explore_1d", css_in_the_look)],
                         ids=["2d code in a constant", "1d code in a constant", "unknown operation", "css in a colour"])
def test_a_hostile_export_runs_nothing_and_the_page_says_it_cannot_show_the_explorer(phone, site_url, explorer, damage):
    page = phone(390)
    page.route(f"**/{explorer}.json", lambda route: hostile(route, damage))
    page.goto(site_url + PAGES[explorer])
    page.wait_for_function(f"document.getElementById('{explorer}').dataset.ready === 'failed'")
    assert page.evaluate("window.__pwned") is None
    said = page.locator(f"#{explorer}").inner_text()
    assert said.startswith("This explorer cannot be shown:") and "figures above" in said
    assert page.locator(f"#{explorer} svg").count() == 0
    assert page.problems == []  # a warning, not an error


# ---- the gallery: light first load, one column on phones, every address finds its card ---------------

def first_load(page, site_url, built_site, path) -> int:
    """Gzipped bytes of every file of the site the page fetched, once it is idle."""
    import gzip

    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(site_url + path, wait_until="networkidle")
    page.wait_for_timeout(500)
    files = {u[len(site_url):].split("#")[0].split("?")[0] for u in fetched if u.startswith(site_url)}
    files = {f + "index.html" if f.endswith("/") or not f else f for f in files} - {"search/search_index.json"}
    return sum(len(gzip.compress((built_site / f).read_bytes())) for f in files if (built_site / f).is_file())


@pytest.mark.parametrize("theme", style.THEMES)
@pytest.mark.parametrize("width, density", [(390, 3), (1280, 2)])  # a phone's screen; a laptop's
def test_the_gallery_first_load_is_at_most_300_kb(reader_browser, site_url, built_site, width, density, theme):
    context = reader_browser.new_context(viewport={"width": width, "height": 800}, color_scheme=theme,
                                  device_scale_factor=density, is_mobile=width < 480, has_touch=width < 480)
    sent = first_load(context.new_page(), site_url, built_site, "gallery/")
    context.close()
    print(f"\ngallery first load at {width} px x{density}, {theme}: {sent / 1024:.0f} KB gzipped")
    assert sent <= 300 * 1024


def test_gallery_cards_one_column_on_phones_with_linked_thumbnails_and_visible_downloads(phone, site_url, rendered):
    manifest = json.loads((rendered / "manifest.json").read_text())
    figures = [e for e in manifest["figures"] if e["variant_of"] is None and e["kind"] == "figure"]
    sequences = {e["sequence"] for e in figures if e["sequence"]}
    page = phone(390)
    page.goto(site_url + "gallery/")
    assert len(page.evaluate("getComputedStyle(document.querySelector('.gdfig-gallery')).gridTemplateColumns").split()) == 1
    cards = page.locator(".gdfig-card")
    assert cards.count() == len(figures) - sum(e["sequence"] is not None for e in figures) + len(sequences)
    for k in range(cards.count()):
        card = cards.nth(k)
        downloads = card.locator(":scope > .gdfig-downloads")
        assert downloads.is_visible() and downloads.inner_text().startswith("Download")
        assert downloads.locator("a[download]").all_inner_texts() == ["SVG", "PDF", "PNG", "data"]
        thumb = card.locator("a.gdfig-thumb:visible")
        assert thumb.count() == 1 and thumb.get_attribute("href").endswith(".svg")
        widths = re.findall(r" (\d+)w(?:,|$)", thumb.locator("img").get_attribute("srcset"))
        assert widths == ["480", "640", "960"]  # 1x; a laptop's 2x; a phone's 3x
    assert page.problems == []


def test_every_figure_address_opens_and_shows_its_card(phone, site_url, rendered):
    manifest = json.loads((rendered / "manifest.json").read_text())
    names = [e["name"] for e in manifest["figures"] if e["variant_of"] is None and e["kind"] == "figure"]
    page = phone(390)
    for name in (names[0], next(n for n in names if n.startswith("logistic_n1"))):  # a figure, a frame: on load
        page.goto(f"{site_url}gallery/#fig-{name}")
        expect(page.locator(f"#fig-{name}"), f"#fig-{name} on load").to_be_in_viewport()
    for name in names:  # and each one followed from within the page
        for anchor in (f"fig-{name}", name):
            page.evaluate(f"location.hash = '#{anchor}'")
            # Shown, not merely present: a frame's entry sits in folded lists. A machine
            # busy with other tests can stall a tab for seconds: the wait allows for it.
            expect(page.locator(f"#{anchor}"), f"#{anchor} followed").to_be_in_viewport(timeout=20_000)
    assert page.problems == []


@pytest.mark.parametrize("path", ["descent-2d/", "gallery/", "steps-1d/"])
def test_a_malformed_address_throws_nothing(phone, site_url, path):
    page = phone(390)
    page.goto(f"{site_url}{path}#%")
    page.wait_for_timeout(400)
    page.evaluate("location.hash = '#%E0%A4%A'")
    page.wait_for_timeout(200)
    assert page.problems == []


# ---- structure: each page loads its own explorer's module, and only that --------------------------

MODULES = {"explore_1d": "curve.js", "explore_2d": "plane.js", "explore_logistic": "boundary.js"}


@pytest.mark.parametrize("explorer", list(PAGES))
def test_each_page_loads_only_its_own_explorer_module(phone, site_url, explorer):
    page, fetched = phone(390), []
    forget_cache(page)
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))
    open_explorer(page, site_url, explorer)
    loaded = {name for name in MODULES.values() if name in fetched}
    assert loaded == {MODULES[explorer]}
    assert {"expr.js", "plot.js", "state.js"} <= set(fetched) or explorer == "explore_logistic"


# ---- the notebook at 320 px: code keeps whole lines --------------------------------------------------

def test_notebook_code_scrolls_as_whole_lines_at_320_px(phone, site_url):
    page = phone(320)
    page.goto(site_url + "notebook/")
    page.wait_for_timeout(300)
    blocks = page.evaluate("""() => [...document.querySelectorAll('.jupyter-wrapper :is(.highlight-ipynb, .jp-OutputArea-output) pre')]
        .map(p => [getComputedStyle(p).whiteSpace, p.scrollWidth > p.clientWidth + 1, p.tabIndex,
                   p.getBoundingClientRect().right <= innerWidth + 0.5])""")
    assert blocks
    for white_space, scrolls, tab_index, fits in blocks:
        assert white_space == "pre" and fits
        if scrolls:
            assert tab_index == 0  # a keyboard can scroll it
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


# The notebook's output figure (gdfig.notebook.show: a <picture> of two inline SVGs):
# which one shows, and its smallest glyph in CSS px as displayed (matplotlib writes each
# string as glyphs scaled by font size / 100 in the SVG's own units).
NOTEBOOK_FIGURE = r"""() => [...document.querySelectorAll('.jp-OutputArea-output picture img')].map(img => {
    const narrow = img.parentElement.querySelector('source').srcset;
    const svg = atob(img.currentSrc.split(',')[1]);
    const viewBox = +svg.match(/viewBox="0 0 ([\d.]+)/)[1];
    const sizes = [...svg.matchAll(/scale\(([\d.]+) -[\d.]+\)/g)].map(m => +m[1] * 100);
    return [img.currentSrc === narrow, Math.min(...sizes) * img.getBoundingClientRect().width / viewBox];
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_notebook_output_figure_is_the_narrow_layout_with_10_px_text(phone, site_url, width):
    page = phone(width)
    page.goto(site_url + "notebook/")
    shown = page.evaluate(NOTEBOOK_FIGURE)
    assert shown, "the notebook shows no figure"
    for narrow, smallest_px in shown:
        assert narrow and round(smallest_px, 2) >= 10, (narrow, smallest_px)  # to 0.01 px, as test_reader
