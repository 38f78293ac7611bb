"""Every chapter in dark mode: an axe-core audit finds nothing critical or serious.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import pytest
from built_site import (
    CHAPTERS,
    Tabs,
    assert_axe_clean,
)

pytestmark = pytest.mark.slow


@pytest.mark.tab("last", theme="dark")
@pytest.mark.parametrize("path", CHAPTERS)
def test_axe_reports_nothing_critical_or_serious_in_dark_mode(
    tabs: Tabs, base_url: str, path: str, report: dict[str, list[str]]
) -> None:
    tab = tabs.last(base_url, path, "dark")
    assert tab.page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    assert_axe_clean(tab, path, "dark", report)
