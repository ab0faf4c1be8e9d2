"""The handout, a printed lecture: short, titled, with contents and page numbers
that agree with the pages, one running header, frame sequences as small
multiples, vector figures, no gallery, downloads, citations blocks or blank
pages, a bookmark per page, and the same bytes from the cache or printed anew."""

import html
import io
import re
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from tests.site.conftest import ROOT
from tools.handout import TITLE, handout_pages

MAX_PAGES = 30  # 29 with the step-size derivations of pages 3-6 (issue 23)
MIN_PAPER_PT = 7


def squeeze(text: str) -> str:
    """Text without white space, ligatures unfolded (Chromium prints "fi" as one glyph)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="session")
def texts(handout_texts) -> list[str]:
    return [squeeze(text) for text in handout_texts]


def headings(built_site) -> list[str]:
    """Each printed page's h1, from the built site."""
    found = []
    for _, path in handout_pages():
        h1 = re.search(r"<h1[^>]*>(.*?)<a ", (built_site / path / "index.html").read_text(), re.S).group(1)
        found.append(html.unescape(re.sub(r"<[^>]+>", "", h1)).strip())
    return found


def contents(handout_texts, built_site) -> dict[str, int]:
    """h1 -> page number, as the contents page prints them (one line each: title, number)."""
    lines = unicodedata.normalize("NFKC", handout_texts[1]).splitlines()
    rows = {squeeze(m.group(1)): int(m.group(2)) for m in (re.match(r"(.*\S)\s+(\d+)$", line) for line in lines) if m}
    found = {}
    for title in headings(built_site):
        assert squeeze(title) in rows, f"'{title}' is not in the contents: {lines}"
        found[title] = rows[squeeze(title)]
    return found


def test_handout_is_short_and_has_no_blank_page(texts):
    assert 10 <= len(texts) <= MAX_PAGES
    assert [k for k, text in enumerate(texts) if len(text) < 40] == []


def test_title_page_holds_the_one_citation(texts):
    assert squeeze(TITLE) in texts[0] and "Citeas" in texts[0] and "@misc" in texts[0]
    assert sum(text.count("@misc") for text in texts) == 1
    assert not any("Citethispage" in text or "Citethisfigure" in text for text in texts)


def test_contents_numbers_lead_to_the_pages_with_running_header(handout_texts, texts, built_site):
    numbers = contents(handout_texts, built_site)
    assert len(numbers) == len(handout_pages())
    assert list(numbers.values()) == sorted(numbers.values())
    for k, text in enumerate(texts[2:], start=1):  # body page k carries the header and its number
        assert text.endswith(squeeze(TITLE) + str(k)), (k, text[-80:])
    for title, number in numbers.items():
        assert texts[1 + number].startswith(squeeze(title)), (title, number)


def test_no_gallery_downloads_or_commands(texts):
    joined = "".join(texts)
    for absent in ("Download:", "Regenerate:", squeeze("Every figure of the lecture as gdfig draws it")):
        assert absent not in joined, absent


def test_frames_print_as_labelled_small_multiples(texts):
    labels = [len(re.findall(r"frame[wn]", text)) for text in texts]
    assert max(labels) >= 6  # six frames to a page
    assert squeeze("Figure 4.2, frame w₁₁.") in "".join(texts)


def image_xobjects(resources) -> int:
    """Images a PDF page's resources draw, inside forms too: how Chromium (Skia) embeds
    every raster.  (pypdf's page.images also parses each content stream for inline
    images, which Skia never writes: seconds on figure-heavy pages.)"""
    found = 0
    for ref in (resources or {}).get("/XObject", {}).values():
        xobject = ref.get_object()
        found += 1 if xobject.get("/Subtype") == "/Image" else image_xobjects(xobject.get("/Resources"))
    return found


def test_figures_are_vectors(handout):
    from matplotlib.figure import Figure

    raster = io.BytesIO()
    figure = Figure(figsize=(1, 1))
    figure.figimage([[0.0, 1.0], [1.0, 0.0]])
    figure.savefig(raster, format="pdf")
    assert image_xobjects(PdfReader(raster).pages[0].get("/Resources")) == 1  # the check sees a raster
    assert sum(image_xobjects(page.get("/Resources")) for page in handout.pages) == 0


