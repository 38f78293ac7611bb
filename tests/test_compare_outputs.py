"""scripts/compare_outputs.py: the stored outputs held to the build's execution by nbval's rules.

The build's execution is the check of the stored outputs (no second execution), so the
comparison must fail on a changed text output, pass where nbval passes (PNG bytes, widget model
ids, cells marked ``nbval-ignore-output``), and find the executed copy in the build's
jupyter-cache by the notebook's code.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "compare_outputs", ROOT / "scripts/compare_outputs.py"
)
compare_outputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_outputs)


def _notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    printed = v4.new_code_cell("print(0.5)", outputs=[v4.new_output("stream", text="0.5\n")])
    shown = v4.new_code_cell(
        "show()",
        outputs=[
            v4.new_output(
                "display_data",
                data={
                    "text/plain": "Exploration: a bowl",
                    "image/png": "iVBORw0KGgo=",
                    "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                },
            )
        ],
    )
    timed = v4.new_code_cell("timeit()", outputs=[v4.new_output("stream", text="3.1 ms\n")])
    timed.metadata["tags"] = ["nbval-ignore-output"]
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell("# A"), printed, shown, timed])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    path = tmp_path / "chapter.ipynb"
    nbformat.write(_notebook(), path)
    return path


def test_the_same_outputs_pass(stored: Path) -> None:
    assert compare_outputs.compare_notebooks(stored, _notebook()) == []


def test_what_nbval_skips_is_skipped(stored: Path) -> None:
    executed = _notebook()
    data = executed.cells[2].outputs[0].data
    data["image/png"] = "other pixels"
    data["application/vnd.jupyter.widget-view+json"] = {"model_id": "def"}
    executed.cells[3].outputs[0].text = "2.9 ms\n"  # tagged nbval-ignore-output
    assert compare_outputs.compare_notebooks(stored, executed) == []


@pytest.mark.parametrize(
    ("cell", "change"),
    [
        (1, lambda output: setattr(output, "text", "0.50000001\n")),
        (2, lambda output: output.data.__setitem__("text/plain", "Exploration: a saddle")),
    ],
)
def test_a_changed_text_output_fails(stored: Path, cell: int, change) -> None:
    executed = _notebook()
    change(executed.cells[cell].outputs[0])
    problems = compare_outputs.compare_notebooks(stored, executed)
    assert problems and f"cell {cell - 1}" in problems[0]


def test_a_missing_output_fails(stored: Path) -> None:
    executed = _notebook()
    executed.cells[1].outputs = []
    assert compare_outputs.compare_notebooks(stored, executed)


def test_the_executed_copy_comes_from_the_builds_cache(stored: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "cache"
    cache = get_cache(str(cache_path))
    assert compare_outputs.executed_copy(cache_path, stored) is None  # never executed
    executed = copy.deepcopy(_notebook())
    executed.cells[1].outputs[0].text = "0.25\n"
    record = cache.add_nb_to_project(str(stored))
    cache.cache_notebook_bundle(CacheBundleIn(executed, record.uri), check_validity=False)
    merged = compare_outputs.executed_copy(cache_path, stored)
    assert merged is not None and merged.cells[1].outputs[0].text == "0.25\n"
    assert compare_outputs.main([str(stored), "--cache", str(cache_path)]) == 1
