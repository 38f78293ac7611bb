r"""Rosenbrock's function in :math:`n` dimensions, with an exact Hessian-vector product.

.. math:: f(x) = \sum_{i=1}^{n-1} \big[\,100\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2\,\big],

the chained form of ``scipy.optimize.rosen``; its minimum is :math:`x = (1, \dots, 1)`, value 0.
The Hessian is tridiagonal:

.. math:: H_{ii} = [i < n]\,(2 + 1200 x_i^2 - 400 x_{i+1}) + [i > 1]\,200,
          \qquad H_{i,i+1} = H_{i+1,i} = -400\, x_i,

so :math:`H v` costs :math:`O(n)` work and memory, like the gradient, while the dense matrix
needs :math:`n^2` entries. It is this book's stand-in for a large model: the Hessian-vector
product is computed at a million parameters without ever forming :math:`H`.
"""

from __future__ import annotations

import numpy as np

from curvlab.core.objective import Objective
from curvlab.core.validation import as_positive_int

__all__ = ["MAX_DENSE_DIM", "extended_rosenbrock"]

MAX_DENSE_DIM = 4_000
"""Above this dimension ``hess`` refuses to form the dense matrix (it would need > 128 MB)."""


def _fun(x: np.ndarray) -> np.ndarray | float:
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2, axis=0)


def _grad(x: np.ndarray) -> np.ndarray:
    inner = x[1:] - x[:-1] ** 2
    grad = np.zeros_like(x)
    grad[:-1] = -400.0 * x[:-1] * inner - 2.0 * (1.0 - x[:-1])
    grad[1:] += 200.0 * inner
    return grad


def _diagonal(x: np.ndarray) -> np.ndarray:
    diagonal = np.zeros_like(x)
    diagonal[:-1] = 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    diagonal[1:] += 200.0
    return diagonal


def _hessp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    off = -400.0 * x[:-1]
    product = _diagonal(x) * v
    product[:-1] += off * v[1:]
    product[1:] += off * v[:-1]
    return product


def _hess(x: np.ndarray) -> np.ndarray:
    if x.size > MAX_DENSE_DIM:
        raise ValueError(
            f"refusing to form a dense {x.size:,d} × {x.size:,d} Hessian; "
            "use hessian_vector_product instead"
        )
    off = -400.0 * x[:-1]
    return np.diag(_diagonal(x)) + np.diag(off, 1) + np.diag(off, -1)


def extended_rosenbrock(n: int) -> Objective:
    """Return the chained Rosenbrock function in ``n >= 2`` dimensions.

    ``hessian`` forms the dense matrix only up to :data:`MAX_DENSE_DIM`;
    ``hessian_vector_product`` works at any size.

    Raises
    ------
    ValueError
        If ``n < 2``.

    Examples
    --------
    >>> f = extended_rosenbrock(3)
    >>> f.value([1.0, 1.0, 1.0])
    0.0
    """
    n = as_positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2; got {n}")
    return Objective(
        f"Rosenbrock in {n:,d} dimensions",
        n,
        _fun,
        _grad,
        _hess,
        hessp=_hessp,
        formula=r"\sum_i 100\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2",
    )
