"""Milliseconds per blitted exploration frame, with and without the kept text, side by side.

:func:`curvlab.plotting.render.png_bytes` draws text from kept line layouts and glyph bitmaps
(``render._remember_glyphs``). For every exploration of
:data:`curvlab.experiments.registry.EXPLORATIONS`, this script takes its first ``N`` grid
points in the page's order, draws each frame by blitting both ways in one process, alternating
the two (matplotlib's own text drawing on a fresh figure, then the kept text on another), checks
that the two PNGs are the same bytes, and prints the times per frame, their ratio and the whole
grid's projected drawing time.

Run: ``.venv/bin/python benchmarks/text_cache.py [N] [name-substring]``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
import time

from curvlab.experiments.registry import EXPLORATIONS
from curvlab.plotting import render
from curvlab.plotting.render import png_bytes

_spec = importlib.util.spec_from_file_location(
    "frame_drawing", pathlib.Path(__file__).with_name("frame_drawing.py")
)
frame_drawing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frame_drawing)


def timed(draw, results) -> tuple[float, list[bytes]]:
    """Mean seconds to draw and encode a blitted frame of each of ``results``, and the PNGs."""
    png_bytes(draw(results[0]), compact=True)  # the figure made, its fonts loaded
    pngs = []
    start = time.perf_counter()
    for result in results:
        pngs.append(png_bytes(draw(result), compact=True))
    return (time.perf_counter() - start) / len(results), pngs


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    pattern = sys.argv[2] if len(sys.argv) > 2 else ""
    remember = render._remember_glyphs
    print(f"first {count} frames of each exploration, in the page's order, blitted, one process")
    print(f"{'exploration':42s} {'frames':>6s} {'matplotlib':>10s} {'kept text':>10s} "
          f"{'ratio':>6s} {'grid, before':>12s} {'after':>7s} {'same':>5s}")  # fmt: skip
    before = after = 0.0
    for name, build in EXPLORATIONS.items():
        if pattern not in name:
            continue
        results: list = []
        reference: list[bytes] = []
        plain = kept = 0.0
        same = True
        for with_cache in (False, True, False, True):
            # A fresh exploration (a fresh figure and renderer) for each pass.
            grid = frame_drawing.grid_of(build)
            if not results:
                results = [grid["compute"](**point) for point in grid["points"][:count]]
            render._remember_glyphs = remember if with_cache else (lambda renderer: None)
            render._GLYPHS.clear()  # each pass starts with nothing kept
            render._LAYOUTS.clear()
            try:
                seconds, pngs = timed(grid["draw"], results)
            finally:
                render._remember_glyphs = remember
            if with_cache:
                kept += seconds / 2
                same = same and pngs == reference
            else:
                plain += seconds / 2
                reference = pngs
        frames = len(grid["points"])
        before += plain * frames
        after += kept * frames
        print(
            f"{name:42s} {frames:6d} {plain * 1000:8.0f}ms {kept * 1000:8.0f}ms "
            f"{plain / kept:5.2f}x {plain * frames:11.1f}s {kept * frames:6.1f}s "
            f"{'yes' if same else 'NO':>5s}"
        )
    print(f"{'all grids (projected CPU, one core)':42s} {'':6s} {'':10s} {'':10s} "
          f"{before / after:5.2f}x {before:11.0f}s {after:6.0f}s")  # fmt: skip


if __name__ == "__main__":
    main()
