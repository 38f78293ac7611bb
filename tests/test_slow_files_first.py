"""tests/conftest.py's order and groups: SLOW_FIRST and SITE_LAST name real files and tests,
every website test file among them, and the tests that need the built site go out after the
rest; a website page's tests form one group (one worker loads the page once);
every other test is grouped by its file; and a page's readers run before the test that takes
its tab."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from built_site import book_pages

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("tests_conftest", ROOT / "tests" / "conftest.py")
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)
SLOW_FIRST = _conftest.SLOW_FIRST
SITE_LAST = _conftest.SITE_LAST
group = _conftest.group


def test_every_listed_entry_exists_once() -> None:
    """Each entry names a file or folder (and a test defined in it), or the start of a page."""
    entries = (*SLOW_FIRST, *SITE_LAST)
    assert len(set(entries)) == len(entries)
    pages = book_pages()
    missing = []
    for entry in entries:
        if entry.startswith("page:"):
            if not any(page.startswith(entry.removeprefix("page:")) for page in pages):
                missing.append(entry)
            continue
        path, _, test = entry.partition("::")
        if not (ROOT / path).exists():
            missing.append(entry)
        elif test and not re.search(
            rf"^def {re.escape(test)}\(", (ROOT / path).read_text(encoding="utf-8"), re.M
        ):
            missing.append(entry)
    assert missing == []


def test_every_website_test_file_is_listed() -> None:
    website = [p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/website").glob("test_*.py")]
    assert website
    assert all(any(name.startswith(entry) for entry in SITE_LAST) for name in website)


class _Named:
    """What ``pytest_collection_modifyitems`` reads of a test without a ``tab`` mark."""

    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid

    def get_closest_marker(self, name: str) -> None:
        return None


def test_the_tests_of_the_built_site_go_out_after_every_other() -> None:
    """The worker that is not building the site runs the unit tests meanwhile, rather than
    waiting for the build with a website test in hand."""
    chapter = "book/07_curvature_at_scale.html"
    shorter = "book/05_newton.html"  # less source than chapter 7
    load = SLOW_FIRST[0]
    ids = [
        "tests/website/test_site_pages.py::test_page_works_offline[index.html]",
        f"tests/website/test_site_axe.py::test_axe_reports_nothing_critical_or_serious[{shorter}]",
        f"tests/website/test_site_axe.py::test_axe_reports_nothing_critical_or_serious[{chapter}]",
        "tests/website/test_site_editions.py::test_the_sources_have_solutions",
        "tests/core/test_parallel.py::test_workers_return_what_a_loop_returns_in_order",
        "tests/test_homework.py::test_one_set_per_chapter",
        "src/curvlab/core/reporting.py::curvlab.core.reporting.quote",
        load,
    ]
    items = [_Named(nodeid) for nodeid in ids]
    _conftest.pytest_collection_modifyitems(items)
    assert [item.nodeid for item in items] == [
        load,
        "tests/test_homework.py::test_one_set_per_chapter",
        "tests/core/test_parallel.py::test_workers_return_what_a_loop_returns_in_order",
        "src/curvlab/core/reporting.py::curvlab.core.reporting.quote",
        # the chapters, the longest source first; then the other pages; then the rest
        f"tests/website/test_site_axe.py::test_axe_reports_nothing_critical_or_serious[{chapter}]",
        f"tests/website/test_site_axe.py::test_axe_reports_nothing_critical_or_serious[{shorter}]",
        "tests/website/test_site_pages.py::test_page_works_offline[index.html]",
        "tests/website/test_site_editions.py::test_the_sources_have_solutions",
    ]


def test_a_pages_tests_share_a_group_and_other_tests_their_file() -> None:
    chapter = "book/07_curvature_at_scale.html"
    ids = [
        f"tests/website/test_site_pages.py::test_page_works_offline[{chapter}]",
        f"tests/website/test_site_legibility.py::test_figures_are_legible_in_both_themes[dark-{chapter}]",
        f"tests/website/test_site_legibility.py::test_frames_fill_the_column_with_text_a_learner_can_read[{chapter}-phone]",
        f"tests/website/test_site_axe.py::test_axe_reports_nothing_critical_or_serious[{chapter}]",
    ]
    assert {group(nodeid) for nodeid in ids} == {f"page:{chapter}"}
    assert group("tests/website/test_site_pages.py::test_page_works_offline[index.html]") == (
        "page:index.html"
    )
    assert group("tests/website/test_site_pages.py::test_page_works_offline[genindex.html]") == (
        "page:genindex.html"
    )
    for theme in ("light", "dark"):
        nodeid = (
            "tests/website/test_site_editions.py::"
            f"test_each_chapter_has_self_checks_that_open_with_the_keyboard[{theme}-{chapter}]"
        )
        assert group(nodeid) == f"page:{chapter}"
    # A website test that names no page is a group of its own.
    alone = "tests/website/test_site_editions.py::test_the_sources_have_solutions"
    assert group(alone) == alone
    assert group("tests/test_layers.py::test_module_imports_respect_its_layer[curvlab.core]") == (
        "tests/test_layers.py"
    )
    assert group("src/curvlab/core/reporting.py::curvlab.core.reporting.quote") == (
        "src/curvlab/core/reporting.py"
    )


class _Mark:
    def __init__(self, *args: str, **kwargs: object) -> None:
        self.args, self.kwargs = args, kwargs


class _Item:
    """What ``_tab_order`` reads of a test: its ``tab`` mark and its parameters."""

    def __init__(self, mark: _Mark | None, **params: object) -> None:
        self.mark = mark
        self.callspec = type("CallSpec", (), {"params": params})()

    def get_closest_marker(self, name: str) -> _Mark | None:
        return self.mark if name == "tab" else None


def test_a_tab_is_read_then_borrowed_then_taken() -> None:
    """Within one (theme, viewport): the readers, then the tests that change the page and put it
    back (the self-checks), then the test that takes it (the axe-core audit)."""
    order = _conftest._tab_order
    uses = ["last", "borrow", "shared"]
    ranked = sorted(uses, key=lambda use: order(_Item(_Mark(use), theme="dark")))
    assert ranked == ["shared", "borrow", "last"]
    assert order(_Item(_Mark("last"), theme="dark")) < order(_Item(_Mark("shared"), theme="light"))
    assert order(_Item(_Mark("last", theme="dark"))) == order(_Item(_Mark("last"), theme="dark"))
