"""Every number the prose quotes with {glue:text} is glued by a code cell *above* the quote."""

import json
import pathlib
import re

import pytest

BOOK = pathlib.Path(__file__).resolve().parents[1] / "book"
QUOTE = re.compile(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)")
GLUED = re.compile(r"""\bglue\(\s*(f?)(["'])(.*?)\2\s*,""")


def glue_order(path: pathlib.Path) -> list[str]:
    """Names quoted before any cell glues them (f-string names match by their literal prefix)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    glued: list[re.Pattern] = []
    early = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            for is_f, _, name in GLUED.findall(source):
                parts = re.split(r"\{[^}]*\}", name) if is_f else [name]
                glued.append(re.compile(".+".join(re.escape(part) for part in parts)))
            continue
        early.extend(
            name for name in QUOTE.findall(source) if not any(p.fullmatch(name) for p in glued)
        )
    return early


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.ipynb")), ids=lambda p: p.name)
def test_prose_quotes_only_numbers_glued_above(path):
    assert glue_order(path) == []


def test_the_check_can_fail(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["quoted {glue:text}`late`"]},
            {"cell_type": "code", "source": ['glue("late", 1)']},
        ]
    }
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert glue_order(path) == ["late"]
