"""The handout, printed lecture notes: A4, 10-11 pt text, at most 95 characters a
line of prose, margins of 20 mm or more, a title page naming the lecture, the
project, version, date, address, licence and one citation, a running head with
the chapter and "N / total", contents and cross-references by printed page that
lead to those pages, no screen-only words, answers after the questions, frames
as labelled small multiples of 7 pt text or more, vector figures, a bookmark per
page, and the same bytes from the cache or printed anew."""

import html
import io
import re
import subprocess
import sys
import unicodedata
from collections import Counter

import pytest
import yaml
from pypdf import PdfReader

from tests.site.conftest import ROOT
from tests.site.pdf_text import MM, lines, screen_words, width
from tools.printed.handout import TITLE, handout_pages

MAX_PAGES = 36
MIN_PAPER_PT = 7
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    """Text without white space, ligatures unfolded (Chromium prints "fi" as one glyph)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="session")
def texts(handout_texts) -> list[str]:
    return [squeeze(text) for text in handout_texts]


def body_runs(printed):
    """Runs of the chapters' text: past the front matter, below the running head."""
    return [r for r in printed if r.page >= 2 and r.top > 22 * MM]


def headings(built_site) -> list[str]:
    """Each printed page's h1, from the built site (the home page prints as the Introduction)."""
    found = []
    for _, path in handout_pages():
        h1 = re.search(r"<h1[^>]*>(.*?)<a ", (built_site / path / "index.html").read_text(), re.S).group(1)
        found.append("Introduction" if path == "" else html.unescape(re.sub(r"<[^>]+>", "", h1)).strip())
    return found


def contents(handout_texts, built_site) -> dict[str, int]:
    """h1 -> page number, as the contents page prints them (one line each: title, number)."""
    lines_ = unicodedata.normalize("NFKC", handout_texts[1]).splitlines()
    rows = {squeeze(m.group(1)): int(m.group(2)) for m in (re.match(r"(.*\S)\s+(\d+)$", line) for line in lines_) if m}
    found = {}
    for title in headings(built_site):
        assert squeeze(title) in rows, f"'{title}' is not in the contents: {lines_}"
        found[title] = rows[squeeze(title)]
    return found


def test_handout_is_a4_short_and_has_no_blank_page(handout, texts):
    assert 10 <= len(texts) <= MAX_PAGES
    assert [k for k, text in enumerate(texts) if len(text) < 40] == []
    for page in handout.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((595.3, 841.9), abs=1)


def test_body_text_is_10_to_11_pt(handout_runs):
    """The size most of the chapters' prose is set in (monospace code aside)."""
    sizes = Counter()
    for run in body_runs(handout_runs):
        if not run.mono:
            sizes[round(run.size, 1)] += len(run.text)
    body, count = sizes.most_common(1)[0]
    assert 10 <= body <= 11, sizes.most_common(5)
    assert count > sum(sizes.values()) / 2


def test_prose_lines_are_at_most_95_characters(handout_runs):
    body = [r for r in body_runs(handout_runs) if 10 <= r.size <= 11 and not r.mono]
    found = lines(body)
    assert len(found) > 150
    long = {key: text for key, text in found.items() if len(text) > 95}
    assert long == {}


def test_margins_are_at_least_20_mm(handout, handout_runs):
    """Every run of text starts and ends 20 mm or more from the sides (its width measured
    in its font), and the chapters' text keeps 20 mm from the top (the running head
    sits in the top margin) and the bottom."""
    page_width, height = float(handout.pages[0].mediabox.width), float(handout.pages[0].mediabox.height)
    assert min(r.x for r in handout_runs) >= 20 * MM
    right = max(handout_runs, key=lambda r: r.x + width(r))
    assert right.x + width(right) <= page_width - 20 * MM, right
    body = body_runs(handout_runs)
    assert min(r.top for r in body) >= 20 * MM and max(r.top for r in body) <= height - 20 * MM


def test_title_page_names_lecture_project_version_address_licence_and_one_citation(handout_texts, texts):
    first = " ".join(handout_texts[0].split())
    for fact in ("François Fleuret", "EE-559", "lecture 3.5", TITLE, f"{CFF['version']} (commit", "CC BY 4.0",
                 f"{CFF['url']}{CFF['version']}/", "Cite as"):
        assert fact in first, fact
    assert re.search(r"\d{4}-\d{2}-\d{2}", first)
    assert sum(text.count("@misc") for text in texts) == 1
    joined = "".join(texts)
    for absent in ("Handout(PDF", "Slides(PDF", "Citethispage", "Citethisfigure", "MIT."):
        assert absent not in joined, absent


def test_running_head_with_chapter_and_page_of_total(handout_texts, built_site):
    total = len(handout_texts)
    numbers = contents(handout_texts, built_site)
    starts = sorted((number, title) for title, number in numbers.items())
    for k in range(3, total + 1):  # the title page and the contents carry none
        text = " ".join(handout_texts[k - 1].split())
        chapter = [title for number, title in starts if number <= k][-1]
        assert f"{k} / {total}" in text and squeeze(chapter) in squeeze(text), (k, text[:120])
    assert f"/ {total}" not in handout_texts[0]


