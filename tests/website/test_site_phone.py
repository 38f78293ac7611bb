"""Every page at phone width (390 CSS px): no page scrolls sideways, no exploration overflows its
column, and an axe-core audit finds nothing critical or serious.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import pytest
from built_site import (
    PHONE,
    Tabs,
    assert_axe_clean,
    book_pages,
)

pytestmark = pytest.mark.slow


@pytest.mark.tab("last", viewport=PHONE)
@pytest.mark.parametrize("path", book_pages())
def test_pages_fit_a_phone(
    tabs: Tabs, base_url: str, path: str, report: dict[str, list[str]]
) -> None:
    """At phone width the page does not scroll sideways, no exploration overflows its column
    (a scrolling box a keyboard cannot reach), and axe-core finds nothing critical or serious."""
    # Last on the page at phone width: the audit leaves an error behind (see below).
    tab = tabs.last(base_url, path, viewport=PHONE)
    page_width, view_width = tab.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert page_width <= view_width, f"{path}: {page_width} px wide in a {view_width} px view"
    overflowing = tab.page.evaluate(
        """() => [...document.querySelectorAll('.widget-container')]
            .filter(box => box.scrollWidth > box.clientWidth + 1)
            .map(box => `${box.clientWidth} px box holding ${box.scrollWidth} px`)"""
    )
    assert overflowing == [], f"{path}: explorations wider than the column: {overflowing}"
    # Before the audit: axe-core fetches the page's stylesheets again to read them, and
    # resolves one @import (the theme's "../basic.css") against the site's root, a 404.
    tab.assert_clean()
    assert_axe_clean(tab, path, f"phone, {PHONE['width']} px", report)
