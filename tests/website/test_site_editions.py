"""The other things the build makes: the PDF (every page in order, typeset formulas, figures,
linked from the landing page) and the student edition (no solution on any page, every
exercise kept); and each chapter's self-checks open with the keyboard.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Playwright and pypdf are imported where they are used, so `-m "not slow"` runs without them.
if TYPE_CHECKING:
    from pypdf import PdfReader

from built_site import (
    CHAPTERS,
    OfflinePage,
    Tabs,
    book_pages,
    page_source,
)

pytestmark = pytest.mark.slow


def _normalized(text: str) -> str:
    """One space between words and straight apostrophes, as the PDF's text and the sources differ
    in line breaks and in Sphinx's typographic quotes."""
    return " ".join(text.replace("\u2019", "'").split())


def _source_title(docname: str) -> str:
    """The first ``# `` heading of a page's source, a notebook or a MyST markdown file."""
    text = page_source(docname)
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def test_pdf_has_every_page_in_order(book_pdf: PdfReader) -> None:
    """One bookmark per page of the table of contents, in its order, titled as the source is;
    more sheets than pages, and each title in the text of the sheet its bookmark opens."""
    docnames = [page.removesuffix(".html") for page in book_pages() if page.startswith("book/")]
    titles = [_normalized(_source_title(name)) for name in docnames]
    bookmarks = [_normalized(item.title) for item in book_pdf.outline]
    assert bookmarks == titles
    starts = [book_pdf.get_destination_page_number(item) for item in book_pdf.outline]
    assert starts == sorted(starts) and starts[0] == 0, starts
    assert len(book_pdf.pages) > len(docnames)
    missing = [
        (title, start)
        for title, start in zip(titles, starts, strict=True)
        if title not in _normalized(book_pdf.pages[start].extract_text())
    ]
    assert missing == [], f"titles not on the sheet their bookmark opens: {missing}"


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


_SOLUTION_DIRECTIVE = re.compile(r"^[`:]{3,}\{solution(?:-start)?\}", re.MULTILINE)


def _solutions_in_source(docname: str) -> int:
    """The number of ``{solution}`` / ``{solution-start}`` blocks in a page's source."""
    return len(_SOLUTION_DIRECTIVE.findall(page_source(docname)))


_CONTENT_PAGES = [
    p for p in book_pages() if p not in ("genindex.html", "search.html", "index.html")
]


def _solution_texts(tab: OfflinePage) -> list[str]:
    """The text of each solution on the page, its title ("Solution to Exercise 1.1") left out."""
    return tab.page.evaluate(
        """() => Array.from(document.querySelectorAll('div.solution'), (s) => {
               const c = s.cloneNode(true);
               c.querySelectorAll('.admonition-title, summary').forEach((t) => t.remove());
               return c.textContent.replace(/\\s+/g, ' ').trim();
           })"""
    )


def test_the_sources_have_solutions() -> None:
    """The book has exercises with solutions at all (each page's test below checks its own)."""
    counts = {path: _solutions_in_source(path.removesuffix(".html")) for path in _CONTENT_PAGES}
    assert sum(counts.values()) > 0, counts


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", _CONTENT_PAGES)
def test_the_normal_build_has_every_solution_and_the_student_edition_none(
    tabs: Tabs, base_url: str, student_url: str, path: str
) -> None:
    """Every solution of the page's source is on the normal build's page; the student edition's
    page has none of them (not even their text) and keeps every exercise."""
    expected = _solutions_in_source(path.removesuffix(".html"))
    tab = tabs.shared(base_url, path)
    solutions = _solution_texts(tab)
    tab.assert_clean()
    assert len(solutions) == expected, f"{path}: {len(solutions)} of {expected} solutions"
    student = tabs.shared(student_url, path)  # the student edition's page: a key of its own
    assert _solution_texts(student) == [], f"{path}: a solution in the student edition"
    text = student.page.evaluate("() => document.body.textContent.replace(/\\s+/g, ' ')")
    exercises = student.page.locator("div.exercise").count()
    student.assert_clean()
    for solution in solutions:
        body = solution[:80]
        assert body, f"{path}: an empty solution"
        assert body not in text, f"{path}: solution text in the student edition: {body!r}"
    assert exercises >= expected, f"{path}: the student edition lost exercises"


def test_every_chapter_has_self_checks() -> None:
    """Each chapter page is among the pages whose self-checks are tested below."""
    assert CHAPTERS
    assert CHAPTERS == [p for p in book_pages() if re.match(r"book/0\d_", p)]


@pytest.mark.tab("borrow")
@pytest.mark.parametrize("path", CHAPTERS)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_chapter_has_self_checks_that_open_with_the_keyboard(
    tabs: Tabs, base_url: str, theme: str, path: str
) -> None:
    """book/self_checks/ (included by each chapter): 3-5 questions, answers in <details> that
    Enter opens and closes again.

    The page's shared tab in its theme, borrowed after every test that only reads it and put
    back as loaded (the answer closed, nothing focused, the scroll where it was) for the axe-core
    audit, which takes the tab last: the audit leaves an error in the tab's lists (axe-core
    fetches the stylesheets again and one @import 404s), which this test's ``assert_clean``
    would see, while this test changes only what it puts back."""
    tab = tabs.borrow(base_url, path, theme)
    page = tab.page
    section = page.locator("#check-your-understanding")
    answers = section.locator("details")
    assert 3 <= answers.count() <= 5, f"{path}: {answers.count()} self-check answers"
    first = answers.first
    assert first.get_attribute("open") is None, f"{path}: an answer shows unasked"
    scroll = page.evaluate("() => [window.scrollX, window.scrollY]")
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    assert first.get_attribute("open") is not None, f"{path}: Enter did not open it"
    assert first.locator(".sd-card-body").is_visible()
    tab.assert_clean()
    # Put the page back as it was loaded (the audit after this test must see it so).
    page.keyboard.press("Enter")
    assert first.get_attribute("open") is None, f"{path}: Enter did not close it again"
    page.evaluate("([x, y]) => { document.activeElement.blur(); window.scrollTo(x, y); }", scroll)
    assert page.evaluate("() => [window.scrollX, window.scrollY]") == scroll
    assert section.locator("details[open]").count() == 0
    tab.assert_clean()
