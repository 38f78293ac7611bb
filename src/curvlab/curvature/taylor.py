r"""The second-order Taylor model and curvature along a direction.

Near a point :math:`x_0` a twice-differentiable function is, up to :math:`O(\|d\|^3)`,

.. math:: f(x_0 + d) \approx m(d) = f(x_0) + g^\top d + \tfrac12 d^\top H d,
          \qquad g = \nabla f(x_0),\; H = \nabla^2 f(x_0).

With :math:`H = Q\Lambda Q^\top` and :math:`d = t\,q_i` (a unit eigenvector),
:math:`m = f(x_0) + t\,g^\top q_i + \tfrac12 \lambda_i t^2`: the eigenvalue :math:`\lambda_i` is
the second derivative of :math:`f` along :math:`q_i`, the curvature in that direction.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.validation import as_positive_float, as_vector
from curvlab.problems.quadratic import Quadratic, quadratic

__all__ = ["directional_curvature", "second_difference", "taylor_model"]


def _check_objective(objective: Objective) -> None:
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a curvlab Objective; got {type(objective).__name__}")


def taylor_model(objective: Objective, x0: ArrayLike) -> Quadratic:
    r"""Return the second-order Taylor model of ``objective`` at ``x0`` as a quadratic in ``x``.

    .. math:: m(x) = f(x_0) + g^\top (x - x_0) + \tfrac12 (x - x_0)^\top H (x - x_0)
              = \tfrac12 x^\top H x - (H x_0 - g)^\top x + c,

    with :math:`c = f(x_0) - g^\top x_0 + \tfrac12 x_0^\top H x_0`. It agrees with ``f`` in value,
    gradient and Hessian at ``x0``.

    Raises
    ------
    TypeError, ValueError
        If ``objective`` is not an Objective or ``x0`` is not a finite point of its dimension.
    """
    _check_objective(objective)
    point = as_vector(x0, "x0", objective.dim)
    value = objective.value(point)
    g = objective.gradient(point)
    H = objective.hessian(point)
    c = value - g @ point + 0.5 * point @ H @ point
    return quadratic(
        H,
        H @ point - g,
        float(c),
        name=f"Taylor model of {objective.name}",
        window=objective.window,
    )


def directional_curvature(objective: Objective, x: ArrayLike, v: ArrayLike) -> float:
    r"""Return the curvature of ``f`` at ``x`` along ``v``: :math:`v^\top H v / v^\top v`.

    For a unit eigenvector :math:`q_i` of :math:`H` this is the eigenvalue :math:`\lambda_i`;
    over all directions it ranges over :math:`[\lambda_{\min}, \lambda_{\max}]` (Rayleigh).

    Raises
    ------
    ValueError
        If ``v`` is zero or has the wrong length.
    """
    _check_objective(objective)
    point = as_vector(x, "x", objective.dim)
    direction = as_vector(v, "v", objective.dim)
    length_squared = float(direction @ direction)
    if length_squared == 0.0:
        raise ValueError("v must be a non-zero direction")
    return float(direction @ objective.hessian(point) @ direction) / length_squared


def second_difference(objective: Objective, x: ArrayLike, v: ArrayLike, t: float = 1e-4) -> float:
    r"""Second derivative of :math:`s \mapsto f(x + s\,\hat v)` at 0, from values alone.

    .. math:: \frac{d^2}{ds^2} f(x + s\hat v)\Big|_{s=0}
              \approx \frac{f(x + t\hat v) - 2 f(x) + f(x - t\hat v)}{t^2},
              \qquad \hat v = v / \|v\|.

    It uses no derivatives, so it is an independent check on :func:`directional_curvature`
    (error :math:`O(t^2)` plus rounding of order :math:`\varepsilon |f| / t^2`).

    Raises
    ------
    ValueError
        If ``v`` is zero or ``t`` is not positive.
    """
    _check_objective(objective)
    point = as_vector(x, "x", objective.dim)
    direction = as_vector(v, "v", objective.dim)
    t = as_positive_float(t, "t")
    norm = float(np.linalg.norm(direction))
    if norm == 0.0:
        raise ValueError("v must be a non-zero direction")
    unit = direction / norm
    fun = objective.unchecked.fun
    return float((fun(point + t * unit) - 2.0 * fun(point) + fun(point - t * unit)) / t**2)
