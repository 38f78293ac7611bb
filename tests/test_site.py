"""The built website, as a reader's browser sees it with no network.

A session fixture builds the book with ``scripts/build.sh`` (setup, then ``jupyter-book build
-W -n --keep-going`` with ``CURVLAB_STATIC_WIDGETS=1``) into a temporary folder and serves it on
127.0.0.1. Headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright) then opens
every page with every request to another host aborted, and checks that:

- no script throws and nothing is logged as a console error;
- no page asks for anything outside the site (the launch buttons are links, never loaded);
- every formula is typeset by the site's own MathJax 3;
- the search page finds a word without a server;
- each exploration of chapter 1, rendered kernel-free as a Stack of precomputed frames whose
  ``selected_index`` is jslinked to a slider, shows another frame when its slider moves;
- every chapter has a Binder and a Colab launch link to its own notebook in the repository;
- the build printed the book to one PDF (``scripts/build_pdf.py``) that has every page of the
  table of contents, with its title, formulas typeset and figures, and that the landing page
  links to.

On CI (``CI`` set) nothing here may skip: a missing browser fails. Elsewhere, without Chromium the
browser tests skip and say how to install it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

# Playwright and pypdf are imported where they are used, so `-m "not slow"` runs without them.
if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, Route
    from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CURVLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
CHAPTER_1 = "book/01_gradient_descent.html"
# A word of the landing page that the offline search must find.
SEARCH_WORD = "curvature"

pytestmark = pytest.mark.slow


def on_ci() -> bool:
    """Whether the tests run on CI, where nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip on a reader's machine; fail on CI, where every test must run."""
    if on_ci():
        pytest.fail(f"{reason} (CI is set, so this test may not skip)")
    pytest.skip(reason)


def _toc_docnames(entries: list[dict]) -> Iterator[str]:
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        for key in ("parts", "chapters", "sections"):
            yield from _toc_docnames(entry.get(key, []))


def book_pages() -> list[str]:
    """Every HTML page the build writes: the TOC's documents, Sphinx's index and search pages,
    and the root redirect."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docnames = [toc["root"], *_toc_docnames([toc])]
    return [*(f"{name}.html" for name in docnames), "genindex.html", "search.html", "index.html"]


# --------------------------------------------------------------------------------------------
# Fixtures: the built site, a local web server, the browser, one offline page per test.


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the book exactly as ``scripts/build.sh`` does; any warning or cell error fails."""
    out = tmp_path_factory.mktemp("site")
    log = out / "build.log"
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(
            ["bash", "scripts/build.sh", "--path-output", str(out)],
            cwd=ROOT,
            stdout=stream,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        lines = log.read_text(encoding="utf-8").splitlines()
        # From the first Sphinx warning or Python error: the cause, not the closing banner.
        first = next((i for i, line in enumerate(lines) if _BUILD_PROBLEM.search(line)), None)
        excerpt = lines[first : first + 80] if first is not None else lines[-80:]
        pytest.fail(
            f"scripts/build.sh exited with {result.returncode}; full log in {log}:\n"
            + "\n".join(excerpt),
            pytrace=False,
        )
    html = out / "_build" / "html"
    assert (html / CHAPTER_1).is_file(), f"the build wrote no {CHAPTER_1}"
    return html


_BUILD_PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL):|^\w*(Error|Exception)\b|Error: ")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 at a free port, from a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


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


@dataclass
class OfflinePage:
    """A browser tab on the local site that records what went wrong."""

    page: Page
    base_url: str
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)

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

    def assert_clean(self) -> None:
        assert self.page_errors == [], f"JavaScript errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.aborted == [], f"requests for resources outside the site: {self.aborted}"


@pytest.fixture
def offline_page(browser: Browser, base_url: str) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    yield tab
    context.close()


# --------------------------------------------------------------------------------------------
# Tests


def test_every_built_page_is_checked(site: Path) -> None:
    built = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    }
    assert built == set(book_pages())


