"""The handout's and the deck's size, written into every page's links to them.

The pages are built before the PDFs, so they carry an empty
`<span class="gdfig-size" data-pdf="NAME">` (overrides/main.html) that is filled
here once NAME is in the site: "34 pages, 2.1 MB".  The handout and the deck are
made side by side, so each fills its own spans under a lock; what they hash of
the pages leaves these spans out (without_sizes), or each would depend on the other.
"""

import fcntl
import re
from contextlib import contextmanager
from pathlib import Path

from tools.site import ROOT

SIZE = re.compile(r'(<span class="gdfig-size" data-pdf="([\w.-]+)">)[^<]*(</span>)')
PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")
LOCK = ROOT / ".cache" / "printed.lock"


def describe(pdf: Path) -> str:
    """", 34 pages, 2.1 MB": what a reader wants to know before downloading."""
    data = pdf.read_bytes()
    return f", {len(PAGE.findall(data))} pages, {len(data) / 1e6:.1f} MB"


def without_sizes(html: str) -> str:
    return SIZE.sub(r"\1\3", html)


def record(site: Path, name: str) -> None:
    """Fill every page's size spans for site/NAME (a link to a missing PDF keeps none)."""
    from gdfig.cache import write_atomic

    text = describe(site / name)

    def fill(span: re.Match) -> str:
        return span.group(1) + text + span.group(3) if span.group(2) == name else span.group(0)

    with _locked():
        for page in sorted(site.rglob("*.html")):
            old = page.read_text(encoding="utf-8")
            new = SIZE.sub(fill, old)
            if new != old:
                write_atomic(page, new.encode("utf-8"))


@contextmanager
def _locked():
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
