"""`make slides`: the lecture as a 16:9 slide deck, site/slides.pdf.

Built from the built site itself, so the deck and the pages cannot disagree:
Chromium reads each lecture page (tools/slides_extract.js) for its sections,
numbered equations (MathJax's SVG, numbers as on the page), figures and frame
sets; the deck is a title slide, then for each page one slide for its lead and
one per h2 section, each frame set following its section as one slide per frame.
All slide text is 20 pt or more, the equations and the running footer (short
citation, versioned address) included: a display wider than the slide at that
size stops the deck, naming its number, for the page to break it over lines.
Figures are drawn again by their registry entry from the site's own numbers, at
the size that keeps their text at 12 pt or more (tools/slides_figures.py), in the
height the slide's equations (measured at slide size) and its footer leave.
Chromium prints the deck on 10 x 5.625 in pages; pypdf adds a bookmark per slide
and fixed metadata, so one site gives one sequence of bytes.  The PDF is kept in
.cache/slides under a key of everything it is made from: a warm `make site`
copies it instead of printing it again.

    python -m tools.printed.slides SITE_DIR
"""

import base64
import hashlib
import html
import json
import math
import os
import re
import sys
from pathlib import Path

from docs.hooks.mathjax import GLYPH_OUTLINE, glyph_sheet
from tools import chromium
from tools.site import ROOT, cache_one, copy_atomic, launch, serve
from tools.printed.pages import reading_tab
from tools.printed.pages import Page, citation, check_site, lecture_pages, versioned_address

HERE = Path(__file__).parent
EXTRACT = (HERE / "slides_extract.js").read_text(encoding="utf-8")
CSS = (HERE / "slides.css").read_text(encoding="utf-8")
CACHE = Path(os.environ.get("GDFIG_SLIDES_CACHE", ROOT / ".cache" / "slides"))  # the tests use their own
BODY_PT = (676, 288)      # the body between heading and a two-line footer (292.5 as printed, less a margin)
FOOTER_PT = 20            # the footer's type, as all slide text
FOOTER_LINE_PT = 23       # each line of the footer (line height 1.15)
FOOTER_WIDTH_PT = 696     # the footer's width: the slide's but 12 pt each side
ITEM_GAP_PT = 8           # between the body's items (.slide-body's gap)
CAPTION_PT = 28           # a line of caption (20 pt, line height 1.2, its margin)
GAP_PT = 16               # between figures side by side
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


def figure_html(drawn, caption: str, box: tuple[float, float]) -> str:
    from gdfig import registry

    source = "data:image/svg+xml;base64," + base64.b64encode(drawn.svg).decode()
    alt = html.escape(registry.get(drawn.name).alt)
    return (f'<figure><img src="{source}" alt="{alt}" data-name="{drawn.name}" '
            f'style="width:{box[0]:.2f}pt;height:{box[1]:.2f}pt">'
            f'{f"<figcaption>{caption}</figcaption>" if caption else ""}</figure>')


def draw_side_by_side(site: Path, names: list[str], height: float) -> list[tuple[object, float]]:
    """Each figure drawn for an equal share of the body's width; if a long label would
    run past its share, the shares follow what each figure's ink needs instead."""
    from tools.printed.slides_figures import draw_for_box

    room = BODY_PT[0] - GAP_PT * (len(names) - 1)
    widths = [room / len(names)] * len(names)
    drawn = [draw_for_box(site, name, (w, height)) for name, w in zip(names, widths)]
    needed = [d.needed_pt for d in drawn]
    if any(n > w + 0.5 for n, w in zip(needed, widths)) and sum(needed) <= room:
        widths = [n + (room - sum(needed)) / len(names) for n in needed]
        drawn = [draw_for_box(site, name, (w, height)) for name, w in zip(names, widths)]
    for figure, width in zip(drawn, widths):
        if figure.needed_pt > width + 1 or figure.needed_height_pt > height + 1:
            raise SlideError(f"figure {figure.name} needs {figure.needed_pt:.0f} x {figure.needed_height_pt:.0f} pt "
                             f"on its slide but gets {width:.0f} x {height:.0f}, which would cut its text off; "
                             f"give it a section (h2) of its own in the page, or fewer equations beside it.")
    return list(zip(drawn, widths))


