"""What the website tests share: the pages to check, a local server, an offline browser tab,
the widget state a built page carries, and the axe-core audit.

Imported by the tests of this folder (``pythonpath`` in pyproject.toml puts it on the path).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import importlib.util
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

# Playwright is imported where it is used, so `-m "not slow"` runs without it.
if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, Route

ROOT = Path(__file__).resolve().parents[2]


def load_module(path: Path, name: str):
    """A Python file that is not in a package (``scripts/``, ``_ext/``), loaded as ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_script(name: str):
    """A module of ``scripts/``, loaded from its file."""
    return load_module(ROOT / "scripts" / f"{name}.py", name)


# The book is tested in the browser it is printed with: one definition, in scripts/build_pdf.py.
_PRINTER = load_script("build_pdf")
CHROMIUM, CHROMIUM_ARGS = _PRINTER.CHROMIUM, _PRINTER.CHROMIUM_ARGS
CHAPTER_1 = "book/01_gradient_descent.html"

# A word of the landing page that the offline search must find.
SEARCH_WORD = "curvature"


def on_ci() -> bool:
    """Whether the tests run on CI, where nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip on a reader's machine; fail on CI, where every test must run."""
    if on_ci():
        pytest.fail(f"{reason} (CI is set, so this test may not skip)")
    pytest.skip(reason)


def toc_docnames(entries: list[dict]) -> Iterator[str]:
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        for key in ("parts", "chapters", "sections"):
            yield from toc_docnames(entry.get(key, []))


def book_pages() -> list[str]:
    """Every HTML page the build writes: the TOC's documents, Sphinx's index and search pages,
    and the root redirect."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docnames = [toc["root"], *toc_docnames([toc])]
    return [*(f"{name}.html" for name in docnames), "genindex.html", "search.html", "index.html"]


CHAPTERS = [page for page in book_pages() if page.startswith("book/0")]


def page_source(docname: str, kinds: tuple[str, ...] = ("markdown",)) -> str:
    """The source of the page ``docname`` (e.g. ``"book/intro"``): a notebook's cells of the
    given ``kinds`` (``"markdown"``, ``"code"``), without outputs, one after another on lines
    of their own; or a MyST markdown file's text; ``""`` for a page with neither."""
    notebook, markdown = ROOT / f"{docname}.ipynb", ROOT / f"{docname}.md"
    if notebook.is_file():
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] in kinds)
    return markdown.read_text(encoding="utf-8") if markdown.is_file() else ""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        """Keep the test output free of one line per request."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port, from a background thread."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class OfflinePage:
    """A browser tab on the local site that records what went wrong."""

    page: Page
    base_url: str
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)
    loaded: int = 0
    """How many of ``responses`` came while ``open`` loaded the page (its first load)."""

    def open(self, path: str) -> None:
        """Load a page, then wait for its widgets to render and its math to be typeset."""
        self.page.goto(self.base_url + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        # Each widget view is a <script> that the widget manager follows with its rendering.
        self.page.wait_for_function(
            """() => document.querySelectorAll(
                    'script[type="application/vnd.jupyter.widget-view+json"]').length
                 === document.querySelectorAll('.widget-subarea').length""",
            timeout=30_000,
        )
        self.page.evaluate(
            """async () => {
                if (window.MathJax && window.MathJax.startup) {
                    await window.MathJax.startup.promise;
                }
            }"""
        )
        self.loaded = len(self.responses)

    def first_load(self) -> list:
        """The responses of the page's load by ``open`` (not those of later scrolling)."""
        return self.responses[: self.loaded]

    def close(self) -> None:
        self.page.context.close()

    def assert_clean(self) -> None:
        assert self.page_errors == [], f"JavaScript errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.aborted == [], f"requests for resources outside the site: {self.aborted}"


DESKTOP = {"width": 1400, "height": 900}
"""The desktop window of every test (the theme's text column is 784 CSS px wide in it): one
window, so that each page is loaded once per theme for all of them."""

# A phone held upright (the CSS viewport of common 6-inch phones).
PHONE = {"width": 390, "height": 844}


