"""A kept page, given back, comes to the next test as a new page would."""

from tests.site.tabs import Tabs, forget_cache

OPTIONS = {"viewport": {"width": 390, "height": 700}, "color_scheme": "dark"}


def test_a_page_given_back_keeps_nothing_of_the_test_that_had_it(browser, site_url):
    tabs = Tabs(browser)
    kept = tabs.borrow(OPTIONS)
    page, heard = kept.page, []
    page.on("console", lambda message: heard.append(message.text))
    page.route("**/*.css", lambda route: route.abort())
    page.goto(site_url + "gradient/")
    page.evaluate("""() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');
        for (const q of ['?a', '?b', '?c']) history.pushState(null, '', q); }""")
    page.set_viewport_size({"width": 800, "height": 500})
    page.emulate_media(media="print", color_scheme="light", reduced_motion="reduce")
    with page.expect_popup():
        page.evaluate("window.open(location.href)")
    tabs.give_back(kept)
    heard.clear()

    again = tabs.borrow(OPTIONS)
    assert again is kept  # the same page, reused
    page.goto(site_url + "gradient/")
    page.evaluate("console.log('after')")
    assert heard == []  # the test's listener is gone
    assert page.evaluate("""() => [history.length, localStorage.getItem('left'), sessionStorage.getItem('left'),
        innerWidth, matchMedia('print').matches, matchMedia('(prefers-color-scheme: dark)').matches,
        matchMedia('(prefers-reduced-motion: reduce)').matches]""") == [2, None, None, 390, False, True, False]
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"  # styles load: no route left
    assert kept.context.pages == [page]
    tabs.close()


def test_a_forgotten_cache_requests_every_file_again(tab, site_url):
    page = tab()
    page.goto(site_url + "gradient/")
    forget_cache(page)
    requested = []
    page.on("requestfinished", lambda r: requested.append((r.url.rsplit("/", 1)[-1], r.sizes()["responseBodySize"])))
    page.goto(site_url + "gradient/", wait_until="networkidle")  # "load" can come before the last finished request is told
    styles = [(name, size) for name, size in requested if name.endswith(".css")]
    assert styles and all(size > 0 for _, size in styles), requested  # sent again, not from a cache
