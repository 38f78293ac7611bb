r"""What a dense Hessian costs: bytes to store it, flops to decompose it.

For :math:`n` parameters the Hessian has :math:`n^2` entries; at :math:`b` bytes per entry it
takes :math:`b\,n^2` bytes, against :math:`b\,n` for the gradient or a Hessian-vector product.
The symmetric eigendecomposition :math:`H = Q\Lambda Q^\top` costs about
:math:`\tfrac43 n^3` flops for the eigenvalues alone (Householder tridiagonalization dominates)
and about :math:`9 n^3` with the eigenvectors (Golub & Van Loan 2013, §8.3).

Sizes use SI prefixes (1 TB = :math:`10^{12}` bytes) and, beside them, binary ones
(1 TiB = :math:`2^{40}` bytes), because the two differ by 10 % at this scale.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import (
    as_positive_float,
    as_positive_int,
    as_vector,
    check_random_state,
)

__all__ = [
    "PowerLaw",
    "cholesky_flops",
    "cholesky_multiply_adds",
    "cubic_extrapolation",
    "eigendecomposition_flops",
    "fit_power_law",
    "format_bytes",
    "hessian_bytes",
    "time_solves",
    "vector_bytes",
]

_SI = ("B", "kB", "MB", "GB", "TB", "PB", "EB")
_IEC = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def hessian_bytes(n: int, itemsize: int = 4) -> int:
    r"""Return :math:`\text{itemsize} \cdot n^2`, the bytes of a dense ``n × n`` Hessian.

    ``itemsize`` is 4 for float32, 8 for float64. Exact (Python integers do not overflow).

    Examples
    --------
    >>> hessian_bytes(1_000_000)
    4000000000000
    """
    n = as_positive_int(n, "n")
    return as_positive_int(itemsize, "itemsize") * n * n


def vector_bytes(n: int, itemsize: int = 4) -> int:
    r"""Return :math:`\text{itemsize} \cdot n`: a gradient, or a Hessian-vector product."""
    return as_positive_int(itemsize, "itemsize") * as_positive_int(n, "n")


def eigendecomposition_flops(n: int, *, vectors: bool = True) -> float:
    r"""Leading-order flops of the symmetric eigendecomposition of an ``n × n`` matrix.

    About :math:`9n^3` with eigenvectors, :math:`\tfrac43 n^3` for eigenvalues only
    (Golub & Van Loan 2013, §8.3: tridiagonalization plus the implicit QR iteration).
    """
    n = as_positive_int(n, "n")
    return (9.0 if vectors else 4.0 / 3.0) * float(n) ** 3


def _scaled(count: float, base: float, units: tuple[str, ...]) -> str:
    index = 0
    while count >= base and index < len(units) - 1:
        count /= base
        index += 1
    return f"{count:.3g} {units[index]}"


def format_bytes(count: int) -> str:
    """Say a byte count in SI and binary units, e.g. ``"4 TB (3.64 TiB)"``.

    Raises
    ------
    TypeError, ValueError
        If ``count`` is not a positive integer.
    """
    count = as_positive_int(count, "count")
    si = _scaled(float(count), 1000.0, _SI)
    iec = _scaled(float(count), 1024.0, _IEC)
    return si if si.split()[1] == "B" else f"{si} ({iec})"


class PowerLaw(NamedTuple):
    r"""A fitted :math:`t(n) = c\, n^p`."""

    coefficient: float
    exponent: float

    def __call__(self, n: ArrayLike) -> np.ndarray:
        """Evaluate the law at ``n``."""
        return self.coefficient * np.asarray(n, dtype=float) ** self.exponent


def cholesky_flops(n: int) -> float:
    r"""Return :math:`n^3/3 + n^2/2 + n/6`, the flops of a Cholesky factorization.

    Counted one operation per multiplication, addition or subtraction, division and square
    root: :func:`cholesky_multiply_adds` multiply-add pairs (two flops each), :math:`n(n-1)/2`
    divisions and :math:`n` square roots. The leading term :math:`n^3/3` is the usual "Cholesky
    costs :math:`n^3/3` flops" (Golub & Van Loan 2013, §4.2); it is *not* a count of
    multiply-adds, which are half as many.

    Examples
    --------
    >>> cholesky_flops(100)
    338350.0
    """
    n = as_positive_int(n, "n")
    return n**3 / 3.0 + n**2 / 2.0 + n / 6.0


def cholesky_multiply_adds(n: int) -> float:
    r"""Return :math:`(n^3 - n)/6`, the multiply-add pairs of a Cholesky factorization.

    Entry :math:`(i, j)`, :math:`i \ge j`, of :math:`L` needs the inner product of :math:`j - 1`
    pairs of earlier entries, so the total is :math:`\sum_{j=1}^{n} (j-1)(n-j+1) = (n^3 - n)/6`,
    about :math:`n^3/6`. Each multiply-add is two flops (:func:`cholesky_flops`).

    Examples
    --------
    >>> cholesky_multiply_adds(100)
    166650.0
    """
    n = as_positive_int(n, "n")
    return (n**3 - n) / 6.0


def time_solves(
    sizes: ArrayLike, rng: np.random.Generator | int, *, repeats: int = 3
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
    rng = check_random_state(rng)
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