def new_tab(
    browser: Browser, base_url: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
) -> OfflinePage:
    """A tab of its own browser context (storage, viewport, colour scheme) that may fetch nothing
    outside ``base_url`` and records errors; ``tab.close()`` closes its context."""
    context = browser.new_context(
        viewport=viewport, color_scheme="dark" if theme == "dark" else "light"
    )
    # pydata-sphinx-theme reads the reader's choice from localStorage before the page renders.
    context.add_init_script(
        f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');"
    )
    page = context.new_page()
    tab = OfflinePage(page=page, base_url=base_url)

    def only_this_site(route: Route, request: Request) -> None:
        if request.url.startswith(base_url):
            route.continue_()
        else:
            tab.aborted.append(request.url)
            route.abort()

    def record_console_error(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.route("**/*", only_this_site)
    page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    page.on("console", record_console_error)
    page.on("response", lambda response: tab.responses.append(response))
    return tab


def offline_tab(
    browser: Browser, base_url: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
) -> Iterator[OfflinePage]:
    """``new_tab``, closed after its one use (``for tab in offline_tab(...)``)."""
    tab = new_tab(browser, base_url, theme, viewport)
    try:
        yield tab
    finally:
        tab.close()


TabKey = tuple[str, str, str, int, int]
"""A loaded page as a reader sees it: (site URL, page, theme, viewport width, height)."""


class TabCache:
    """One pytest worker's loaded pages, by (site, page, theme, viewport), so that the tests that
    only read a page share one load of it instead of loading it again each.

    ``shared`` hands out the tab that has the page loaded, opening and loading one if none does;
    the least recently used tabs beyond ``size`` are closed, so memory stays bounded (a long
    chapter's tab holds some 25,000 DOM nodes). ``take`` hands out that tab (or a newly loaded
    one) for a test that changes the page or leaves something in its error lists (moves a
    slider, opens an answer, runs axe-core): the tab leaves the cache, and the caller closes it.
    tests/conftest.py orders the tests of a page so that every reader of a (page, theme,
    viewport) runs before the one test that takes it.

    A shared tab keeps every error and response recorded since its load: a test that checks
    ``assert_clean`` sees the errors of the load (and of anything that ran on the tab before it,
    which is only ever more than a freshly loaded tab would show)."""

    def __init__(self, browser: Browser, size: int = 2) -> None:
        self.browser = browser
        self.size = size
        self.tabs: dict[TabKey, OfflinePage] = {}  # least recently used first
        self.loads = 0

    def _load(self, key: TabKey) -> OfflinePage:
        base_url, path, theme, width, height = key
        tab = new_tab(self.browser, base_url, theme, {"width": width, "height": height})
        try:
            tab.open(path)
        except BaseException:
            tab.close()
            raise
        self.loads += 1
        return tab

    @staticmethod
    def key(base_url: str, path: str, theme: str, viewport: dict[str, int]) -> TabKey:
        return (base_url, path, theme, viewport["width"], viewport["height"])

    def shared(
        self, base_url: str, path: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
    ) -> OfflinePage:
        """A tab with ``path`` loaded, shared with the other tests that only read it."""
        key = self.key(base_url, path, theme, viewport)
        tab = self.tabs.pop(key, None)
        if tab is None:
            tab = self._load(key)
            while len(self.tabs) >= self.size:
                oldest = next(iter(self.tabs))
                self.tabs.pop(oldest).close()
        self.tabs[key] = tab  # now the most recently used
        return tab

    def take(
        self, base_url: str, path: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
    ) -> OfflinePage:
        """The tab with ``path`` loaded, no longer shared: the caller may change it, and closes
        it."""
        key = self.key(base_url, path, theme, viewport)
        tab = self.tabs.pop(key, None)
        return tab if tab is not None else self._load(key)

    def evict(self, keys: list[TabKey]) -> None:
        """Close these tabs if they are still shared: the next test that asks loads its page
        afresh (after a failure, whatever state the failed test left is not passed on)."""
        for key in keys:
            tab = self.tabs.pop(key, None)
            if tab is not None:
                tab.close()

    def close(self) -> None:
        while self.tabs:
            self.tabs.popitem()[1].close()


class Tabs:
    """One test's access to its worker's ``TabCache``: the tabs it takes are closed after it."""

    def __init__(self, cache: TabCache) -> None:
        self.cache = cache
        self.taken: list[OfflinePage] = []
        self.used: list[TabKey] = []

    def shared(
        self, base_url: str, path: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
    ) -> OfflinePage:
        """``path`` loaded, in a tab this test must only read (see TabCache)."""
        self.used.append(self.cache.key(base_url, path, theme, viewport))
        return self.cache.shared(base_url, path, theme, viewport)

    def borrow(
        self, base_url: str, path: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
    ) -> OfflinePage:
        """``path`` loaded, in the shared tab, for a test that changes the page and puts it back
        as loaded before it ends (opens an answer and closes it): tests/conftest.py orders it
        after every test that only reads the tab and before the one that takes it. If the test
        fails, the tab is not passed on (``close``), so a page left changed is loaded afresh."""
        return self.shared(base_url, path, theme, viewport)

    def last(
        self, base_url: str, path: str, theme: str = "light", viewport: dict[str, int] = DESKTOP
    ) -> OfflinePage:
        """``path`` loaded, in a tab this test may change: the shared one, after every test that
        only reads it (tests/conftest.py orders them so), or a newly loaded one."""
        tab = self.cache.take(base_url, path, theme, viewport)
        self.taken.append(tab)
        return tab

    def close(self, failed: bool = False) -> None:
        """Close the tabs this test took, and, if it failed, the shared ones it used."""
        while self.taken:
            self.taken.pop().close()
        if failed:
            self.cache.evict(self.used)


def visible_frames(exploration: Locator) -> list[str]:
    """The ``src`` of every image currently shown in an exploration."""
    return exploration.evaluate(
        """(root) => Array.from(root.querySelectorAll('img'))
               .filter((img) => img.offsetParent !== null)
               .map((img) => img.src)"""
    )


def wait_for_new_frame(page, exploration: Locator, before: list[str], what: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(
            """([root, before]) => {
                const now = Array.from(root.querySelectorAll('img'))
                    .filter((img) => img.offsetParent !== null)
                    .map((img) => img.src);
                return now.length > 0 && now.join() !== before.join();
            }""",
            arg=[exploration.element_handle(), before],
            timeout=10_000,
        )
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"{what}: the visible frame did not change") from error


WIDGET_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S
)

