"""An axe-core audit (axe-playwright-python) of every page in the light theme finds nothing
critical or serious; every finding is reported.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import pytest
from built_site import (
    OfflinePage,
    assert_axe_clean,
    book_pages,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", book_pages())
def test_axe_reports_nothing_critical_or_serious(
    offline_page: OfflinePage, path: str, report: dict[str, list[str]]
) -> None:
    offline_page.open(path)
    assert_axe_clean(offline_page, path, "light", report)
