"""`make handout`: the lecture as A4 lecture notes, site/handout.pdf.

Chromium reads every page of the built site in nav order (the gallery excepted:
it is the downloads, not the lecture) as the handout prints it
(handout_prepare.js: screen-only parts out, links inside the PDF, answers after
the questions), and prints them after a title page (the lecture, this project,
version, date, address, licence, one citation) and a contents page, in one
document: handout.css gives the page (A4, 10 pt, 160 mm measure) and each chapter
a running head with its title and "N / total".  Page numbers come from the PDF
itself: a first print tells on which page each target of a cross-reference
lands (its named destination), a second prints those numbers; printing stops
once the numbers no longer move.

The PDF is cached under .cache/handout, keyed on everything printed (the pages'
HTML, their figures and stylesheets, this package): an unchanged site reuses it,
byte for byte, without starting Chromium.

    python -m tools.printed.handout SITE_DIR [--fresh]     (--fresh: print, ignoring the cache)
"""

import hashlib
import io
import os
import re
import sys
from pathlib import Path

from tools.printed import handout_front, links
from tools.printed.chrome import Cache, PrintError, browser_on, command, new_tab, printer
from tools.printed.pages import citation, handout_pages, reading_tab
from tools.site import ROOT, copy_atomic, nav_pages

HERE = Path(__file__).parent
PREPARE = (HERE / "handout_prepare.js").read_text(encoding="utf-8")
CSS = (HERE / "handout.css").read_text(encoding="utf-8")
CACHE = Cache(Path(os.environ.get("GDFIG_HANDOUT_CACHE", ROOT / ".cache" / "handout")), "handout.pdf")  # tests: their own
TITLE = handout_front.TITLE
# Sentences that speak of the screen, and what the paper says instead ({site}: the address).
PRINT_WORDING = (
    ("Step through with the buttons, the slider or the arrow keys.",
     "The frames run from left to right, then down the page."),
    ("their answers are folded until you open them",
     "their answers follow them, at the end of each chapter"),
    ("Download it (button above)", "Download it from {site}notebook/notebook.ipynb"),
)
STYLESHEETS = """() => ({links: [...document.querySelectorAll("link[rel=stylesheet]")].map(l => [l.href, l.media]),
    body: [...document.body.attributes].map(a => [a.name, a.value])})"""
FILL_NUMBERS = """numbers => { for (const span of document.querySelectorAll(".gdfig-pageref"))
    span.textContent = numbers[span.dataset.target] || "00"; }"""
READY = """async () => {
    await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
    await document.fonts.ready; }"""


def prefix(path: str) -> str:
    """A page's id in the handout: its path without slashes ("steps-1d"), "home" for ''."""
    return path.strip("/").replace("/", "-") or "home"


def print_wording(html: str, site: str) -> str:
    for screen, paper in PRINT_WORDING:
        html = re.sub(r"\s+".join(map(re.escape, screen.split())), paper.format(site=site), html)
    return html


def read_chapters(browser, base: str, site: str) -> list[tuple[str, str, str]]:
    """(id, title, HTML) of each printed page, as handout_prepare.js leaves it."""
    chapters = {path: prefix(path) for _, path in handout_pages()}
    numbered = {str(n): prefix(path) for n, (_, path) in enumerate(nav_pages()) if path in chapters}
    tab = reading_tab(browser)
    read = []
    for _, path in handout_pages():
        tab.goto(base + path, wait_until="domcontentloaded")
        page = tab.evaluate(PREPARE, {"base": base, "site": site, "prefix": prefix(path), "chapters": chapters,
                                       "numbered": numbered})
        title = "Introduction" if path == "" else page["title"]
        html = re.sub(r"<h1[^>]*>.*?</h1>", f"<h1>{title}</h1>", page["html"], count=1, flags=re.S)
        read.append((prefix(path), title, print_wording(html, site)))
    tab.context.close()
    return read


