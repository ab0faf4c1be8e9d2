"""The slide deck (tools/printed/slides.py), as slides: 16:9 pages, a title slide,
one footer line (under 6 % of the height) with the slide's address and "n / N",
the pages' equation numbers, each frame a slide with its label, figures given 55 %
of the slide or more with text of 12 pt or more, all other text (equations
included) of 20 pt or more, an answer slide after every question slide, no slide
of one sentence or one link, no screen-only words, reproducible bytes, the link
at the top of every page, and bad input."""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from gdfig import registry
from tests.site.pdf_text import screen_words
from tools.site import ROOT

CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
VERSIONED = CFF["url"] + CFF["version"] + "/"
SLIDE_PX = (960, 540)  # 10 x 5.625 in at 96 px an inch


def lecture_sources() -> list[tuple[int, Path]]:
    """(nav number, Markdown) of the teaching pages: the nav's .md pages but the home page and the gallery."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    sources = [(n, ROOT / "docs" / next(iter(e.values()))) for n, e in enumerate(nav)]
    return [(n, s) for n, s in sources if s.suffix == ".md" and s.name != "index.md"
            and "{{ gallery }}" not in s.read_text(encoding="utf-8")]


def run_slides(site: Path, cache: Path | None, env: dict | None = None) -> subprocess.CompletedProcess:
    """tools.printed.slides on `site`, with its deck cache in `cache` (None: the checkout's own)."""
    env = {**os.environ, **({"GDFIG_SLIDES_CACHE": str(cache)} if cache else {}), **(env or {})}
    return subprocess.run([sys.executable, "-m", "tools.printed.slides", str(site)], cwd=ROOT, capture_output=True,
                          text=True, env=env)


@pytest.fixture(scope="session")
def deck(deck_printed) -> PdfReader:
    return PdfReader(deck_printed)


@pytest.fixture(scope="session")
def texts(deck) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in deck.pages]


@pytest.fixture(scope="module")
def laid_out(browser, built_site, site_url):
    """The deck's slides laid out at slide size in a page, as they are printed."""
    from tools.printed import slides
    from tools.printed.pages import citation, lecture_pages

    page = browser.new_page(viewport={"width": SLIDE_PX[0], "height": SLIDE_PX[1]})
    material = slides.extract(browser, page, site_url, lecture_pages(), VERSIONED)
    deck = slides.deck_slides(built_site, citation(), material)
    page.set_content(slides.deck_html([html for _, html in deck], site_url, slides.page_glyphs(built_site, lecture_pages())),
                     wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => null)")
    yield page, deck
    page.close()


def test_16_9_pages_a_title_slide_and_a_bookmark_per_section(deck, texts):
    assert len(deck.pages) >= 40
    for page in deck.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((720, 405), abs=0.5)
    assert "François Fleuret" in texts[0] and "EE-559" in texts[0] and f"version {CFF['version']}" in texts[0]
    assert len(deck.outline) >= 20


def test_every_equation_number_of_the_pages(texts):
    whole = " ".join(texts)
    for number, source in lecture_sources():
        count = source.read_text(encoding="utf-8").count("\\label{")
        for k in range(1, count + 1):
            assert f"({number}.{k})" in whole, f"equation ({number}.{k}) of {source.name} is on no slide"


def test_frames_are_consecutive_slides_with_their_labels(texts):
    for frames in registry.sequences().values():
        first = next(i for i, t in enumerate(texts) if frames[0].title in t)
        for offset, spec in enumerate(frames):
            assert spec.label in texts[first + offset], f"slide {first + offset + 1} should show {spec.label}"


def test_footer_numbers_every_slide_and_links_its_address(deck, texts):
    for number, (page, text) in enumerate(zip(deck.pages, texts), 1):
        assert text.endswith(f"{number} / {len(texts)}"), f"slide {number}: {text[-60:]}"
        links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
        assert any(link.startswith(VERSIONED) for link in links), f"slide {number} has no versioned address"
        assert not any("127.0.0.1" in link for link in links)
        assert VERSIONED.split("://")[1] in text.replace(" ", "")


