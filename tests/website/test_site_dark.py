"""Every chapter in dark mode: an axe-core audit finds nothing critical or serious.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

# Playwright is imported where it is used, so `-m "not slow"` runs without it.
if TYPE_CHECKING:
    from playwright.sync_api import Browser

from built_site import (
    CHAPTERS,
    assert_axe_clean,
    offline_tab,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", CHAPTERS)
def test_axe_reports_nothing_critical_or_serious_in_dark_mode(
    browser: Browser, base_url: str, path: str, report: dict[str, list[str]]
) -> None:
    for tab in offline_tab(browser, base_url, "dark"):
        tab.open(path)
        assert tab.page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        assert_axe_clean(tab, path, "dark", report)
