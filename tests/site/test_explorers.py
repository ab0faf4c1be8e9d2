"""The explorers in a real browser: their numbers are gdfig's, they draw with the
figures' style, show where iterates went, work by keyboard, touch and history,
and fit a phone.  Expected values come from gdfig itself (torch, matplotlib),
never from the page."""

import dataclasses
import json
import re

import pytest
import torch
from matplotlib.figure import Figure

from gdfig import style
from gdfig.draw import landscape as draw_landscape
from gdfig.figures import explorers, landscape, surrogate
from gdfig.numerics import descent, losses

PAIRS_1D = [(0.125, 1.3), (0.5, 1.3), (0.9, -2.2), (0.03, 2.9), (5.0, 1.3)]  # the last diverges
PAIRS_2D = [(0.02, (0.45, 0.92)), (0.038, (0.45, 0.92)), (0.005, (0.1, 0.1))]
# Inside the narrow trough with eta = 0.1 each step multiplies the distance across
# it by about -3.9: rounding differences of one ulp (V8's exp against torch's) grow
# 4x a step, so whole trajectories cannot agree to 1e-9 there; each step does.
CHAOTIC_2D = (0.1, (0.7, 0.65))
STEPS_2D = landscape.PathParams().steps
PAGES = {"explore_1d": "steps-1d/", "explore_2d": "descent-2d/", "explore_logistic": "logistic/"}


def open_explorer(page, site_url, explorer: str, query: str = ""):
    page.goto(site_url + PAGES[explorer] + query)
    page.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    return page


def trajectory(page, explorer: str) -> dict:
    page.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    return page.evaluate(f"window.gdfigExplorers['{explorer}'].trajectory()")


def assert_same(page_path: dict, gdfig_path) -> None:
    expected = gdfig_path.iterates
    got = torch.tensor(page_path["iterates"], dtype=torch.float64)
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, rtol=1e-9, atol=1e-300)
    assert page_path["divergedAt"] == gdfig_path.diverged_at


def descend_2d(eta: float, w0):
    """The figures' 2D descent: their step count and escape bound."""
    return descent.descend(losses.loss_2d, torch.tensor(w0, dtype=torch.float64), eta, STEPS_2D,
                           bound=landscape.ESCAPE_BOUND)


# ---- the numbers are gdfig's -------------------------------------------------------------

# An address of the same page, as the back button brings it: the explorer reads its
# state from it (state.js), without loading the page again for every setting.
VISIT = """query => { history.pushState(null, "", location.pathname + query);
    dispatchEvent(new PopStateEvent("popstate")); }"""


def test_1d_iterates_equal_gdfig(watched, site_url):
    watched.goto(f"{site_url}steps-1d/")
    for eta, w0 in PAIRS_1D:
        watched.evaluate(VISIT, f"?eta={eta}&w0={w0}&t=30")
        path = trajectory(watched, "explore_1d")
        expected = descent.descend(losses.loss_1d, torch.tensor([w0], dtype=torch.float64), eta, 30,
                                   bound=surrogate.DIVERGENCE_BOUND)
        state = watched.evaluate("window.gdfigExplorers.explore_1d.state")
        assert (state["eta"], path["iterates"][0]) == (eta, [w0])  # this setting, read
        assert_same(path, expected)
        said = watched.locator("#explore_1d .gx-status").inner_text()
        if expected.diverged_at is not None:
            assert f"diverged after {expected.diverged_at} steps" in said, (eta, w0)
    assert watched.problems == []


def test_2d_iterates_equal_gdfig_over_the_figures_step_count(watched, site_url):
    watched.goto(f"{site_url}descent-2d/")
    for eta, w0 in PAIRS_2D:
        watched.evaluate(VISIT, f"?eta={eta}&w0={w0[0]},{w0[1]}")
        path = trajectory(watched, "explore_2d")
        expected = descend_2d(eta, w0)
        assert len(expected.iterates) == STEPS_2D + 1 == 201  # the figures' 200 steps
        assert (path["eta"], path["iterates"][0]) == (eta, list(w0))  # this setting, read
        assert_same(path, expected)
    assert watched.problems == []


def test_each_page_step_is_a_gdfig_step_even_where_rounding_explodes(watched, site_url):
    eta, w0 = CHAOTIC_2D
    watched.goto(f"{site_url}descent-2d/?eta={eta}&w0={w0[0]},{w0[1]}")
    iterates = torch.tensor(trajectory(watched, "explore_2d")["iterates"], dtype=torch.float64)
    assert len(iterates) == STEPS_2D + 1
    for before, after in zip(iterates, iterates[1:]):
        step = before - eta * descent.gradient(losses.loss_2d, before)
        assert torch.allclose(after, step, rtol=1e-12, atol=0)


