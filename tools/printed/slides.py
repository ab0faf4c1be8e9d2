"""`make slides`: the lecture as a 16:9 slide deck, site/slides.pdf.

Built from the built site itself, so the deck and the pages cannot disagree:
Chromium reads each lecture page (slides_extract.js) for its sections, numbered
equations (MathJax's SVG, numbers as on the page), figures, frame sets, questions
and answers; slides_layout.py makes the slides (one per idea, per frame, per
set of answers) and slides_figures.py draws each figure again from the site's
own numbers at the size that keeps its text at 12 pt or more.  All other slide
text is 20 pt or more, equations included: a display wider than the slide at
that size stops the deck, naming its number, for the page to break it over
lines.  Chromium prints the deck on 10 x 5.625 in pages; pypdf adds a bookmark
per section and fixed metadata, so one site gives one sequence of bytes.  The
PDF is kept in .cache/slides under a key of everything it is made from: a warm
`make site` copies it instead of printing it again.

    python -m tools.printed.slides SITE_DIR
"""

import hashlib
import json
import os
import sys
from pathlib import Path

from docs.hooks.mathjax import GLYPH_OUTLINE, glyph_sheet
from tools.printed import links, slides_layout
from tools.printed.chrome import Cache, SlideError, browser_on, command, new_tab, printer
from tools.printed.pages import Page, citation, check_site, lecture_pages, reading_tab, versioned_address
from tools.site import ROOT

HERE = Path(__file__).parent
EXTRACT = (HERE / "slides_extract.js").read_text(encoding="utf-8")
CSS = (HERE / "slides.css").read_text(encoding="utf-8")
CACHE = Cache(Path(os.environ.get("GDFIG_SLIDES_CACHE", ROOT / ".cache" / "slides")), "slides.pdf")  # tests: their own
ITEM_GAP_PT = 8           # between the body's items (.slide-body's gap)
# Each section's display equations laid out at slide size: their heights (pt) and the
# numbers of those wider than the slide, which the page must break over lines.
MEASURE_EQUATIONS = """() => [...document.querySelectorAll(".slide-body")].map(body =>
    [...body.querySelectorAll(".gdfig-equation")].map(eq => {
        const math = eq.querySelector("mjx-container");
        return {height: eq.getBoundingClientRect().height * 72 / 96,
                number: (eq.querySelector(".gdfig-equation__number") || {textContent: "#" + eq.id}).textContent.trim(),
                tooWide: !!math && math.scrollWidth > math.clientWidth + 1};
    }))"""
OVERFLOW = """() => [...document.querySelectorAll(".slide")].map((s, i) => [i, s.querySelector(".slide-body")])
    .filter(([i, b]) => b && (b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1))
    .map(([i]) => i)"""


def deck_slides(site: Path, meta: dict, material: list[tuple[Page, list[dict]]]) -> list[tuple[str | None, str]]:
    """(bookmark title, slide HTML) for every slide, in lecture order, numbered "n / N"."""
    slides = [(meta["title"], slides_layout.title_slide(meta))]
    for page, sections in material:
        slides += slides_layout.page_slides(site, meta, page, sections, answer_groups)
    return list(zip([t for t, _ in slides], slides_layout.numbered([s for _, s in slides])))


def answer_groups(section: dict) -> list[list[int]]:
    """The answers' indices packed into slides, in order, as many to a slide as fit."""
    groups: list[list[int]] = [[]]
    used = 0.0
    for k, height in enumerate(section["answers_pt"]):
        if groups[-1] and used + height > slides_layout.BODY_HEIGHT_PT:
            groups.append([])
            used = 0.0
        groups[-1].append(k)
        used += height
    return groups


def deck_html(slides: list[str], base: str, glyphs: dict[str, str] | None = None) -> str:
    """The deck as one document; `glyphs` (id -> outline, from the pages) draws its math
    (measuring the equations needs only their sizes)."""
    body = "".join(slides)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><base href="{base}">'
            f'<link rel="stylesheet" href="assets/math.css"><style>{CSS}</style></head>'
            f'<body>{glyph_sheet(body, glyphs or {})}{body}</body></html>')


def page_glyphs(site: Path, pages: list[Page]) -> dict[str, str]:
    """The outline of each glyph the pages' math draws (each page carries those it uses)."""
    glyphs = {}
    for page in pages:
        glyphs.update(GLYPH_OUTLINE.findall((site / page.path / "index.html").read_text(encoding="utf-8")))
    return glyphs


def extract(browser, browser_page, base: str, pages: list[Page], public: str) -> list[tuple[Page, list[dict]]]:
    """Each page's sections (slides_extract.js), with the height their equations take on
    a slide; links lead to the public site, not the local server.  Pages are read as
    built (pages.reading_tab; the deck draws its own figures)."""
    tab = reading_tab(browser)
    material = []
    for page in pages:
        tab.goto(base + page.path, wait_until="domcontentloaded")
        sections = json.loads(json.dumps(tab.evaluate(EXTRACT)).replace(json.dumps(base)[1:-1], public))
        material.append((page, sections))
    tab.context.close()
    measure_equations(browser_page, base, [section for _, sections in material for section in sections])
    return material


