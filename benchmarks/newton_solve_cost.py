"""How the cost of an exact Newton step grows with the number of parameters n.

Measured side by side in one run on this machine: for each n, the best-of-5 time of
``numpy.linalg.solve`` on an SPD system (the Newton step) and of one dense Hessian-vector product
(the price of a gradient-like operation), their ratio, and the growth factor of the solve when n
doubles (8 for an n³ law, 4 for n²). Ends with the n³ extrapolation to n = 10⁶ from the largest
size. Timings vary between machines and runs; the ratios are the point.

Run: ``.venv/bin/python benchmarks/newton_solve_cost.py``
"""

from __future__ import annotations

import time

import numpy as np

from curvlab.theory.costs import cubic_extrapolation, fit_power_law, time_solves

SIZES = (250, 500, 1000, 2000)


def best_matvec_seconds(n: int, rng: np.random.Generator, repeats: int = 5) -> float:
    """Best-of-``repeats`` time of one dense matrix-vector product of size ``n``."""
    matrix = rng.standard_normal((n, n))
    vector = rng.standard_normal(n)
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        matrix @ vector
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = np.random.default_rng(0)
    sizes, solve_seconds = time_solves(SIZES, rng, repeats=5)
    matvec_seconds = [best_matvec_seconds(int(n), rng) for n in sizes]
    print(f"{'n':>6} {'solve (ms)':>11} {'H·v (ms)':>9} {'solve / H·v':>12} {'growth x2 n':>12}")
    for i, (n, ts, tm) in enumerate(zip(sizes, solve_seconds, matvec_seconds, strict=True)):
        growth = f"{ts / solve_seconds[i - 1]:.1f}" if i else "-"
        print(f"{n:>6,d} {ts * 1e3:>11.2f} {tm * 1e3:>9.3f} {ts / tm:>12.0f} {growth:>12}")
    law = fit_power_law(sizes, solve_seconds)
    days = cubic_extrapolation(sizes[-1], solve_seconds[-1], 1e6) / 86_400
    print(f"fitted exponent {law.exponent:.2f}; n³ extrapolation to n = 10⁶: {days:,.0f} days")


if __name__ == "__main__":
    main()
