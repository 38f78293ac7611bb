"""built_site.TabCache without a browser: one load per (site, page, theme, viewport) while it is
shared, at most ``size`` tabs open, a taken tab leaves the cache, a failed test's tabs are not
passed on."""

from __future__ import annotations

from built_site import DESKTOP, PHONE, TabCache, Tabs


class FakeTab:
    def __init__(self, key) -> None:
        self.key = key
        self.closed = False

    def close(self) -> None:
        self.closed = True


class CountingCache(TabCache):
    def __init__(self, size: int = 2) -> None:
        super().__init__(browser=None, size=size)
        self.made: list[FakeTab] = []

    def _load(self, key):
        self.loads += 1
        self.made.append(FakeTab(key))
        return self.made[-1]


def test_a_shared_page_is_loaded_once_and_at_most_size_tabs_stay_open() -> None:
    cache = CountingCache(size=2)
    first = cache.shared("u/", "a.html")
    assert cache.shared("u/", "a.html") is first and cache.loads == 1
    dark = cache.shared("u/", "a.html", "dark")
    phone = cache.shared("u/", "a.html", viewport=PHONE)
    assert cache.loads == 3 and len({first.key, dark.key, phone.key}) == 3
    assert first.closed and not dark.closed and not phone.closed  # the least recently used
    cache.shared("u/", "a.html", "dark")  # now the most recent: the phone tab goes next
    cache.shared("u/", "b.html")
    assert phone.closed and not dark.closed
    cache.close()
    assert all(tab.closed for tab in cache.made)


def test_a_taken_tab_leaves_the_cache_and_is_closed_after_its_test() -> None:
    cache = CountingCache()
    shared = cache.shared("u/", "a.html", viewport=DESKTOP)
    lease = Tabs(cache)
    assert lease.last("u/", "a.html") is shared and cache.loads == 1
    assert lease.last("u/", "a.html") is not shared and cache.loads == 2  # loaded afresh
    lease.close()
    assert all(tab.closed for tab in cache.made)
    assert cache.shared("u/", "a.html") is not shared and cache.loads == 3


def test_a_failed_test_does_not_pass_its_shared_tabs_on() -> None:
    cache = CountingCache()
    passed, failed = Tabs(cache), Tabs(cache)
    kept = passed.shared("u/", "a.html")
    passed.close(failed=False)
    dropped = failed.shared("u/", "b.html")
    failed.close(failed=True)
    assert not kept.closed and dropped.closed
    assert cache.shared("u/", "a.html") is kept
    assert cache.shared("u/", "b.html") is not dropped


def test_a_borrowed_tab_stays_shared_unless_its_test_fails() -> None:
    cache = CountingCache()
    shared = cache.shared("u/", "a.html", "dark")
    borrower = Tabs(cache)
    assert borrower.borrow("u/", "a.html", "dark") is shared and cache.loads == 1
    borrower.close(failed=False)
    assert not shared.closed and cache.take("u/", "a.html", "dark") is shared  # for the taker
    again = cache.shared("u/", "a.html")
    failed = Tabs(cache)
    assert failed.borrow("u/", "a.html") is again
    failed.close(failed=True)  # the page may be left changed: loaded afresh for the taker
    assert again.closed and cache.take("u/", "a.html") is not again
