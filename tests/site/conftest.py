"""Browser tests: the built site served on 127.0.0.1, driven in Debian's Chromium.

The site is built once per session into a temporary folder.  Without Chromium
these tests skip with a message saying how to install it, except under CI=true,
where they fail.
"""

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

from tests.conftest import once, seed_figures
from tests.site import pdf_text
from tests.site.tabs import Tabs
from tools import chromium
from tools.site import CHROMIUM_ARGS, ROOT, nav_pages, serve

PAGES = [path for _, path in nav_pages()]
CI_RUNS_ALL = "CI=true: no test may be skipped"


def skip_unless_ci(reason: str) -> NoReturn:
    """Skip a test that a missing tool stops, except under CI=true: there it fails."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} ({CI_RUNS_ALL})")
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    try:
        chromium.find()
        return
    except chromium.NotFound as reason:
        message = str(reason)
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"{message} ({CI_RUNS_ALL})")
    for item in items:
        if "site" in item.path.parts:
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium.find(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def reader_browser(playwright, browser_type_launch_args):
    """A reader's Chromium (tools.chromium.find_browser), for the tests that weigh a first
    visit: the headless shell the others run in lazy-loads images further below the
    screen than a browser does."""
    try:
        path = chromium.find_browser()
    except chromium.NotFound as reason:
        skip_unless_ci(str(reason))
    browser = playwright.chromium.launch(**{**browser_type_launch_args, "executable_path": path})
    yield browser
    browser.close()


def _build(out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, rendered) -> Path:
    """`properdocs build --strict` into a fresh folder, as `make site` does: once per run."""
    def build(out: Path) -> None:
        seed_figures(rendered, ROOT / "figures")
        _build(out)

    return once(tmp_path_factory, "site", build)


@pytest.fixture(scope="session")
def handout_bytes(built_site, tmp_path_factory) -> bytes:
    """The handout of the built site, printed once per run (`python -m tools.printed.handout`)."""
    def print_handout(folder: Path) -> None:
        result = subprocess.run([sys.executable, "-m", "tools.printed.handout", str(built_site)], cwd=ROOT,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        shutil.copy(built_site / "handout.pdf", folder / "handout.pdf")  # as printed, whatever a later test writes

    return (once(tmp_path_factory, "handout", print_handout) / "handout.pdf").read_bytes()


@pytest.fixture(scope="session")
def deck_printed(built_site) -> Path:
    """The deck of the built site, printed into the checkout's own cache (a second test
    process finds it there), which the publish tests' clone copies: their first version,
    made from these pages, then prints no deck."""
    result = subprocess.run([sys.executable, "-m", "tools.printed.slides", str(built_site)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return built_site / "slides.pdf"


@pytest.fixture(scope="session")
def handout(handout_bytes):
    """The handout, opened with pypdf."""
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(handout_bytes))


def _handout_read(handout_bytes, tmp_path_factory) -> Path:
    """The handout read with pypdf, each page's text and each run of text: once per
    run (seconds of Python), whichever test process asks first."""
    def read(folder: Path) -> None:
        texts, found = pdf_text.read(handout_bytes)
        (folder / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        (folder / "runs.json").write_text(json.dumps([dataclasses.astuple(r) for r in found]), encoding="utf-8")

    return once(tmp_path_factory, "handout-read", read)


@pytest.fixture(scope="session")
def handout_texts(handout_bytes, tmp_path_factory) -> list[str]:
    """Each page's text, as pypdf reads it from the handout."""
    return json.loads((_handout_read(handout_bytes, tmp_path_factory) / "texts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def handout_runs(handout_bytes, tmp_path_factory) -> list[pdf_text.Run]:
    """Every run of text in the handout (tests/site/pdf_text.py)."""
    rows = json.loads((_handout_read(handout_bytes, tmp_path_factory) / "runs.json").read_text(encoding="utf-8"))
    return [pdf_text.Run(*row) for row in rows]


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def tabs(browser):
    kept = Tabs(browser)
    yield kept
    kept.close()


@pytest.fixture
def tab(tabs):
    """tab(**context options): a page as a new context with those options would give,
    kept between tests (tests/site/tabs.py says why and what is undone)."""
    lent = []

    def borrow(**options):
        lent.append(tabs.borrow(options))
        return lent[-1].page

    yield borrow
    for kept in lent:
        tabs.give_back(kept)


@pytest.fixture
def page(tab):
    """pytest-playwright's page, from the kept ones."""
    return tab()


@pytest.fixture
def watched(page, site_url):
    """The page, with every console error, failed request and foreign request recorded."""
    page.problems = record_problems(page, site_url)
    return page


def record_problems(page, site_url) -> list[str]:
    """Every console error, page error, failed or foreign request of `page` from now on."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # A request the browser cancels (a navigation leaving while a fetch is in flight)
    # is not a broken resource: those show as HTTP errors below.
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}")
            if r.failure != "net::ERR_ABORTED" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    origin = "/".join(site_url.split("/")[:3]) + "/"  # the version selector reads /versions.json, beside the site
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:"))
            else problems.append(f"foreign request: {r.url}"))
    return problems


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
