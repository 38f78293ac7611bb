r"""What an exact Newton step costs: storage, arithmetic and measured solve times.

A dense Hessian of :math:`n` parameters holds :math:`n^2` numbers (see
:mod:`curvlab.hessian_cost` for the bytes), and solving :math:`H\Delta = -g` by a Cholesky
factorization takes about :math:`n^3/3` multiply-adds (LU, for an indefinite :math:`H`, about
:math:`2n^3/3`).
Measured times are fitted by a power law :math:`t(n) = c\,n^p` on log-log axes, which is what an
extrapolation to large :math:`n` can honestly rest on (and no more: cache effects, threads and
memory limits change :math:`c` and eventually make the dense solve impossible).

Reference: Golub & Van Loan, *Matrix Computations* (2013), §4.2 (Cholesky: :math:`n^3/3` flops).
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.validation import as_positive_float, as_positive_int, as_vector

__all__ = ["PowerLaw", "cholesky_flops", "cubic_extrapolation", "fit_power_law", "time_solves"]


class PowerLaw(NamedTuple):
    r"""A fitted :math:`t(n) = c\, n^p`."""

    coefficient: float
    exponent: float

    def __call__(self, n: ArrayLike) -> np.ndarray:
        """Evaluate the law at ``n``."""
        return self.coefficient * np.asarray(n, dtype=float) ** self.exponent


def cholesky_flops(n: int) -> float:
    r"""Return :math:`n^3/3 + n^2/2 + n/6`, the multiply-adds of a Cholesky factorization."""
    n = as_positive_int(n, "n")
    return n**3 / 3.0 + n**2 / 2.0 + n / 6.0


def time_solves(
    sizes: ArrayLike, rng: np.random.Generator, *, repeats: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    r"""Time ``numpy.linalg.solve`` on random SPD systems of each size (best of ``repeats``).

    The matrices are :math:`M^\top M / n + I` for Gaussian :math:`M`. Timings depend on the
    machine and its load; they are data for :func:`fit_power_law`, not constants.

    Returns
    -------
    sizes : ndarray of int
    seconds : ndarray
    """
    ns = as_vector(sizes, "sizes")
    if np.any(ns < 1) or np.any(ns != np.round(ns)):
        raise ValueError("sizes must be positive integers")
    repeats = as_positive_int(repeats, "repeats")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
    seconds = []
    for n in ns.astype(int):
        m = rng.standard_normal((n, n))
        matrix = m.T @ m / n + np.eye(n)
        rhs = rng.standard_normal(n)
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            np.linalg.solve(matrix, rhs)
            best = min(best, time.perf_counter() - start)
        seconds.append(best)
    return ns.astype(int), np.array(seconds)


def fit_power_law(sizes: ArrayLike, seconds: ArrayLike) -> PowerLaw:
    r"""Least-squares fit of :math:`\log t = \log c + p \log n`.

    Raises
    ------
    ValueError
        If fewer than two points are given, lengths differ, or a value is not positive.
    """
    ns = as_vector(sizes, "sizes")
    ts = as_vector(seconds, "seconds", ns.size)
    if ns.size < 2:
        raise ValueError("at least two sizes are needed to fit a power law")
    if np.any(ns <= 0) or np.any(ts <= 0):
        raise ValueError("sizes and seconds must be positive")
    exponent, intercept = np.polyfit(np.log(ns), np.log(ts), 1)
    return PowerLaw(float(np.exp(intercept)), float(exponent))


def cubic_extrapolation(size: float, seconds: float, target: float) -> float:
    r"""Scale a measured solve time by the :math:`n^3` law: :math:`t \cdot (n_{\text{target}}/n)^3`.

    This is the asymptotic cost of dense factorization; at small ``n`` a fitted exponent is
    usually below 3 (overheads and cache-friendly sizes), so the cubic law is the more honest
    guide for extrapolating far beyond the measurements. It ignores that the matrix must fit
    in memory at all.

    Raises
    ------
    ValueError
        If an argument is not a positive finite number.
    """
    size = as_positive_float(size, "size")
    seconds = as_positive_float(seconds, "seconds")
    target = as_positive_float(target, "target")
    return seconds * (target / size) ** 3
