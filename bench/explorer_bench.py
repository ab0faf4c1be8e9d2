"""`make bench`: the explorers' speed budgets, measured in Chromium at 1280 px.

Budgets: the 2D loss map painted (once per load and theme, at devicePixelRatio
1 and 2) <= 100 ms; every redraw after an input (a slider step, an arrow key or
a click on the map) <= 16 ms, style and layout included.  Prints, never fails.
"""

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script: the project root holds tools/

from tools.site import ROOT, launch, serve  # noqa: E402

PAGES = {"explore_1d": "steps-1d/", "explore_2d": "descent-2d/", "explore_logistic": "logistic/"}

# Inside the page: each input as the reader makes it, timed until style and layout are done.
REDRAWS = """explorer => {
    const root = document.getElementById(explorer), times = [];
    const timed = (act) => { const t0 = performance.now(); act(); root.getBoundingClientRect(); times.push(performance.now() - t0); };
    const inputs = [...root.querySelectorAll("input[type=range]")];
    for (let k = 0; k < 20; k++) for (const input of inputs) timed(() => {
        input.value = String(k % 2 ? +input.value - +input.step : +input.value + +input.step);
        input.dispatchEvent(new Event("input"));
    });
    const map = root.querySelector(".gx-plot[tabindex]");
    if (map) for (let k = 0; k < 20; k++) {
        timed(() => map.dispatchEvent(new KeyboardEvent("keydown", { key: k % 2 ? "ArrowLeft" : "ArrowUp", bubbles: true })));
        const box = map.getBoundingClientRect(), at = { clientX: box.left + box.width * (0.2 + k / 40), clientY: box.top + box.height / 2, pointerId: 1, pointerType: "mouse", isPrimary: true, bubbles: true };
        timed(() => { map.dispatchEvent(new PointerEvent("pointerdown", at)); map.dispatchEvent(new PointerEvent("pointerup", at)); });
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.floor(q * (times.length - 1))];
    return [at(0.5), at(0.9), times[times.length - 1], times.length];
}"""


def build(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "-q", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)


def map_paints(browser, base: str, ratio: int) -> tuple[float, float]:
    """(first paint on load, median of five repaints) in ms at devicePixelRatio `ratio`."""
    page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=ratio)
    page.goto(base + PAGES["explore_2d"])
    page.wait_for_function("window.gdfigExplorers && window.gdfigExplorers.explore_2d")
    for _ in range(5):
        page.evaluate("window.gdfigExplorers.explore_2d.paint()")
    times = page.evaluate("window.gdfigExplorers.explore_2d.timings.map")
    page.close()
    return times[0], statistics.median(times[1:])


def redraws(browser, base: str) -> dict[str, tuple[float, float, float, int]]:
    costs = {}
    for explorer, path in PAGES.items():
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + path)
        page.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{explorer}']")
        costs[explorer] = page.evaluate(REDRAWS, explorer)
        page.close()
    return costs


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        build(site)
        with serve(site) as base, sync_playwright() as p:
            browser = launch(p)
            paints = {ratio: map_paints(browser, base, ratio) for ratio in (1, 2)}
            costs = redraws(browser, base)
            browser.close()
    print("explorers at 1280 px: the 2D map (budget 100 ms), redraw after an input (budget 16 ms):")
    for ratio, (first, again) in paints.items():
        print(f"  2D map, devicePixelRatio {ratio}: first paint {first:6.1f} ms, repaint median {again:6.1f} ms")
    for explorer, (median, p90, worst, count) in costs.items():
        print(f"  {explorer:<17} {count:3d} inputs: median {median:5.2f} ms, 90th percentile {p90:5.2f} ms, "
              f"worst {worst:5.2f} ms")


if __name__ == "__main__":
    main()
