"""Printing with Chromium, for the handout and the deck: the built site served on
127.0.0.1, one Chromium (tools/chromium.py finds it), the PDF caches and the
command both outputs share.

A Chromium that cannot start, crashes or is killed while printing ends the print
in one sentence and exit status 1 (PrintError), never in playwright's traceback,
and nothing is written: a PDF reaches the cache and the site only when whole.
"""

import errno
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from tools import chromium
from tools.printed import links
from tools.site import CHROMIUM_ARGS, ROOT, cache_one, copy_atomic, serve

TIMEOUT_MS = 120_000  # a step of the print that takes longer has hung: stop, saying so


class PrintError(Exception):
    """A print that cannot be made; the message is one sentence naming the fix."""


class SlideError(PrintError):
    """A deck that cannot be made as asked; the message says why and what to do."""


@contextmanager
def browser_on(site: Path, what: str) -> Iterator[tuple[object, str]]:
    """(Chromium, the site's base URL) for printing `what`; a Chromium that does not
    start, crashes or is killed becomes a PrintError."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                yield browser, base
            finally:
                _close(browser)
    except Error as error:
        reason = (str(error).strip().splitlines() or ["no reason given"])[0].rstrip(".")
        happened = "did not start for printing" if reason.startswith("BrowserType.launch") else "stopped while printing"
        raise PrintError(f"Chromium ({chromium_path()}) {happened} the {what} ({reason[:160]}); "
                         f"run the command again, or give another Chromium with CHROMIUM=/path/to/chromium") from None


def _close(browser) -> None:
    try:
        browser.close()
    except Exception:  # a browser that crashed has nothing left to close
        pass


def new_tab(browser, **options):
    tab = browser.new_page(**options)
    tab.set_default_timeout(TIMEOUT_MS)
    return tab


@dataclass(frozen=True)
class Cache:
    """One PDF kept under a key of everything it is made from: `folder/KEY.pdf`."""
    folder: Path
    name: str  # its name in the site: "handout.pdf"

    def copy(self, key: str, site: Path) -> bool:
        """site/NAME from the cache, its size written into the pages' links; whether it was cached."""
        cached = self.folder / f"{key}.pdf"
        if not cached.is_file():
            return False
        copy_atomic(cached, site / self.name)
        links.record(site, self.name)
        return True

    def ready(self) -> None:
        """The cache's folder, made and writable, before minutes of printing are spent on
        a PDF it could not keep (OSError naming the folder otherwise)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not os.access(self.folder, os.W_OK):
            raise PermissionError(errno.EACCES, "permission denied", str(self.folder))

    def keep(self, key: str, data: bytes) -> None:
        cache_one(self.folder / f"{key}.pdf", data)


def command(what: str, argv: list[str], check: Callable[[Path], str | None],
            make: Callable[[Path, bool], str]) -> int:
    """`python -m tools.printed.WHAT SITE [--fresh]`: check the site, find Chromium,
    make the PDF (`make` returns the line to print).  0 done, 1 failed, 2 bad input,
    130 interrupted (Ctrl-C): one sentence on stderr for each but 0."""
    try:
        return _command(what, argv, check, make)
    except KeyboardInterrupt:
        print(f"{what}: interrupted; nothing was written", file=sys.stderr)
        return 130


def _command(what, argv, check, make) -> int:
    fresh = "--fresh" in argv
    argv = [a for a in argv if a != "--fresh"]
    site = Path(argv[0]) if argv else ROOT / "site"
    problem = check(site)
    if problem is None:
        try:
            _found.append(chromium.find())
        except chromium.NotFound as reason:
            problem = str(reason)
    if problem:
        print(f"{what}: {problem}", file=sys.stderr)
        return 2
    try:
        print(make(site, fresh))
    except PrintError as error:
        print(f"{what}: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a full disk, a folder we may not write: the PDF stays unwritten
        print(f"{what}: could not write {error.filename or 'a file'} ({error.strerror or error}); "
              f"free some space or fix its permissions, then run the command again", file=sys.stderr)
        return 1
    return 0


_found: list[str] = []  # the Chromium command() found: looking again starts playwright's driver


def chromium_path() -> str:
    return _found[-1] if _found else chromium.find()


def printer() -> str:
    """The identity of the Chromium that would print (tools/chromium.py: identity), for
    the caches' keys: another build prints other bytes. With none found, a key of no
    print (the command then says what to do)."""
    try:
        return chromium.identity(chromium_path())
    except (chromium.NotFound, OSError):
        return "no Chromium"
