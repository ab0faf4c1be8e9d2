"""The figure bundle (tools/bundle.py): exactly the registry's stable figures in
every format, checksums that match its manifest, a README and CITATION.cff, the
same bytes from every run, and one clear line for figures that cannot be bundled."""

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from gdfig import registry
from tools.site import ROOT

VERSION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
TOP = f"gdfig-figures-{VERSION}/"
SUFFIXES = ("pdf", "svg", "png", "dark.svg", "dark.png", "json")


def run_bundle(figures: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.bundle", str(figures), str(out)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.fixture(scope="session")
def bundle(rendered, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = run_bundle(rendered, out)
    assert result.returncode == 0, result.stderr
    return out / f"gdfig-figures-{VERSION}.zip"


def test_exactly_the_stable_figures_in_every_format(bundle):
    stable = [spec.name for spec in registry.FIGURES if spec.variant_of is None]
    expected = {TOP + "README.md", TOP + "CITATION.cff", TOP + "manifest.json"}
    expected |= {f"{TOP}figures/{name}.{suffix}" for name in stable for suffix in SUFFIXES}
    with zipfile.ZipFile(bundle) as archive:
        assert set(archive.namelist()) == expected
        assert len(archive.namelist()) == len(expected)  # no file twice
        manifest = json.loads(archive.read(TOP + "manifest.json"))
    assert [f["name"] for f in manifest["figures"]] == stable


def test_opens_and_matches_its_manifest(bundle, rendered):
    with zipfile.ZipFile(bundle) as archive:
        assert archive.testzip() is None
        manifest = json.loads(archive.read(TOP + "manifest.json"))
        for figure in manifest["figures"]:
            for suffix in SUFFIXES:
                record = figure["files"][suffix]
                data = archive.read(TOP + record["path"])
                assert hashlib.sha256(data).hexdigest() == record["sha256"]
                assert data == (rendered / f"{figure['name']}.{suffix}").read_bytes()
        cff = yaml.safe_load(archive.read(TOP + "CITATION.cff"))
    source = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff == {**source, "url": source["url"] + VERSION + "/"}  # the version's own address


def test_readme_says_what_each_figure_shows_and_how_to_cite_it(bundle):
    with zipfile.ZipFile(bundle) as archive:
        text = archive.read(TOP + "README.md").decode()
    for spec in registry.FIGURES:
        assert f"`{spec.name}`" in text and spec.caption in text
    assert text.count("Cite as:") == len(registry.FIGURES)
    assert "@misc{" in text and f"version {VERSION}" in text


def test_same_bytes_every_time(bundle, rendered, tmp_path):
    copy = tmp_path / "figures"
    shutil.copytree(rendered, copy)  # other timestamps, same contents
    assert run_bundle(copy, tmp_path).returncode == 0
    assert (tmp_path / bundle.name).read_bytes() == bundle.read_bytes()
    with zipfile.ZipFile(bundle) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _tamper(figures: Path) -> str:
    (figures / "surface.svg").write_bytes(b"<svg/>")
    return "surface.svg"


def _drop_manifest(figures: Path) -> str:
    (figures / "manifest.json").unlink()
    return "make figures"


@pytest.mark.parametrize("damage", [_tamper, _drop_manifest])
def test_bad_figures_refused_in_one_line(damage, rendered, tmp_path):
    figures = tmp_path / "figures"
    shutil.copytree(rendered, figures)
    named = damage(figures)
    result = run_bundle(figures, tmp_path / "out")
    assert result.returncode == 2 and named in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_cached_file_reaches_the_site_whole_and_leaves_nothing_behind(tmp_path):
    """copy_atomic, which puts the cached bundle, handout and deck into the site: again
    and again onto the same target, then onto a target holding other bytes."""
    from tools.site import copy_atomic

    cached, site = tmp_path / "cached.zip", tmp_path / "site"
    cached.write_bytes(b"the cached bytes")
    site.mkdir()
    (site / "bundle.zip").write_bytes(b"an older bundle")
    for _ in range(3):
        copy_atomic(cached, site / "bundle.zip")
        assert sorted(p.name for p in site.iterdir()) == ["bundle.zip"]
        assert (site / "bundle.zip").read_bytes() == b"the cached bytes"
    assert cached.read_bytes() == b"the cached bytes"