WIDGET_VIEW = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S
)


@dataclass
class Exploration:
    """What one exploration of a built page holds, read from the page's widget state."""

    controls: list[tuple[str, int]]  # (label, positions)
    frames: list[str]  # the URL of every frame, relative to the page
    first: list[str]  # the frame(s) shown on first load


def widget_explorations(page_file: Path) -> list[Exploration]:
    """Every exploration (widget view) of a built page, with its controls and frame files."""
    text = page_file.read_text(encoding="utf-8")
    state_match = WIDGET_STATE.search(text)
    if state_match is None:
        return []
    state = json.loads(state_match.group(1))["state"]

    def model(ref: str) -> dict:
        return state[ref.removeprefix("IPY_MODEL_")]

    found = []
    for view in WIDGET_VIEW.findall(text):
        box = state[json.loads(view)["model_id"]]["state"]
        urls = box.get("frame_urls") or []
        if not urls:
            continue
        *controls, image = [model(ref) for ref in box["children"]]
        labels = [(c["state"]["description"], len(c["state"]["_options_labels"])) for c in controls]
        buffers = {tuple(b["path"]): b["data"] for b in image.get("buffers", [])}
        shown = base64.b64decode(buffers[("value",)]).decode("utf-8")
        found.append(Exploration(labels, urls, [shown]))
    return found


def frame_text_px(page_file: Path) -> list[list[float]]:
    """For each exploration of a built page, in document order, the height in image pixels of the
    smallest text of each of its frames (``frame_text_px`` in the exploration's widget state,
    measured by curvlab.plotting.render.smallest_text_px when the frame was drawn)."""
    text = page_file.read_text(encoding="utf-8")
    state_match = WIDGET_STATE.search(text)
    if state_match is None:
        return []
    state = json.loads(state_match.group(1))["state"]
    sizes = []
    for view in WIDGET_VIEW.findall(text):
        box = state[json.loads(view)["model_id"]]["state"]
        if box.get("frame_urls"):
            sizes.append(list(box.get("frame_text_px") or []))
    return sizes


def sphinx_extension():
    """``_ext/curvlab_sphinx.py``, whose build check this test holds to the page."""
    return load_module(ROOT / "_ext" / "curvlab_sphinx.py", "curvlab_sphinx")


SERIOUS = ("critical", "serious")


# A chapter's code cells are thousands of highlighted tokens (chapter 7: 9,500 spans) in about
# twenty styles. axe-core's color-contrast rule works out each token's background from the
# elements stacked under it, which was half of a chapter's audit. Every token of one style (its
# classes, colour, size, weight and opacity, on the same painted background) has the contrast of
# any other, so before the audit all but the first token of each style are hidden with
# `visibility: hidden` (the layout does not move) and each style is audited once, in every
# theme and window. The tab is changed: only a test that takes it (`tabs.last`) audits it.
_ONE_TOKEN_PER_STYLE = r"""() => {
    const painted = (element) => {
        for (let e = element; e; e = e.parentElement) {
            const colour = getComputedStyle(e).backgroundColor;
            if (!/^rgba\(.*, 0\)$|^transparent$/.test(colour)) return colour;
        }
        return "page";
    };
    // A token scrolled out of its code block's view is audited as it is (axe-core cannot
    // always decide its contrast), so it is neither hidden nor a style's representative.
    const inView = (token) => {
        const block = token.closest("pre");
        if (!block) return true;
        const t = token.getBoundingClientRect(), b = block.getBoundingClientRect();
        return t.left >= b.left && t.right <= b.left + block.clientWidth;
    };
    const seen = new Set();
    for (const token of document.querySelectorAll(".highlight span")) {
        if (!inView(token)) continue;
        const s = getComputedStyle(token);
        const style = [token.className, s.color, s.fontSize, s.fontWeight, s.opacity,
                       painted(token)].join("|");
        if (seen.has(style)) {
            token.style.visibility = "hidden";
        } else {
            seen.add(style);
        }
    }
}"""


def axe_violations(tab: OfflinePage) -> list[dict]:
    """axe-core's violations on the open page, each code style audited once (see above)."""
    from axe_playwright_python.sync_playwright import Axe

    tab.page.evaluate(_ONE_TOKEN_PER_STYLE)
    return Axe().run(tab.page).response["violations"]


def axe_findings(violations: list[dict]) -> str:
    return ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations) or "none"


def assert_axe_clean(tab: OfflinePage, path: str, where: str, report: dict) -> None:
    """Audit the open page with axe-core, report every finding, fail on critical or serious."""
    violations = axe_violations(tab)
    report.setdefault(f"axe-core findings ({where})", []).append(
        f"- {path}: {axe_findings(violations)}"
    )
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in SERIOUS
    ]
    assert serious == [], f"{path} ({where}): axe-core found {serious}"
