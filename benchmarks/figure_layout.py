"""Milliseconds to make each exploration and draw its first frames, with the figures' layouts
frozen as before (a whole draw) and by :func:`curvlab.plotting.render.freeze_layout`, side by side.

An exploration's figure is laid out once, with placeholder texts, and then keeps those
positions. It used to be laid out by drawing the whole figure (``figure.canvas.draw()``), and
each renderer parsed its mathtext itself; ``freeze_layout`` runs the layout engine alone, with
the kept text layouts and one mathtext parser shared by every renderer (so later figures of a
process reuse the parses of earlier ones). In a fresh process per way, alternating the two ways
for ``R`` rounds, this script makes the explorations of
:data:`curvlab.experiments.registry.EXPLORATIONS` one after another, as a chapter or a test run
does, and for each times the layouts alone, and the whole of making the static exploration and
drawing its first ``FRAMES`` frames in the page's order (blitted, as the build draws them: a
layout that left a text where a draw would not costs a second whole draw here). It checks that
both ways give the same PNG bytes, and prints the median times and their ratio, per exploration
and in all.

Run: ``.venv/bin/python benchmarks/figure_layout.py [R] [name-substring]``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import pathlib
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve()
FRAMES = 3
"""Frames drawn per exploration after it is made."""


def _draw_based(figure, *, passes: int = 1):
    """The layout as it was frozen before: by drawing the whole figure."""
    for _ in range(passes):
        figure.canvas.draw()
    figure.set_layout_engine("none")
    return figure


def first_frames(names: list[str], way: str) -> list[dict]:
    """In this process, one exploration after another: each made and its first frames drawn,
    the layouts frozen ``way`` (``"draw"``: as before, each renderer with its own mathtext
    parser; ``"freeze"``: as now)."""
    from matplotlib.mathtext import MathTextParser

    from curvlab.experiments.registry import EXPLORATIONS
    from curvlab.plotting import render
    from curvlab.plotting.render import png_bytes

    original = render.freeze_layout
    freeze = _draw_based if way == "draw" else original
    if way == "draw":
        remember = render._remember_glyphs

        def own_parser(renderer) -> None:
            done = getattr(renderer, "_curvlab_glyphs", False)
            remember(renderer)
            if not done:
                renderer.mathtext_parser = MathTextParser("path")

        render._remember_glyphs = own_parser
    layout_seconds = [0.0]

    def timed_freeze(figure, *, passes: int = 1):
        start = time.perf_counter()
        try:
            return freeze(figure, passes=passes)
        finally:
            layout_seconds[0] += time.perf_counter() - start

    for module in list(sys.modules.values()):
        if getattr(module, "freeze_layout", None) is original:
            module.freeze_layout = timed_freeze
    spec = importlib.util.spec_from_file_location(
        "frame_drawing", HERE.with_name("frame_drawing.py")
    )
    frame_drawing = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(frame_drawing)
    timings = []
    for name in names:
        layout_seconds[0] = 0.0
        start = time.perf_counter()
        grid = frame_drawing.grid_of(EXPLORATIONS[name])
        digest = hashlib.sha256()
        for point in grid["points"][:FRAMES]:
            digest.update(png_bytes(grid["draw"](grid["compute"](**point)), compact=True))
        seconds = time.perf_counter() - start
        digest = digest.hexdigest()
        timings.append(
            {"ms": 1000 * seconds, "layout_ms": 1000 * layout_seconds[0], "digest": digest}
        )
    return timings


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(first_frames(json.loads(sys.argv[3]), sys.argv[2])))
        return
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    pattern = sys.argv[2] if len(sys.argv) > 2 else ""
    from curvlab.experiments.registry import EXPLORATIONS

    names = [n for n in EXPLORATIONS if pattern in n]
    runs: dict[str, list[list[dict]]] = {"draw": [], "freeze": []}
    for i in range(rounds):
        for way in ("draw", "freeze") if i % 2 == 0 else ("freeze", "draw"):
            done = subprocess.run(
                [sys.executable, str(HERE), "--child", way, json.dumps(names)],
                check=True,
                capture_output=True,
                text=True,
            )
            runs[way].append(json.loads(done.stdout.splitlines()[-1]))
    print(f"{rounds} rounds, the two ways alternating; median milliseconds")
    print(f"{'':42s} {'the layouts alone':^24s} {f'making, {FRAMES} frames':^24s}")
    print(f"{'exploration':42s} {'draw':>7s} {'freeze':>7s} {'ratio':>6s}  {'draw':>7s} "
          f"{'freeze':>7s} {'ratio':>6s}  same PNG")  # fmt: skip
    different = []
    for j, name in enumerate([*names, "all, one after another"]):
        cells = []
        for key in ("layout_ms", "ms"):
            if j < len(names):
                draw, freeze = (statistics.median(run[j][key] for run in runs[w]) for w in runs)
            else:
                draw, freeze = (
                    statistics.median(sum(t[key] for t in run) for run in runs[w]) for w in runs
                )
            ratio = f"{draw / freeze:6.2f}" if freeze > 0 else f"{'-':>6s}"  # none laid out
            cells.append(f"{draw:7.0f} {freeze:7.0f} {ratio}")
        verdict = ""
        if j < len(names):
            same = len({run[j]["digest"] for w in runs for run in runs[w]}) == 1
            verdict = "yes" if same else "NO"
            if not same:
                different.append(name)
        print(f"{name[:42]:42s} {cells[0]}  {cells[1]}  {verdict}")
    if different:
        sys.exit(f"the two ways drew different frames: {', '.join(different)}")


if __name__ == "__main__":
    main()
