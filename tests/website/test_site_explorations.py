"""The explorations of the built site, kernel-free: every slider and menu shows another frame;
fine enough to explore (nine positions per continuous slider) and light on first load (2 MB
gzipped, frames fetched when first shown); and a chapter built while every core is busy keeps
every widget model its views reference and still renders.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Playwright is imported where it is used, so `-m "not slow"` runs without it.
if TYPE_CHECKING:
    from playwright.sync_api import Browser

from built_site import (
    CHAPTERS,
    ROOT,
    Tabs,
    offline_tab,
    serve,
    sphinx_extension,
    visible_frames,
    wait_for_new_frame,
    widget_explorations,
)

pytestmark = pytest.mark.slow


@pytest.mark.tab("last")
@pytest.mark.parametrize("path", CHAPTERS)
def test_explorations_respond_without_kernel(tabs: Tabs, base_url: str, path: str) -> None:
    """Every slider and dropdown of every exploration switches the frame with no kernel."""
    offline_page = tabs.last(base_url, path)  # the sliders and menus move
    page = offline_page.page
    controls = page.locator(".noUi-handle, .widget-dropdown select")
    explorations = page.locator(".cell_output").filter(has=controls)
    assert explorations.count() >= 1, f"no exploration with a control on {path}"

    for i in range(explorations.count()):
        exploration = explorations.nth(i)
        exploration.scroll_into_view_if_needed()
        assert visible_frames(exploration), f"{path}: exploration {i + 1} shows no frame image"
        handles = exploration.locator(".noUi-handle")
        for j in range(handles.count()):
            handle = handles.nth(j)
            before = visible_frames(exploration)
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            handle.focus()
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            wait_for_new_frame(
                page, exploration, before, f"{path}, exploration {i + 1}, slider {j + 1}"
            )
        menus = exploration.locator(".widget-dropdown select")
        for j in range(menus.count()):
            menu = menus.nth(j)
            before = visible_frames(exploration)
            current = menu.evaluate("(select) => select.selectedIndex")
            menu.select_option(index=1 if current == 0 else 0)
            wait_for_new_frame(
                page, exploration, before, f"{path}, exploration {i + 1}, dropdown {j + 1}"
            )

    offline_page.assert_clean()


MAX_PAGE_BYTES = 2_000_000
"""A chapter's first load, every response counted as gzip would send it, at most (bytes)."""

WIDGET_MANAGER = "_static/vendor/widgets/widget-manager."
"""The widget manager's script and stylesheet (web/widget-manager.js, bundled by esbuild):
counted in the first load and also reported apart. It replaced @jupyter-widgets/html-manager's
embed-amd.js, 1.13 MB gzipped by itself, which carried rendermime, CodeMirror and a schema
validator that a page of sliders and images never uses."""

MIN_POSITIONS = 9
"""Positions of every continuous slider, at least."""

COARSE_BY_DESIGN = {
    "Adam's β₂": "chapter 6 offers the two values its text compares (0.9, 0.999); nine would make "
    "the race's grid 5 × 9 × 9 × 9 = 3645 frames, about six minutes of drawing per build",
}
"""The one continuous slider allowed fewer positions, and why (reported with the others)."""


def _sent_size(body: bytes) -> int:
    """Bytes on the wire for a response served with gzip (never more than the body itself)."""
    return min(len(body), len(gzip.compress(body, compresslevel=6)))


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", CHAPTERS)
def test_explorations_are_fine_and_pages_light(
    tabs: Tabs, base_url: str, site: Path, path: str, report: dict[str, list[str]]
) -> None:
    """At least nine positions per continuous slider; a first load of at most 2 MB (gzipped),
    with the frames not yet shown left on the server."""
    offline_page = tabs.shared(base_url, path)
    page = offline_page.page
    offline_page.assert_clean()

    sliders = page.locator(".widget-slider")
    positions = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        classes = slider.get_attribute("class") or ""
        handle = slider.locator(".noUi-handle")
        count = int(float(handle.get_attribute("aria-valuemax"))) + 1
        label = slider.locator(".widget-label").inner_text().strip()
        assert "curvlab-continuous" in classes or "curvlab-discrete" in classes, (
            f"{path}: slider {label!r} says neither continuous nor discrete"
        )
        positions.append((label, count, "curvlab-continuous" in classes))
    coarse = [
        (label, n)
        for label, n, continuous in positions
        if continuous and n < MIN_POSITIONS and label not in COARSE_BY_DESIGN
    ]
    assert coarse == [], f"{path}: continuous sliders with fewer than {MIN_POSITIONS} positions"

    sent = manager = 0
    first_load = offline_page.first_load()
    for response in first_load:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        if WIDGET_MANAGER in response.url:
            manager += _sent_size(body)
        else:
            sent += _sent_size(body)

    explorations = widget_explorations(site / path)
    assert explorations, f"{path}: no exploration in the page's widget state"
    for i, exploration in enumerate(explorations, 1):
        files = [(site / path).parent / frame for frame in exploration.frames]
        missing = [str(file) for file in files if not file.is_file()]
        assert missing == [], f"{path}, exploration {i}: frames missing from the site"
        total = sum(file.stat().st_size for file in set(files))
        shown = sum(((site / path).parent / frame).stat().st_size for frame in exploration.first)
        controls = ", ".join(f"{label} {n}" for label, n in exploration.controls)
        report.setdefault("Explorations: positions per control, frame bytes", []).append(
            f"- {path} #{i}: {controls}; {len(files)} frames, {total / 1e6:.2f} MB on the "
            f"server, {shown / 1e3:.0f} kB on first load"
        )
    report.setdefault("Chapter pages: first load, gzipped", []).append(
        f"- {path}: {(sent + manager) / 1e6:.2f} MB in {len(first_load)} responses, "
        f"of which the widget manager {manager / 1e6:.2f} MB; the rest {sent / 1e6:.2f} MB"
    )
    assert manager > 0, f"{path}: the widget manager ({WIDGET_MANAGER}js) was not loaded"
    assert sent + manager <= MAX_PAGE_BYTES, (
        f"{path}: first load {sent + manager:,d} bytes (gzipped), of which the widget manager "
        f"{manager:,d}"
    )


