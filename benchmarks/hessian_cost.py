"""What curvature costs on this machine: Hessian-vector products against gradients, and eigh.

Run with ``python benchmarks/hessian_cost.py``. Everything is timed side by side in one run and
reported as ratios, which travel between machines better than seconds do:

1. the exact Hessian-vector product of the extended Rosenbrock function, and the finite-difference
   one (two gradients), each divided by the time of one gradient, for n up to a million;
2. ``numpy.linalg.eigh`` on dense symmetric matrices of doubling size: if the cost is O(n³), each
   doubling multiplies the time by about 8.
"""

from __future__ import annotations

import timeit

import numpy as np

from curvlab.curvature.finite_differences import finite_difference_hvp
from curvlab.problems.extended_rosenbrock import extended_rosenbrock
from curvlab.problems.quadratic import random_spd_matrix


def best_time(function, number: int = 5, repeat: int = 5) -> float:
    """The fastest of ``repeat`` timings of ``number`` calls, per call."""
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def hvp_against_gradient() -> None:
    print("Hessian-vector product / gradient, extended Rosenbrock")
    print(f"{'n':>10}  {'exact Hv':>9}  {'finite-diff Hv':>14}")
    rng = np.random.default_rng(0)
    for n in (10_000, 100_000, 1_000_000):
        f = extended_rosenbrock(n)
        x, v = rng.standard_normal(n), rng.standard_normal(n)
        grad = best_time(lambda f=f, x=x: f.unchecked.grad(x))
        exact = best_time(lambda f=f, x=x, v=v: f.unchecked.hessp(x, v))
        approx = best_time(lambda f=f, x=x, v=v: finite_difference_hvp(f, x, v))
        print(f"{n:>10,d}  {exact / grad:>9.2f}  {approx / grad:>14.2f}")


def eigh_scaling() -> None:
    print("\nnumpy.linalg.eigh: time ratio per doubling of n (O(n³) predicts about 8)")
    rng = np.random.default_rng(1)
    previous = None
    for n in (250, 500, 1000, 2000):
        matrix = random_spd_matrix(n, 100.0, rng)
        seconds = best_time(lambda matrix=matrix: np.linalg.eigh(matrix), number=1, repeat=5)
        ratio = "" if previous is None else f"{seconds / previous:6.1f}"
        print(f"n = {n:5d}: ratio to n/2 {ratio}")
        previous = seconds


if __name__ == "__main__":
    hvp_against_gradient()
    eigh_scaling()