def test_the_lecture_settings_come_from_the_figures(watched, site_url):
    open_explorer(watched, site_url, "explore_2d")
    lecture = landscape.PathParams()
    assert watched.evaluate("window.gdfigExplorers.explore_2d.state") == {
        "eta": lecture.eta, "w0": list(lecture.starts[0])}
    open_explorer(watched, site_url, "explore_1d")
    frame = surrogate.Params()
    assert watched.evaluate("window.gdfigExplorers.explore_1d.state") == {"eta": frame.eta, "w0": frame.w0, "t": 0}


# ---- one source of look --------------------------------------------------------------------

def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def computed(page, selector: str, prop: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({json.dumps(selector)}))[{json.dumps(prop)}]")


# (selector, CSS property, palette field): every data mark of the three explorers.
MARKS = {
    "explore_1d": [(".gx-loss", "stroke", "ink"), (".gx-surrogate", "stroke", "second"),
                   (".gx-current", "fill", "accent"), (".gx-earlier", "fill", "faint"),
                   (".gx-next", "stroke", "second"), (".gx-iterate-label", "fill", "accent")],
    "explore_2d": [(".gx-path", "stroke", "accent"), (".gx-path-dot", "fill", "accent")],
    "explore_logistic": [(".gx-positive", "stroke", "positive"), (".gx-negative", "stroke", "negative"),
                         (".gx-boundary", "stroke", "accent"), (".gx-lda", "stroke", "second")],
}
QUERIES = {"explore_1d": "?t=3", "explore_2d": "", "explore_logistic": "?lda=1"}


@pytest.fixture(scope="module")
def colours_shown(tabs, site_url) -> dict:
    """{(theme, explorer): (the page's background, {selector: its mark's colour})},
    read once per palette from the three explorers."""
    shown = {}
    for theme in style.THEMES:
        kept = tabs.borrow({"color_scheme": theme})
        for explorer, marks in MARKS.items():
            open_explorer(kept.page, site_url, explorer, QUERIES[explorer])
            background = kept.page.evaluate("getComputedStyle(document.body).backgroundColor")
            shown[theme, explorer] = background, {selector: computed(kept.page, f"#{explorer} {selector}", prop)
                                                  for selector, prop, _ in marks}
        tabs.give_back(kept)
    return shown


@pytest.mark.parametrize("theme", style.THEMES)
def test_explorers_draw_with_the_figures_colours_in_both_palettes(colours_shown, theme):
    palette = style.palette(theme)
    for explorer, marks in MARKS.items():
        _, colours = colours_shown[theme, explorer]
        for selector, _, field in marks:
            assert colours[selector] == rgb(getattr(palette, field)), (explorer, selector)


def test_explorers_draw_with_the_figures_markers_and_sizes(watched, site_url):
    px = {k: v * style.PX_PER_POINT for k, v in dataclasses.asdict(style.MARKS).items()}
    open_explorer(watched, site_url, "explore_1d", "?t=3")
    assert float(watched.get_attribute("#explore_1d .gx-current", "r")) == pytest.approx(px["current"] / 2, abs=1e-3)
    assert float(watched.get_attribute("#explore_1d .gx-earlier", "r")) == pytest.approx(px["iterate"] / 2, abs=1e-3)
    assert watched.evaluate("getComputedStyle(document.querySelector('#explore_1d .gx-surrogate')).strokeDasharray") != "none"
    open_explorer(watched, site_url, "explore_2d")
    # The figure: a white square at the start, a white star at the end, both edged black.
    assert watched.evaluate("document.querySelector('#explore_2d .gx-start').tagName") == "rect"
    assert float(watched.get_attribute("#explore_2d .gx-start", "width")) == pytest.approx(px["start"], abs=1e-3)
    star = watched.get_attribute("#explore_2d .gx-end", "d")
    assert star.count("L") == 9 and star.endswith("Z")  # ten corners: a five-pointed star
    for selector in (".gx-start", ".gx-end"):
        assert computed(watched, f"#explore_2d {selector}", "fill") == "rgb(255, 255, 255)"
        assert computed(watched, f"#explore_2d {selector}", "stroke") == "rgb(0, 0, 0)"
    open_explorer(watched, site_url, "explore_logistic", "?lda=1")
    assert watched.evaluate("document.querySelector('#explore_logistic .gx-positive').tagName") == "circle"
    assert watched.get_attribute("#explore_logistic .gx-negative", "d").count("l") == 2  # a cross: two strokes
    assert computed(watched, "#explore_logistic .gx-lda", "strokeDasharray") != "none"
    assert computed(watched, "#explore_logistic .gx-boundary", "strokeDasharray") == "none"
    assert watched.problems == []