@pytest.mark.parametrize("path", book_pages())
def test_page_works_offline(offline_page: OfflinePage, path: str) -> None:
    offline_page.open(path)
    page = offline_page.page

    offline_page.assert_clean()

    scripts = page.evaluate(
        """() => Array.from(document.scripts, (s) =>
               s.src ? s.src.split('?')[0] : s.type + ':' + s.textContent.trim())"""
    )
    repeated = sorted({script[:120] for script in scripts if scripts.count(script) > 1})
    assert repeated == [], f"scripts included more than once: {repeated}"

    formulas = page.locator(".math").count()
    typeset = page.locator(".math mjx-container").count()
    assert typeset == formulas, f"{typeset} of {formulas} formulas typeset by MathJax"
    # MathJax shows an undefined macro (noundefined) or a TeX error (merror) in red instead of
    # failing: find them in the MathML of every typeset formula.
    broken = page.evaluate(
        """() => window.MathJax && window.MathJax.startup && window.MathJax.startup.document
            ? Array.from(window.MathJax.startup.document.math)
                .filter((item) => /mathcolor="red"|<merror/.test(
                    window.MathJax.startup.toMML(item.root)))
                .map((item) => item.math)
            : []"""
    )
    assert broken == [], f"formulas with undefined macros or TeX errors: {broken}"


def test_pages_with_math_are_typeset(offline_page: OfflinePage) -> None:
    """The landing page has a displayed formula: MathJax must have produced it."""
    offline_page.open("book/intro.html")
    assert offline_page.page.locator("mjx-container").count() >= 1
    offline_page.assert_clean()


def test_search_works_offline(offline_page: OfflinePage) -> None:
    offline_page.open(f"search.html?q={SEARCH_WORD}")
    results = offline_page.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    links = results.locator("a").evaluate_all("(anchors) => anchors.map((a) => a.href)")
    assert any(link.split("?")[0].endswith("book/intro.html") for link in links), links
    offline_page.assert_clean()


def _visible_frames(exploration: Locator) -> list[str]:
    """The ``src`` of every image currently shown in an exploration."""
    return exploration.evaluate(
        """(root) => Array.from(root.querySelectorAll('img'))
               .filter((img) => img.offsetParent !== null)
               .map((img) => img.src)"""
    )


CHAPTERS = [page for page in book_pages() if page.startswith("book/0")]


def _wait_for_new_frame(page, exploration: Locator, before: list[str], what: str) -> None:
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


@pytest.mark.parametrize("path", CHAPTERS)
def test_explorations_respond_without_kernel(offline_page: OfflinePage, path: str) -> None:
    """Every slider and dropdown of every exploration switches the frame with no kernel."""
    offline_page.open(path)
    page = offline_page.page
    controls = page.locator(".noUi-handle, .widget-dropdown select")
    explorations = page.locator(".cell_output").filter(has=controls)
    assert explorations.count() >= 1, f"no exploration with a control on {path}"

    for i in range(explorations.count()):
        exploration = explorations.nth(i)
        exploration.scroll_into_view_if_needed()
        assert _visible_frames(exploration), f"{path}: exploration {i + 1} shows no frame image"
        handles = exploration.locator(".noUi-handle")
        for j in range(handles.count()):
            handle = handles.nth(j)
            before = _visible_frames(exploration)
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            handle.focus()
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            _wait_for_new_frame(
                page, exploration, before, f"{path}, exploration {i + 1}, slider {j + 1}"
            )
        menus = exploration.locator(".widget-dropdown select")
        for j in range(menus.count()):
            menu = menus.nth(j)
            before = _visible_frames(exploration)
            current = menu.evaluate("(select) => select.selectedIndex")
            menu.select_option(index=1 if current == 0 else 0)
            _wait_for_new_frame(
                page, exploration, before, f"{path}, exploration {i + 1}, dropdown {j + 1}"
            )

    offline_page.assert_clean()


def test_launch_buttons_point_at_binder_and_thebe(offline_page: OfflinePage) -> None:
    """The Binder link opens this chapter; "Live Code" asks for Thebe (blocked here, offline)."""
    offline_page.open(CHAPTER_1)
    page = offline_page.page
    binder = page.locator(".dropdown-launch-buttons a[href*='mybinder.org']")
    assert binder.get_attribute("href", timeout=5_000).endswith(
        "?urlpath=lab/tree/book/01_gradient_descent.ipynb"
    )
    offline_page.assert_clean()

    page.locator(".dropdown-launch-buttons button.dropdown-toggle").click()
    with page.expect_request(lambda request: "thebe" in request.url, timeout=10_000):
        page.locator(".btn-launch-thebe").click()
    assert offline_page.page_errors == []
    assert [url for url in offline_page.aborted if "thebe" in url], offline_page.aborted


