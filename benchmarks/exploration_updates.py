"""How long one control move takes in every live exploration of the book.

For each exploration of :data:`curvlab.experiments.registry.EXPLORATIONS` (the list the tests
walk too) this builds the live widget (``static=False``), then moves each control in turn
through every one of its positions and times the widget's own update (the ``observe``
callback: compute, draw, encode the PNG), which runs synchronously when the control's value is
set. It prints the median and the slowest update per exploration, side by side, and each
median as a ratio of chapter 1's.

Run: ``.venv/bin/python benchmarks/exploration_updates.py``.
"""

from __future__ import annotations

import statistics
import time

from curvlab.experiments.registry import EXPLORATIONS


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
    for name, build in EXPLORATIONS.items():
        times = update_times(build(static=False))
        median = 1000.0 * statistics.median(times)
        reference = reference or median
        print(
            f"{name:45s} {len(times):7d} {median:7.1f}ms {1000.0 * max(times):7.1f}ms "
            f"{median / reference:6.2f}x"
        )


if __name__ == "__main__":
    main()
