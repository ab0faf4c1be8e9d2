"""`make site` (tools/build.py) swaps a new site in whole or not at all: a failing
page, a printer that dies, Ctrl-C leave the previous site byte for byte; two builds
of one checkout take turns; the site's files are copies, never links into a cache."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ctrl_c_live
from tools import build

ROOT = Path(__file__).parents[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Printer:
    """A stand-in for tools.printed.handout / .slides: never cached, printed by `command`."""

    def __init__(self, command: str):
        self.command = command

    def copy_cached(self, site: Path) -> bool:
        return False


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """tools.build with quick stand-ins for ProperDocs, the printers and the bundle,
    and an old site in tmp_path/site."""
    site = tmp_path / "site"
    (site / "figures").mkdir(parents=True)
    (site / "index.html").write_text("the old site")
    (site / "figures" / "a.svg").write_text("<svg/>")
    monkeypatch.setattr(build, "LOCK", tmp_path / "build.lock")

    def pages(folder: Path) -> int:
        (folder / "index.html").write_text("the new site")
        return 0

    monkeypatch.setattr(build, "build_pages", pages)
    monkeypatch.setattr(build, "PRINTERS", {"handout": Printer("open(sys.argv[1] + '/handout.pdf', 'w').write('pdf')")})
    monkeypatch.setattr(build, "printer_command",
                        lambda name, folder: [sys.executable, "-c", "import os, sys, time\n"
                                              + build.PRINTERS[name].command, str(folder)])
    monkeypatch.setattr(build, "bundle", SimpleNamespace(main=lambda argv: 0))
    return SimpleNamespace(site=site, before=snapshot(site), tmp=tmp_path)


def leftovers(tmp: Path) -> list[str]:
    return [p.name for p in tmp.iterdir() if p.name.startswith(".site.")]


def test_a_complete_build_replaces_the_site(fake):
    (fake.tmp / ".site.new-killed").mkdir()  # what a build killed with SIGKILL leaves
    assert build.main([str(fake.site)]) == 0
    assert snapshot(fake.site) == {"index.html": b"the new site", "handout.pdf": b"pdf"}
    assert leftovers(fake.tmp) == []


def test_a_failing_page_leaves_the_old_site(fake, monkeypatch, capsys):
    monkeypatch.setattr(build, "build_pages", lambda folder: (folder / "index.html").write_text("half") and 1)
    assert build.main([str(fake.site)]) == 1
    assert snapshot(fake.site) == fake.before and leftovers(fake.tmp) == []
    assert "build: the pages failed (1);" in capsys.readouterr().err


def test_a_printer_that_dies_mid_print_leaves_the_old_site(fake, capsys):
    build.PRINTERS["handout"].command = ("open(sys.argv[1] + '/handout.pdf', 'w').write('half a pdf')\n"
                                         "os.kill(os.getpid(), 9)")
    assert build.main([str(fake.site)]) == 1
    assert snapshot(fake.site) == fake.before and leftovers(fake.tmp) == []
    assert "build: the handout was killed by SIGKILL;" in capsys.readouterr().err


def test_ctrl_c_while_printing_leaves_the_old_site_and_no_printer(fake, monkeypatch, capsys):
    build.PRINTERS["handout"].command = "open(sys.argv[1] + '/pid', 'w').write(str(os.getpid())); time.sleep(60)"
    started: list[int] = []

    def interrupted(argv):
        folder = Path(argv[1])
        while not (folder / "pid").exists() or not (folder / "pid").read_text():
            time.sleep(0.05)
        started.append(int((folder / "pid").read_text()))
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "bundle", SimpleNamespace(main=interrupted))
    assert build.main([str(fake.site)]) == 130
    assert snapshot(fake.site) == fake.before and leftovers(fake.tmp) == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "build: interrupted;" in err and "is left as it was" in err
    with pytest.raises(ProcessLookupError):
        os.kill(started[0], 0)  # killed and reaped


def test_the_site_holds_copies_not_links_into_a_cache(fake, monkeypatch):
    cached = fake.tmp / "cache.pdf"
    cached.write_bytes(b"cached pdf")
    from tools.site import copy_atomic  # what the real printers copy their cached PDF with

    printer = SimpleNamespace(copy_cached=lambda folder: copy_atomic(cached, folder / "handout.pdf") or True)
    monkeypatch.setattr(build, "PRINTERS", {"handout": printer})
    assert build.main([str(fake.site)]) == 0
    assert (fake.site / "handout.pdf").stat().st_nlink == 1
    with open(fake.site / "handout.pdf", "ab") as served:
        served.write(b"an edit")
    assert cached.read_bytes() == b"cached pdf"


SLOW_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from types import SimpleNamespace
    from tools import build

    site, lock, seconds, text = sys.argv[1:]
    build.LOCK = Path(lock)
    build.PRINTERS = {}
    build.bundle = SimpleNamespace(main=lambda argv: 0)

    def pages(folder):
        time.sleep(float(seconds))
        (folder / "index.html").write_text(text)
        return 0

    build.build_pages = pages
    sys.exit(build.main([site]))
""")


