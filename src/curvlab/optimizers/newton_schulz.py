r"""Newton–Schulz iterations: orthogonalizing a matrix with matrix products only.

For :math:`M = U\Sigma V^\top` (thin SVD) the *polar factor* :math:`UV^\top` keeps the singular
vectors and sets every singular value to 1: it is the orthogonal matrix nearest to :math:`M`.
An odd matrix polynomial :math:`p(X) = aX + b\,XX^\top X + c\,(XX^\top)^2 X` acts on the singular
values alone, :math:`p(U\Sigma V^\top) = U\,p(\Sigma)\,V^\top`, so iterating a scalar polynomial
that drives every :math:`\sigma \in (0, 1]` towards 1 approximates :math:`UV^\top` without an SVD.

* The cubic :math:`p(\sigma) = \tfrac32\sigma - \tfrac12\sigma^3` (Newton–Schulz, Higham 2008,
  §8.3) converges quadratically to 1 for :math:`0 < \sigma < \sqrt3`.
* Muon's quintic :math:`(a, b, c) = (3.4445, -4.7750, 2.0315)` (Jordan et al. 2024) trades
  accuracy for speed: five steps push every singular value above about 0.005 into roughly
  :math:`[0.7, 1.2]`, not onto 1.

The input is first divided by its Frobenius norm, so every singular value is at most 1.

References: N. J. Higham, *Functions of Matrices* (SIAM 2008), ch. 8; K. Jordan et al., "Muon:
an optimizer for hidden layers in neural networks" (2024), https://kellerjordan.github.io/posts/muon/.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_finite_float, as_positive_int

__all__ = ["CUBIC", "MUON_QUINTIC", "newton_schulz", "polar_factor", "scalar_map"]

CUBIC = (1.5, -0.5, 0.0)
"""Coefficients ``(a, b, c)`` of the classical Newton–Schulz cubic."""

MUON_QUINTIC = (3.4445, -4.7750, 2.0315)
"""Coefficients ``(a, b, c)`` of Muon's quintic."""


def _as_matrix(M: ArrayLike) -> np.ndarray:
    array = np.asarray(M, dtype=float)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"M must be a non-empty 2-D matrix; got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError("M must be finite")
    return array


def _coefficients(coefficients: tuple[float, float, float]) -> tuple[float, float, float]:
    if len(coefficients) != 3:
        raise ValueError(f"coefficients must be (a, b, c); got {coefficients!r}")
    a, b, c = (as_finite_float(v, "coefficients") for v in coefficients)
    return a, b, c


def newton_schulz(
    M: ArrayLike, n_steps: int = 5, coefficients: tuple[float, float, float] = MUON_QUINTIC
) -> np.ndarray:
    r"""Return :math:`p^{\circ k}(M/\|M\|_F)` for :math:`p(X) = aX + b(XX^\top)X + c(XX^\top)^2X`.

    Parameters
    ----------
    M : array_like, shape (m, n)
        A finite matrix; the zero matrix is returned unchanged.
    n_steps : int
        The number ``k`` of iterations.
    coefficients : (float, float, float)
        ``(a, b, c)``; :data:`MUON_QUINTIC` (default) or :data:`CUBIC`.

    Raises
    ------
    ValueError, TypeError
        If ``M`` is not a finite 2-D array or the other arguments are malformed.
    """
    matrix = _as_matrix(M)
    n_steps = as_positive_int(n_steps, "n_steps")
    a, b, c = _coefficients(coefficients)
    norm = float(np.linalg.norm(matrix))
    if norm == 0.0:
        return matrix.copy()
    transposed = matrix.shape[0] > matrix.shape[1]
    X = (matrix.T if transposed else matrix) / norm  # the Gram matrix X Xᵀ is the smaller one
    for _ in range(n_steps):
        gram = X @ X.T
        X = a * X + (b * gram + c * gram @ gram) @ X
    return X.T if transposed else X


def scalar_map(
    sigma: ArrayLike, n_steps: int = 5, coefficients: tuple[float, float, float] = MUON_QUINTIC
) -> np.ndarray:
    r"""Apply :math:`p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5` to each value, ``n_steps`` times.

    :func:`newton_schulz` maps the normalized singular values exactly like this.
    """
    values = np.asarray(sigma, dtype=float)
    n_steps = as_positive_int(n_steps, "n_steps")
    a, b, c = _coefficients(coefficients)
    for _ in range(n_steps):
        values = a * values + b * values**3 + c * values**5
    return values


def polar_factor(M: ArrayLike) -> np.ndarray:
    r"""Return :math:`UV^\top` from the thin SVD :math:`M = U\Sigma V^\top` (the exact answer)."""
    matrix = _as_matrix(M)
    u, _, vt = np.linalg.svd(matrix, full_matrices=False)
    return u @ vt
