"""How long one control move takes in every live exploration of the book.

For each exploration this builds the live widget (``static=False``), then moves each control in
turn through every one of its positions and times the widget's own update (the ``observe``
callback: recompute, redraw, encode the PNG), which runs synchronously when the control's value
is set. It prints the median and the slowest update per exploration, side by side, and each
median as a ratio of chapter 1's.

Run: ``.venv/bin/python benchmarks/exploration_updates.py``.
"""

from __future__ import annotations

import statistics
import time
from functools import partial

import numpy as np

from curvlab.experiments.conditioning.explore import condition_explorer, feature_scale_explorer
from curvlab.experiments.critical_points.explore import critical_point_explorer
from curvlab.experiments.gradient_descent import gradient_descent_explorer
from curvlab.experiments.hessian.explore import hessian_explorer
from curvlab.experiments.momentum.explore import optimizer_race_explorer
from curvlab.experiments.newton.explore import basin_explorer, gradient_newton_explorer
from curvlab.problems.least_squares import synthetic_housing

HOUSING = synthetic_housing(200, np.random.default_rng(4))  # chapter 4's data set

EXPLORERS = {
    "ch1 gradient descent on the bowl": gradient_descent_explorer,
    "ch2 the Hessian at a point": hessian_explorer,
    "ch3 gradient descent among critical points": critical_point_explorer,
    "ch4 condition number and step size": condition_explorer,
    "ch4 feature units": partial(feature_scale_explorer, HOUSING.features, HOUSING.target),
    "ch5 gradient descent vs Newton": gradient_newton_explorer,
    "ch5 Newton basin map": basin_explorer,
    "ch6 optimizer race": optimizer_race_explorer,
}


def update_times(exploration) -> list[float]:
    times = []
    for control in exploration.controls:
        start_index = control.index
        for index in [*range(len(control.options)), start_index]:
            if index == control.index:
                continue
            start = time.perf_counter()
            control.index = index
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    print(f"{'exploration':45s} {'updates':>7s} {'median':>9s} {'slowest':>9s} {'vs ch1':>7s}")
    reference = None
    for name, build in EXPLORERS.items():
        times = update_times(build(static=False))
        median = 1000.0 * statistics.median(times)
        reference = reference or median
        print(
            f"{name:45s} {len(times):7d} {median:7.1f}ms {1000.0 * max(times):7.1f}ms "
            f"{median / reference:6.2f}x"
        )


if __name__ == "__main__":
    main()
