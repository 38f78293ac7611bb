"""How long one slider move of chapter 1's exploration takes, against a naive redraw.

Both versions compute the same gradient-descent run and produce a PNG of the same two-panel figure
(contours with the path, loss on a log scale):

* curvlab: the figure is built once; each update recomputes the run, updates the existing
  artists (contours only when κ changes) and encodes the canvas (what the live widget does);
* naive: each update builds a new pyplot figure from scratch and saves it the way the inline
  backend shows a figure (``bbox_inches="tight"``), then closes it.

The updates walk the same sequence of (η, κ) slider positions, one κ change every four moves.
Run: ``.venv/bin/python benchmarks/widget_update.py``.
"""

from __future__ import annotations

import io
import itertools
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from curvlab import bowl, gradient_descent, run
from curvlab.experiments.gradient_descent import GradientDescentBowlFrame, bowl_run
from curvlab.experiments.gradient_descent.compute import BOWL_START
from curvlab.experiments.gradient_descent.explore import CONDITION_NUMBERS
from curvlab.plotting.render import png_bytes

UPDATES = 40
LEARNING_RATES = (0.01, 0.05, 0.1, 0.15, 0.19, 0.21)
"""Absolute step sizes the benchmark cycles through (the lab's slider is relative to 2/κ)."""


def slider_positions(count: int) -> list[tuple[float, float]]:
    lrs = itertools.cycle(LEARNING_RATES[:6])
    kappas = itertools.cycle(CONDITION_NUMBERS)
    positions, kappa = [], next(kappas)
    for i in range(count):
        if i % 4 == 3:
            kappa = next(kappas)
        positions.append((next(lrs), kappa))
    return positions


def naive_update(lr: float, kappa: float) -> bytes:
    objective = bowl(kappa)
    trajectory = run(objective, gradient_descent(lr), BOWL_START, maxiter=2_000)
    fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(8.0, 3.3), dpi=80)
    xs = np.linspace(-1.6, 1.6, 121)
    values = objective.on_grid(xs, xs)
    ax_path.contour(xs, xs, values, levels=np.geomspace(1e-3, values.max(), 12), colors="0.6")
    ax_path.plot(trajectory.xs[:, 0], trajectory.xs[:, 1], ".-", color="#d4a017")
    ax_path.set_xlim(-1.6, 1.6)
    ax_path.set_ylim(-1.6, 1.6)
    ax_path.set_aspect("equal")
    ax_loss.semilogy(np.maximum(trajectory.fun, 1e-16), color="#d4a017")
    ax_loss.set_xlabel("step k")
    fig.suptitle(f"κ = {kappa:g}, η = {lr:g}: {trajectory.message}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def curvlab_updater():
    frame = GradientDescentBowlFrame()

    def update(lr: float, kappa: float) -> bytes:
        return png_bytes(frame.draw(bowl_run(lr, kappa)))

    return update


def compute_only(lr: float, kappa: float) -> object:
    return run(bowl(kappa), gradient_descent(lr), BOWL_START, maxiter=2_000)


def median_ms(update, positions) -> float:
    update(*positions[0])  # warm-up: first-draw costs (fonts, caches) are paid once per session
    times = []
    for lr, kappa in positions:
        start = time.perf_counter()
        update(lr, kappa)
        times.append(time.perf_counter() - start)
    return 1000.0 * statistics.median(times)


def main() -> None:
    positions = slider_positions(UPDATES)
    naive = median_ms(naive_update, positions)
    ours = median_ms(curvlab_updater(), positions)
    compute = median_ms(compute_only, positions)
    print(f"slider updates measured: {UPDATES} per version (median)")
    print(f"naive full redraw:           {naive:7.1f} ms")
    print(f"curvlab in-place update:     {ours:7.1f} ms")
    print(f"  of which the computation:  {compute:7.1f} ms")
    print(f"speed-up (naive / curvlab):  {naive / ours:7.2f}x")


if __name__ == "__main__":
    main()
