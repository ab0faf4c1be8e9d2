"""`make publish`: two versions published in a temporary clone (its own git identity,
a fork's address through SITE_URL), its gh-pages branch served and read in Chromium.

The clone reuses this checkout's rendered figures and caches, copied once the run's
own handout and deck are printed: the first version, made from these pages, prints
neither again, and each publish costs one warm build (the second, its own PDFs).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.version import Version
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import seed_figures
from tools import addresses
from tools.site import ROOT, serve

FORK = "https://fork.example.test/gdfig/"  # SITE_URL: a fork's address, not CITATION.cff's
LINK = re.compile(r'(?:href|src)="(?![a-z]+:|#|/)([^"#?]+)')  # relative links, without query or anchor
CHANGE = "This sentence arrived in the second version."

def git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, text=True).stdout.strip()


def publish(clone: Path, *args: str, address: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.publish", *args], cwd=clone, capture_output=True,
                          text=True, env={**os.environ, "SITE_URL": address})


@pytest.fixture(scope="session")
def clone(tmp_path_factory, rendered, handout_bytes, deck_printed) -> Path:
    """A clone of this commit with its own identity, the figures and caches copied in."""
    clone = tmp_path_factory.mktemp("publish") / "gdfig"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    git(clone, "config", "user.name", "Publish Test")
    git(clone, "config", "user.email", "publish-test@example.invalid")
    seed_figures(rendered, clone / "figures")
    if (ROOT / ".cache").is_dir():
        subprocess.run(["cp", "-r", str(ROOT / ".cache"), str(clone)], check=True)
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    with open(clone / ".git" / "info" / "exclude", "a") as exclude:
        exclude.write("node_modules\n")  # a symlink, which the .gitignore's node_modules/ does not match
    return clone


def release(clone: Path, version: str) -> None:
    """What a release does: bump CITATION.cff's version, change a page, commit."""
    cff = clone / "CITATION.cff"
    cff.write_text(re.sub(r'^version: .*$', f'version: "{version}"', cff.read_text(), count=1, flags=re.M))
    page = clone / "docs" / "surrogate.md"
    page.write_text(page.read_text() + f"\n{CHANGE}\n")
    git(clone, "commit", "--quiet", "-am", f"Release {version}")


@pytest.fixture(scope="session")
def versions(clone) -> tuple[str, str]:
    """Publish the clone's version at CITATION.cff's address (this commit's pages: the
    handout and slides caches hold them), then a next one with a change at a fork's
    address (SITE_URL); (older, newer)."""
    older = str(yaml.safe_load((clone / "CITATION.cff").read_text())["version"])
    first = publish(clone, older)
    assert first.returncode == 0, first.stderr
    clone.with_name("older-tree").write_text(git(clone, "rev-parse", f"gh-pages:{older}"))
    newer = f"{Version(older).major}.{Version(older).minor + 1}.0"
    release(clone, newer)
    second = publish(clone, newer, address=FORK)
    assert second.returncode == 0, second.stderr
    return older, newer


def address(clone: Path, which: int) -> str:
    """Where version `which` (0: older, 1: newer) was published."""
    return yaml.safe_load((clone / "CITATION.cff").read_text())["url"] if which == 0 else FORK


@pytest.fixture(scope="session")
def tree(clone, versions, tmp_path_factory) -> Path:
    """The gh-pages branch checked out as a folder, as GitHub Pages serves it."""
    out = tmp_path_factory.mktemp("gh-pages") / "tree"
    git(clone, "worktree", "add", "--quiet", "--detach", str(out), "gh-pages")
    return out


@pytest.fixture(scope="session")
def pages_url(tree):
    with serve(tree, as_published=False) as base:
        yield base


def test_the_older_version_is_left_as_it_was(clone, versions, tree):
    older, newer = versions
    assert git(clone, "rev-parse", f"gh-pages:{older}") == clone.with_name("older-tree").read_text()
    assert CHANGE not in (tree / older / "surrogate" / "index.html").read_text()
    assert CHANGE in (tree / newer / "surrogate" / "index.html").read_text()
    assert os.readlink(tree / "latest") == newer


@pytest.mark.parametrize("which", [0, 1])
def test_each_version_names_its_own_address(clone, versions, tree, which):
    version, site = versions[which], address(clone, which)
    text = (tree / version / "surrogate" / "index.html").read_text()
    frozen, moving = f"{site}{version}/surrogate/", f"{site}latest/surrogate/"
    assert f'<meta name="citation_public_url" content="{frozen}">' in text
    assert f'<link rel="canonical" href="{moving}">' in text
    assert f"url     = {{{frozen}}}" in text and f"Newest version: {moving}" in text
    assert yaml.safe_load((tree / version / "CITATION.cff").read_text())["url"] == f"{site}{version}/"
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (tree / version / "sitemap.xml").read_text())
    assert sitemap and all(loc.startswith(site + "latest/") for loc in sitemap)
    handout = PdfReader(tree / version / "handout.pdf")
    links = {a.get_object()["/A"]["/URI"] for p in handout.pages for a in p.get("/Annots", [])
             if "/A" in a.get_object()}
    own = (site + version + "/", site + "latest/", "https://fleuret.org/")  # latest: the cite block's moving address
    assert links and [link for link in links if not link.startswith(own)] == []


