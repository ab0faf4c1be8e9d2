"""What the site tools and tests share: the pages in nav order, a built site
served on 127.0.0.1 (as one published version), and Chromium (tools/chromium.py finds it) with the
flags this closed network needs (without the last three, Chromium's own background connections fail)."""

import functools
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from tools import chromium

ROOT = Path(__file__).parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def nav_pages() -> list[tuple[str, str]]:
    """(title, path in the site) for each nav entry of mkdocs.yml, in order; the home page is ''."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    pages = []
    for entry in config["nav"]:
        ((title, source),) = entry.items()
        stem = source.rsplit(".", 1)[0]
        pages.append((title, "" if stem == "index" else f"{stem}/"))
    return pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that leaves while a file is on its way (a navigation, a print) is
        no error of ours: say nothing rather than print a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path, as_published: bool = True, handler=_Quiet) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1 and yield its base URL.

    A build is one version of the site: as_published serves it where `make publish`
    puts it, at /VERSION/ beside a versions.json naming it `latest` (material's
    version selector reads ../versions.json). as_published=False serves `site`
    as it is (a gh-pages tree with its own versions.json). `handler`: the request
    handler class (the Lighthouse bench gzips, as a static host would)."""
    with tempfile.TemporaryDirectory(prefix="gdfig-serve-") as tree:
        root, path = (Path(tree), _publish_locally(site, Path(tree))) if as_published else (site, "")
        server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{path}"
        finally:
            server.shutdown()
            server.server_close()


def _publish_locally(site: Path, tree: Path) -> str:
    """Lay `site` out in `tree` as mike would publish it alone; returns its path, VERSION/."""
    version = str(yaml.safe_load((site / "CITATION.cff").read_text(encoding="utf-8"))["version"])
    (tree / version).symlink_to(site.resolve(), target_is_directory=True)
    entry = {"version": version, "title": version, "aliases": ["latest"]}
    (tree / "versions.json").write_text(json.dumps([entry]), encoding="utf-8")
    return f"{version}/"


def launch(playwright):
    """A reader's Chromium (tools.chromium.find_browser: what the benches weigh and time
    pages in; NotFound says how to get one)."""
    return playwright.chromium.launch(executable_path=chromium.find_browser(), args=CHROMIUM_ARGS)


def cache_one(cached: Path, data: bytes) -> None:
    """Keep `data` as the one file of its kind in its cache folder (the handout's, the
    deck's, the bundle's): what older sources made is never read again."""
    from gdfig.cache import write_atomic

    cached.parent.mkdir(parents=True, exist_ok=True)
    for stale in cached.parent.glob(f"*{cached.suffix}"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    write_atomic(cached, data)


def copy_atomic(source: Path, target: Path) -> None:
    """`target` becomes a copy of `source` in one step: a reader never sees half a file.
    A copy, never a link: an edit of the site's file cannot reach back into a cache."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