def test_two_builds_of_one_checkout_take_turns(tmp_path):
    site, lock = tmp_path / "site", tmp_path / "build.lock"

    def start(seconds: str, text: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(site), str(lock), seconds, text], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first = start("3", "first")
    time.sleep(1.5)  # the first holds the lock by now (its imports take well under a second)
    second = start("0", "second")
    first_out, first_err = first.communicate(timeout=60)
    second_out, second_err = second.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert first_err == "" and second_err == "build: another build of this checkout is running; waiting for it to finish.\n"
    assert (site / "index.html").read_text() == "second" and leftovers(tmp_path) == []


def test_ctrl_c_from_the_terminal_is_one_line_and_leaves_the_old_site(tmp_path):
    """Ctrl-C reaches the build's whole process group, as a terminal sends it; the
    steps it started live in groups of their own, and are stopped without a word."""
    site, lock = tmp_path / "site", tmp_path / "build.lock"
    site.mkdir()
    (site / "index.html").write_text("the old site")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from tools import build

        site, lock = sys.argv[1:]
        build.LOCK = Path(lock)
        build.printer_command = lambda name, folder: [sys.executable, "-c", "import time; time.sleep(60)"]
        build.PRINTERS = {"handout": type("P", (), {"copy_cached": staticmethod(lambda folder: False)})}

        def bundle(argv):
            print("printing", flush=True)
            import time
            time.sleep(60)

        build.bundle = type("B", (), {"main": staticmethod(bundle)})
        build.build_pages = lambda folder: (folder / "index.html").write_text("new") and 0
        sys.exit(build.main([site]))
    """)
    process = subprocess.Popen([sys.executable, "-c", script, str(site), str(lock)], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=ctrl_c_live)
    assert process.stdout.readline() == "printing\n"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == f"build: interrupted; {site} is left as it was, run the build again to finish.\n"
    assert snapshot(site) == {"index.html": b"the old site"} and leftovers(tmp_path) == []


def test_pages_only_runs_no_printer_and_the_pages_name_no_pdf(fake, monkeypatch):
    seen = {}

    def pages(folder: Path) -> int:
        seen["GDFIG_PDFS"] = os.environ["GDFIG_PDFS"]
        (folder / "index.html").write_text("pages only")
        return 0

    monkeypatch.setattr(build, "build_pages", pages)
    monkeypatch.setattr(build, "PRINTERS", {"handout": SimpleNamespace(copy_cached=lambda f: pytest.fail("printed"))})
    assert build.main([str(fake.site), "--pages"]) == 0
    assert seen == {"GDFIG_PDFS": "0"} and not (fake.site / "handout.pdf").exists()