def luminance(colour: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"[\d.]+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", style.THEMES)
def test_every_data_colour_keeps_3_to_1_contrast_with_the_page(colours_shown, theme):
    for explorer in MARKS:
        background, colours = colours_shown[theme, explorer]
        assert background == rgb(style.palette(theme).page)  # the page the figures are seen on
        for selector, colour in colours.items():
            assert contrast(colour, background) >= 3, (explorer, selector, colour, background)
    palette = style.palette(theme)  # the figures' colours too (they share the palette)
    for field in ("ink", "faint", "accent", "second", "positive", "negative"):
        assert contrast(rgb(getattr(palette, field)), rgb(palette.page)) >= 3, field


def pixel_at(page, w) -> list[int]:
    """The canvas pixel (RGBA) under the point w of the 2D map."""
    return page.evaluate("""w => {
        const c = document.querySelector('#explore_2d canvas');
        const x = Math.floor(w[0] * c.width), y = Math.floor((1 - w[1]) * c.height);
        return [...c.getContext('2d').getImageData(x, y, 1, 1).data];
    }""", w)


@pytest.mark.parametrize("theme", style.THEMES)
def test_the_map_has_the_figures_bands(tab, site_url, theme):
    """The map's colour at a few points is the band matplotlib gives them in the contour figures."""
    page = open_explorer(tab(color_scheme=theme), site_url, "explore_2d")
    x, y, z = losses.grid_2d(landscape.PathParams().grid)
    filled = Figure().add_subplot().contourf(x.numpy(), y.numpy(), z.numpy(), levels=draw_landscape.LEVELS,
                                             cmap=style.palette(theme).colormap, alpha=0.85)
    levels, colours = filled.levels.tolist(), filled.get_facecolor().tolist()
    checked = 0
    for w in [(0.24, 0.27), (0.75, 0.18), (0.5, 0.5), (0.1, 0.5), (0.9, 0.9), (0.4, 0.55)]:
        v = losses.loss_2d(torch.tensor(w, dtype=torch.float64)).item()
        if min(abs(v - level) for level in levels) < 0.01:
            continue  # too near a contour line to tell
        band = max(k for k in range(len(colours)) if levels[k] <= v or k == 0)
        expected = [round(c * 255) for c in colours[band]]
        assert pixel_at(page, w) == pytest.approx(expected, abs=2), w
        checked += 1
    assert checked >= 4


# ---- axes, legends, colour bar ----------------------------------------------------------

def texts(page, selector: str) -> list[str]:
    return page.locator(selector).all_text_contents()


@pytest.mark.parametrize("explorer, x_label, y_label, legend", [
    ("explore_1d", "w", "ℒ", ["loss ℒ", "surrogate ℒ̃ at w₃", "its minimum, the next iterate"]),
    ("explore_2d", "w₁", "w₂", []),
    ("explore_logistic", "x₁", "x₂", ["y = −1", "y = +1", "logistic, n = 100", "LDA"]),
])
def test_axes_have_ticks_labels_and_the_figures_legend(watched, site_url, explorer, x_label, y_label, legend):
    open_explorer(watched, site_url, explorer, "?t=3&n=100&lda=1")
    ticks = texts(watched, f"#{explorer} .gx-tick")
    assert len(ticks) >= 8
    assert not any("-" in t for t in ticks), ticks             # no hyphen-minus ...
    negative = [t for t in ticks if t.startswith("−")]
    if explorer != "explore_2d":
        assert negative, ticks                                    # ... but true minus signs
    for tick in ticks:
        float(tick.replace("−", "-"))                             # every tick is a number
    assert texts(watched, f"#{explorer} .gx-label")[:2] == [x_label, y_label]
    assert texts(watched, f"#{explorer} .gx-legend-text") == legend
    assert watched.problems == []


def test_the_2d_map_has_a_colour_bar_with_the_figures_levels(watched, site_url, built_site):
    exported = json.loads((built_site / "figures" / "explore_2d.json").read_text())
    open_explorer(watched, site_url, "explore_2d")
    bands = watched.locator("#explore_2d .gx-colourbar rect[fill]")
    assert bands.count() == len(exported["maps"]["light"]["bands"]) == draw_landscape.LEVELS
    labels = [float(t) for t in texts(watched, "#explore_2d .gx-colourbar .gx-tick")]
    assert set(labels) <= set(exported["maps"]["light"]["levels"]) and len(labels) >= 4


