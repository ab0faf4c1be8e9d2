"""Reading the built site, for the handout and the deck alike: which pages they
print, the citation facts (through the site's own citation hook, so both follow
CITATION.cff and whatever sets the address), whether a build is complete, and a
browser tab that reads pages exactly as built."""

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

from tools.site import ROOT, nav_pages

LEFT_OUT = ("gallery/",)  # the figure gallery: downloads, not the lecture

GALLERY_MARKER = re.compile(r"\{\{\s*gallery\s*\}\}")
FIGURE_ID = re.compile(r'<figure class="gdfig" id="fig-([a-z0-9_]+)"')


@dataclass(frozen=True)
class Page:
    number: int   # its place in the nav (home 0): equations and figures are numbered P.K
    title: str    # as in the nav
    path: str     # in the site, "steps-1d/"
    source: Path  # its Markdown in docs/


def lecture_pages() -> list[Page]:
    """The nav's Markdown pages that teach: not the home page, not the gallery, not the notebook."""
    pages = []
    for number, (title, path) in enumerate(nav_pages()):
        source = ROOT / "docs" / f"{path.rstrip('/') or 'index'}.md"
        if path and source.is_file() and not GALLERY_MARKER.search(source.read_text(encoding="utf-8")):
            pages.append(Page(number, title, path, source))
    return pages


def handout_pages() -> list[tuple[str, str]]:
    """(title, path) of the pages the handout prints: the nav but the gallery."""
    return [(title, path) for title, path in nav_pages() if path not in LEFT_OUT]


FIGURE_FILES = re.compile(r"/figures/[^/]+\.(svg|png)$")


def reading_tab(browser):
    """A tab for reading built pages as they are: scripts off and figure files not
    fetched.  What it reads is complete, and the same at every run, as soon as the
    document is parsed (DOMContentLoaded): no script is left to change it.  Close it
    with tab.context.close()."""
    context = browser.new_context(java_script_enabled=False)
    context.route(FIGURE_FILES, lambda route: route.abort())
    return context.new_page()


@functools.lru_cache(maxsize=1)
def citation_hook():
    """docs/hooks/citation.py as a module: the site's own citation text and BibTeX."""
    spec = importlib.util.spec_from_file_location("gdfig_citation_hook", ROOT / "docs" / "hooks" / "citation.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


def citation() -> dict:
    """config.extra["citation"] exactly as docs/hooks/citation.py makes it for the site."""
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), site_url=None, extra={})
    return citation_hook().on_config(config).extra["citation"]


def gallery_path() -> str:
    """The gallery's path in the site: the nav page holding {{ gallery }}."""
    for _, path in nav_pages():
        source = ROOT / "docs" / f"{path.rstrip('/') or 'index'}.md"
        if source.is_file() and GALLERY_MARKER.search(source.read_text(encoding="utf-8")):
            return path
    raise LookupError("no page of mkdocs.yml's nav holds {{ gallery }}")


def versioned_address(meta: dict, path: str) -> str:
    """The address of `path` within this version of the site (the citation hook's
    url is this version's address, ADDRESS/VERSION/): what a citation names."""
    return urljoin(meta["url"], path)


def check_site(site: Path, pages: list[Page]) -> str | None:
    """None for a complete build, else one sentence naming what is missing and the fix."""
    if not (site / "index.html").is_file():
        return f"no built site in '{site}'; run `make site` first."
    incomplete = f"the site in '{site}' is incomplete (did its build stop midway?): {{}}; run `make site` again."
    for _, path in nav_pages():
        html_file = site / path / "index.html"
        if not html_file.is_file() or not html_file.read_text(encoding="utf-8").rstrip().endswith("</html>"):
            return incomplete.format(f"'{path}index.html' is missing or cut short")
    if not (site / "search" / "search_index.json").is_file():
        return incomplete.format("its search index, written last, is missing")
    for page in pages:
        text = (site / page.path / "index.html").read_text(encoding="utf-8")
        if 'class="gdfig-cite-block"' not in text:
            return incomplete.format(f"'{page.path}index.html' has no cite block")
        for name in FIGURE_ID.findall(text):
            if not (site / "figures" / f"{name}.json").is_file():
                return incomplete.format(f"'figures/{name}.json', drawn on '{page.path}', is missing")
    return None
