"""Compare the outputs stored in the chapter notebooks with the book build's executed copies.

The book build executes every notebook once (``jupyter-book build``, myst-nb with jupyter-cache)
and keeps the executed notebooks in its jupyter-cache (``_build/.curvlab_cache/jupyter-<digest>/``,
see ``_ext/curvlab_sphinx.py``; myst-nb's ``_build/jupyter_execute/`` copy is not the executed
one when the cache answered). That execution is the run that checks the stored outputs: this
script asks the cache for the executed copy of each stored notebook (matched by its code cells)
and compares each stored code cell's outputs with the executed cell's
by nbval's own comparison (``nbval.plugin.IPyNbCell.compare_outputs``, strict mode: every
``text/plain``, HTML, SVG, LaTeX and stream output; PNG and widget views skipped as nbval skips
them), honouring nbval's cell markers (``nbval-ignore-output``, ``nbval-skip``, and the
``# NBVAL_...`` comments). So the stored outputs are held to a fresh run without executing the
notebooks a second time.

    .venv/bin/python scripts/compare_outputs.py book/*.ipynb [--cache FOLDER]

Without ``--cache`` it reads the one cache folder the last build of this checkout left. Exits 1
and prints every mismatch if a stored output differs from the executed one, or if a notebook was
not executed by that build (its code changed since).
"""

from __future__ import annotations

import sys
import warnings
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import nbformat
from nbval.plugin import (
    IPyNbCell,
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    nocolors,
)

# What nbval 0.11 leaves out of a comparison (``IPyNbFile.skip_compare`` without --nbdime).
SKIP_COMPARE = (
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
)


class _Cell:
    """What ``IPyNbCell.compare_outputs`` reads of the pytest item it is a method of."""

    colors = nocolors
    parent = SimpleNamespace(skip_compare=SKIP_COMPARE, sanitize_patterns={})
    sanitize = IPyNbCell.sanitize
    compare_outputs = IPyNbCell.compare_outputs

    def __init__(self) -> None:
        self.comparison_traceback: list[str] = []

    def format_output_compare(self, key: str, left: object, right: object) -> None:
        self.comparison_traceback += [
            f" mismatch {key!r}",
            f"  stored:   {left!r}"[:2000],
            f"  executed: {right!r}"[:2000],
        ]


def _options(cell: nbformat.NotebookNode) -> dict[str, bool]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        options = defaultdict(bool, find_metadata_tags(cell.metadata))
        options.update(dict(find_comment_markers(cell.source)))
    options.setdefault("check", True)
    return options


def compare_notebooks(stored: Path, theirs: nbformat.NotebookNode) -> list[str]:
    """Every mismatch between ``stored``'s outputs and the executed notebook ``theirs``."""
    ours = nbformat.read(stored, as_version=4)
    ours_code = [cell for cell in ours.cells if cell.cell_type == "code"]
    theirs_code = [cell for cell in theirs.cells if cell.cell_type == "code"]
    if [c.source for c in ours_code] != [c.source for c in theirs_code]:
        return [f"{stored}: the executed copy has other code cells (a stale build?)"]
    problems = []
    for number, (cell, ran) in enumerate(zip(ours_code, theirs_code, strict=True)):
        options = _options(cell)
        if options["skip"] or not options["check"]:
            continue
        checker = _Cell()
        test = coalesce_streams([nbformat.from_dict(dict(o)) for o in ran.outputs])
        reference = coalesce_streams([nbformat.from_dict(dict(o)) for o in cell.outputs])
        if not checker.compare_outputs(test, reference):
            problems.append(f"{stored}: cell {number} (code cells counted from 0):")
            problems += checker.comparison_traceback
    return problems


def executed_copy(cache_path: Path, stored: Path) -> nbformat.NotebookNode | None:
    """The build's executed copy of ``stored`` from the jupyter-cache at ``cache_path``."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    notebook = nbformat.read(stored, as_version=4)
    try:
        cache.match_cache_notebook(notebook)
    except KeyError:
        return None
    _, merged = cache.merge_match_into_notebook(notebook)
    return merged


def default_cache(root: Path) -> Path:
    """The one jupyter-cache folder that the last build of the checkout at ``root`` left."""
    found = sorted((root / "_build" / ".curvlab_cache").glob("jupyter-*"))
    if len(found) != 1:
        raise SystemExit(f"expected one _build/.curvlab_cache/jupyter-* folder; found {found}")
    return found[0]


def main(argv: list[str]) -> int:
    cache_path = None
    if "--cache" in argv:
        at = argv.index("--cache")
        cache_path = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    notebooks = [Path(name) for name in argv]
    cache_path = cache_path or default_cache(Path(__file__).resolve().parents[1])
    problems = []
    for stored in notebooks:
        executed = executed_copy(cache_path, stored)
        if executed is None:
            problems.append(f"{stored}: not executed by the build that filled {cache_path}")
            continue
        problems += compare_notebooks(stored, executed)
    for line in problems:
        print(line)
    if not problems:
        print(f"{len(notebooks)} notebooks: every stored output matches the build's execution")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
