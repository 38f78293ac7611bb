"""Fixtures of the website tests: the built site (one build shared by every pytest-xdist
worker), a local web server, the browser, offline tabs (each page loaded once per worker and
shared by the tests that only read it), the measurement report, the student
edition and the PDF."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Playwright and pypdf are imported where they are used, so `-m "not slow"` runs without them.
if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pypdf import PdfReader

from built_site import (
    CHAPTER_1,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    TabCache,
    Tabs,
    on_ci,
    serve,
    skip_or_fail,
)

BUILD_PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL):|^\w*(Error|Exception)\b|Error: ")
"""A line of the build's log that names its first problem."""


def _session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this pytest session sees: under pytest-xdist, the folder that
    holds each worker's own temporary folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(tmp_path_factory: pytest.TempPathFactory, name: str, *arguments: str) -> Path:
    """``bash scripts/build.sh ARGUMENTS --path-output FOLDER`` once per session, whichever
    pytest-xdist worker asks first; the others wait for it (a lock) and read its result, so that
    the website tests can be spread over several files and workers. A failed build fails every
    test that needs it, each with the build's first problem. Returns the built HTML folder."""
    root = _session_folder(tmp_path_factory)
    out = root / name
    outcome = root / f"{name}.outcome"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            outcome.write_text(_build(out, arguments), encoding="utf-8")
    problem = outcome.read_text(encoding="utf-8")
    if problem:
        pytest.fail(problem, pytrace=False)
    html = out / "_build" / "html"
    assert (html / CHAPTER_1).is_file(), f"the build wrote no {CHAPTER_1}"
    return html


def _build(out: Path, arguments: tuple[str, ...]) -> str:
    """Build into ``out``; return "" or, on failure, the log from the first problem."""
    out.mkdir(parents=True, exist_ok=True)
    log = out / "build.log"
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(
            ["bash", "scripts/build.sh", *arguments, "--path-output", str(out)],
            cwd=ROOT,
            stdout=stream,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode == 0:
        return ""
    lines = log.read_text(encoding="utf-8").splitlines()
    # From the first Sphinx warning or Python error: the cause, not the closing banner.
    first = next((i for i, line in enumerate(lines) if BUILD_PROBLEM.search(line)), None)
    excerpt = lines[first : first + 80] if first is not None else lines[-80:]
    return (
        f"scripts/build.sh {' '.join(arguments)} exited with {result.returncode}; "
        f"full log in {log}:\n" + "\n".join(excerpt)
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built exactly as ``scripts/build.sh`` builds it; any warning or cell error fails."""
    prebuilt = os.environ.get("CURVLAB_SITE", "")
    if prebuilt and not on_ci():
        return Path(prebuilt)
    return build_once(tmp_path_factory, "site")


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 at a free port, from a background thread."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        skip_or_fail(
            f"{CHROMIUM} not found: run `bash scripts/setup.sh --browser` as root "
            "(or `sudo apt-get install chromium`) to enable the browser tests"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed: run `bash scripts/setup.sh` to install it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tab_cache(browser: Browser) -> Iterator[TabCache]:
    """This worker's loaded pages, shared by the tests that only read them."""
    cache = TabCache(browser)
    yield cache
    cache.close()


@pytest.fixture
def tabs(tab_cache: TabCache, request: pytest.FixtureRequest) -> Iterator[Tabs]:
    """Loaded pages for one test: ``tabs.shared(...)`` to read, ``tabs.last(...)`` to change.
    A test that fails does not pass its shared tabs on (its failure is counted before this
    teardown)."""
    failed_before = request.session.testsfailed
    lease = Tabs(tab_cache)
    yield lease
    lease.close(failed=request.session.testsfailed > failed_before)


@pytest.fixture(scope="session")
def report(site: Path, pytestconfig: pytest.Config) -> Iterator[dict[str, list[str]]]:
    """Lines of the measurement report, by section; printed and saved when the session ends."""
    sections: dict[str, list[str]] = {}
    yield sections
    if not sections:
        return
    lines = ["# What tests/website/ measured on the built site", ""]
    for title, rows in sections.items():
        lines += [f"## {title}", "", *sorted(rows), ""]
    text = "\n".join(lines)
    (site.parent / f"site_report{_worker_suffix()}.md").write_text(text, encoding="utf-8")
    terminal = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        terminal.write_line("")
        for line in lines:
            terminal.write_line(line)


@pytest.fixture(scope="session")
def student_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The student edition's website, built after ``site`` so that it reuses its executed
    notebooks (its PDF is not checked here, so not printed). ``CURVLAB_STUDENT_SITE`` names one
    built already, as ``CURVLAB_SITE`` does for ``site`` (ignored on CI)."""
    prebuilt = os.environ.get("CURVLAB_STUDENT_SITE", "")
    if prebuilt and not on_ci():
        return Path(prebuilt)
    return build_once(tmp_path_factory, "student-site", "--student", "--no-pdf")


@pytest.fixture(scope="session")
def student_url(student_site: Path) -> Iterator[str]:
    with serve(student_site) as url:
        yield url


@pytest.fixture(scope="session")
def book_pdf(site: Path) -> PdfReader:
    pdf = site.parent / "pdf" / "curvlab.pdf"
    if not pdf.is_file():
        if not CHROMIUM.is_file():
            skip_or_fail(
                f"{CHROMIUM} not found, so scripts/build.sh printed no PDF: run "
                "`bash scripts/setup.sh --browser` as root (or `sudo apt-get install chromium`)"
            )
        pytest.fail(f"scripts/build.sh wrote no {pdf}")
    from pypdf import PdfReader

    return PdfReader(pdf)


def _worker_suffix() -> str:
    """``-gw0`` for pytest-xdist's first worker (each worker writes its own report), else ""."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"-{worker}" if worker else ""