def document(head: dict, front: str, chapters: list[tuple[str, str, str]]) -> str:
    """The whole handout as one HTML document, the site's stylesheets in its head."""
    sheets = "".join(f'<link rel="stylesheet" href="{href}" media="{media or "all"}">' for href, media in head["links"])
    body = " ".join(f'{name}="{value}"' for name, value in head["body"])
    named = "".join(f'@page {key} {{ @top-left {{ content: "{css_string(title)}"; }} }} '
                    f'#{key} {{ page: {key}; }}' for key, title, _ in chapters)
    articles = "".join(f'<article class="md-typeset chapter" id="{key}">{html}</article>' for key, _, html in chapters)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>{sheets}'
            f'<style>{CSS}{named}</style></head><body {body}><div class="md-typeset">{front}</div>{articles}</body></html>')


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def destinations(pdf: bytes) -> dict[str, int]:
    """Each named destination of the PDF (an id a link points to) -> its page number, from 1."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def print_numbered(tab, html: str) -> tuple[bytes, dict[str, int]]:
    """Print until every printed page number is the page its target lands on; the PDF
    and those numbers (id -> page, from 1)."""
    tab.set_content(html, wait_until="load")
    tab.evaluate(READY)
    numbers: dict[str, int] = {}
    for _ in range(4):
        tab.evaluate(FILL_NUMBERS, {key: str(n) for key, n in numbers.items()})
        pdf = tab.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
        found = destinations(pdf)
        if found == numbers:
            return pdf, numbers
        numbers = found
    raise PrintError("the handout's page numbers did not settle after four prints; "
                     "shorten the cross-referenced pages' text near a page break")


# A tagged PDF names some structure elements (table headers) after the renderer's DOM
# node ids, which count every node the tab ever made: busier tabs, other numbers.
NODE_ID = re.compile(rb"\(node(\d{8})\)")


def steady_node_ids(pdf: bytes) -> bytes:
    """The PDF with its structure ids numbered in the order they appear (the same width,
    so no offset moves): the same pages, the same bytes, however busy the browser was."""
    order: dict[bytes, int] = {}
    return NODE_ID.sub(lambda m: b"(node%08d)" % order.setdefault(m.group(1), len(order) + 1), pdf)


def finish(pdf: bytes, bookmarks: list[tuple[str, int]]) -> bytes:
    """Chromium's PDF with a bookmark per (title, page from 1) and fixed metadata (no
    dates): one site, one sequence of bytes."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(steady_node_ids(pdf))))
    for title, page in bookmarks:
        writer.add_outline_item(title=title, page_number=page - 1)
    writer.metadata = {"/Title": TITLE, "/Producer": "gdfig handout"}
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_handout(site: Path) -> bytes:
    meta = citation()
    with browser_on(site, "handout") as (browser, base):
        chapters = read_chapters(browser, base, meta["url"])
        tab = reading_tab(browser)
        tab.goto(base, wait_until="domcontentloaded")
        head, front = tab.evaluate(STYLESHEETS), handout_front.front_matter(tab, meta, chapters)
        tab.context.close()
        printing = new_tab(browser)
        printing.emulate_media(media="print")
        pdf, numbers = print_numbered(printing, document(head, front, chapters))
    nav = [(title, numbers[prefix(path)]) for title, path in handout_pages()]
    return finish(pdf, [(TITLE, 1), ("Contents", 2), *nav])


def fingerprint(site: Path) -> str:
    """A hash of everything the handout prints: the pages' articles (their header, with a
    published build's version selector, is not printed), their figures, the styles, the
    citation's facts, this package, and the Chromium that prints them."""
    digest = hashlib.sha256(repr(sorted((k, str(v)) for k, v in citation().items())).encode())
    digest.update(printer().encode())
    for source in sorted(HERE.glob("*")):
        if source.is_file():
            digest.update(source.name.encode() + source.read_bytes())
    for _, path in handout_pages():
        text = links.without_sizes((site / path / "index.html").read_text(encoding="utf-8"))
        page = text[text.find("<article"):text.find("</article>")].encode()
        digest.update(page)
        for name in sorted(set(re.findall(rb'figures/([\w.-]+\.(?:svg|png))', page))):
            digest.update(name + (site / "figures" / name.decode()).read_bytes())
    for css in sorted((site / "assets").rglob("*.css")):
        digest.update(css.read_bytes())
    return digest.hexdigest()


def copy_cached(site: Path) -> bool:
    """site/handout.pdf from the cache, if these pages were printed before; whether it was."""
    return CACHE.copy(fingerprint(site), site)


def make_handout(site: Path, fresh: bool = False) -> str:
    """site/handout.pdf, printed unless these pages were printed before (or `fresh`)."""
    key = fingerprint(site)
    if fresh or not CACHE.copy(key, site):
        CACHE.ready()
        CACHE.keep(key, print_handout(site))
        copy_atomic(CACHE.folder / f"{key}.pdf", site / "handout.pdf")
        links.record(site, "handout.pdf")
    return f"wrote {site / 'handout.pdf'} ({len(links.PAGE.findall((site / 'handout.pdf').read_bytes()))} pages)"


def check(site: Path) -> str | None:
    return None if (site / "index.html").is_file() else f"no built site in '{site}'; run `make site` first."


def main(argv: list[str]) -> int:
    return command("handout", argv, check, make_handout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