def _launch_urls(docname: str) -> tuple[str, str]:
    """The Binder and Colab URLs that open ``docname``'s notebook, from ``_config.yml``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    org_repo = config["repository"]["url"].removeprefix("https://github.com/").strip("/")
    branch = config["repository"]["branch"]
    buttons = config["launch_buttons"]
    binder = (
        f"{buttons['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}"
        f"?urlpath=lab/tree/{docname}.ipynb"
    )
    colab = f"{buttons['colab_url'].rstrip('/')}/github/{org_repo}/blob/{branch}/{docname}.ipynb"
    return binder, colab


@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_launches_on_binder_and_colab(offline_page: OfflinePage, path: str) -> None:
    """Each chapter's launch menu opens that chapter's notebook on Binder and on Colab."""
    offline_page.open(path)
    links = offline_page.page.locator(".dropdown-launch-buttons a").evaluate_all(
        "(anchors) => anchors.map((a) => a.href)"
    )
    binder, colab = _launch_urls(path.removesuffix(".html"))
    assert binder in links, f"{path}: no Binder link {binder} among {links}"
    assert colab in links, f"{path}: no Colab link {colab} among {links}"
    offline_page.assert_clean()


# --------------------------------------------------------------------------------------------
# The PDF that scripts/build.sh prints from the built pages (scripts/build_pdf.py).


def _normalized(text: str) -> str:
    """One space between words and straight apostrophes, as the PDF's text and the sources differ
    in line breaks and in Sphinx's typographic quotes."""
    return " ".join(text.replace("\u2019", "'").split())


def _source_title(docname: str) -> str:
    """The first ``# `` heading of a page's source, a notebook or a MyST markdown file."""
    notebook = ROOT / f"{docname}.ipynb"
    if notebook.is_file():
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        text = "\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
        )
    else:
        text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


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


def test_pdf_has_every_page_in_order(book_pdf: PdfReader) -> None:
    """One bookmark per page of the table of contents, in its order, titled as the source is;
    more sheets than pages, and every title in the text."""
    docnames = [page.removesuffix(".html") for page in book_pages() if page.startswith("book/")]
    titles = [_normalized(_source_title(name)) for name in docnames]
    bookmarks = [_normalized(item.title) for item in book_pdf.outline]
    assert bookmarks == titles
    starts = [book_pdf.get_destination_page_number(item) for item in book_pdf.outline]
    assert starts == sorted(starts) and starts[0] == 0, starts
    assert len(book_pdf.pages) > len(docnames)
    text = _normalized(" ".join(page.extract_text() for page in book_pdf.pages))
    missing = [title for title in titles if title not in text]
    assert missing == [], f"titles not found in the PDF's text: {missing}"


def test_pdf_shows_formulas_and_figures(book_pdf: PdfReader) -> None:
    """The landing page's formula is typeset (MathJax's η, not TeX's \\eta), and every chapter
    has at least one image: its figures and the first frame of its explorations."""
    starts = [book_pdf.get_destination_page_number(item) for item in book_pdf.outline]
    ranges = dict(
        zip(
            [_normalized(item.title) for item in book_pdf.outline],
            zip(starts, [*starts[1:], len(book_pdf.pages)], strict=True),
            strict=True,
        )
    )
    intro = ranges[_normalized(_source_title("book/intro"))]
    intro_text = " ".join(book_pdf.pages[i].extract_text() for i in range(*intro))
    assert "η" in intro_text and "\\eta" not in intro_text and "$$" not in intro_text

    def images(index: int) -> int:
        resources = book_pdf.pages[index].get("/Resources")
        objects = resources.get_object().get("/XObject") if resources is not None else None
        if objects is None:
            return 0
        objects = objects.get_object()
        return sum(objects[key].get_object().get("/Subtype") == "/Image" for key in objects)

    for page in CHAPTERS:
        first, end = ranges[_normalized(_source_title(page.removesuffix(".html")))]
        assert sum(images(i) for i in range(first, end)) > 0, f"{page}: no image in the PDF"


def test_landing_page_links_to_the_pdf(site: Path, book_pdf: PdfReader) -> None:
    """The website offers the PDF: the landing page's link resolves to a copy in the site."""
    from pypdf import PdfReader  # imported where it is used, like the fixture above

    intro = site / "book" / "intro.html"
    links = re.findall(r'href="([^"]*curvlab\.pdf)"', intro.read_text(encoding="utf-8"))
    assert links, "book/intro.html has no link to curvlab.pdf"
    for link in links:
        target = (intro.parent / link).resolve()
        assert target.is_file(), f"{link} -> {target} does not exist"
        assert len(PdfReader(target).pages) == len(book_pdf.pages)
