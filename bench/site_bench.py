"""Site budgets for `make bench`: cold and warm `properdocs build`, and each page's
first-load weight (gzipped, search index excluded) in Chromium.

Budgets: warm build <= 2 s, cold build <= 25 s, heaviest page <= 300 KB;
per explorer page, its JavaScript and data <= 60 KB gzipped, and a slider step
redrawn within one animation frame (16.7 ms).
"""

import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script: the project root holds tools/

from lighthouse_bench import print_lighthouse  # noqa: E402  (beside this script; "bench" is bench.py)
from tools.site import ROOT, launch, nav_pages, serve  # noqa: E402


def copy_sources(dest: Path) -> None:
    """The site's sources in a fresh folder: nothing rendered, nothing cached."""
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, dest)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("gdfig", "node_modules"):
        (dest / name).symlink_to(ROOT / name)


def timed_build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "-q", "-d", str(project / "site")],
                   cwd=project, check=True, capture_output=True)
    return time.perf_counter() - started


def page_weights(site: Path, paths: list[str] | None = None, width: int = 1280, density: int = 1) -> dict[str, int]:
    """Bytes (gzipped) each page fetches on first load at width x 720 (device pixels per
    CSS pixel: density), search index excluded."""
    from playwright.sync_api import sync_playwright

    weights = {}
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        for path in paths if paths is not None else [path for _, path in nav_pages()]:
            page = browser.new_page(viewport={"width": width, "height": 720}, device_scale_factor=density,
                                    is_mobile=width < 480, has_touch=width < 480)
            urls: list[str] = []
            page.on("requestfinished", lambda r: urls.append(r.url))
            page.goto(base + path, wait_until="networkidle")
            files = {site / u[len(base):].split("#")[0].split("?")[0] for u in urls if u.startswith(base)}
            files = {f / "index.html" if f.is_dir() else f for f in files}
            weights[path or "(home)"] = sum(len(gzip.compress(f.read_bytes())) for f in files
                                            if f.name != "search_index.json")
            page.close()
        browser.close()
    return weights


EXPLORERS = {"steps-1d/": "explore_1d", "descent-2d/": "explore_2d", "logistic/": "explore_logistic"}
REDRAW_MS = """explorer => {
    const inputs = [...document.getElementById(explorer).querySelectorAll("input[type=range]")];
    const times = [];
    for (let k = 0; k < 20; k++) for (const input of inputs) {
        const started = performance.now();
        input.value = String((+input.value + 1) % (+input.max + 1));
        input.dispatchEvent(new Event("input"));
        times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return [times[Math.floor(times.length / 2)], times[times.length - 1]];
}"""


def explorer_costs(site: Path) -> dict[str, tuple[float, float, float]]:
    """Per explorer page: (KB gzipped of the explorer modules the page fetched, explorer.js
    explorers/*.js and explorer.css, and its data; median and worst redraw ms)."""
    from playwright.sync_api import sync_playwright

    costs = {}
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        for path, name in EXPLORERS.items():
            page = browser.new_page()  # a fresh one: every module it needs is fetched again
            fetched: list[str] = []
            page.on("requestfinished", lambda r: fetched.append(r.url))
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_function(f"window.gdfigExplorers && window.gdfigExplorers['{name}']")
            files = {u[len(base):].split("?")[0] for u in fetched if u.startswith(base)}
            ours = [f for f in files if f.startswith("assets/explorer") or f == f"figures/{name}.json"]
            size = sum(len(gzip.compress((site / f).read_bytes())) for f in ours)
            median, worst = page.evaluate(REDRAW_MS, name)
            costs[path] = (size / 1024, median, worst)
            page.close()
        browser.close()
    return costs


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        copy_sources(project)
        cold = timed_build(project)
        warm = min(timed_build(project) for _ in range(3))
        weights = page_weights(project / "site")
        dense = {f"gallery/ at {w} px x{d}": page_weights(project / "site", ["gallery/"], w, d)["gallery/"]
                 for w, d in ((390, 3), (1280, 2))}  # a phone's screen; a laptop's
        explorers = explorer_costs(project / "site")
        print_results(cold, warm, weights, explorers, dense)
        print_lighthouse(project / "site")


def print_results(cold, warm, weights, explorers, dense) -> None:
    print(f"cold properdocs build (figures + notebook): {cold:6.2f} s   (budget 25 s)")
    print(f"warm build, nothing changed (best 3)     : {warm:6.2f} s   (budget 2 s)")
    print("first load per page, gzipped, without the search index (budget 300 KB; notebook/ 200 KB):")
    for path, size in sorted(weights.items(), key=lambda kv: -kv[1]):
        print(f"  {path:<16} {size / 1024:7.1f} KB")
    print("the gallery on dense screens (its thumbnails at 2x and 3x; budget 300 KB):")
    for what, size in dense.items():
        print(f"  {what:<24} {size / 1024:7.1f} KB")
    print("explorers: their modules, style and data gzipped (budget 60 KB), redraw per slider step (budget 16.7 ms):")
    for path, (kb, median, worst) in explorers.items():
        print(f"  {path:<16} {kb:7.1f} KB   median {median:5.2f} ms, worst {worst:5.2f} ms")


if __name__ == "__main__":
    main()