def test_footer_is_one_line_under_6_percent_of_the_height(laid_out):
    page, deck = laid_out
    footers = page.evaluate("""() => [...document.querySelectorAll(".slide-footer")].map(f => {
        const lines = new Set([...f.querySelectorAll("a, span")].map(e => Math.round(e.getBoundingClientRect().top)));
        return [f.getBoundingClientRect().height, lines.size, f.closest(".slide").getBoundingClientRect().bottom
                - f.getBoundingClientRect().bottom];
    })""")
    assert len(footers) == len(deck)
    assert [f for f in footers if f[0] > 0.06 * SLIDE_PX[1] or f[1] != 1 or abs(f[2]) > 1] == []


def test_reproducible_and_cached(deck, built_site, tmp_path):
    first = (built_site / "slides.pdf").read_bytes()
    result = run_slides(built_site, tmp_path)  # an empty cache: printed again
    assert result.returncode == 0 and "from the cache" not in result.stdout
    assert (built_site / "slides.pdf").read_bytes() == first
    result = run_slides(built_site, tmp_path)
    assert "from the cache" in result.stdout and (built_site / "slides.pdf").read_bytes() == first


GLYPH_SCALE = re.compile(rb"scale\(([\d.]+) -[\d.]+\)")
SVG_WIDTH = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)pt"')


def test_figure_text_12pt_and_slide_text_20pt(laid_out):
    """On the deck as laid out: a figure's smallest glyph (matplotlib's path text: its
    size in pt is 100 x the glyph group's scale) times shown width over drawn width;
    every other text node, the math included, at 20 pt or more, the footer's at 12 or more."""
    from tools.printed import slides

    page, deck = laid_out
    assert page.evaluate(slides.OVERFLOW) == []
    images = page.evaluate("""() => [...document.querySelectorAll(".slide img")]
        .map(i => [i.dataset.name, i.src, i.getBoundingClientRect().width])""")
    assert len(images) >= sum(len(f) for f in registry.sequences().values())
    for name, source, shown_px in images:
        svg = base64.b64decode(source.split(",", 1)[1])
        smallest = 100 * min(float(s) for s in GLYPH_SCALE.findall(svg))
        shown_pt = smallest * (shown_px * 72 / 96) / float(SVG_WIDTH.search(svg).group(1))
        assert shown_pt >= 12, f"{name}: smallest text {shown_pt:.1f} pt"
    sizes = page.evaluate("""() => {
        const pt = e => parseFloat(getComputedStyle(e).fontSize) * 72 / 96;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const text = [];
        for (let n; (n = walker.nextNode());)
            if (n.data.trim() && !n.parentElement.closest("mjx-container"))
                text.push([pt(n.parentElement), !!n.parentElement.closest(".slide-footer"), n.data.trim()]);
        const math = [...document.querySelectorAll(".slide mjx-container")].map(k => [pt(k), k.textContent]);
        return {text, math};
    }""")
    assert [t for t in sizes["text"] if t[0] < (12 if t[1] else 20)] == []
    assert len(sizes["math"]) > 20 and [m for m in sizes["math"] if m[0] < 20] == []


# Each figure's ink (its SVG's drawn groups but the figure's background) as laid out on
# its slide, as a share of the slide's area, for every slide that shows a figure.
FIGURE_AREA = r"""() => [...document.querySelectorAll(".slide")].map((slide, index) => {
    let area = 0;
    for (const img of slide.querySelectorAll(".slide-figures img")) {
        const box = img.getBoundingClientRect();
        const holder = document.createElement("div");
        holder.innerHTML = atob(img.src.split(",")[1]).replace(/^[\s\S]*?(<svg)/, "$1");
        const svg = holder.querySelector("svg");
        svg.setAttribute("width", box.width); svg.setAttribute("height", box.height);
        document.body.append(holder);
        const [, , w, h] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
        const groups = [...svg.querySelector("#figure_1").children].filter(g => g.id !== "patch_1");
        const boxes = groups.map(g => g.getBBox()).filter(b => b.width && b.height);
        const x0 = Math.min(...boxes.map(b => b.x)), x1 = Math.max(...boxes.map(b => b.x + b.width));
        const y0 = Math.min(...boxes.map(b => b.y)), y1 = Math.max(...boxes.map(b => b.y + b.height));
        area += (x1 - x0) * (y1 - y0) * (box.width / w) * (box.height / h);
        holder.remove();
    }
    const s = slide.getBoundingClientRect();
    return [index + 1, slide.querySelector("h2, h1").textContent, area / (s.width * s.height)];
}).filter(([, , share]) => share > 0)"""