@pytest.mark.parametrize("which", [0, 1])
def test_every_page_has_the_selector_and_the_banner(versions, tree, which):
    for page in (tree / versions[which]).rglob("index.html"):
        text = page.read_text()
        if 'http-equiv="refresh"' not in text:  # redirect pages have no theme
            assert '"version": {"default": "latest", "provider": "mike"}' in text, page
            assert 'data-md-component="outdated" hidden' in text and "older version" in text, page


@pytest.mark.parametrize("which", [0, 1])
def test_every_link_of_a_version_resolves_in_it(versions, tree, which):
    """The handout, slides and bundle each page links are part of the version, and so on."""
    root = tree / versions[which]
    missing = set()
    for page in root.rglob("*.html"):
        for link in LINK.findall(page.read_text()):
            target = (page.parent / link).resolve()
            if not (target / "index.html" if link.endswith("/") or target.is_dir() else target).exists():
                missing.add(f"{page.relative_to(root)} -> {link}")
    assert sorted(missing) == []


@pytest.mark.parametrize("version", ["older", "newer", "latest"])
def test_every_listed_address_resolves_in_every_version(versions, tree, version):
    folder = tree / {"older": versions[0], "newer": versions[1]}.get(version, version)
    assert [p for a in addresses.read_contract() if (p := addresses.resolve(folder, a))] == []


def test_the_root_leads_to_the_newest_version(page, versions, pages_url):
    page.goto(pages_url)
    page.wait_for_url(pages_url + "latest/")
    assert page.locator("[data-md-component=outdated]").is_hidden()
    page.goto(pages_url + "latest/surrogate/")
    assert CHANGE in page.locator("article").inner_text()


def test_the_selector_lists_both_and_switching_keeps_the_page(page, clone, versions, pages_url):
    older, newer = versions
    page.goto(f"{pages_url}{newer}/surrogate/")
    links = page.locator(".md-version__list a.md-version__link")
    links.first.wait_for(state="attached")
    assert sorted(links.evaluate_all("links => links.map(a => a.href)")) == \
        sorted(f"{pages_url}{v}/" for v in versions)
    page.locator(".md-version").hover()
    page.locator(f".md-version__link[href='{pages_url}{older}/']").click()
    page.wait_for_url(f"{pages_url}{older}/surrogate/")
    banner = page.locator("[data-md-component=outdated]")
    expect(banner).to_be_visible()  # material shows it once it has read versions.json
    assert banner.locator("a").get_attribute("href") == f"{address(clone, 0)}latest/surrogate/"
    assert CHANGE not in page.locator("article").inner_text()
    cited = f"{address(clone, 0)}{older}/surrogate/"
    assert cited in page.locator(".gdfig-cite-block .gdfig-citation").inner_text()


def test_publishing_refuses_with_one_sentence(clone, versions):
    older, newer = versions
    head = git(clone, "rev-parse", "gh-pages")
    cases = {newer: "already published", "9.9.9": "is not CITATION.cff's version", "": "no version given"}
    for version, reason in cases.items():
        result = publish(clone, version)
        assert result.returncode == 2 and reason in result.stderr and len(result.stderr.splitlines()) == 1
    (clone / "docs" / "index.md").write_text("edited but not committed\n")
    result = publish(clone, newer, "--force")
    git(clone, "checkout", "--", "docs/index.md")
    assert result.returncode == 2 and "uncommitted changes" in result.stderr
    assert git(clone, "rev-parse", "gh-pages") == head
    (clone / "docs" / "extra.md").write_text("A page nobody committed.\n")
    result = publish(clone, newer, "--force")
    (clone / "docs" / "extra.md").unlink()
    assert result.returncode == 2 and "files git does not track (docs/extra.md)" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and git(clone, "rev-parse", "gh-pages") == head


def test_republishing_an_unchanged_build_commits_nothing_and_succeeds(clone, versions):
    older, newer = versions
    head = git(clone, "rev-parse", "gh-pages")
    result = publish(clone, newer, "--force", address=FORK)
    assert result.returncode == 0, result.stderr
    assert "already holds exactly this build" in result.stdout and git(clone, "rev-parse", "gh-pages") == head


def test_a_corrupt_versions_list_is_refused_in_one_sentence(monkeypatch):
    from tools import publish as tool

    for listing in ("{not json", '{"version": "1.0"}', '[{"title": "no version"}]'):
        monkeypatch.setattr(tool, "git", lambda *args: subprocess.CompletedProcess(args, 0, listing, ""))
        with pytest.raises(tool.Refused, match="versions.json on gh-pages is not mike's list of versions"):
            tool.published_versions()
