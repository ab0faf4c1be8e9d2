"""The slide deck (tools/slides.py): one slide per expected slide, the pages'
equation numbers, the frames' labels, the footer's versioned address, text
sizes, reproducible bytes, the link beside the handout, and bad input.  Expected
counts come from mkdocs.yml, the pages' Markdown and the registry."""

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
from tools.site import ROOT

CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
VERSIONED = CFF["url"] + CFF["version"] + "/"
FRAMES = re.compile(r"\{\{\s*frames\s+([a-z0-9_]+)\s*\}\}")


def lecture_sources() -> list[tuple[int, Path]]:
    """(nav number, Markdown) of the teaching pages: the nav's .md pages but the home page and the gallery."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    sources = [(n, ROOT / "docs" / next(iter(e.values()))) for n, e in enumerate(nav)]
    return [(n, s) for n, s in sources if s.suffix == ".md" and s.name != "index.md"
            and "{{ gallery }}" not in s.read_text(encoding="utf-8")]


def prose(source: Path) -> str:
    """The Markdown without its fenced code blocks (a '## ' there is no heading)."""
    return re.sub(r"^(\s*)```.*?^\1```", "", source.read_text(encoding="utf-8"), flags=re.M | re.S)


def run_slides(site: Path, cache: Path | None) -> subprocess.CompletedProcess:
    """tools.slides on `site`, with its deck cache in `cache` (None: the checkout's own)."""
    env = {**os.environ, "GDFIG_SLIDES_CACHE": str(cache)} if cache else None
    return subprocess.run([sys.executable, "-m", "tools.slides", str(site)], cwd=ROOT, capture_output=True,
                          text=True, env=env)


@pytest.fixture(scope="session")
def deck(built_site) -> PdfReader:
    # The checkout's own cache, which the publish tests' clone copies: their first
    # version, made from these pages, then prints no deck.
    result = run_slides(built_site, None)
    assert result.returncode == 0, result.stderr[-3000:]
    return PdfReader(built_site / "slides.pdf")


@pytest.fixture(scope="session")
def texts(deck) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in deck.pages]


def test_one_page_per_slide_on_16_9_pages(deck):
    expected = 1  # the title slide
    for _, source in lecture_sources():
        text = prose(source)
        expected += 1 + len(re.findall(r"^## ", text, flags=re.M))
        expected += sum(len(registry.sequences()[name]) for name in FRAMES.findall(text))
    assert len(deck.pages) == expected
    for page in deck.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((720, 405), abs=0.5)


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


def test_footer_cites_the_versioned_address_on_every_slide(deck, texts):
    for number, (page, text) in enumerate(zip(deck.pages, texts), 1):
        assert VERSIONED in re.sub(r"\s+", "", text), f"slide {number} has no versioned address"
        assert f"v{CFF['version']}" in text  # the short citation's version
        links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
        assert any(link.startswith(VERSIONED) for link in links)
        assert not any("127.0.0.1" in link for link in links)


def test_reproducible_and_cached(deck, built_site, tmp_path):
    first = (built_site / "slides.pdf").read_bytes()
    result = run_slides(built_site, tmp_path)  # an empty cache: printed again
    assert result.returncode == 0 and "from the cache" not in result.stdout
    assert (built_site / "slides.pdf").read_bytes() == first
    result = run_slides(built_site, tmp_path)
    assert "from the cache" in result.stdout and (built_site / "slides.pdf").read_bytes() == first


GLYPH_SCALE = re.compile(rb"scale\(([\d.]+) -[\d.]+\)")
SVG_WIDTH = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)pt"')


def test_figure_text_12pt_and_slide_text_20pt(page, built_site, site_url):
    """On the deck as printed: a figure's smallest glyph (matplotlib's path text: its
    size in pt is 100 x the glyph group's scale) times shown width over drawn width;
    every other text node, the footer and the math included, at 20 pt or more."""
    from tools import slides
    from tools.slides_site import citation, lecture_pages

    deck = slides.deck_slides(built_site, citation(), slides.extract(page.context.browser, page, site_url, lecture_pages(), VERSIONED))
    page.set_content(slides.deck_html([html for _, html in deck], site_url), wait_until="networkidle")
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
            if (n.data.trim() && !n.parentElement.closest("mjx-container")) text.push([pt(n.parentElement), n.data.trim()]);
        const math = [...document.querySelectorAll(".slide mjx-container")].map(k => [pt(k), k.textContent]);
        return {text, math, footers: document.querySelectorAll(".slide .slide-footer").length};
    }""")
    assert sizes["footers"] == len(deck)
    assert [t for t in sizes["text"] if t[0] < 20] == []
    assert len(sizes["math"]) > 20 and [m for m in sizes["math"] if m[0] < 20] == []


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
    text, count = re.subn(r'(<div class="gdfig-equation" id="eq-gradient">)<mjx-container.*?</mjx-container>',
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
    from tools import slides

    (drawn, _), = slides.draw_side_by_side(built_site, ["logistic_margin_loss"], 200)  # room enough
    assert drawn.needed_height_pt <= 200
    with pytest.raises(slides.SlideError, match="figure logistic_margin_loss needs .* section"):
        slides.draw_side_by_side(built_site, ["logistic_margin_loss"], 0.5 * drawn.needed_height_pt)


def test_every_page_links_the_slides_beside_the_handout(deck, built_site):
    for path in [p for p in built_site.rglob("index.html") if "figures" not in p.parts]:
        html = path.read_text(encoding="utf-8")
        if "handout.pdf" not in html:
            continue  # a redirect page
        links = re.findall(r'href="([^"]*slides\.pdf)"', html)
        assert links, f"{path} links no slides"
        assert all((path.parent / link).resolve() == (built_site / "slides.pdf").resolve() for link in links)


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