# ---- divergence you can see ---------------------------------------------------------------

def test_1d_iterates_outside_the_window_are_marked_at_its_edge(watched, site_url):
    eta, w0, t = 5.0, 1.3, 30
    open_explorer(watched, site_url, "explore_1d", f"?eta={eta}&w0={w0}&t={t}")
    expected = descent.descend(losses.loss_1d, torch.tensor([w0], dtype=torch.float64), eta, t,
                               bound=surrogate.DIVERGENCE_BOUND)
    ws = expected.iterates[:, 0]
    lo, hi = losses.WINDOW_1D
    grid = losses.loss_1d(torch.linspace(lo, hi, 301, dtype=torch.float64)[:, None])
    y_high = grid.max().item() + 0.4  # the figure's y range
    away = [(w < lo or w > hi or v > y_high) for w, v in zip(ws.tolist(), expected.values.tolist())]
    last = max(k for k, out in enumerate(away) if out)
    mark = watched.locator("#explore_1d .gx-edge-mark")
    assert mark.count() == 1
    value = ws[last].item()
    assert watched.locator("#explore_1d .gx-edge-text").text_content() == f"w{style.subscript(last)} = {value:.4g}".replace("-", "−")
    frame = watched.locator("#explore_1d .gx-axis").first.bounding_box()
    tip = mark.bounding_box()
    assert frame["x"] - 1 <= tip["x"] and tip["x"] + tip["width"] <= frame["x"] + frame["width"] + 1
    note = watched.locator("#explore_1d .gx-note text").text_content()
    assert f"diverged after {expected.diverged_at} steps" in note and f"{sum(away)} outside the window" in note
    assert f"left the window at step {away.index(True)}" in watched.locator("#explore_1d .gx-status").inner_text()


def a_start_that_leaves_the_square(eta: float = 0.1):
    """A start on the box's rim whose path (by gdfig) leaves [0, 1]^2, and the step it leaves."""
    for start in [(0.02, 0.98), (0.98, 0.02), (0.02, 0.02), (0.98, 0.98), (0.5, 0.98), (0.02, 0.5)]:
        it = descend_2d(eta, start).iterates
        outside = ((it < 0) | (it > 1)).any(dim=1).nonzero()
        if len(outside):
            return start, outside[0].item()
    pytest.fail("no start on the rim leaves the square at eta = 0.1; pick another eta for this test")


def test_2d_paths_that_leave_keep_their_end_marker_on_the_edge(watched, site_url):
    (sx, sy), left = a_start_that_leaves_the_square()
    open_explorer(watched, site_url, "explore_2d", f"?eta=0.1&w0={sx},{sy}")
    assert f"left the square at step {left}" in watched.locator("#explore_2d .gx-status").inner_text()
    assert "left the square" in watched.locator("#explore_2d .gx-note text").text_content()
    frame = watched.locator("#explore_2d canvas").bounding_box()
    star = watched.locator("#explore_2d .gx-end").bounding_box()
    centre = (star["x"] + star["width"] / 2, star["y"] + star["height"] / 2)
    assert frame["x"] - 1 <= centre[0] <= frame["x"] + frame["width"] + 1
    assert frame["y"] - 1 <= centre[1] <= frame["y"] + frame["height"] + 1
    on_edge = min(abs(centre[0] - frame["x"]), abs(centre[0] - frame["x"] - frame["width"]),
                  abs(centre[1] - frame["y"]), abs(centre[1] - frame["y"] - frame["height"]))
    assert on_edge < 1.5


# ---- the 2D map: painted once per load and theme, at the screen's resolution -------------

@pytest.mark.parametrize("ratio", [1, 2, 3])
def test_the_map_is_painted_at_the_device_pixel_ratio_capped_at_2(tab, site_url, ratio):
    page = open_explorer(tab(device_scale_factor=ratio), site_url, "explore_2d")
    width, css = page.evaluate("[document.querySelector('#explore_2d canvas').width, "
                               "document.querySelector('#explore_2d canvas').getBoundingClientRect().width]")
    assert width == round(css * min(ratio, 2))


def test_the_map_is_painted_once_per_load_and_theme(watched, site_url):
    open_explorer(watched, site_url, "explore_2d")
    count = "window.gdfigExplorers.explore_2d.timings.map.length"
    assert watched.evaluate(count) == 1
    move(watched, "explore_2d", "Step size η")
    watched.locator("#explore_2d .gx-plot").click(position={"x": 200, "y": 200})
    assert watched.evaluate(count) == 1
    watched.locator("label[title='Switch to dark mode']").first.click()
    watched.wait_for_function(f"{count} === 2")
    print(f"\nmap painted in {watched.evaluate('window.gdfigExplorers.explore_2d.timings.map')} ms (not asserted)")


