"""The set-up the two README commands do: the exact install commands (tools/venv.py,
the Makefile), the refusal of a Python the project cannot use, a venv made anew when
another Python made it or its install failed, and Chromium found rather than assumed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import chromium, venv

ROOT = Path(__file__).parents[1]


@pytest.fixture
def commands(monkeypatch):
    """The commands tools/venv.py runs, recorded instead of run (`-m venv` makes an empty folder)."""
    ran = []

    def record(command, what):
        ran.append(command)
        if command[1:3] == ["-m", "venv"]:
            os.makedirs(command[3])
    monkeypatch.setattr(venv, "run", record)
    return ran


def test_torch_comes_first_from_the_cpu_index_with_one_quick_try_then_uv_installs_the_rest(commands):
    venv.install(".venv", "constraints.txt", ["-e", ".[test,site]"])
    torch, uv, everything = commands
    assert torch[torch.index("--extra-index-url") + 1] == "https://download.pytorch.org/whl/cpu"
    assert torch[-1] == "torch==2.13.0" and "--no-deps" in torch
    assert torch[torch.index("--retries") + 1] == "0" and torch[torch.index("--timeout") + 1] == "2"
    assert uv[-3:] == ["-c", "constraints.txt", "uv"] and "--extra-index-url" not in uv
    assert everything[:3] == [".venv/bin/uv", "pip", "install"]
    assert everything[everything.index("--python") + 1] == ".venv/bin/python"  # into the venv, not uv's own
    assert everything[-4:] == ["-c", "constraints.txt", "-e", ".[test,site]"]
    assert "--extra-index-url" not in everything  # the unreachable index is asked once, for torch alone
    assert "--no-compile" in torch and "--no-compile" in uv  # Python compiles what it imports
    assert "--compile-bytecode" not in everything  # (uv compiles nothing unless asked)
    assert "--system-certs" in everything  # the certificates pip uses, a TLS-inspecting proxy's included
    assert "torch==2.13.0" in (ROOT / "constraints.txt").read_text().splitlines()


def test_a_venv_without_torch_asks_no_torch_index(commands, tmp_path):
    (tmp_path / "c.txt").write_text("cffconvert==2.0.0\nuv==0.13.9\n")
    venv.install(".venv/x", str(tmp_path / "c.txt"), ["cffconvert"])
    assert len(commands) == 2 and not any("--extra-index-url" in command for command in commands)


@pytest.mark.parametrize("constraints", ["constraints.txt", "constraints-cffconvert.txt"])
def test_uv_is_pinned_and_an_unpinned_one_is_refused(commands, tmp_path, constraints):
    lines = (ROOT / constraints).read_text().splitlines()
    assert [line for line in lines if line.startswith("uv==")] == ["uv==0.13.9"]
    (tmp_path / "c.txt").write_text("\n".join(line for line in lines if not line.startswith("uv==")) + "\n")
    with pytest.raises(venv.Refused, match=r"c\.txt pins no version of uv, .* add a line uv==X\.Y\.Z"):
        venv.install(".venv/x", str(tmp_path / "c.txt"), ["cffconvert"])
    assert commands == []  # refused before any install


def test_the_makefile_sets_up_with_these_commands():
    dry = subprocess.run(["make", "-n", "-B", "site", "PYTHON=/usr/bin/python3"], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "MAKEFLAGS": ""}).stdout
    assert "/usr/bin/python3 tools/venv.py .venv constraints.txt -e '.[test,site]'" in dry
    assert "npm ci --no-audit --no-fund --no-update-notifier --omit=dev" in dry  # the build needs MathJax only
    assert ".venv/bin/python -m tools.chromium --install" in dry and "apt-get update" not in dry
    pages = subprocess.run(["make", "-n", "-B", "pages"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "tools.chromium" not in pages and "tools.build site --pages" in pages
    tests = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "npm ci --no-audit --no-fund --no-update-notifier\n" in tests  # axe-core for the browser tests
    assert tests.count("npm ci") == 1  # once, the build's and the tests' packages; not Lighthouse
    bench = subprocess.run(["make", "-n", "-B", "bench"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "npm ci --prefix bench --no-audit --no-fund --no-update-notifier\n" in bench


def test_lighthouse_is_locked_for_the_bench_alone():
    """The tests' npm ci installs 20 packages, not Lighthouse's 200: it is bench/'s own."""
    site, bench = (json.loads((ROOT / folder / "package.json").read_text()) for folder in (".", "bench"))
    assert "lighthouse" not in {**site.get("dependencies", {}), **site.get("devDependencies", {})}
    assert bench["devDependencies"] == {"lighthouse": "12.8.2"}
    for folder in (".", "bench"):
        lock = json.loads((ROOT / folder / "package-lock.json").read_text())
        assert lock["packages"][""]["devDependencies"] == json.loads(
            (ROOT / folder / "package.json").read_text()).get("devDependencies", {}), folder


def test_commands_make_runs_may_keep_their_bytecode():
    """pip installs no bytecode, so an environment's PYTHONDONTWRITEBYTECODE would make
    every command compile torch again: make's commands run without it."""
    probe = subprocess.run(["make", "--no-print-directory", "--eval", "probe: ; @echo \"[$$PYTHONDONTWRITEBYTECODE]\"",
                            "probe"], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "MAKEFLAGS": ""})
    assert probe.stdout == "[]\n", probe.stderr


