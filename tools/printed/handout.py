"""`make handout`: the lecture as one printed document, site/handout.pdf.

Chromium (the one the browser tests use) loads every page of the built site in
nav order (the gallery excepted: it is the downloads, not the lecture), takes
each page's article as printed (print.css: no navigation, no citations, frames
as labelled small multiples, folded answers open) and prints them as one
document with a running header and page numbers. A title page with the site's
one citation and a contents page with those page numbers come first; pypdf joins
them, with one bookmark per page of the site.

The PDF is cached under .cache/handout, keyed on everything printed (the pages'
HTML, the figures and stylesheets they use, this file): an unchanged site reuses
it, byte for byte, without starting Chromium.

    python -m tools.handout SITE_DIR [--fresh]     (--fresh: print, ignoring the cache)
"""

import hashlib
import html
import io
import re
import sys
from pathlib import Path


from tools import chromium
from tools.site import ROOT, cache_one, copy_atomic, launch, nav_pages, reading_tab, serve

TITLE = "Gradient descent, figure by figure"
LEFT_OUT = ("gallery/",)  # the figure gallery: downloads, printed elsewhere as figures
CACHE = ROOT / ".cache" / "handout"
MARGINS = {"top": "18mm", "bottom": "16mm", "left": "16mm", "right": "16mm"}
HEADER = (f"<div style='font: 8pt sans-serif; width: 100%; margin: 0 16mm; display: flex; "
          f"justify-content: space-between; color: #444'><span>{html.escape(TITLE)}</span>"
          f"<span class='pageNumber'></span></div>")
FOOTER = "<div></div>"

# Links in the PDF lead to the public site, not to the local server printing it;
# figures print as vectors (SVG, never the PNG a page may prefer on screen).
PREPARE = """base => {
    const site = document.querySelector("meta[name=citation_pdf_url]").content.replace(/handout\\.pdf$/, "");
    for (const a of document.querySelectorAll("a[href]"))
        if (a.href.startsWith(base)) a.href = site + a.href.slice(base.length);
    for (const img of document.querySelectorAll("article img")) {  // absolute: the body moves
        img.loading = "eager";
        img.src = img.src.replace(/\\.png(#|$)/, ".svg$1");
    }
    for (const source of document.querySelectorAll("article source"))
        source.srcset = new URL(source.getAttribute("srcset"), location.href).href;
    for (const d of document.querySelectorAll("article details")) d.open = true;
    return document.querySelector("article").innerHTML;
}"""
WAIT_FOR_IMAGES = """async () => {
    const images = [...document.querySelectorAll("article img")].filter(i => i.offsetParent !== null);
    await Promise.all(images.map(i => i.decode().catch(() => null)));
}"""


def handout_pages() -> list[tuple[str, str]]:
    return [(title, path) for title, path in nav_pages() if path not in LEFT_OUT]


