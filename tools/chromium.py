"""Which Chromium prints the handout and deck and runs the browser tests: found, not
assumed. In order: $CHROMIUM (a path), Chromium's headless shell on PATH, a Chromium
or Chrome on PATH, the one playwright installed (`playwright install chromium`), the
usual places on Linux and macOS. `python -m tools.chromium` prints the one found;
`--install` (what `make` runs) installs Debian's packages with apt-get when none is
found and this is root, and otherwise says in one sentence what to do.

Two builds of one engine. The headless shell (Debian's chromium-headless-shell, the
build Playwright itself runs headless tests in) has no browser around its pages: it
lays out, runs and prints the same Blink, a page load for about 13 % less CPU, which
the tests (some 250 page loads on two cores) feel. But it is not what a reader runs:
it lazy-loads images much further below the screen (on an 800 px screen, the gallery's
down to 3500 px where the browser stops at 1850). So what weighs a reader's first visit
(the first-load budgets, the benches, Lighthouse) asks find_browser(), never a shell.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

SHELLS_ON_PATH = ("chromium-headless-shell", "chrome-headless-shell")
ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
USUAL_PLACES = (
    "/usr/bin/chromium", "/usr/lib/chromium/chromium", "/snap/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# The printed outputs set their text in DejaVu Sans (and its condensed cut, in the deck's side columns).
DEBIAN_PACKAGES = ("chromium", "chromium-headless-shell", "fonts-dejavu-core", "fonts-dejavu-extra")
HOW = ("give its path as CHROMIUM=/path/to/chromium, or install one (Debian: `sudo apt-get install chromium`; "
       "elsewhere: `.venv/bin/playwright install chromium`); `make pages` builds the site without the PDFs")


class NotFound(Exception):
    """No usable Chromium, as one sentence naming the fix."""


def find() -> str:
    """The Chromium that prints and runs the browser tests: a headless shell when there
    is one, else a browser; NotFound says why there is none."""
    return _first(_shells_then_browsers())


def find_browser() -> str:
    """A reader's browser (never a headless shell): what weighs a first visit."""
    return _first(_browsers(), "no Chromium browser found (a headless shell is not one)")


def _first(candidates, none_found: str = "no Chromium found") -> str:
    if given := os.environ.get("CHROMIUM"):  # the user's choice, for everything
        if _runnable(given):
            return given
        raise NotFound(f"CHROMIUM={given} is not an executable file; {HOW}")
    for candidate in candidates:
        if candidate and _runnable(candidate):
            return candidate
    raise NotFound(f"{none_found} (CHROMIUM unset, none on PATH, none from playwright); {HOW}")


def _shells_then_browsers():
    yield from map(shutil.which, SHELLS_ON_PATH)
    yield from _browsers()


def _browsers():
    """In order, each asked only when the ones before it were not usable: asking
    playwright starts its driver (seconds), which a found Chromium spares."""
    yield from map(shutil.which, ON_PATH)
    yield _playwrights()
    yield from USUAL_PLACES


def identity(path: str) -> str:
    """What tells one Chromium build from another without starting it (0.2 s a time):
    the file it resolves to, its size and date (a package upgrade replaces it). The
    same pages print to other bytes in another build, so the PDF caches key on this."""
    real = os.path.realpath(path)
    status = os.stat(real)
    return f"{real} {status.st_size} {status.st_mtime_ns}"


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _playwrights() -> str | None:
    """The Chromium playwright downloaded, if it did (it cannot on this closed network)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path
    except Exception:  # no driver, or no browser downloaded: not one to use
        return None


def install() -> str:
    """Find Chromium; as root on Debian, install it (and its headless shell) with
    apt-get when none is found."""
    try:
        return find()
    except NotFound:
        if os.environ.get("CHROMIUM") or os.geteuid() != 0 or not shutil.which("apt-get"):
            raise
    print(f"no Chromium found; installing Debian's (apt-get install {' '.join(DEBIAN_PACKAGES)})", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES]):
        if subprocess.run(command, env=environment).returncode != 0:
            raise NotFound(f"`{' '.join(command)}` failed (above); {HOW}")
    return find()


def main(argv: list[str]) -> int:
    try:
        path = install() if "--install" in argv else find()
    except NotFound as reason:
        print(f"chromium: {reason}", file=sys.stderr)
        return 2
    if "--install" not in argv:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
