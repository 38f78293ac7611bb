"""Execution time of every chapter notebook, in a fresh kernel each, as the build runs them.

Run: ``.venv/bin/python benchmarks/notebook_times.py [--static]``; ``--static`` sets
``CURVLAB_STATIC_WIDGETS=1`` as the website build does (precomputing every exploration frame).
"""

from __future__ import annotations

import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

BOOK = pathlib.Path(__file__).resolve().parents[1] / "book"


def main() -> None:
    if "--static" in sys.argv[1:]:
        os.environ["CURVLAB_STATIC_WIDGETS"] = "1"
    mode = "static (website build)" if os.environ.get("CURVLAB_STATIC_WIDGETS") == "1" else "live"
    print(f"mode: {mode}")
    total = 0.0
    for path in sorted(BOOK.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(BOOK)}},
        ).execute()
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{path.name:40s} {seconds:6.1f} s")
    print(f"{'total':40s} {total:6.1f} s")


if __name__ == "__main__":
    main()
