"""Execution time of every chapter notebook, in a fresh kernel each, as the book build runs them.

The build executes each notebook with ``CURVLAB_STATIC_WIDGETS=1`` (every exploration frame drawn
in advance) and gives the kernels a frame store (``_ext/curvlab_sphinx.py``). This script runs
every chapter three ways, side by side in one run:

* **one core**: frames drawn, and chapter 7's studies computed, in the kernel's process
  (``CURVLAB_WORKERS=1``), empty store;
* **all cores**: frames and studies on one forked worker per core, empty store (a first build);
* **stored**: the same store again, nothing changed (a re-build whose notebook did change but
  whose frames did not), so no frame is drawn.

Run: ``.venv/bin/python benchmarks/notebook_times.py [chapter-glob]``, e.g. ``'0[16]*'``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

BOOK = pathlib.Path(__file__).resolve().parents[1] / "book"


def code_digest(path: pathlib.Path) -> str:
    """The digest the build gives a notebook's kernel (its code cells, as the extension does)."""
    digest = hashlib.sha256()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            source = cell["source"]
            digest.update(("".join(source) if isinstance(source, list) else source).encode())
            digest.update(b"\0")
    return digest.hexdigest()


def execute(path: pathlib.Path, environment: dict[str, str]) -> float:
    """Seconds to execute ``path`` in a fresh kernel with ``environment`` added to os.environ."""
    saved = dict(os.environ)
    os.environ.update(environment)
    try:
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            notebook,
            timeout=900,
            kernel_name="python3",
            resources={"metadata": {"path": str(BOOK)}},
        ).execute()
        return time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> None:
    pattern = sys.argv[1] if len(sys.argv) > 1 else "0*"
    chapters = sorted(BOOK.glob(f"{pattern}.ipynb"))
    print(f"{os.cpu_count()} CPUs; static explorations, as the book build runs the notebooks")
    print(f"{'notebook':34s} {'one core':>9s} {'all cores':>10s} {'stored':>8s} {'speed-up':>9s}")
    totals = [0.0, 0.0, 0.0]
    for path in chapters:
        base = {"CURVLAB_STATIC_WIDGETS": "1", "CURVLAB_FRAME_KEY": code_digest(path)}
        times = []
        with tempfile.TemporaryDirectory() as serial_store, tempfile.TemporaryDirectory() as store:
            times.append(
                execute(path, base | {"CURVLAB_FRAME_DIR": serial_store, "CURVLAB_WORKERS": "1"})
            )
            times.append(execute(path, base | {"CURVLAB_FRAME_DIR": store}))
            times.append(execute(path, base | {"CURVLAB_FRAME_DIR": store}))
        totals = [t + s for t, s in zip(totals, times, strict=True)]
        print(
            f"{path.name:34s} {times[0]:8.1f}s {times[1]:9.1f}s {times[2]:7.1f}s "
            f"{times[0] / times[1]:8.2f}x"
        )
    print(
        f"{'total':34s} {totals[0]:8.1f}s {totals[1]:9.1f}s {totals[2]:7.1f}s "
        f"{totals[0] / totals[1]:8.2f}x"
    )


if __name__ == "__main__":
    main()
