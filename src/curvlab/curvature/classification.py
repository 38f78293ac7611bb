r"""The second-derivative test: what kind of critical point a Hessian's spectrum says it is.

At a critical point the second-order Taylor model is :math:`f(x^* + d) \approx f(x^*) +
\tfrac12 d^\top H d`, so the signs of the eigenvalues of :math:`H` decide the local shape
(minimum, maximum, saddle, or degenerate when some eigenvalue is zero to the tolerance).

This module holds the one :class:`Kind` of the package and the classifier, with numpy alone:
the figures' style table and every chapter import :class:`Kind` from here without loading
sympy, which only :func:`curvlab.curvature.critical_points.solve_critical_points` needs.
:mod:`curvlab.curvature.critical_points` re-exports these names.

References
----------
Nocedal and Wright, *Numerical Optimization*, 2nd ed., Springer (2006), Theorems 2.3 and 2.4.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.spectrum import spectrum
from curvlab.core.validation import as_finite_float

__all__ = ["Classification", "Kind", "classify_hessian"]


class Kind(Enum):
    """The verdict of the second-derivative test."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    SADDLE = "saddle"
    DEGENERATE = "degenerate"


class Classification(NamedTuple):
    """The spectrum of a Hessian and the verdict read from it.

    Attributes
    ----------
    kind : Kind
    eigenvalues : ndarray, shape (n,)
        Ascending.
    eigenvectors : ndarray, shape (n, n)
        Orthonormal columns, matching ``eigenvalues``.
    tol : float
        Eigenvalues with :math:`|\\lambda| \\le` ``tol`` counted as zero.
    """

    kind: Kind
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    tol: float

    @property
    def inertia(self) -> tuple[int, int, int]:
        """``(positive, negative, zero)`` eigenvalue counts at this tolerance."""
        lam = self.eigenvalues
        return (
            int(np.sum(lam > self.tol)),
            int(np.sum(lam < -self.tol)),
            int(np.sum(np.abs(lam) <= self.tol)),
        )


def _as_tolerance(tol: float, name: str = "tol") -> float:
    tol = as_finite_float(tol, name)
    if tol < 0.0:
        raise ValueError(f"{name} must be non-negative; got {tol}")
    return tol


def classify_hessian(H: ArrayLike, tol: float = 1e-8) -> Classification:
    r"""Classify a critical point by the eigenvalues of its Hessian ``H``.

    Parameters
    ----------
    H : array_like, shape (n, n)
        A finite symmetric matrix.
    tol : float
        Eigenvalues with :math:`|\lambda| \le` ``tol`` count as zero (``tol >= 0``).

    Returns
    -------
    Classification
        Saddle if there are eigenvalues of both signs beyond ``tol``; else degenerate if any is
        within ``tol`` of zero; else minimum (all positive) or maximum (all negative).

    Raises
    ------
    ValueError
        If ``H`` is not square, symmetric and finite, or ``tol`` is negative or not finite.

    Examples
    --------
    >>> classify_hessian([[2.0, 0.0], [0.0, -2.0]]).kind
    <Kind.SADDLE: 'saddle'>
    """
    tol = _as_tolerance(tol)
    eigenvalues, eigenvectors = spectrum(H, "H")
    positive = bool(np.any(eigenvalues > tol))
    negative = bool(np.any(eigenvalues < -tol))
    if positive and negative:
        kind = Kind.SADDLE
    elif np.any(np.abs(eigenvalues) <= tol):
        kind = Kind.DEGENERATE
    else:
        kind = Kind.MINIMUM if positive else Kind.MAXIMUM
    return Classification(kind, eigenvalues, eigenvectors, tol)