def test_figure_slides_give_the_figure_55_percent_of_the_slide(laid_out):
    page, _ = laid_out
    shares = page.evaluate(FIGURE_AREA)
    assert len(shares) >= sum(len(f) for f in registry.sequences().values())
    small = [(n, title, round(share, 2)) for n, title, share in shares if share < 0.55]
    assert small == [], "\n".join(map(str, small))


def test_no_slide_ends_on_a_sentence_that_introduces_what_it_does_not_show(laid_out):
    """A slide shows no code: the sentence before a code block ends in a full stop there,
    and the slide gives the address of the section's code instead."""
    page, _ = laid_out
    endings = page.evaluate("""() => [...document.querySelectorAll(".slide")].map((slide, k) =>
        [k + 1, (slide.querySelector(".slide-body") || slide).innerText.trim()])""")
    assert [(n, text[-60:]) for n, text in endings if text.endswith(":")] == []
    code = [text for _, text in endings if "The code: http" in text]
    assert code and all(text.rsplit("The code: ", 1)[1].startswith(CFF["url"]) for text in code)


def test_every_question_slide_is_followed_by_its_answers(texts, built_site):
    """After each "Check yourself" slide, "Answers" slides holding a plain-text stretch of each answer."""
    asked = [k for k, text in enumerate(texts) if re.match(r"(\S.*?)?Check yourself", text)]
    assert len(asked) == len(lecture_sources())
    for k in asked:
        assert texts[k + 1].startswith("Answers"), f"slide {k + 2}: {texts[k + 1][:60]}"
    joined = re.sub(r"\s+", "", " ".join(texts))
    for _, source in lecture_sources():
        page = (built_site / source.stem / "index.html").read_text(encoding="utf-8")
        for answer in re.findall(r"<details[^>]*>.*?</summary>(.*?)</details>", page, re.S):
            plain = [s for s in re.findall(r">([^<>]{25,})<", answer) if s.strip() and "\\" not in s]
            if plain:
                assert re.sub(r"\s+", "", plain[0].replace("&#x27;", "'")) in joined, plain[0]


def test_no_slide_of_one_sentence_or_one_link(laid_out):
    """Every slide but the title shows a figure, an equation or a list, or says two sentences or more."""
    page, _ = laid_out
    bare = page.evaluate(r"""() => [...document.querySelectorAll(".slide:not(.slide-title)")].map((slide, k) => {
        const body = slide.querySelector(".slide-body");
        if (body.querySelector("img, .gdfig-equation, li")) return null;
        const text = body.textContent.replace(/\s+/g, " ").trim();
        const sentences = (text.match(/[.!?:](\s|$)/g) || []).length;
        return sentences >= 2 && !/^\S+$/.test(text) ? null : [k + 2, text];
    }).filter(Boolean)""")
    assert bare == []


def test_no_screen_only_words(texts):
    assert screen_words(" ".join(texts)) == []


# Equation (6.2) as it once was, on one line: wider than a slide at 20 pt.
ONE_LINE = (r"\frac{\partial \mathscr{L}}{\partial b} = -\sum_{n=1}^{N} \underbrace{y_n \, \sigma\big(-y_n (w \cdot x_n + b)"
            r"\big)}_{u_n}, \qquad \frac{\partial \mathscr{L}}{\partial w_d} = -\sum_{n=1}^{N} \underbrace{x_{n,d} \, y_n \, "
            r"\sigma\big(-y_n (w \cdot x_n + b)\big)}_{v_{n,d}} .")


