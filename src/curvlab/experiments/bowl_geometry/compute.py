r"""The contours of a quadratic bowl, and why the gradient crosses them at right angles.

The level set :math:`\{x : \tfrac12 x^\top A x = c\}` of a positive definite :math:`A = Q\Lambda
Q^\top` is an ellipse (an ellipsoid in :math:`n` dimensions). In the eigen-coordinates
:math:`z = Q^\top x` it reads :math:`\sum_i \lambda_i z_i^2 = 2c`, so its semi-axes lie along the
eigenvectors and have lengths

.. math:: a_i = \sqrt{2c/\lambda_i} \;\propto\; 1/\sqrt{\lambda_i}:

the steep direction is the *short* axis, and the axes' ratio is :math:`\sqrt\kappa`. Along any
curve :math:`x(t)` inside a level set, :math:`0 = \tfrac{d}{dt} f(x(t)) = \nabla f^\top x'(t)`,
so the gradient is perpendicular to the contour, and a gradient step leaves the contour at a
right angle, across a narrow ellipse rather than toward its centre: the zig-zag. Reference:
Nocedal & Wright (2006), *Numerical Optimization*, §3.3 (Fig. 3.7).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import (
    as_positive_float,
    as_symmetric_matrix,
    require_positive_definite,
)

__all__ = ["contour_ellipse", "contour_tangents", "gradient_contour_cosines", "semi_axes"]


def _bowl(A: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    matrix = as_symmetric_matrix(A, "A")
    if matrix.shape != (2, 2):
        raise ValueError(f"A must be a 2 × 2 matrix; got shape {matrix.shape}")
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    require_positive_definite(eigenvalues, "A")
    return matrix, eigenvalues, eigenvectors


def _level(level: float) -> float:
    return as_positive_float(level, "level")


def _angles(count: int) -> np.ndarray:
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 3:
        raise ValueError(f"count must be an integer >= 3; got {count!r}")
    return np.linspace(0.0, 2.0 * np.pi, int(count), endpoint=False)


def semi_axes(A: ArrayLike, level: float) -> np.ndarray:
    r"""Return the semi-axes :math:`\sqrt{2c/\lambda_i}` of the contour :math:`f = c`, ascending λ.

    Raises
    ------
    ValueError
        If ``A`` is not a symmetric positive definite 2 × 2 matrix or ``level`` not positive.

    Examples
    --------
    >>> semi_axes([[1.0, 0.0], [0.0, 4.0]], 0.5).tolist()
    [1.0, 0.5]
    """
    _, eigenvalues, _ = _bowl(A)
    return np.sqrt(2.0 * _level(level) / eigenvalues)


def contour_ellipse(A: ArrayLike, level: float, count: int = 64) -> np.ndarray:
    r"""Return ``count`` points :math:`x(t) = Q\,\mathrm{diag}(a)(\cos t, \sin t)` of ``f = c``.

    Returns
    -------
    ndarray, shape (count, 2)
    """
    _, _, eigenvectors = _bowl(A)
    t = _angles(count)
    circle = np.stack([np.cos(t), np.sin(t)], axis=1)
    return (circle * semi_axes(A, level)) @ eigenvectors.T


def contour_tangents(A: ArrayLike, level: float, count: int = 64) -> np.ndarray:
    r"""Return the tangents :math:`x'(t) = Q\,\mathrm{diag}(a)(-\sin t, \cos t)` at those points."""
    _, _, eigenvectors = _bowl(A)
    t = _angles(count)
    return (np.stack([-np.sin(t), np.cos(t)], axis=1) * semi_axes(A, level)) @ eigenvectors.T


def gradient_contour_cosines(A: ArrayLike, points: ArrayLike, tangents: ArrayLike) -> np.ndarray:
    r"""Return :math:`\cos\angle(\nabla f(x), x')` at each point: 0 where the gradient is normal.

    Raises
    ------
    ValueError
        If the arrays are not of shape ``(m, 2)`` or a gradient or tangent is zero.
    """
    matrix, _, _ = _bowl(A)
    xs, ts = np.asarray(points, dtype=float), np.asarray(tangents, dtype=float)
    if xs.ndim != 2 or xs.shape[1] != 2 or ts.shape != xs.shape:
        raise ValueError(
            f"points and tangents must both have shape (m, 2); got {xs.shape}, {ts.shape}"
        )
    gradients = xs @ matrix
    norms = np.linalg.norm(gradients, axis=1) * np.linalg.norm(ts, axis=1)
    if np.any(norms == 0.0):
        raise ValueError("every point must have a non-zero gradient and tangent")
    return np.sum(gradients * ts, axis=1) / norms