def fingerprint(site: Path) -> str:
    """A hash of everything the handout prints: the pages, their figures, the styles, this code."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for _, path in handout_pages():
        page = (site / path / "index.html").read_bytes()
        digest.update(page)
        for name in sorted(set(re.findall(rb'figures/([\w.-]+\.(?:svg|png))', page))):
            digest.update(name + (site / "figures" / name.decode()).read_bytes())
    for css in sorted((site / "assets").rglob("*.css")):
        digest.update(css.read_bytes())
    return digest.hexdigest()


def front_matter(page, base: str, contents: list[tuple[str, int]]) -> bytes:
    """The title page (the site's title, build and one citation) and the contents."""
    page.goto(base, wait_until="domcontentloaded")  # the facts are in the HTML as built
    facts = page.evaluate("""() => ({
        citation: document.querySelector(".gdfig-citation").textContent,
        build: document.querySelector(".gdfig-build").textContent.replace(/\\s+/g, " ").trim(),
        bibtex: document.querySelector(".gdfig-cite-block code").textContent})""")
    rows = "".join(f"<tr><td>{html.escape(t)}</td><td style='text-align: right'>{n}</td></tr>" for t, n in contents)
    page.set_content(
        f"<body style='font-family: sans-serif; margin: 0'>"
        f"<section style='padding: 40mm 10mm 0; break-after: page'><h1>{html.escape(TITLE)}</h1>"
        f"<p>{html.escape(facts['build'].replace(' Handout (PDF).', ''))}</p><h2>Cite as</h2>"
        f"<p>{html.escape(facts['citation'])}</p>"
        f"<pre style='white-space: pre-wrap; font-size: 9pt'>{html.escape(facts['bibtex'])}</pre></section>"
        f"<section style='padding: 20mm 10mm 0'><h2>Contents</h2>"
        f"<table style='width: 100%; font-size: 12pt; line-height: 2'>{rows}</table></section></body>")
    return page.pdf(format="A4", margin=MARGINS)


def body(browser, base: str) -> bytes:
    """Every page's article, one after another, each from a new sheet."""
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(base, wait_until="commit")  # its head: the site's stylesheets and fonts
    articles = [f"<article class='md-content__inner md-typeset' style='break-before: page'>{article}</article>"
                for article in read_articles(browser, base)]
    page.wait_for_load_state("networkidle")
    page.evaluate("""articles => {
        document.body.innerHTML = `<div class="md-container"><main class="md-main"><div class="md-content">${articles}</div></main></div>`;
    }""", "".join(articles))
    page.evaluate(WAIT_FOR_IMAGES)
    # outline: Chromium's bookmarks of the headings (it needs the tagged structure); their
    # top level, each page's h1, tells on which sheet each page begins (start_pages).
    return page.pdf(format="A4", margin=MARGINS, print_background=True, display_header_footer=True,
                    header_template=HEADER, footer_template=FOOTER, tagged=True, outline=True)


def read_articles(browser, base: str) -> list[str]:
    """Each handout page's article as built, as PREPARE leaves it (the printed copy runs
    none of the page's scripts either; the printing page loads the figures)."""
    tab = reading_tab(browser)
    articles = []
    for _, path in handout_pages():
        tab.goto(base + path, wait_until="domcontentloaded")
        articles.append(tab.evaluate(PREPARE, base))
    tab.context.close()
    return articles


def start_pages(pdf: bytes) -> list[tuple[str, int]]:
    """(h1, first sheet, 0-based) of each page of the site, in order: the top level of the
    outline Chromium printed with the body."""
    from pypdf import PdfReader  # only where a PDF is read: a cached handout needs none

    reader = PdfReader(io.BytesIO(pdf))
    starts = [(item.title.strip(), reader.get_destination_page_number(item))
              for item in reader.outline if not isinstance(item, list)]
    if len(starts) != len(handout_pages()):
        raise RuntimeError(f"handout: the body printed {len(starts)} page titles for {len(handout_pages())} pages")
    return starts


def join(front: bytes, printed: bytes, bookmarks: list[tuple[str, int]]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)))
    offset = len(writer.pages)
    writer.append(PdfReader(io.BytesIO(printed)), import_outline=False)  # our bookmarks instead
    writer.add_outline_item(title=TITLE, page_number=0)
    writer.add_outline_item(title="Contents", page_number=1)
    for title, start in bookmarks:
        writer.add_outline_item(title=title, page_number=offset + start)
    writer.add_metadata({"/Title": TITLE, "/Producer": "gdfig handout"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_handout(site: Path) -> bytes:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        printed = body(browser, base)
        starts = start_pages(printed)
        front = front_matter(browser.new_page(), base, [(title, start + 1) for title, start in starts])
        browser.close()
    nav_titles = [title for title, _ in handout_pages()]
    return join(front, printed, [(title, start) for title, (_, start) in zip(nav_titles, starts)])


def copy_cached(site: Path) -> bool:
    """site/handout.pdf from the cache, if these pages were printed before; whether it was."""
    cached = CACHE / f"{fingerprint(site)}.pdf"
    if cached.is_file():
        copy_atomic(cached, site / "handout.pdf")
    return cached.is_file()


def make_handout(site: Path, fresh: bool = False) -> Path:
    """site/handout.pdf, printed unless these pages were printed before (or `fresh`)."""
    cached = CACHE / f"{fingerprint(site)}.pdf"
    if fresh or not cached.is_file():
        cache_one(cached, print_handout(site))
    copy_atomic(cached, site / "handout.pdf")
    return site / "handout.pdf"


def main(argv: list[str]) -> int:
    fresh = "--fresh" in argv
    argv = [a for a in argv if a != "--fresh"]
    site = Path(argv[0]) if argv else ROOT / "site"
    if not (site / "index.html").is_file():
        print(f"handout: no built site in '{site}'; run `make site` first.", file=sys.stderr)
        return 2
    try:
        chromium.find()
    except chromium.NotFound as reason:
        print(f"handout: {reason}", file=sys.stderr)
        return 2
    target = make_handout(site, fresh)
    from pypdf import PdfReader

    print(f"wrote {target} ({len(PdfReader(target).pages)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