def test_too_wide_equation_is_refused_in_one_line(built_site, tmp_path):
    """A display that does not fit a slide at 20 pt stops the deck, naming its number
    and the fix, before any figure is drawn; nothing is written."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.png"))
    rendered = subprocess.run(["node", str(ROOT / "docs" / "hooks" / "mathjax_render.mjs")], cwd=ROOT, check=True,
                              input=json.dumps({"tex": ONE_LINE, "display": True}) + "\n", capture_output=True,
                              text=True).stdout
    path = site / "logistic" / "index.html"
    # The one-line formula (a long one is followed by its phone variant, which the slides hide).
    text, count = re.subn(r'(<div class="gdfig-equation" id="eq-gradient">(?:<div class="gdfig-math[^"]*">)?)'
                          r'<mjx-container.*?</mjx-container>',
                          lambda m: m.group(1) + json.loads(rendered)["html"],
                          path.read_text(encoding="utf-8"), count=1, flags=re.S)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    result = run_slides(site, tmp_path / "cache")
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "(6.2)" in result.stderr and "too wide" in result.stderr and "break it over lines" in result.stderr
    assert not (site / "slides.pdf").exists() and not list(site.glob(".slides*"))
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_a_figure_too_tall_for_its_room_is_refused(built_site):
    """A figure whose text, at 12 pt, needs more height than its slide leaves (two
    equations above it, say) stops the deck rather than printing it cut off."""
    from tools.printed import slides_figures as slides

    (drawn, _), = slides.draw_side_by_side(built_site, ["logistic_margin_loss"], 200)  # room enough
    assert drawn.needed_height_pt <= 200
    with pytest.raises(slides.SlideError, match="figure logistic_margin_loss needs .* section"):
        slides.draw_side_by_side(built_site, ["logistic_margin_loss"], 0.5 * drawn.needed_height_pt)


def test_every_page_links_handout_and_slides_at_its_top_with_their_sizes(deck, handout_bytes, built_site):
    """The top of every page (the home page too) links both PDFs, each with its page count
    and size as the files have them."""
    sizes = {"handout.pdf": (len(PdfReader(built_site / "handout.pdf").pages), built_site / "handout.pdf"),
             "slides.pdf": (len(deck.pages), built_site / "slides.pdf")}
    pages = [p for p in built_site.rglob("index.html") if "figures" not in p.parts]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if "md-content" not in html:
            continue  # a redirect page
        top = re.search(r'<nav class="gdfig-printed".*?</nav>', html, re.S)
        assert top and html.index(top.group(0)) < html.index("<h1"), f"{path} has no printed versions at its top"
        for name, (count, pdf) in sizes.items():
            link = re.search(rf'href="([^"]*{re.escape(name)})"[^>]*>[^<]*<span[^>]*>\(PDF[^<]*<span class="gdfig-size" '
                             rf'data-pdf="{re.escape(name)}">, (\d+) pages, ([\d.]+) MB</span>', top.group(0))
            assert link, f"{path}: {name}"
            assert (path.parent / link.group(1)).resolve() == pdf.resolve()
            assert int(link.group(2)) == count and float(link.group(3)) == round(pdf.stat().st_size / 1e6, 1)


def test_gallery_offers_the_bundle(built_site):
    result = subprocess.run([sys.executable, "-m", "tools.bundle", str(ROOT / "figures"), str(built_site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    gallery = (built_site / "gallery" / "index.html").read_text(encoding="utf-8")
    (link,) = re.findall(r'href="([^"]*gdfig-figures-[^"]+\.zip)"', gallery)
    assert link.endswith(f"gdfig-figures-{CFF['version']}.zip")
    assert (built_site / "gallery" / link).resolve().is_file()


def _remove_page(site: Path) -> str:
    (site / "logistic" / "index.html").unlink()
    return "logistic/index.html"


def _cut_page(site: Path) -> str:
    path = site / "surrogate" / "index.html"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    return "surrogate/index.html"


def _remove_figure(site: Path) -> str:
    (site / "figures" / "contour_starts.json").unlink()
    return "contour_starts.json"


@pytest.mark.parametrize("damage", [_remove_page, _cut_page, _remove_figure])
def test_incomplete_site_is_refused_in_one_line(damage, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.png"))
    named = damage(site)
    result = run_slides(site, tmp_path / "cache")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and named in result.stderr and "make site" in result.stderr
    assert not (site / "slides.pdf").exists() and not list(site.glob(".slides*"))


def test_missing_site_is_refused_in_one_line(tmp_path):
    result = run_slides(tmp_path / "nowhere", tmp_path / "cache")
    assert result.returncode == 2 and "no built site" in result.stderr and "make site" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "nowhere").exists()