def test_arrow_keys_move_the_start_and_the_readout_says_so(watched, site_url):
    open_explorer(watched, site_url, "explore_2d")
    start = watched.evaluate("window.gdfigExplorers.explore_2d.state.w0")
    plot = watched.locator("#explore_2d .gx-plot")
    plot.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowUp", "Shift+ArrowLeft"):
        watched.keyboard.press(key)
    moved = [round(start[0] + 0.02 - 0.1, 2), round(start[1] + 0.01, 2)]
    assert watched.evaluate("window.gdfigExplorers.explore_2d.state.w0") == moved
    readout = watched.locator("#explore_2d .gx-status")
    assert readout.get_attribute("aria-live") == "polite"
    assert f"w₀ = ({moved[0]:g}, {moved[1]:g})" in readout.inner_text()
    assert_same(trajectory(watched, "explore_2d"), descend_2d(watched.evaluate(
        "window.gdfigExplorers.explore_2d.state.eta"), moved))


# ---- keyboard and touch ---------------------------------------------------------------------

def drawing(page, explorer: str) -> str:
    return page.locator(f"#{explorer} svg").inner_html()


def move(page, explorer: str, label: str, key: str = "ArrowRight") -> None:
    """Press `key` on the labelled control, as a keyboard user would."""
    page.locator(f"#{explorer}").get_by_label(label, exact=True).focus()
    page.keyboard.press(key)


CONTROLS = [("steps-1d/", "explore_1d", ["Step size η", "Start w₀", "Step t"]),
            ("descent-2d/", "explore_2d", ["Step size η", "Start w₀, first coordinate",
                                           "Start w₀, second coordinate"]),
            ("logistic/", "explore_logistic", ["Steps n (log scale)", "Show the LDA boundary"])]


@pytest.mark.parametrize("path, explorer, labels", CONTROLS, ids=[c[1] for c in CONTROLS])
def test_every_control_works_by_keyboard_and_changes_the_drawing(watched, site_url, path, explorer, labels):
    watched.goto(site_url + path + "?t=3")
    watched.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    for label in labels:
        before = drawing(watched, explorer)
        move(watched, explorer, label, "Space" if label.startswith("Show") else "ArrowRight")
        assert drawing(watched, explorer) != before, label
    assert watched.problems == []


@pytest.mark.parametrize("explorer", list(PAGES))
def test_every_control_shows_a_focus_ring(watched, site_url, explorer):
    open_explorer(watched, site_url, explorer)
    controls = watched.locator(f"#{explorer} :is(input, button, [tabindex='0'])")
    assert controls.count() >= 2
    watched.locator(f"#{explorer} input").first.focus()
    watched.keyboard.press("Shift+Tab")
    for k in range(controls.count()):
        watched.keyboard.press("Tab")
        ring = watched.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                                "return [document.activeElement.closest('.gdfig-explorer') !== null, "
                                "s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert ring[0] and ring[1] != "none" and ring[2] >= 2, (k, ring)


@pytest.mark.parametrize("explorer", ["explore_1d", "explore_2d"])
def test_the_eta_slider_has_few_positions_with_the_figures_values_on_them(watched, site_url, built_site, explorer):
    exported = json.loads((built_site / "figures" / f"{explorer}.json").read_text())
    family = surrogate.FAMILY if explorer == "explore_1d" else landscape.PATHS
    figure_etas = sorted({s.params.eta for s in (*surrogate.SPECS, *landscape.SPECS) if s.family is family})
    assert exported["landmarks"] == figure_etas
    slider = f"#{explorer} input[type=range]"
    open_explorer(watched, site_url, explorer)
    for eta in figure_etas:
        watched.evaluate(VISIT, f"?eta={eta}")
        assert int(watched.get_attribute(slider, "max")) + 1 <= 120
        move(watched, explorer, "Step size η", "ArrowRight")
        move(watched, explorer, "Step size η", "ArrowLeft")
        assert watched.evaluate(f"window.gdfigExplorers['{explorer}'].state.eta") == eta  # exactly on the grid


