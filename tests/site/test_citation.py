"""Citable pages: meta tags, BibTeX, footer, numbering, print and the handout,
all checked against the one metadata source, CITATION.cff."""

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import yaml

from gdfig import registry
from tests.site.conftest import PAGES, ROOT, skip_unless_ci
from tools import addresses

CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text())
# The address the site was built for (SITE_URL overrides CITATION.cff's url, as in
# `make site`), the frozen address of this version, and the moving one.
ADDRESS = os.environ.get("SITE_URL") or CFF["url"]
ADDRESS += "" if ADDRESS.endswith("/") else "/"
VERSIONED, LATEST = f"{ADDRESS}{CFF['version']}/", f"{ADDRESS}latest/"
COMMIT = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()


class Meta(HTMLParser):
    """Every <meta name|property=... content=...> of a page, as name -> [contents]."""

    def __init__(self):
        super().__init__()
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("name") or attrs.get("property")
        if tag == "meta" and key and "content" in attrs:
            self.tags.setdefault(key, []).append(attrs["content"])


def page_html(built_site: Path, path: str) -> str:
    return (built_site / path / "index.html").read_text()


def expected_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y/%m/%d")


@pytest.mark.parametrize("path", PAGES)
def test_meta_tags_match_the_citation_file(built_site, path):
    parser = Meta()
    parser.feed(page_html(built_site, path))
    tags = parser.tags
    h1 = re.search(r"<h1[^>]*>(.*?)<", page_html(built_site, path)).group(1)
    assert tags["citation_title"][0].endswith(CFF["title"])
    assert tags["citation_author"] == [a["name"] for a in CFF["authors"]]
    assert tags["citation_publication_date"] == [expected_date()]
    assert tags["citation_public_url"] == [VERSIONED + path]
    assert tags["citation_pdf_url"] == [VERSIONED + "handout.pdf"]
    assert tags["og:title"] == tags["citation_title"] and tags["og:url"] == [LATEST + path]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page_html(built_site, path)).group(1)
    assert canonical == LATEST + path
    assert len(tags["description"][0]) > 30 and tags["og:description"] == tags["description"]
    assert h1.strip() and (path == "" or h1.split(".")[0] in tags["citation_title"][0])


@pytest.mark.parametrize("path", PAGES)
def test_cite_block_and_footer(built_site, path):
    text = page_html(built_site, path)
    entries = re.findall(r'<div class="language-bibtex highlight"><pre><code>(.*?)</code>', text, re.S)
    assert entries, "no BibTeX block"
    import html

    for entry in entries:
        library = bibtexparser.parse_string(html.unescape(entry))
        assert not library.failed_blocks and len(library.entries) == 1
        fields = library.entries[0].fields_dict
        assert {"title", "author", "year", "url", "version", "note"} <= set(fields)
        assert fields["version"].value == CFF["version"] and fields["url"].value.startswith(VERSIONED + path)
        assert f"Newest version: {LATEST}{path}" in fields["note"].value
        assert COMMIT in fields["note"].value and "Fleuret" in fields["note"].value
        assert fields["year"].value == expected_date()[:4]
    assert 'class="gdfig-citation"' in text and CFF["version"] in text
    assert f'<p class="gdfig-cite-latest">This address names version {CFF["version"]}' in text
    assert f'<a href="{LATEST}{path}">' in text
    footer = text[text.index('class="md-copyright"'):]
    assert COMMIT[:7] in footer and CFF["version"] in footer
    assert 'href="https://fleuret.org/dlc/"' in footer and "EE-559" in footer


def test_every_page_has_its_own_description(built_site):
    descriptions = set()
    for path in PAGES:
        parser = Meta()
        parser.feed(page_html(built_site, path))
        descriptions.add(parser.tags["description"][0])
    assert len(descriptions) == len(PAGES)


def test_gallery_offers_a_citation_for_each_figure(built_site):
    text = page_html(built_site, "gallery/")
    for spec in registry.FIGURES:
        assert f"url     = {{{VERSIONED}gallery/#fig-{spec.name}}}" in text, spec.name


def test_citation_file_is_valid_and_matches_the_package():
    from importlib.metadata import version

    tool = ROOT / ".venv-cffconvert" / "bin" / "cffconvert"
    if not tool.exists():
        skip_unless_ci("cffconvert is missing: `make test` installs it")
    result = subprocess.run([str(tool), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert CFF["version"] == version("gdfig")


def test_the_built_site_carries_its_citation_file_with_its_address(built_site):
    source, built = (ROOT / "CITATION.cff").read_text(), (built_site / "CITATION.cff").read_text()
    assert yaml.safe_load(built) == {**CFF, "url": VERSIONED}
    assert built.replace(VERSIONED, CFF["url"]) == source  # comments and layout kept


@pytest.mark.parametrize("address", ["gdfig.github.io/gdfig/", "ftp://example.org/gdfig/", "https://x.org/?v=1"])
def test_a_bad_site_url_stops_the_build_with_one_sentence(tmp_path, address):
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "SITE_URL": address})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"SITE_URL {address!r} is not a web address; give one like https://OWNER.github.io/REPOSITORY/" \
        in result.stderr
    assert not any(tmp_path.iterdir())