def test_contents_numbers_lead_to_the_chapters(handout_texts, texts, built_site):
    numbers = contents(handout_texts, built_site)
    assert len(numbers) == len(handout_pages())
    assert list(numbers.values()) == sorted(numbers.values())
    for title, number in numbers.items():
        assert squeeze(f"{title}") in texts[number - 1], (title, number)


def test_cross_references_name_the_printed_page_they_lead_to(handout, handout_texts):
    """Every "(p. N)" or "§K, p. N" follows a link inside the PDF, and N is a page one such
    link leads to; "page K" (the site's chapter K) prints as "§K, p. N"."""
    named = {name: handout.get_destination_page_number(d) + 1 for name, d in handout.named_destinations.items()}
    led_to = {named[a.get_object()["/Dest"]] for page in handout.pages for a in page.get("/Annots", [])
              if "/Dest" in a.get_object()}
    printed = [int(n) for text in handout_texts for n in re.findall(r"(?:\(|, )p\.\s*(\d+)", text)]
    assert len(printed) >= 10
    assert sorted(set(printed) - led_to) == []
    assert not re.search(r"\bpage \d\b", " ".join(handout_texts[2:]))  # "page 4" printed as "§4"


def test_no_screen_only_words(handout_texts):
    assert screen_words(" ".join(handout_texts)) == []


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
    result = subprocess.run([sys.executable, "-m", "tools.printed.handout", str(built_site), "--fresh"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (built_site / "handout.pdf").read_bytes() == handout_bytes


def test_structure_ids_are_numbered_in_order_not_by_how_busy_the_tab_was():
    """Chromium names table headers in a tagged PDF after DOM node ids, which differ
    from print to print; the handout numbers them in order, keeping every offset."""
    from tools.printed.handout import steady_node_ids

    def pdf(a, b):
        return b"<< /ID (node%08d) >> << /ID (node%08d) >> << /Headers [(node%08d)] >>" % (a, b, a)

    assert steady_node_ids(pdf(160, 161)) == steady_node_ids(pdf(9312, 9400)) == pdf(1, 2)
    assert len(steady_node_ids(pdf(160, 161))) == len(pdf(160, 161))


def test_figure_text_on_paper_is_at_least_7_pt(browser, site_url):
    """Figures measured in the handout's own document laid out at its text width
    (160 mm = 605 CSS px): the smallest glyph of each figure's SVG at its printed
    width, in points; every frame of every sequence is among them."""
    from tools.printed import handout
    from tools.printed.pages import citation

    chapters = handout.read_chapters(browser, site_url, citation()["url"])
    page = browser.new_page(viewport={"width": 605, "height": 1000})
    page.emulate_media(media="print")
    page.goto(site_url, wait_until="domcontentloaded")
    page.set_content(handout.document(page.evaluate(handout.STYLESHEETS), "", chapters), wait_until="load")
    sizes = page.evaluate(MEASURE_PRINTED)
    page.close()
    from gdfig import registry

    assert len(sizes) >= sum(len(frames) for frames in registry.sequences().values())
    assert min(sizes) >= MIN_PAPER_PT, sorted(sizes)[:5]


PRINTED_LOOK = """() => ({
    figures: [...document.querySelectorAll("article img")].filter(i => i.offsetParent !== null)
        .map(i => [i.getAttribute("src"), getComputedStyle(i).filter]),
    colours: [...document.querySelectorAll(`article p, article a code, article .jp-OutputArea-output pre,
                                            article :is(.highlight, .highlight-ipynb) :is(.c1, .sd, .nb, .mi, .k)`)]
        .map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]),
})"""


@pytest.mark.parametrize("path", ["logistic/", "notebook/"])
def test_a_page_prints_the_same_from_either_palette(tab, site_url, path):
    """Material's dark palette is for screens: printed from it, a page is light, each
    figure printed once, in its light variant, every colour as printed from the light one."""
    printed = {}
    for palette in ("light", "dark"):
        page = tab(viewport={"width": 673, "height": 1000}, color_scheme=palette)
        page.goto(site_url + path, wait_until="networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[palette]
        # Colours as printed, not mid-way through material's colour transitions.
        page.add_style_tag(content="* { transition: none !important; }")
        page.emulate_media(media="print")
        printed[palette] = page.evaluate(PRINTED_LOOK)
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


def test_answers_follow_the_questions_in_each_chapter(texts, built_site):
    """A chapter with questions prints them, then "Answers", then the answers."""
    joined = "".join(texts)
    for title, path in handout_pages():
        page = (built_site / path / "index.html").read_text()
        if '<details class="question">' in page:
            assert joined.count("Answers") >= 1
            questions = joined.find("Checkyourself", joined.find(squeeze(title)))
            assert -1 < questions < joined.find("Answers", questions), title
