"""Fixtures shared by the test folders."""

from __future__ import annotations

import pytest


@pytest.fixture
def placeholder_frames(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Static explorations list placeholder frames instead of drawing their whole grid.

    For tests of a static exploration's structure (controls, grid size, wiring), which do not
    need hundreds of drawn frames; the book build draws them all. Returns, as they are built,
    each exploration's grid: its title, frame function, points, labels and alt-text function.
    """
    from curvlab.widgets import core

    grids: list[dict] = []

    def placeholders(title, draw, points, labels, alt):
        grids.append({"title": title, "draw": draw, "points": points, "labels": labels, "alt": alt})
        return [core.Frame(f"placeholder {i}", f"frame {i}") for i in range(len(points))]

    monkeypatch.setattr(core, "render_frames", placeholders)
    return grids


# The slow files first, longest first: pytest-xdist (`--dist loadfile --no-loadscope-reorder`,
# as scripts/test.sh runs it) then hands them out before the many quick files, which fill the
# gaps, instead of leaving a build or a browser file for the end of the run on one core. Files
# that need the built site wait for the one build (tests/website/conftest.py).
SLOW_FILES_FIRST = (
    "tests/website/test_site_editions.py",
    "tests/test_homework.py",
    "tests/website/test_site_dark.py",
    "tests/website/test_site_pages.py",
    "tests/website/test_site_phone.py",
    "tests/website/test_site_legibility.py",
    "tests/website/test_site_axe.py",
    "tests/website/test_site_explorations.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the collected tests by file: SLOW_FILES_FIRST in its order, then the others."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOW_FILES_FIRST.index(path) if path in SLOW_FILES_FIRST else len(SLOW_FILES_FIRST)

    items.sort(key=rank)  # stable: each file keeps its own order
