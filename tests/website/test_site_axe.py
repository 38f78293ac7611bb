"""An axe-core audit (axe-playwright-python) of every page in the light theme finds nothing
critical or serious; every finding is reported.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import pytest
from built_site import (
    Tabs,
    assert_axe_clean,
    book_pages,
)

pytestmark = pytest.mark.slow


@pytest.mark.tab("last")
@pytest.mark.parametrize("path", book_pages())
def test_axe_reports_nothing_critical_or_serious(
    tabs: Tabs, base_url: str, path: str, report: dict[str, list[str]]
) -> None:
    # The page as the other light-theme tests read it; last, as axe-core fetches the
    # stylesheets again (and one @import 404s, an error a later test would see).
    assert_axe_clean(tabs.last(base_url, path), path, "light", report)