def test_page_keys_move_ten_positions_and_home_end_go_to_the_ends(watched, site_url):
    open_explorer(watched, site_url, "explore_1d")
    position = lambda: int(watched.locator("#explore_1d").get_by_label("Step size η", exact=True).input_value())  # noqa: E731
    start = position()
    move(watched, "explore_1d", "Step size η", "PageUp")
    assert position() == start + 10
    move(watched, "explore_1d", "Step size η", "PageDown")
    move(watched, "explore_1d", "Step size η", "PageDown")
    assert position() == start - 10
    move(watched, "explore_1d", "Step size η", "End")
    top = watched.evaluate("window.gdfigExplorers.explore_1d.state.eta")
    move(watched, "explore_1d", "Step size η", "Home")
    assert (watched.evaluate("window.gdfigExplorers.explore_1d.state.eta"), top) == tuple(
        explorers.compute_curve(explorers.CurveParams())["eta_range"])


def test_a_link_keeps_an_eta_between_positions_exactly(watched, site_url):
    open_explorer(watched, site_url, "explore_1d", "?eta=0.31&w0=1.3")
    assert watched.evaluate("window.gdfigExplorers.explore_1d.state.eta") == 0.31
    assert watched.locator("#explore_1d output").first.inner_text() == "0.31"
    path = trajectory(watched, "explore_1d")
    expected = descent.descend(losses.loss_1d, torch.tensor([1.3], dtype=torch.float64), 0.31, 30,
                               bound=surrogate.DIVERGENCE_BOUND)
    assert_same(path, expected)
    assert "eta=0.31" in watched.evaluate("location.href")
    move(watched, "explore_1d", "Step size η", "ArrowRight")  # the slider sat on the nearest position,
    move(watched, "explore_1d", "Step size η", "ArrowLeft")   # which is not 0.31: a grid value now
    assert watched.evaluate("window.gdfigExplorers.explore_1d.state.eta") != 0.31


def test_the_pages_suggested_step_sizes_are_slider_positions(watched, site_url):
    """The steps page suggests eta = 0.25 and 0.6: the slider reaches them exactly."""
    for eta in (0.25, 0.6):
        open_explorer(watched, site_url, "explore_1d", f"?eta={eta}")
        move(watched, "explore_1d", "Step size η", "ArrowLeft")
        move(watched, "explore_1d", "Step size η", "ArrowRight")
        assert watched.evaluate("window.gdfigExplorers.explore_1d.state.eta") == eta


@pytest.mark.parametrize("explorer", list(PAGES))
def test_plots_let_a_swipe_scroll_except_while_dragged(watched, site_url, explorer):
    open_explorer(watched, site_url, explorer)
    plot = watched.locator(f"#{explorer} .gx-plot")
    assert plot.evaluate("p => getComputedStyle(p).touchAction") != "none"
    assert "pan-y" in plot.evaluate("p => getComputedStyle(p).touchAction")
    if explorer == "explore_logistic":
        return  # nothing to drag there
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    watched.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    watched.mouse.down()
    assert plot.evaluate("p => getComputedStyle(p).touchAction") == "none"
    watched.mouse.up()
    assert plot.evaluate("p => getComputedStyle(p).touchAction") != "none"


def test_dragging_on_the_curve_sets_the_start(watched, site_url):
    open_explorer(watched, site_url, "explore_1d")
    plot = watched.locator("#explore_1d svg")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    axis = watched.locator("#explore_1d .gx-axis").first.bounding_box()  # the frame: w from -3 to 3
    left, right = axis["x"], axis["x"] + axis["width"]
    watched.mouse.move(left + (right - left) * 0.75, box["y"] + box["height"] / 2)  # w = 1.5
    watched.mouse.down()
    watched.mouse.move(left + (right - left) * 0.25, box["y"] + box["height"] / 2, steps=5)  # dragged to w = -1.5
    watched.mouse.up()
    assert watched.evaluate("window.gdfigExplorers['explore_1d'].state.w0") == pytest.approx(-1.5, abs=0.011)
    assert "w0=-1.5" in watched.evaluate("location.href")


def test_clicking_the_map_sets_the_start(watched, site_url):
    open_explorer(watched, site_url, "explore_2d")
    watched.locator("#explore_2d canvas").scroll_into_view_if_needed()
    frame = watched.locator("#explore_2d canvas").bounding_box()
    watched.mouse.click(frame["x"] + frame["width"] * 0.25, frame["y"] + frame["height"] * 0.75)
    start = watched.evaluate("window.gdfigExplorers['explore_2d'].state.w0")
    assert start == pytest.approx([0.25, 0.25], abs=0.011)
    assert "w0=0.25" in watched.evaluate("location.href")


# ---- the address -----------------------------------------------------------------------------