def figures_html(site: Path, figures: list[dict], room_pt: float, captions: bool = True) -> str:
    """Figures side by side in room_pt of the slide's height, each under its number
    and title (a frame, whose title is the slide's heading, goes without)."""
    from gdfig import registry

    if not figures:
        return ""
    height = room_pt - captions * CAPTION_PT * (1 + (len(figures) > 1))  # captions side by side take two lines
    parts = [figure_html(drawn, f'{html.escape(f["number"])} {html.escape(registry.get(f["name"]).title)}'
                         if captions else "", (width, height))
             for f, (drawn, width) in zip(figures, draw_side_by_side(site, [f["name"] for f in figures], height))]
    return f'<div class="slide-figures">{"".join(parts)}</div>'


def address_lines(address: str) -> int:
    """The lines the footer's address takes at 20 pt in DejaVu Sans (matplotlib's copy of
    the font the deck prints with); a wrapped address breaks at a slash, losing some width."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(family="DejaVu Sans", size=FOOTER_PT)
    width = text_to_path.get_text_width_height_descent(address, font, ismath=False)[0]
    return 1 if width <= FOOTER_WIDTH_PT else 1 + math.ceil((width - FOOTER_WIDTH_PT) / (0.75 * FOOTER_WIDTH_PT))


def body_height(address: str) -> float:
    """The body's height (pt) on a slide whose footer shows this address."""
    return BODY_PT[1] - FOOTER_LINE_PT * (address_lines(address) - 1)


def footer(meta: dict, address: str) -> str:
    """The running footer, at slide size: the short citation, then the versioned address
    (the slide's heading already says where in the lecture it is)."""
    short = f'{", ".join(meta["authors"])}, “{meta["title"]}”, v{meta["version"]}'
    shown = html.escape(address).replace("/", "/<wbr>").replace("#", "<wbr>#")  # wraps at a slash, if it must
    return (f'<footer class="slide-footer"><span>{html.escape(short)}</span>'
            f'<a href="{html.escape(address)}">{shown}</a></footer>')


def slide_address(meta: dict, page: Page, anchor: str) -> str:
    return versioned_address(meta, page.path) + (f"#{anchor}" if anchor else "")


def section_slide(site: Path, meta: dict, page: Page, section: dict) -> str:
    address = slide_address(meta, page, section["anchor"])
    figures = figures_html(site, section["figures"], body_height(address) - section["equations_pt"])
    crowded = figures or section["questions"]
    lead = f'<p class="slide-lead">{section["lead"]}</p>' if section["lead"] and not crowded else ""
    note = ""
    if section["explorer"]:
        note = f'<p class="slide-note">Try it on the page: <a href="{html.escape(address)}">{html.escape(address)}</a></p>'
    questions = "".join(f"<li>{q}</li>" for q in section["questions"])
    body = lead + "".join(section["equations"]) + figures + note + (f'<ol class="slide-questions">{questions}</ol>'
                                                                    if questions else "")
    return (f'<section class="slide"><h2>{section["heading"]}</h2><div class="slide-body">{body}</div>'
            f'{footer(meta, address)}</section>')


def frame_slides(site: Path, meta: dict, page: Page, section: dict) -> list[str]:
    from gdfig import registry

    slides = []
    for sequence in section["sequences"]:
        address = slide_address(meta, page, "fig-" + sequence["name"])
        for frame in sequence["frames"]:
            title = html.escape(registry.get(frame["name"]).title)
            figure = figures_html(site, [frame], body_height(address), captions=False)
            slides.append(f'<section class="slide" data-label="{html.escape(frame["label"])}"><h2>{title}</h2>'
                          f'<div class="slide-body">{figure}</div>{footer(meta, address)}</section>')
    return slides


