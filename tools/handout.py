"""`make handout`: the whole lecture as one PDF, site/handout.pdf.

Chromium (the one the browser tests use) prints each page of the built site in
nav order with the print stylesheet (every frame, figures full width, link
addresses written out), after a title page made from the home page's own
citation; pypdf joins them, with one bookmark per page.

    python -m tools.handout SITE_DIR
"""

import html
import io
import os
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from tools.site import CHROMIUM, ROOT, launch, nav_pages, serve

PDF_OPTIONS = {"format": "A4", "print_background": True,
               "margin": {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}}
# Links in the PDF lead to the public site, not to the local server printing it.
PUBLIC_LINKS = """base => {
    const site = document.querySelector("meta[name=citation_pdf_url]").content.replace(/handout\\.pdf$/, "");
    for (const a of document.querySelectorAll("a[href]"))
        if (a.href.startsWith(base)) a.href = site + a.href.slice(base.length);
}"""
WAIT_FOR_IMAGES = """async () => {
    const images = [...document.querySelectorAll("article img")].filter(i => i.offsetParent !== null);
    images.forEach(i => { i.loading = "eager"; });
    await Promise.all(images.map(i => i.decode().catch(() => null)));
}"""


def title_page(page, base: str) -> bytes:
    """A first page: the site's title, its citation and its build, from the home page."""
    page.goto(base, wait_until="networkidle")
    facts = page.evaluate("""() => ({
        title: document.querySelector("meta[name=citation_title]").content,
        citation: document.querySelector(".gdfig-citation").textContent,
        build: document.querySelector(".gdfig-build").textContent.replace(/\\s+/g, " ").trim(),
        bibtex: document.querySelector(".gdfig-cite-block code").textContent})""")
    page.set_content(
        f"<body style='font-family: sans-serif; margin: 30mm 20mm'><h1>{html.escape(facts['title'])}</h1>"
        f"<p>{html.escape(facts['build'])}</p><h2>Cite as</h2><p>{html.escape(facts['citation'])}</p>"
        f"<pre style='white-space: pre-wrap; font-size: 9pt'>{html.escape(facts['bibtex'])}</pre></body>")
    return page.pdf(**PDF_OPTIONS)


def print_page(page, base: str, path: str) -> bytes:
    page.emulate_media(media="print")
    page.goto(base + path, wait_until="networkidle")
    page.evaluate(PUBLIC_LINKS, base)
    page.evaluate(WAIT_FOR_IMAGES)
    return page.pdf(**PDF_OPTIONS)


def join(parts: list[tuple[str, bytes]]) -> bytes:
    writer = PdfWriter()
    for title, pdf in parts:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(pdf)))
        writer.add_outline_item(title=title, page_number=start)
    writer.add_metadata({"/Title": parts[0][0], "/Producer": "gdfig handout"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_handout(site: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        parts = [("Gradient descent, figure by figure", title_page(page, base))]
        parts += [(title, print_page(page, base, path)) for title, path in nav_pages()]
        browser.close()
    target = site / "handout.pdf"
    tmp = target.with_name(f".handout.pdf.tmp-{os.getpid()}")
    tmp.write_bytes(join(parts))
    os.replace(tmp, target)
    return target


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    if not (site / "index.html").is_file():
        print(f"handout: no built site in '{site}'; run `make site` first.", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"handout: Chromium not found at {CHROMIUM}; install it with `apt-get install -y chromium`.",
              file=sys.stderr)
        return 2
    target = make_handout(site)
    print(f"wrote {target} ({len(PdfReader(target).pages)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
