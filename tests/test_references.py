"""references.bib parses as sphinxcontrib-bibtex reads it, with one entry per key, and every
work a chapter cites is in it: a broken or duplicated entry fails here in a second, not in the
book build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pybtex.database
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
CITE = re.compile(r"\{cite(?::[tp])?\}`([^`]+)`")


def test_the_bibliography_parses_with_unique_keys():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.M)
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    entries = pybtex.database.parse_file(str(BIB)).entries
    assert len(entries) == len(keys)


@pytest.mark.parametrize("page", sorted((ROOT / "book").glob("*.*")), ids=lambda p: p.name)
def test_every_cited_work_is_in_the_bibliography(page: Path) -> None:
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    elif page.suffix == ".md":
        text = page.read_text(encoding="utf-8")
    else:
        pytest.skip(f"{page.name} is not a page")
    known = set(pybtex.database.parse_file(str(BIB)).entries)
    cited = {key.strip() for group in CITE.findall(text) for key in group.split(",")}
    assert cited - known == set()


@pytest.mark.parametrize("chapter", sorted((ROOT / "book").glob("0*.ipynb")), ids=lambda p: p.stem)
def test_every_chapter_ends_with_its_references(chapter: Path) -> None:
    """Each chapter lists the works it cites (CONTRIBUTING.md, "Add a chapter"): a "## References"
    section with the filtered bibliography, after which no other section follows."""
    cells = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert text.count("```{bibliography}\n:filter: docname in docnames\n```") == 1
    assert "## References" in text
    after = text[text.index("## References") :]
    assert re.search(r"^## ", after[3:], flags=re.M) is None, "a section follows the references"


def test_no_entry_has_tex_math():
    """The bibliography bypasses myst, so the site's MathJax never sees it: a title such as
    ``{$O(1/k^2)$}`` would reach the page as raw text. Titles write their mathematics in
    Unicode (O(1/k²), tr(f(A))), with braces where the case must be kept; the browser test in
    tests/website/ checks the built pages themselves."""
    text = BIB.read_text(encoding="utf-8")
    found = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), start=1)
        if "$" in line or re.search(r"\\(?:frac|sqrt|mathcal|operatorname|tr)\b", line)
    ]
    assert found == []
