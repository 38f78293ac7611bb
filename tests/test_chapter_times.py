"""The lecturer page's presenting times are the ones scripts/chapter_times.py computes from the
chapters as they are now (a chapter that grows cannot keep an old estimate)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMES = runpy.run_path(str(ROOT / "scripts" / "chapter_times.py"))


@pytest.mark.parametrize("chapter", sorted((ROOT / "book").glob("0*.ipynb")), ids=lambda p: p.stem)
def test_the_lecturer_page_quotes_the_computed_time(chapter: Path) -> None:
    page = (ROOT / "book" / "lecturers.md").read_text(encoding="utf-8")
    row = re.search(rf"<{chapter.stem}>` \| about (\d+) min \|", page)
    assert row is not None, f"no row for {chapter.stem} in book/lecturers.md"
    assert int(row.group(1)) == TIMES["minutes"](chapter)[0]


def test_the_rule_counts_what_it_says():
    import json
    import tempfile

    cells = [
        # punctuation split off the formula and a table pipe are not words
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "word " * 240 + "$x$, | .\n$$\na\n$$\n",
        },
        {"cell_type": "code", "metadata": {}, "source": "explore = cl.gradient_descent_explorer()"},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "import os"},
        {"cell_type": "markdown", "metadata": {}, "source": "## Exercises\n" + "word " * 999},
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chapter.ipynb"
        path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
        time, counts = TIMES["minutes"](path)
    assert counts == {"words": 241, "equations": 1, "code cells": 1, "explorations": 1}
    assert time == 5 * round((241 / 120 + 1 + 0.5 + 5) / 5)
