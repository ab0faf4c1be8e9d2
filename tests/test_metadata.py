"""The licences are stated once per kind and named everywhere a reader meets the work:
CITATION.cff (SPDX), pyproject.toml, the footer of every page, the bundle's README."""

import re
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).parents[1]


def test_the_licence_files_and_the_metadata_agree():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["license"] == ["MIT", "CC-BY-4.0"]
    mit = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert mit.startswith("MIT License") and re.search(r"Copyright \(c\) 20\d\d The gdfig contributors", mit)
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in content and "creativecommons.org/licenses/by/4.0/legalcode" in content
    assert "François Fleuret" in content and "not covered" in content  # the lecture's own rights
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject and 'license-files = ["LICENSE"]' in pyproject


def _footer(pdfs: bool) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides" / "partials"))
    environment.filters["url"] = lambda path: "../" + path
    cite = {"lecture": {"url": "u", "authors": ["F"], "title": "t"}, "authors": ["A"], "title": "T",
            "version": "1", "commit": "abcdef0123", "date": "d", "pdfs": pdfs}
    return environment.get_template("copyright.html").render(config={"extra": {"citation": cite}})


def test_the_footer_names_both_licences_and_the_pdfs_only_when_built():
    with_pdfs, without = _footer(True), _footer(False)
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in with_pdfs
    assert "code MIT" in with_pdfs
    assert "handout.pdf" in with_pdfs and "slides.pdf" in with_pdfs
    assert "handout.pdf" not in without and "slides.pdf" not in without


def test_the_bundle_readme_states_the_licence():
    from tools import bundle

    text = bundle.readme([], bundle.citation())
    assert "## Licence" in text and "CC BY 4.0" in text and "François Fleuret" in text


def _hook_config(monkeypatch, **environment) -> dict:
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("citation_hook", ROOT / "docs" / "hooks" / "citation.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    for name in ("GDFIG_PDFS", "GDFIG_VERSIONS", "SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), site_url=None, extra={})
    return hook.on_config(config).extra


def test_a_plain_build_has_pdfs_and_no_version_selector(monkeypatch):
    extra = _hook_config(monkeypatch)
    assert "version" not in extra and extra["citation"]["pdfs"] is True
    assert extra["citation"]["handout_url"].endswith("/handout.pdf")
    assert extra["citation"]["licences"] == ["MIT", "CC-BY-4.0"]


def test_make_pages_names_no_pdf_and_make_publish_turns_the_selector_on(monkeypatch):
    pages = _hook_config(monkeypatch, GDFIG_PDFS="0")
    assert pages["citation"]["pdfs"] is False and pages["citation"]["handout_url"] is None
    published = _hook_config(monkeypatch, GDFIG_VERSIONS="1")
    assert published["version"] == {"provider": "mike", "default": "latest"}