@pytest.mark.parametrize("explorer", list(PAGES))
def test_the_address_is_untouched_until_the_reader_changes_something(watched, site_url, explorer):
    watched.goto(site_url + PAGES[explorer])
    entries = watched.evaluate("history.length")
    watched.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    watched.wait_for_timeout(300)
    assert watched.evaluate("[location.search, history.length]") == ["", entries]


def test_one_history_entry_per_finished_change_and_back_forward_restore(watched, site_url):
    open_explorer(watched, site_url, "explore_1d")
    state = "JSON.stringify(window.gdfigExplorers.explore_1d.state)"
    seen, entries = [watched.evaluate(state)], watched.evaluate("history.length")
    move(watched, "explore_1d", "Step t", "ArrowRight")            # a key press: one entry
    seen.append(watched.evaluate(state))
    plot = watched.locator("#explore_1d svg")
    box = watched.locator("#explore_1d .gx-axis").first.bounding_box()
    y = plot.bounding_box()["y"] + 100
    watched.mouse.move(box["x"] + box["width"] * 0.8, y)          # a drag of many moves: one entry
    watched.mouse.down()
    for k in range(10):
        watched.mouse.move(box["x"] + box["width"] * (0.8 - 0.05 * k), y)
    watched.mouse.up()
    seen.append(watched.evaluate(state))
    assert len(set(seen)) == 3 and watched.evaluate("history.length") == entries + 2
    picture = drawing(watched, "explore_1d")
    for back in (seen[1], seen[0]):
        watched.go_back()
        watched.wait_for_function(f"{state} === {json.dumps(back)}")
    watched.go_forward()
    watched.go_forward()
    watched.wait_for_function(f"{state} === {json.dumps(seen[2])}")
    assert drawing(watched, "explore_1d") == picture
    assert watched.problems == []


@pytest.mark.parametrize("path, explorer, labels", CONTROLS, ids=[c[1] for c in CONTROLS])
def test_a_shared_address_restores_the_state(watched, tab, site_url, path, explorer, labels):
    watched.goto(site_url + path)
    watched.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    for label in labels:
        for _ in range(3):
            move(watched, explorer, label, "Space" if label.startswith("Show") else "ArrowRight")
    shared, picture = watched.evaluate("location.href"), drawing(watched, explorer)
    state = watched.evaluate(f"JSON.stringify(window.gdfigExplorers['{explorer}'].state)")
    assert "?" in shared
    other = tab()  # another reader: a page of another context (no storage or history shared)
    assert other.context is not watched.context
    other.goto(shared)
    other.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
    assert other.evaluate(f"JSON.stringify(window.gdfigExplorers['{explorer}'].state)") == state
    assert drawing(other, explorer) == picture


# ---- play and reset ----------------------------------------------------------------------------

# Press the focused Play button, wait `ms` in the page, read t, press Pause: [t read, t once paused].
PLAY_FOR = """async ms => {
    const explorer = window.gdfigExplorers.explore_1d, press = () => document.activeElement.click();
    press();
    await new Promise(done => setTimeout(done, ms));
    const played = explorer.state.t;
    press();
    return [played, explorer.state.t];
}"""


def test_play_steps_t_at_most_four_a_second_and_reset_returns(watched, site_url):
    open_explorer(watched, site_url, "explore_1d")
    t, entries = "window.gdfigExplorers.explore_1d.state.t", watched.evaluate("history.length")
    watched.wait_for_timeout(600)
    assert watched.evaluate(t) == 0                                # never starts by itself
    watched.locator("#explore_1d button", has_text="Play").focus()
    # Played for 1.1 s, timed and paused inside the page: a busy test machine's round
    # trips would otherwise let more steps in between reading t and pausing.
    played, paused = watched.evaluate(PLAY_FOR, 1100)
    assert 1 <= played <= 5                                        # 1.1 s at <= 4 steps a second
    assert paused == played
    watched.wait_for_timeout(600)
    assert watched.evaluate(t) == played                           # paused: no further step
    watched.locator("#explore_1d button", has_text="Reset").click()
    assert watched.evaluate(t) == 0
    assert watched.evaluate("history.length") == entries + 2       # paused at t, then reset: two entries


def test_under_reduced_motion_play_jumps_to_the_end(tab, site_url, built_site):
    steps = json.loads((built_site / "figures" / "explore_1d.json").read_text())["steps"]
    page = open_explorer(tab(reduced_motion="reduce"), site_url, "explore_1d")
    page.locator("#explore_1d button", has_text="Play").click()
    assert page.evaluate("window.gdfigExplorers.explore_1d.state.t") == steps
    assert not page.evaluate("window.gdfigExplorers.explore_1d.player.playing()")