def title_slide(meta: dict) -> str:
    lecture = meta["lecture"]
    address = versioned_address(meta, "")
    return (f'<section class="slide slide-title"><h1>{html.escape(meta["title"])}</h1>'
            f'<p>After {html.escape(", ".join(lecture["authors"]))}, {html.escape(lecture["title"])}</p>'
            f'<p>{html.escape(", ".join(meta["authors"]))} · version {html.escape(meta["version"])}</p>'
            f'<p><a href="{html.escape(address)}">{html.escape(address)}</a></p>{footer(meta, address)}</section>')


def deck_slides(site: Path, meta: dict, material: list[tuple[Page, list[dict]]]) -> list[tuple[str | None, str]]:
    """(bookmark title, slide HTML) for every slide, in lecture order; frames have no bookmark."""
    slides = [(meta["title"], title_slide(meta))]
    for page, sections in material:
        for section in sections:
            title = re.sub(r"<[^>]+>", "", section["heading"])
            slides.append((html.unescape(title), section_slide(site, meta, page, section)))
            slides += [(None, s) for s in frame_slides(site, meta, page, section)]
    return slides


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


class SlideError(Exception):
    """A deck that cannot be made as asked; the message says why and what to do."""


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
    name the commit, left out), the site's figure numbers, gdfig and this tool."""
    digest = hashlib.sha256(repr(sorted((k, str(v)) for k, v in meta.items() if k not in ("commit", "date"))).encode())
    for page in pages:
        text = (site / page.path / "index.html").read_text(encoding="utf-8")
        digest.update(text[text.find("<article"):text.find('<section class="gdfig-cite-block">')].encode())
    sources = sorted((site / "figures").glob("*.json")) + sorted((ROOT / "gdfig").rglob("*.py"))
    sources += sorted(HERE.glob("slides*"))
    for path in sources:
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def build(site: Path, pages: list[Page], meta: dict) -> bytes:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            browser_page = browser.new_page()
            slides = deck_slides(site, meta, extract(browser, browser_page, base, pages, versioned_address(meta, "")))
            pdf = print_deck(browser_page, deck_html([s for _, s in slides], base, page_glyphs(site, pages)))
        finally:
            browser.close()
    return finish(pdf, [t for t, _ in slides], meta)


def copy_cached(site: Path) -> bool:
    """site/slides.pdf from the cache, if this deck was printed before; whether it was."""
    if check_site(site, lecture_pages()):
        return False  # main() says what is missing
    cached = CACHE / f"{cache_key(site, lecture_pages(), citation())}.pdf"
    if cached.is_file():
        copy_atomic(cached, site / "slides.pdf")
    return cached.is_file()


def make_slides(site: Path) -> tuple[Path, bool]:
    """site/slides.pdf, from the cache when nothing it is made from changed; (path, cached)."""
    pages, meta = lecture_pages(), citation()
    cached = CACHE / f"{cache_key(site, pages, meta)}.pdf"
    hit = cached.is_file()
    if not hit:
        cache_one(cached, build(site, pages, meta))
    copy_atomic(cached, site / "slides.pdf")
    return site / "slides.pdf", hit


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    problem = check_site(site, lecture_pages())
    if problem is None:
        try:
            chromium.find()
        except chromium.NotFound as reason:
            problem = str(reason)
    if problem:
        print(f"slides: {problem}", file=sys.stderr)
        return 2
    try:
        target, hit = make_slides(site)
    except SlideError as error:
        print(f"slides: {error}", file=sys.stderr)
        return 1
    from pypdf import PdfReader

    print(f"wrote {target} ({len(PdfReader(target).pages)} slides{', from the cache' if hit else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
