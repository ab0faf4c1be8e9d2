"""A site built by `make site` and served from its root, as a reader or a static host
would serve it without mike: no request for anything that is not there (material's
version selector, which reads /versions.json, is on only in published builds)."""

import json
import re

import pytest

from tests.site.conftest import PAGES
from tools.site import serve

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def root_url(built_site):
    with serve(built_site, as_published=False) as base:
        yield base


def test_a_plain_build_turns_no_version_selector_on(built_site):
    for path in PAGES:
        config = json.loads(CONFIG.search((built_site / path / "index.html").read_text(encoding="utf-8")).group(1))
        assert config["version"] is None, path


@pytest.mark.parametrize("path", PAGES)
def test_served_from_its_root_a_page_requests_only_what_is_there(page, root_url, path):
    problems = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(root_url + path, wait_until="networkidle")
    assert problems == []
