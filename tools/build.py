"""`make site`: the pages, then the handout, the slides and the figure bundle, built
into a fresh folder beside the site and swapped in only when all of them succeeded.

ProperDocs builds the pages (its hooks render the figures and run the notebook).
The handout and the slides are printed only when what they show changed (their
caches) and the bundle is zipped only when a figure changed, so a warm build
costs ProperDocs and a few hashes.  Checking the caches here, in one process,
saves starting three; what must be printed is printed by two Chromiums side by
side while the bundle is zipped, one command per core.

Any failure, Ctrl-C or SIGTERM leaves the previous site as it was, byte for byte
(the new folder is removed); a second build of the same checkout waits for the
first (it says so in one line).  Files in the site are copies (tools.site.copy_atomic):
an edit there never reaches a cache.

    python -m tools.build SITE_DIR           # SITE_URL=... for a fork's address
    python -m tools.build SITE_DIR --pages   # no Chromium: no handout, no deck, no links to them
"""

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tools import bundle
from tools.printed import handout, slides
from tools.site import ROOT
from tools.swap import swap_in

PRINTERS = {"handout": handout, "slides": slides}
LOCK = ROOT / ".cache" / "build.lock"


class Stopped(Exception):
    """A step failed (it has said why on stderr); `code` is its exit status."""

    def __init__(self, what: str, code: int):
        super().__init__(what)
        self.what, self.code = what, code


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so the same clean-up runs."""


def build_pages(site: Path) -> int:
    """ProperDocs' own command, from mkdocs.yml into `site`: its exit status."""
    properdocs = Path(sys.executable).parent / "properdocs"
    process = start([str(properdocs), "build", "-f", "mkdocs.yml", "-d", str(site)])
    try:
        return process.wait()
    finally:
        stop(process)


def start(command: list[str]) -> subprocess.Popen:
    """A step in a process group of its own: Ctrl-C reaches only this build, which
    then stops the step and all it started (the render, the notebook's kernel,
    Chromium) at once, without a traceback from each."""
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def printer_command(name: str, site: Path) -> list[str]:
    return [sys.executable, "-m", f"tools.printed.{name}", str(site)]


def build_into(site: Path, printed: bool) -> None:
    """The whole site into the empty folder `site`, or Stopped naming the failed step.
    printed=False: no handout and no deck, and pages that do not link them
    (docs/hooks/citation.py reads GDFIG_PDFS)."""
    os.environ["GDFIG_PDFS"] = "1" if printed else "0"
    if code := build_pages(site):
        raise Stopped("the pages", code)
    printing: dict[str, subprocess.Popen] = {}
    try:
        for name, tool in PRINTERS.items() if printed else ():
            if tool.copy_cached(site):
                print(f"wrote {name}.pdf (from the cache)")
            else:
                printing[name] = start(printer_command(name, site))
        if code := bundle.main([str(ROOT / "figures"), str(site)]):
            raise Stopped("the figure bundle", code)
        for name, process in printing.items():
            if code := process.wait():
                raise Stopped(f"the {name}", code)
    finally:
        for process in printing.values():  # a failure elsewhere, or Ctrl-C: no printer outlives us
            stop(process)


@contextmanager
def one_build_at_a_time(lock: Path):
    """Hold the checkout's build lock; a second build waits, saying so once."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("build: another build of this checkout is running; waiting for it to finish.",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build(site: Path, printed: bool = True) -> int:
    """The whole site into `site`, swapped in whole; 0, or the failed step's status."""
    site = site.absolute()
    with one_build_at_a_time(LOCK):
        site.parent.mkdir(parents=True, exist_ok=True)
        for stale in site.parent.glob(f".{site.name}.new-*"):  # a killed build's: we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-", dir=site.parent))
        try:
            os.chmod(fresh, 0o777 & ~_umask())  # mkdtemp's 0700 would hide the site from a web server
            build_into(fresh, printed)
            swap_in(fresh, site)  # from here `fresh` holds the previous site
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    print(f"build: {site} is the new site.")
    return 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main(argv: list[str]) -> int:
    printed = "--pages" not in argv
    argv = [argument for argument in argv if argument != "--pages"]
    site = Path(argv[0]) if argv else ROOT / "site"
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return build(site, printed)
    except Stopped as stop:
        how = f"was killed by {signal.Signals(-stop.code).name}" if stop.code < 0 else f"failed ({stop.code})"
        print(f"build: {stop.what} {how}; {site} is left as it was.", file=sys.stderr)
        return stop.code if 0 < stop.code < 128 else 1
    except (KeyboardInterrupt, Terminated) as stop:
        how = "interrupted" if isinstance(stop, KeyboardInterrupt) else "terminated"
        print(f"build: {how}; {site} is left as it was, run the build again to finish.", file=sys.stderr)
        return 130 if isinstance(stop, KeyboardInterrupt) else 143
    except OSError as error:
        print(f"build: cannot write '{error.filename or site}' ({error.strerror}); {site} is left as it was.",
              file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_terminated(signum, frame):
    raise Terminated


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
