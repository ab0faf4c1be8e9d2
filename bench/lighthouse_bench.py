"""Lighthouse on every page, the site served gzipped with cache headers as a static
host would: desktop performance >= 98, mobile >= 90, accessibility, best practices
and SEO 100. Lighthouse is bench/'s own npm package (bench/package-lock.json: the
site's build and tests never install it), run on Debian's Chromium. Prints the
table, never fails. Each score is the median of LIGHTHOUSE_RUNS runs (5 unless set,
as Lighthouse's own guidance on variability advises), and the performance column
shows the lowest and highest run beside it.
One run's mobile performance still moves by about ten points on this 2-core
machine, mostly with the length of material's start-up task. (While the math was
KaTeX's HTML, whose web fonts a page waited for before showing itself, about one
load in three also had its first frame held back by a second or two; the math is
SVG now, with no fonts to wait for.)
"""

import gzip
import http.server
import json
import os
import statistics
import subprocess
from pathlib import Path

from tools import chromium
from tools.site import CHROMIUM_ARGS, ROOT, nav_pages, serve

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"  # bench/package-lock.json
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGETS = {"desktop": {"performance": 98}, "mobile": {"performance": 90}}
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "5"))
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text files gzipped (level 9, as a static host's precompressed files: each
    file is compressed once, not on every request, so the server takes no CPU from
    the browser under test), everything cacheable for an hour."""

    compressed: dict[Path, bytes] = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not path.is_file():
            return super().send_head()
        if path not in self.compressed:
            self.compressed[path] = gzip.compress(path.read_bytes(), 9, mtime=0)
        body = self.compressed[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, *args):
        pass


class _Body:
    """What send_head returns: copyfile reads it, then it is closed."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def lighthouse(url: str, form: str) -> tuple[dict[str, int], list[int]]:
    """The four category scores, 0-100, each the median of RUNS runs, and every
    run's performance score."""
    reports = [lighthouse_report(url, form) for _ in range(RUNS)]
    runs = {c: [round(100 * (r["categories"][c]["score"] or 0)) for r in reports] for c in CATEGORIES}
    return {c: round(statistics.median(runs[c])) for c in CATEGORIES}, runs["performance"]


def lighthouse_report(url: str, form: str) -> dict:
    """One Lighthouse run (form: "desktop" or "mobile"); its whole JSON report."""
    command = [str(LIGHTHOUSE), url, "--output=json", "--quiet", "--max-wait-for-load=60000",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    if form == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium.find_browser()})
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url} ({form}): {result.stderr[-500:]}")
    return json.loads(result.stdout)


def print_lighthouse(site: Path) -> None:
    print(f"Lighthouse, site served gzipped, median of {RUNS} runs, performance with its (lowest-highest) run "
          f"(budgets: desktop perf >= 98, mobile >= 90, the others 100):")
    print(f"  {'page':<16} {'form':<8} " + " ".join(f"{c[:13]:>14}" for c in CATEGORIES))
    misses = 0
    with serve(site, handler=GzipHandler) as base:
        for _, path in nav_pages():
            for form in ("desktop", "mobile"):
                scores, performance_runs = lighthouse(base + path, form)
                wanted = {c: 100 for c in CATEGORIES} | BUDGETS[form]
                marks = {c: "" if scores[c] >= wanted[c] else " !" for c in CATEGORIES}
                misses += sum(bool(m) for m in marks.values())
                cells = {c: str(scores[c]) + marks[c] for c in CATEGORIES}
                cells["performance"] += f" ({min(performance_runs)}-{max(performance_runs)})"
                print(f"  {path or '(home)':<16} {form:<8} " + " ".join(f"{cells[c]:>14}" for c in CATEGORIES))
    print(f"  {misses} score(s) under budget (marked !)")