def test_the_chapter_that_draws_the_most_frames_is_executed_alone(site: Path) -> None:
    """_config.yml's ``curvlab_execute_alone`` names the chapters that the build executes first,
    each by itself, so that what they compute side by side uses every core
    (_ext/curvlab_execute.py): the chapter whose explorations draw the most distinct frames
    must be one of them."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    alone = config["sphinx"]["config"]["curvlab_execute_alone"]
    frames = {
        path.removesuffix(".html"): len(
            {url for exploration in widget_explorations(site / path) for url in exploration.frames}
        )
        for path in CHAPTERS
    }
    most = max(frames, key=frames.get)
    assert most in alone, f"frames per chapter: {frames}; executed alone: {alone}"


LOADED_CHAPTER = "book/06_momentum_adam"
"""The chapter built under load: the exploration with the most frames (972)."""


def _stop(processes: list[subprocess.Popen]) -> None:
    """Kill and reap every process of ``processes`` and empty the list."""
    for process in processes:
        process.kill()
        process.wait()
    processes.clear()


def test_a_build_under_full_cpu_load_keeps_every_widget(
    tmp_path: Path, browser: Browser, site: Path
) -> None:
    """Build one chapter, executing it afresh, while a busy loop runs on every core; every
    widget view of the page must find every model it references, and the exploration must
    render and respond in the browser. (Before the exploration was one box, a page under load
    once lost 126 of chapter 6's 456 jslinks and the box itself, with no error.)"""
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Chapters\n"
        f"    chapters:\n      - file: {LOADED_CHAPTER}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "CURVLAB_STATIC_WIDGETS": "1",
        "CURVLAB_EXECUTION_CACHE": str(tmp_path / "empty-cache"),  # execute, do not look up
    }
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    log: list[str] = []
    end_of_load = None  # the number of log lines written under load
    try:
        with subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "jupyter-book"),
                "build",
                ".",
                "--toc",
                str(toc),
                "--path-output",
                str(tmp_path),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as build:
            assert build.stdout is not None
            try:
                for line in build.stdout:
                    log.append(line)
                    # Sphinx pickles its environment once it has read every document, which is
                    # when myst-nb has executed the chapter and taken its widget state: the
                    # load has done its work, and the busy loops would only slow other tests.
                    if "pickling environment" in line and busy:
                        end_of_load = len(log)
                        _stop(busy)
            except BaseException:
                build.kill()  # rather than wait for the whole build on the way out
                raise
    finally:
        _stop(busy)
    output = "".join(log)
    assert build.returncode == 0, output[-8000:]
    assert end_of_load is not None, "the build never finished reading under load"
    assert any("06_momentum_adam" in line for line in log[:end_of_load]), output[-8000:]
    html = tmp_path / "_build" / "html"
    page = html / f"{LOADED_CHAPTER}.html"
    extension = sphinx_extension()
    problems, frames = extension.widget_problems(page.read_text(encoding="utf-8"))
    assert problems == []
    assert len(frames) >= 800
    with serve(html) as url:
        for tab in offline_tab(browser, url):
            tab.open(f"{LOADED_CHAPTER}.html")
            exploration = tab.page.locator(".cell_output").filter(
                has=tab.page.locator(".noUi-handle")
            )
            assert exploration.count() == 1
            before = visible_frames(exploration)
            assert before, "the exploration shows no frame"
            exploration.locator(".noUi-handle").first.focus()
            tab.page.keyboard.press("ArrowRight")
            wait_for_new_frame(tab.page, exploration, before, f"{LOADED_CHAPTER} under load")
            tab.assert_clean()