def test_one_bookmark_per_page(handout):
    titles = [item.title for item in handout.outline]
    assert titles == [TITLE, "Contents"] + [title for title, _ in handout_pages()]


def test_same_bytes_printed_anew(handout_bytes, built_site):
    result = subprocess.run([sys.executable, "-m", "tools.handout", str(built_site), "--fresh"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (built_site / "handout.pdf").read_bytes() == handout_bytes


def test_figure_text_on_paper_is_at_least_7_pt(browser, site_url):
    """Printed figures measured as laid out on A4 (text width 178 mm = 673 CSS px):
    the smallest glyph of each figure's SVG at its printed width, in points."""
    context = browser.new_context(viewport={"width": 673, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    sizes = {}
    for path in ("steps-1d/", "descent-2d/", "logistic/"):
        page.goto(site_url + path, wait_until="networkidle")
        sizes[path] = page.evaluate(MEASURE_PRINTED)
    context.close()
    assert len(sizes["steps-1d/"]) >= 24 and len(sizes["descent-2d/"]) >= 4
    assert min(min(s) for s in sizes.values()) >= MIN_PAPER_PT, sizes


PRINTED_LOOK = """() => ({
    figures: [...document.querySelectorAll("article img")].filter(i => i.offsetParent !== null)
        .map(i => [i.getAttribute("src"), getComputedStyle(i).filter]),
    colours: [...document.querySelectorAll(`article p, article a code, article .jp-OutputArea-output pre,
                                            article :is(.highlight, .highlight-ipynb) :is(.c1, .sd, .nb, .mi, .k)`)]
        .map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]),
})"""


@pytest.mark.parametrize("path", ["logistic/", "notebook/"])
def test_a_page_prints_the_same_from_either_palette(browser, site_url, path):
    """Material's dark palette is for screens: printed from it, a page is light, each
    figure printed once, in its light variant, every colour as printed from the light one."""
    printed = {}
    for palette in ("light", "dark"):
        context = browser.new_context(viewport={"width": 673, "height": 1000}, color_scheme=palette)
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[palette]
        # Colours as printed, not mid-way through material's colour transitions.
        page.add_style_tag(content="* { transition: none !important; }")
        page.emulate_media(media="print")
        printed[palette] = page.evaluate(PRINTED_LOOK)
        context.close()
    assert len(printed["light"]["colours"]) > 20
    assert [src for src, _ in printed["light"]["figures"] if src.endswith("#only-dark")] == []
    assert printed["dark"] == printed["light"]


MEASURE_PRINTED = """async () => {
        const out = [];
        for (const img of document.querySelectorAll("article .gdfig img")) {
            if (img.offsetParent === null) continue;
            img.loading = "eager"; await img.decode().catch(() => null);
            const svg = await (await fetch(img.currentSrc.split("#")[0].replace(/\\.png$/, ".svg"))).text();
            const viewBox = +svg.match(/viewBox="0 0 ([\\d.]+)/)[1];
            const smallest = Math.min(...[...svg.matchAll(/scale\\(([\\d.]+) -[\\d.]+\\)/g)].map(m => +m[1] * 100));
            out.push(smallest * img.getBoundingClientRect().width / viewBox * 0.75);
        }
        return out;
    }"""


def test_questions_print_with_their_answers(texts, built_site):
    """Each folded answer on a printed page: a plain-text stretch of it is in the PDF."""
    joined = "".join(texts)
    stretches = []
    for _, path in handout_pages():
        page = (built_site / path / "index.html").read_text()
        for answer in re.findall(r"<details[^>]*>.*?</summary>(.*?)</details>", page, re.S):
            plain = [s for s in re.findall(r">([^<>]{25,})<", answer) if s.strip() and "\\" not in s]  # not TeX
            if plain:
                stretches.append(squeeze(html.unescape(plain[0])))
    assert len(stretches) >= 3
    assert [s for s in stretches if s not in joined] == []
