"""A Chromium that cannot start, or dies while printing, ends the handout and the
deck in one sentence on stderr and exit status 1: no traceback, and no PDF written,
in the site or in the cache."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ctrl_c_live
from tools import chromium
from tools.site import ROOT


def script(folder: Path, body: str) -> Path:
    path = folder / "chromium"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def exits_at_once(folder: Path) -> Path:
    return script(folder, "echo 'chromium: cannot start' >&2\nexit 1\n")


def dies_mid_print(folder: Path) -> Path:
    """A real Chromium browser, killed (SIGKILL) two seconds after it starts: while the
    pages are laid out for print (the handout takes some 7 s here; a fast machine could
    finish a print before a later kill). Not the headless shell, which prints the handout
    in under two seconds: the tool meets the death of either the same way."""
    return script(folder, f'"{chromium.find_browser()}" "$@" &\nbrowser=$!\n(sleep 2; kill -9 $browser) &\nwait $browser\n')


@pytest.mark.parametrize("tool, pdf", [("handout", "handout.pdf"), ("slides", "slides.pdf")])
@pytest.mark.parametrize("fault", [exits_at_once, dies_mid_print])
def test_a_failing_chromium_ends_in_one_sentence(fault, tool, pdf, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.png"))
    cache = tmp_path / "cache"
    env = {**os.environ, "CHROMIUM": str(fault(tmp_path)), "GDFIG_SLIDES_CACHE": str(cache),
           "GDFIG_HANDOUT_CACHE": str(cache)}
    result = subprocess.run([sys.executable, "-m", f"tools.printed.{tool}", str(site), "--fresh"], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "Chromium" in result.stderr and "CHROMIUM=" in result.stderr
    assert not (site / pdf).exists() and not (cache.exists() and list(cache.iterdir()))


@pytest.mark.parametrize("tool, pdf", [("handout", "handout.pdf"), ("slides", "slides.pdf")])
def test_ctrl_c_while_printing_ends_in_one_line(tool, pdf, built_site, tmp_path):
    """SIGINT while Chromium starts (it is made slow to): exit 130, one line, nothing written."""
    import signal
    import time

    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.png"))
    started = tmp_path / "started"
    slow = script(tmp_path, f'touch "{started}"\nsleep 2\nexec "{chromium.find()}" "$@"\n')
    cache = tmp_path / "cache"
    env = {**os.environ, "CHROMIUM": str(slow), "GDFIG_SLIDES_CACHE": str(cache), "GDFIG_HANDOUT_CACHE": str(cache)}
    process = subprocess.Popen([sys.executable, "-m", f"tools.printed.{tool}", str(site), "--fresh"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=ctrl_c_live)
    deadline = time.monotonic() + 60
    while not started.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the slow Chromium never started"
    process.send_signal(signal.SIGINT)  # within its two seconds of starting
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130 and out == "", err[-2000:]
    assert err.strip() == f"{tool}: interrupted; nothing was written"
    assert not (site / pdf).exists() and not (cache.exists() and list(cache.iterdir()))


def test_an_unwritable_cache_ends_in_one_sentence(built_site, tmp_path):
    """The handout's cache cannot be written (here a file stands where the folder should
    be): exit 1 before printing, one line naming it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.png"))
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    env = {**os.environ, "GDFIG_HANDOUT_CACHE": str(tmp_path / "file" / "cache")}
    result = subprocess.run([sys.executable, "-m", "tools.printed.handout", str(site), "--fresh"], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and str(tmp_path / "file") in result.stderr
    assert "Traceback" not in result.stderr and not (site / "handout.pdf").exists()


def test_another_chromium_is_another_cache_key(built_site, tmp_path, monkeypatch):
    """The same pages print to other bytes in another Chromium build (the headless shell's
    handout differs from the browser's): neither PDF cache serves one's print for the other."""
    from tools.printed import chrome, handout, slides
    from tools.printed.pages import citation, lecture_pages

    def keys() -> tuple[str, str]:
        return handout.fingerprint(built_site), slides.cache_key(built_site, lecture_pages(), citation())

    monkeypatch.setattr(chrome, "_found", [])
    found = keys()
    monkeypatch.setenv("CHROMIUM", str(script(tmp_path, "")))
    elsewhere = keys()
    assert found[0] != elsewhere[0] and found[1] != elsewhere[1]
    assert keys() == elsewhere  # and the same Chromium, the same keys