# ---- phones ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("explorer", list(PAGES))
def test_every_control_and_readout_fits_at_320_px(tab, site_url, explorer):
    page = open_explorer(tab(viewport={"width": 320, "height": 640}), site_url, explorer)
    boxes = page.evaluate(f"""[...document.querySelectorAll('#{explorer} :is(label, input, output, button, .gx-status, svg)')]
        .map(e => {{ const r = e.getBoundingClientRect(); return [e.tagName, r.left, r.right]; }})""")
    assert len(boxes) >= 5
    for tag, left, right in boxes:
        assert left >= 0 and right <= 320, (tag, left, right)
    assert page.evaluate(f"(r => r.scrollWidth <= r.clientWidth)(document.getElementById('{explorer}'))")


# ---- the rest ----------------------------------------------------------------------------------------

def test_logistic_snapshots_come_from_gdfig(watched, site_url, built_site):
    exported = json.loads((built_site / "figures" / "explore_logistic.json").read_text())
    counts = [s["n"] for s in exported["snapshots"]]
    assert len(counts) >= 40 and counts[0] == 0 and counts[-1] == 10_000 and counts == sorted(set(counts))
    stable = {n: json.loads((built_site / "figures" / f"logistic_n{n}.json").read_text()) for n in (10, 1000)}
    for n, frame in stable.items():  # the explorer's run is the figures' run
        snap = next(s for s in exported["snapshots"] if s["n"] == n)
        assert snap["w"] == frame["w"] and snap["loss"] == frame["loss"]
    open_explorer(watched, site_url, "explore_logistic", "?n=1000&lda=1")
    assert watched.evaluate("window.gdfigExplorers['explore_logistic'].snapshot().n") == 1000
    assert watched.locator("#explore_logistic line.gx-lda").is_visible()
    assert watched.problems == []


def test_without_javascript_the_static_figures_remain(tab, site_url):
    page = tab(java_script_enabled=False)
    page.goto(site_url + "steps-1d/")
    assert "needs JavaScript" in page.locator("#explore_1d").inner_text()
    assert page.locator("#fig-surrogate_eta0125 figure").count() == 12


def test_the_map_follows_the_palette_switch(watched, site_url):
    open_explorer(watched, site_url, "explore_2d")
    light = pixel_at(watched, (0.5, 0.5))
    watched.locator("label[title='Switch to dark mode']").first.click()
    watched.wait_for_function("window.gdfigExplorers.explore_2d.timings.map.length === 2")
    assert pixel_at(watched, (0.5, 0.5)) != light
    assert computed(watched, "#explore_2d .gx-path", "stroke") == rgb(style.palette("dark").accent)
    assert watched.problems == []


def traverse(page, steps: int) -> None:
    """history.go(steps), started after this call returns (a later task), so that a
    document that leaves cannot take the call's answer with it."""
    page.evaluate(f"setTimeout(() => history.go({steps}), 0)")


def test_explorers_start_and_keep_their_history_under_instant_navigation(watched, site_url):
    watched.goto(site_url)
    watched.locator(".md-nav__link", has_text="Descent in 2D").first.click()  # material swaps the page in
    watched.wait_for_function("window.gdfigExplorers && window.gdfigExplorers.explore_2d "
                              "&& document.getElementById('explore_2d').isConnected "
                              "&& document.getElementById('explore_2d').dataset.ready === 'true'")
    start = watched.evaluate("window.gdfigExplorers.explore_2d.state.w0")
    watched.locator("#explore_2d .gx-plot").focus()
    watched.keyboard.press("ArrowRight")
    assert "w0=" in watched.evaluate("location.search")
    # History moves through the page's own history API: Playwright's go_back/forward
    # first ask Chromium for the history, which fails now and then while material
    # swaps the page in ("Not attached to an active page").
    traverse(watched, -1)                                     # the same page, the state before the key
    watched.wait_for_function(f"JSON.stringify(window.gdfigExplorers.explore_2d.state.w0) === '{json.dumps(start, separators=(',', ':'))}'")
    traverse(watched, -1)                                     # the home page again
    watched.wait_for_function("location.pathname.endsWith('/') && !document.getElementById('explore_2d')")
    traverse(watched, 2)                                      # back on the 2D page, the key's state
    watched.wait_for_function("document.getElementById('explore_2d') && document.getElementById('explore_2d').dataset.ready === 'true' "
                              f"&& window.gdfigExplorers.explore_2d.state.w0[0] === {round(start[0] + 0.01, 2)}")
    assert watched.problems == []
