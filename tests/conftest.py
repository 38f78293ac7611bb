"""Fixtures shared by the test folders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from built_site import DESKTOP, page_source

ROOT = Path(__file__).resolve().parents[1]


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


# The order in which pytest-xdist (`--dist loadgroup --no-loadscope-reorder`, as scripts/test.sh
# runs it) hands out whole groups (see `group`): in the order of their first test. First the slow
# groups of SLOW_FIRST, longest first: the load test, whose worker builds the site on the way
# (it needs the built site, tests/website/conftest.py), and the homework grading, which needs
# no site. Then every group named in neither list: the unit tests and doctests, which the other
# workers run while the site is built. Then the groups of SITE_LAST, every other test in
# tests/website/, which mostly wait for that one build: handed out earlier, they would park a
# worker until it ends. Each entry is the start of a test id (a file, a test with every
# parametrization of it, a folder) or of a group's name (a website page's: "page:..."); a
# group ranks by the first entry that one of its tests matches. Among the pages, the chapters
# rank by the text of their source, the longest first (axe-core's audit, the longest part of a
# chapter's tests, checks the contrast of every word and every highlighted token of code), so
# that no long page is left for the end of the run on one core.
SLOW_FIRST = (
    "tests/website/test_site_explorations.py::test_a_build_under_full_cpu_load_keeps_every_widget",
    "tests/test_homework.py",
)
SITE_LAST = (
    "page:book/0",
    "page:",
    "tests/website/",
)

GROUP_ORDER = (*SLOW_FIRST, "", *SITE_LAST)
"""Where a group goes out: at the index of the first entry it matches; "" marks the place of
the groups that match none (UNLISTED)."""
UNLISTED = GROUP_ORDER.index("")

WEBSITE = "tests/website/"

_PAGE_IN_ID = re.compile(r"(?:^|-)((?:book/)?[\w.]+\.html)(?:-|$)")
"""A website page among a test's parameters (``book/07_x.html``, ``dark-book/07_x.html``,
``book/07_x.html-phone``, ``genindex.html``)."""


def group(nodeid: str) -> str:
    """A test's work unit under ``--dist loadgroup``: for a website test, the page its
    parameters name (every test of a page runs on one worker, which loads the page once for
    all that only read it: built_site.TabCache) or, naming none, the test alone; for any other
    test, its file (as ``--dist loadfile``). From the test's id alone, as pytest-xdist's
    scheduler sees only ids."""
    path, _, name = nodeid.partition("::")
    if not path.startswith(WEBSITE):
        return path
    found = _PAGE_IN_ID.search(name.partition("[")[2].rpartition("]")[0])
    return f"page:{found.group(1)}" if found else nodeid


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "tab(use, theme=None, viewport=None): a website test's use of its page's tab, for the "
        "order of a page's tests: 'shared' (only reads the loaded page), 'borrow' (changes it "
        "and puts it back as loaded, so runs after every reader) or 'last' (changes it, so runs "
        "after every reader and borrower of the page in its theme and viewport); theme and "
        "viewport when not parameters of the test (default: light, desktop window)",
    )


@pytest.hookimpl(optionalhook=True)  # a run with `-p no:xdist` has no such hook
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadgroup`` with the groups of ``group``. pytest-xdist's own loadgroup reads
    ``xdist_group`` marks by appending the group to each test's id on the workers, which has no
    effect with pytest 9.2's structured ids (pytest-dev/pytest-xdist#1386: every test becomes
    a group of its own), so the scheduler here finds the group from the id itself."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PageAndFileScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group(nodeid)

    return PageAndFileScheduling(config, log)


TAB_USES = ("shared", "borrow", "last")
"""The uses of a page's tab (``tab`` mark), in the order they run within its (theme, viewport)."""


def _tab_order(item: pytest.Item) -> tuple:
    """Within a page's group: the tests of one (theme, viewport) together, the readers of its
    shared tab first, then the tests that borrow it (change the page and put it back), then
    the tests that take it (``tab`` mark, built_site.TabCache)."""
    mark = item.get_closest_marker("tab")
    if mark is None:
        return ("", "", 0)
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    theme = params.get("theme") or mark.kwargs.get("theme") or "light"
    viewport = params.get("viewport") or mark.kwargs.get("viewport") or DESKTOP
    size = f"{viewport.get('width', 0):05d}x{viewport.get('height', 0):05d}"
    use = mark.args[0] if mark.args else mark.kwargs.get("use", "shared")
    return (theme, size, TAB_USES.index(use))


def _source_text(page: str) -> int:
    """Characters of a page's source: a notebook's markdown and code (not its outputs), or a
    markdown file."""
    return len(page_source(page.removesuffix(".html"), ("markdown", "code")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the tests by group (``group``): by GROUP_ORDER; the pages among the same entry by
    their source, the longest first; otherwise in collection order. Within a website page's
    group, by tab (``_tab_order``)."""
    groups = {item: group(item.nodeid) for item in items}
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(groups[item], index)

    def rank(item: pytest.Item) -> tuple:
        name = groups[item]
        place = next(
            (
                i
                for i, entry in enumerate(GROUP_ORDER)
                if entry and (item.nodeid.startswith(entry) or name.startswith(entry))
            ),
            UNLISTED,
        )
        weight = -_source_text(name.removeprefix("page:")) if name.startswith("page:") else 0
        return (place, weight, first_seen[name], _tab_order(item))

    items.sort(key=rank)  # stable: otherwise in collection order
