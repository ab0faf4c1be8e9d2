"""Browser pages kept for a whole test run, one per set of context options, handed
to each test as a new one would be.

Opening a page costs Chromium about a CPU-second more than navigating one it
already has (a new page's document, compositor and scripts start from nothing):
with some 250 browser tests on two cores that was a third of the suite's time.
So a test borrows a kept page, and when it gives the page back everything a test
can change is undone: its listeners and routes, the page's storage, its history
(Page.resetNavigationHistory), viewport, media emulation and mouse, and any page
it opened.  A page that cannot be reset is closed with its context and a fresh
one made, so one failing test cannot spoil the next.

The HTTP cache is kept, as a reader's browser keeps it (emptying it cost 0.13
CPU-s a test): a test that watches which files a page requests empties it first
(forget_cache), and tests that weigh a first visit make a context of their own, in a
reader's browser (tests/site/conftest.py: reader_browser)."""

import json
from contextlib import contextmanager

DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's, when a context names none
RESET_TIMEOUT_MS = 10_000


class _Kept:
    """One kept page, its context, and the listeners the borrowing test added
    (removed when it is given back)."""

    def __init__(self, browser, options: dict):
        self.options = options
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.added: list = []
        kept, page_on = self, type(self.page).on

        def on(event, handler):  # the page's own `on`, remembering what the test adds
            kept.added.append((event, handler))
            page_on(kept.page, event, handler)

        self.page.on = on

    def reset(self) -> None:
        page = self.page
        for event, handler in self.added:
            page.remove_listener(event, handler)
        self.added.clear()
        page.unroute_all(behavior="ignoreErrors")
        for other in self.context.pages:
            if other is not page:
                other.close()
        origin = page.evaluate("location.origin") if page.url.startswith("http") else None
        page.goto("about:blank", timeout=RESET_TIMEOUT_MS)  # stops the last page's timers and animations
        clear = [("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})] if origin else []
        devtools(page, *clear, ("Page.resetNavigationHistory", {}))
        viewport = self.options.get("viewport", DEFAULT_VIEWPORT)
        if page.viewport_size != viewport:
            page.set_viewport_size(viewport)
        page.emulate_media(media="null", color_scheme=self.options.get("color_scheme", "light"),
                           reduced_motion=self.options.get("reduced_motion", "no-preference"),
                           forced_colors="null")
        page.mouse.move(0, 0)  # where a new page's mouse is


@contextmanager
def devtools_session(page):
    """A CDP session of the page's own, detached when the block ends, even on a failure:
    while attached, Chromium would let it override the media Playwright emulates
    (print, palette) for the page's next test."""
    cdp = page.context.new_cdp_session(page)
    try:
        yield cdp
    finally:
        cdp.detach()


def devtools(page, *commands: tuple[str, dict]) -> None:
    """Send CDP commands (method, params) on a session of their own (devtools_session)."""
    with devtools_session(page) as cdp:
        for method, params in commands:
            cdp.send(method, params)


def forget_cache(page) -> None:
    """Empty the HTTP cache of the page's context: every file it loads next is requested."""
    devtools(page, ("Network.enable", {}), ("Network.clearBrowserCache", {}))


class Tabs:
    """The kept pages of one test process (each xdist worker has its own browser)."""

    def __init__(self, browser):
        self.browser = browser
        self.free: dict[str, list[_Kept]] = {}

    def borrow(self, options: dict) -> _Kept:
        key = json.dumps(options, sort_keys=True)
        free = self.free.setdefault(key, [])
        return free.pop() if free else _Kept(self.browser, options)

    def give_back(self, kept: _Kept) -> None:
        try:
            kept.reset()
        except Exception:  # a crashed or wedged page: the next test gets a new one
            kept.context.close()
            return
        self.free[json.dumps(kept.options, sort_keys=True)].append(kept)

    def close(self) -> None:
        for kept in (k for free in self.free.values() for k in free):
            kept.context.close()