def test_an_old_python_is_refused_in_one_sentence_before_any_install(monkeypatch, commands):
    monkeypatch.setattr(sys, "version_info", (3, 10, 12, "final", 0))
    with pytest.raises(venv.Refused, match=r"this is Python 3\.10\.12 .* needs Python 3\.11 or newer"):
        venv.check_python()
    assert commands == []


def test_python_3_11_2_is_accepted_and_the_pins_say_so(monkeypatch):
    monkeypatch.setattr(sys, "version_info", (3, 11, 2, "final", 0))
    venv.check_python()
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


def _finished_venv(path: Path, made_by: str) -> None:
    path.mkdir()
    (path / venv.STAMP).touch()
    (path / venv.MADE_BY).write_text(made_by + "\n")
    (path / "marker").touch()


def test_a_venv_of_another_python_is_made_anew(tmp_path, commands):
    old = tmp_path / "v"
    _finished_venv(old, "/opt/other/python3 3.12.1")
    assert not venv.is_current(str(old), [])
    venv.make_venv(str(old))
    assert not (old / "marker").exists() and commands == [[sys.executable, "-m", "venv", str(old)]]
    assert (old / venv.MADE_BY).read_text().strip() == venv.interpreter()


def test_a_venv_whose_install_failed_is_made_anew_and_a_finished_one_reused(tmp_path, commands):
    finished, failed = tmp_path / "finished", tmp_path / "failed"
    _finished_venv(finished, venv.interpreter())
    _finished_venv(failed, venv.interpreter())
    (failed / venv.STAMP).unlink()  # what a failed install leaves
    venv.make_venv(str(finished))
    venv.make_venv(str(failed))
    assert (finished / "marker").exists() and not (failed / "marker").exists()
    assert venv.is_current(str(finished), [str(ROOT / "Makefile")]) is (
        os.path.getmtime(ROOT / "Makefile") <= os.path.getmtime(finished / venv.STAMP))


def test_a_failed_install_shows_pips_own_words_and_one_sentence(tmp_path, capsys):
    with pytest.raises(venv.Refused, match="installing x failed .* makes the environment anew"):
        venv.run([sys.executable, "-c", "import sys; print('ResolutionImpossible: the cause'); sys.exit(1)"],
                 "installing x")
    assert "ResolutionImpossible: the cause" in capsys.readouterr().err


def executable(path: Path) -> Path:
    """An empty shell script at `path`, executable: a Chromium to be found, never run."""
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_chromium_is_found_from_the_environment_then_path(tmp_path, monkeypatch):
    fake = executable(tmp_path / "my-chromium")
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert chromium.find() == str(fake)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(chromium.NotFound, match="is not an executable file; give its path as CHROMIUM="):
        chromium.find()
    monkeypatch.delenv("CHROMIUM")
    (tmp_path / "chromium-browser").symlink_to(fake)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium.find() == chromium.find_browser() == str(tmp_path / "chromium-browser")


def test_the_headless_shell_prints_and_tests_and_a_browser_weighs_first_visits(tmp_path, monkeypatch):
    for name in ("chromium", "chromium-headless-shell"):
        executable(tmp_path / name)
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium.find() == str(tmp_path / "chromium-headless-shell")
    assert chromium.find_browser() == str(tmp_path / "chromium")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "chromium-headless-shell"))  # the user's choice, for both
    assert chromium.find() == chromium.find_browser() == str(tmp_path / "chromium-headless-shell")


def test_a_chromium_is_told_apart_by_the_file_it_runs(tmp_path, monkeypatch):
    """What the PDF caches key on (tests/site/test_print_faults.py): the file a Chromium
    resolves to, its size and date, changed by a package upgrade."""
    from tools.printed import chrome

    browser = executable(tmp_path / "chromium")
    monkeypatch.setenv("CHROMIUM", str(browser))
    monkeypatch.setattr(chrome, "_found", [])
    first = chrome.printer()
    assert first == chromium.identity(str(browser)) and str(browser) in first
    os.utime(browser, ns=(0, 10**18))  # what a package upgrade does to it
    assert chrome.printer() != first
    (tmp_path / "link").symlink_to(browser)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "link"))
    assert chrome.printer() == chromium.identity(str(browser))  # the file a link leads to


def test_without_chromium_a_non_root_user_is_told_what_to_do(monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(chromium, "find", lambda: (_ for _ in ()).throw(chromium.NotFound("no Chromium found")))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("apt-get must not run for a non-root user"))
    with pytest.raises(chromium.NotFound, match="no Chromium found"):
        chromium.install()


@pytest.mark.parametrize("ci, status, said", [
    ("", pytest.ExitCode.OK, "CHROMIUM=/nowhere/chromium is not an executable file"),
    ("true", pytest.ExitCode.USAGE_ERROR, "(CI=true: no test may be skipped)"),
])
def test_without_chromium_the_browser_tests_skip_except_under_ci(ci, status, said):
    """What the browser tests do when no Chromium can be found: say why and skip, or,
    under CI=true (where a skipped test would pass unseen), stop the run."""
    env = {**os.environ, "CHROMIUM": "/nowhere/chromium", "CI": ci}
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rs",
                             "tests/site/test_served_root.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == status, result.stdout + result.stderr
    assert said in result.stdout + result.stderr
    assert ("1 skipped" in result.stdout) == (ci == "")