def measure_equations(browser_page, base: str, sections: list[dict]) -> None:
    """Sets each section's "equations_pt" (its displays and the gaps after them, at slide
    size); a display wider than the slide at 20 pt stops the deck."""
    probe = [f'<section class="slide" style="height:auto"><div class="slide-body">{"".join(s["equations"])}</div>'
             f'</section>' for s in sections]
    browser_page.set_content(deck_html(probe, base), wait_until="networkidle")
    browser_page.evaluate("document.fonts.ready.then(() => null)")
    measured = browser_page.evaluate(MEASURE_EQUATIONS)
    too_wide = [eq["number"] for equations in measured for eq in equations if eq["tooWide"]]
    if too_wide:
        several = len(too_wide) > 1
        raise SlideError(f"equation{'s' * several} {', '.join(too_wide)} {'are' if several else 'is'} too wide for "
                         f"a slide at 20 pt; break {'them' if several else 'it'} over lines in the page "
                         f"(\\begin{{aligned}} … \\\\ … \\end{{aligned}}, the \\label kept).")
    for section, equations in zip(sections, measured):
        section["equations_pt"] = sum(eq["height"] + ITEM_GAP_PT for eq in equations)
    measure_answers(browser_page, base, sections)


MEASURE_ANSWERS = """() => [...document.querySelectorAll(".slide-answers")].map(list =>
    [...list.children].map(li => (li.getBoundingClientRect().height + 8) * 72 / 96))"""


def measure_answers(browser_page, base: str, sections: list[dict]) -> None:
    """Sets each section's "answers_pt": each answer's height on an answer slide."""
    probe = [f'<section class="slide" style="height:auto"><div class="slide-body"><ol class="slide-answers">'
             f'{"".join(f"<li>{a}</li>" for a in s["answers"])}</ol></div></section>' for s in sections]
    browser_page.set_content(deck_html(probe, base), wait_until="networkidle")
    browser_page.evaluate("document.fonts.ready.then(() => null)")
    for section, heights in zip(sections, browser_page.evaluate(MEASURE_ANSWERS)):
        section["answers_pt"] = heights


def print_deck(browser_page, document: str) -> bytes:
    browser_page.set_content(document, wait_until="networkidle")
    browser_page.evaluate("document.fonts.ready.then(() => null)")
    overflowing = browser_page.evaluate(OVERFLOW)
    if overflowing:
        raise SlideError(f"slides {', '.join(str(i + 1) for i in overflowing)} do not fit on the page; "
                         f"shorten their section or make its figures share fewer slides.")
    return browser_page.pdf(width="10in", height="5.625in", print_background=True,
                            margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
                            prefer_css_page_size=True)


def finish(pdf: bytes, titles: list[str | None], meta: dict) -> bytes:
    """Chromium's PDF with a bookmark per slide and fixed metadata (no dates)."""
    import io

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) != len(titles):
        raise SlideError(f"the deck printed on {len(reader.pages)} pages for {len(titles)} slides; "
                         f"a slide overflows its page.")
    writer = PdfWriter()
    writer.append(reader, import_outline=False)
    for number, title in enumerate(titles):
        if title is not None:
            writer.add_outline_item(title=title, page_number=number)
    writer.add_metadata({"/Title": f"{meta['title']} (slides)", "/Author": ", ".join(meta["authors"]),
                         "/Producer": "gdfig slides"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cache_key(site: Path, pages: list[Page], meta: dict) -> str:
    """A hash of every input of the deck: the pages' content (their cite blocks, which
    name the commit, left out), the site's figure numbers, gdfig, this tool and the
    Chromium that prints it."""
    digest = hashlib.sha256(repr(sorted((k, str(v)) for k, v in meta.items() if k not in ("commit", "date"))).encode())
    digest.update(printer().encode())
    for page in pages:
        text = links.without_sizes((site / page.path / "index.html").read_text(encoding="utf-8"))
        digest.update(text[text.find("<article"):text.find('<section class="gdfig-cite-block">')].encode())
    sources = sorted((site / "figures").glob("*.json")) + sorted((ROOT / "gdfig").rglob("*.py"))
    sources += sorted(HERE.glob("slides*"))
    for path in sources:
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def build(site: Path, pages: list[Page], meta: dict) -> bytes:
    with browser_on(site, "deck") as (browser, base):
        tab = new_tab(browser)
        slides = deck_slides(site, meta, extract(browser, tab, base, pages, versioned_address(meta, "")))
        pdf = print_deck(tab, deck_html([s for _, s in slides], base, page_glyphs(site, pages)))
    return finish(pdf, [t for t, _ in slides], meta)


def copy_cached(site: Path) -> bool:
    """site/slides.pdf from the cache, if this deck was printed before; whether it was."""
    if check_site(site, lecture_pages()):
        return False  # main() says what is missing
    return CACHE.copy(cache_key(site, lecture_pages(), citation()), site)


def make_slides(site: Path, fresh: bool = False) -> str:
    """site/slides.pdf, from the cache when nothing it is made from changed."""
    pages, meta = lecture_pages(), citation()
    key = cache_key(site, pages, meta)
    hit = not fresh and CACHE.copy(key, site)
    if not hit:
        CACHE.ready()
        CACHE.keep(key, build(site, pages, meta))
        CACHE.copy(key, site)
    count = len(links.PAGE.findall((site / "slides.pdf").read_bytes()))
    return f"wrote {site / 'slides.pdf'} ({count} slides{', from the cache' if hit else ''})"


def main(argv: list[str]) -> int:
    return command("slides", argv, lambda site: check_site(site, lecture_pages()), make_slides)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
