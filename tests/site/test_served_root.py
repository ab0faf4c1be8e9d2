"""A site built by `make site` and served from its root, as a reader or a static host
would serve it without mike: no request for anything that is not there (material's
version selector, which reads /versions.json, is on only in published builds).
Every page is loaded so served, and its requests and console watched, in the reader
matrix (tests/site/test_reader.py: FROM_ROOT)."""

import json
import re

from tests.site.conftest import PAGES

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def test_a_plain_build_turns_no_version_selector_on(built_site):
    for path in PAGES:
        config = json.loads(CONFIG.search((built_site / path / "index.html").read_text(encoding="utf-8")).group(1))
        assert config["version"] is None, path
