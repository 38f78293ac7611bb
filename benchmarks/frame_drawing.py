"""Milliseconds per exploration frame, drawn whole and by blitting, side by side in one run.

A static exploration's frames are drawn at every build (:mod:`curvlab.widgets.frames`). A frame
whose figure declares its changing artists (:func:`curvlab.plotting.render.set_changing_artists`)
is drawn by copying a kept background and drawing only those artists over it. For every
exploration of :data:`curvlab.experiments.registry.EXPLORATIONS`, this script takes its first
``N`` grid points in the page's order (the order the build draws them), draws each frame both
ways in one process (drawing and the PNG encoding the build does; the computation of each
frame's data is timed apart where the exploration has one), checks that the two PNGs are the
same picture, and prints the times per frame, the ratio, and the whole grid's projected CPU
time (computing and blitting).

Run: ``.venv/bin/python benchmarks/frame_drawing.py [N] [name-substring]``.
"""

from __future__ import annotations

import io
import sys
import time

import numpy as np
from PIL import Image

from curvlab.experiments.registry import EXPLORATIONS
from curvlab.plotting.render import png_bytes
from curvlab.widgets import core


def grid_of(build) -> dict:
    """The grid points of a static exploration and its ``compute`` and ``draw`` functions
    (``draw(compute(**point))`` is a frame), without drawing them."""
    captured = {}

    def capture(title, frame, points, labels, alt):
        captured.update(points=points)
        if "compute" not in captured:  # no separate computation: a frame from the controls
            captured.update(draw=lambda point: frame(**point), compute=lambda **point: point)
        return [core.Frame(f"placeholder {i}", "") for i in range(len(points))]

    def compose(draw, compute):
        captured.update(draw=draw, compute=compute)
        return original_compose(draw, compute)

    original, original_compose = core.render_frames, core._compose
    core.render_frames, core._compose = capture, compose
    try:
        build(static=True)
    finally:
        core.render_frames, core._compose = original, original_compose
    return captured


def per_frame(draw, results, *, blit: bool) -> tuple[float, list[bytes]]:
    """Mean seconds to draw and encode a frame of each of ``results``, and the PNGs."""
    pngs = []
    start = time.perf_counter()
    for result in results:
        pngs.append(png_bytes(draw(result), compact=True, blit=blit))
    return (time.perf_counter() - start) / len(results), pngs


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    pattern = sys.argv[2] if len(sys.argv) > 2 else ""
    print(f"first {count} frames of each exploration, in the page's order, one process")
    print(f"{'exploration':42s} {'frames':>6s} {'compute':>8s} {'whole':>8s} {'blitted':>8s} "
          f"{'ratio':>6s} {'grid CPU':>9s} {'same':>5s}")  # fmt: skip
    total_compute = total_whole = total_blit = 0.0
    for name, build in EXPLORATIONS.items():
        if pattern not in name:
            continue
        grid = grid_of(build)
        points = grid["points"][:count]
        start = time.perf_counter()
        results = [grid["compute"](**point) for point in points]
        compute = (time.perf_counter() - start) / len(points)
        # One untimed frame first: the figure is made, its fonts loaded.
        png_bytes(grid["draw"](results[0]), compact=True)
        whole, whole_pngs = per_frame(grid["draw"], results, blit=False)
        blitted, blit_pngs = per_frame(grid["draw"], results, blit=True)
        same = all(
            np.array_equal(pixels(a), pixels(b)) for a, b in zip(whole_pngs, blit_pngs, strict=True)
        )
        frames = len(grid["points"])
        total_compute += compute * frames
        total_whole += whole * frames
        total_blit += blitted * frames
        print(
            f"{name:42s} {frames:6d} {compute * 1000:6.0f}ms {whole * 1000:6.0f}ms "
            f"{blitted * 1000:6.0f}ms {whole / blitted:5.2f}x {(compute + blitted) * frames:8.1f}s "
            f"{'yes' if same else 'NO':>5s}"
        )
    print(f"{'all grids (projected CPU, one core)':42s} {'':6s} {total_compute:7.0f}s "
          f"{total_whole:7.0f}s {total_blit:7.0f}s {total_whole / total_blit:5.2f}x "
          f"{total_compute + total_blit:8.0f}s")  # fmt: skip


if __name__ == "__main__":
    main()
