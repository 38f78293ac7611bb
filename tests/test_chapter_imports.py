"""Each chapter's first code cell imports from at most three curvlab module paths.

A chapter imports ``curvlab`` (the common names and, as attributes, every subpackage), its own
experiment package and at most one library subpackage, not a dozen modules.
"""

import ast
import json
import pathlib

import pytest

BOOK = pathlib.Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))


def curvlab_paths(source: str) -> set[str]:
    lines = [line for line in source.splitlines() if not line.startswith("%")]
    paths = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            paths.update(a.name for a in node.names if a.name.split(".")[0] == "curvlab")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "curvlab":
            paths.add(node.module)
    return paths


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_first_cell_imports_from_at_most_three_curvlab_paths(chapter):
    cells = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    # The Colab cell (tests/test_colab_cell.py) comes first and imports nothing of curvlab.
    code = [
        c
        for c in cells
        if c["cell_type"] == "code" and "colab-install" not in c["metadata"].get("tags", [])
    ]
    first = curvlab_paths("".join(code[0]["source"]))
    assert "curvlab" in first and len(first) <= 3, sorted(first)
    # its own experiment package(s): `from curvlab.experiments.topic import ...`, or several
    # topics as `from curvlab.experiments import topic_a, topic_b`
    assert any(p.startswith("curvlab.experiments") for p in first), sorted(first)
    later = set().union(*(curvlab_paths("".join(c["source"])) for c in code[1:]))
    assert not later, f"later cells import {sorted(later)}"


def test_the_checker_counts_module_paths():
    source = "import curvlab as cl\nfrom curvlab import glue\nfrom curvlab.core import run\n"
    assert curvlab_paths(source) == {"curvlab", "curvlab.core"}