def test_equations_and_figures_are_numbered_by_page(built_site):
    surrogate = page_html(built_site, "surrogate/")
    tags = re.findall(r'<div class="gdfig-equation" id="eq-([a-z-]+)">.*?<span class="gdfig-equation__number">\((\d\.\d)\)</span>', surrogate, re.S)
    assert tags == [("surrogate", "3.1"), ("surrogate-gradient", "3.2"),
                    ("surrogate-minimiser", "3.3"), ("gd-update", "3.4"), ("descent-lemma", "3.5")]
    assert '<a class="gdfig-eqref" href="#eq-gd-update">(3.4)</a>' in surrogate
    steps = page_html(built_site, "steps-1d/")
    assert '<a class="gdfig-figref" href="#fig-surrogate_eta0125">Figure 4.1</a>' in steps
    assert "Figure 4.2, frame w₁₁." in steps


def test_every_listed_address_resolves(built_site):
    broken = [p for a in addresses.read_contract() if (p := addresses.resolve(built_site, a))]
    assert broken == []
    assert len(addresses.read_contract()) > 100


def test_cite_block_has_a_copy_button(page, site_url):
    page.goto(site_url + "surrogate/", wait_until="networkidle")
    button = page.locator(".gdfig-cite-block button[data-md-type='copy']")
    assert button.count() == 1 and button.get_attribute("title") == "Copy to clipboard"


def test_print_shows_every_frame_and_writes_link_addresses(page, site_url):
    page.emulate_media(media="print")
    page.goto(site_url + "steps-1d/", wait_until="networkidle")
    assert page.locator(".gdfig-frames figure:visible").count() == 24  # both tabs, every frame
    assert page.locator(".gdfig-controls:visible, .md-sidebar:visible, .md-header:visible").count() == 0
    page.goto(site_url + "index.html", wait_until="networkidle")
    after = page.evaluate("""() => getComputedStyle(document.querySelector("article a[href$='surrogate/']"), "::after").content""")
    assert after == f'" <{VERSIONED}surrogate/>"'


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_handout_holds_the_whole_lecture(built_site, handout, handout_texts):
    assert 20 <= len(handout.pages) <= 200
    # The title page, the contents, then each page of the site but the gallery (tests/site/test_reader_handout.py).
    assert [item.title for item in handout.outline][:3] == ["Gradient descent, figure by figure", "Contents", "Home"]
    assert len(handout.outline) == len(PAGES) + 1
    first = handout_texts[0]
    assert "Cite as" in first and COMMIT[:7] in first and "@misc" in first
    text = squeeze(" ".join(handout_texts))
    for equation in ["(3.4)", "(6.2)"]:
        assert squeeze(equation) in text, equation
    # Math prints as outlines: the page holding (6.2) fills a shape for each glyph of it.
    gradient = re.search(r'id="eq-gradient">(.*?)</div>', page_html(built_site, "logistic/"), re.S).group(1)
    page = next(page for page, words in zip(handout.pages, handout_texts) if "(6.2)" in words)
    fills = re.findall(rb"\sf\*?(?=\s)", page.get_contents().get_data())
    assert gradient.count("<use ") > 40 and len(fills) >= gradient.count("<use ")
    # Frames print as labelled small multiples: their numbers, not their captions.
    # ("page K", the site's chapter K, prints as "§K, p. N", the printed page it starts on.)
    printed = {s.name: re.sub(r"page(\d+)", r"§\1,p\\.\\d+", re.escape(squeeze(s.caption))) for s in registry.FIGURES}
    missing = [s.name for s in registry.FIGURES if s.sequence is None and not re.search(printed[s.name], text)]
    assert missing == []
    assert squeeze("Figure 4.2, frame w₁₁.") in text  # every frame printed, with its number


def test_handout_links_lead_to_the_public_site(handout):
    targets = {annotation.get_object()["/A"]["/URI"] for page in handout.pages
               for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()}
    assert targets and all(t.startswith((VERSIONED, LATEST, "https://fleuret.org/")) for t in targets), targets


def test_handout_is_reproducible(handout_bytes, built_site):
    """Asked again, the same bytes (the cache's copy; tests/site/test_reader_handout.py prints anew)."""
    result = subprocess.run([sys.executable, "-m", "tools.printed.handout", str(built_site)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and (built_site / "handout.pdf").read_bytes() == handout_bytes
