"""Chapter 2's experiment: the Hessian at a point of a surface, and the quadratic model there."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.spectrum import spectrum
from curvlab.curvature.finite_differences import hessian_error
from curvlab.curvature.taylor import taylor_model
from curvlab.problems.quadratic import Quadratic
from curvlab.problems.surfaces import SURFACES

__all__ = ["FiniteDifferenceErrors", "HessianAtPoint", "finite_difference_errors", "hessian_at"]


class HessianAtPoint(NamedTuple):
    r"""The Hessian of a surface at a point, its eigenvectors and the Taylor model there.

    Attributes
    ----------
    surface, objective, point
        Where: the name, the objective and :math:`p`.
    eigenvalues, eigenvectors : ndarray
        Of :math:`\nabla^2 f(p)` (ascending; −0.0 shown as 0).
    model : Quadratic
        The second-order Taylor model at :math:`p`.
    reach : float
        Half-length of the slices: 0.3 of the window's shorter side.
    t, along, quadratic : ndarray
        The slice parameter, :math:`f(p + t q_i) - f(p)` and the model's
        :math:`t\, g^\top q_i + \tfrac12 \lambda_i t^2`, one row per eigenvector.
    """

    surface: str
    objective: Objective
    point: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    model: Quadratic
    reach: float
    t: np.ndarray
    along: np.ndarray
    quadratic: np.ndarray


def hessian_at(surface: str, fx: float, fy: float) -> HessianAtPoint:
    """The Hessian of ``surface`` (from :data:`~curvlab.problems.surfaces.SURFACES`) at the point
    at fractions ``(fx, fy)`` of the half-widths from its window's centre."""
    objective = SURFACES[surface]()
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    p = np.array(
        [(x_lo + x_hi) / 2 + fx * (x_hi - x_lo) / 2, (y_lo + y_hi) / 2 + fy * (y_hi - y_lo) / 2]
    )
    eigenvalues, eigenvectors = spectrum(objective.hessian(p))
    eigenvalues = eigenvalues + 0.0  # print −0.0 as 0
    reach = 0.3 * min(x_hi - x_lo, y_hi - y_lo)
    t = np.linspace(-reach, reach, 101)
    f0, g = objective.value(p), objective.gradient(p)
    along, quad = [], []
    for i in range(2):
        q = eigenvectors[:, i]
        points = p[:, None] + t[None, :] * q[:, None]
        along.append(np.asarray(objective.unchecked.fun(points)) - f0)
        quad.append(t * float(g @ q) + 0.5 * eigenvalues[i] * t**2)
    return HessianAtPoint(
        surface,
        objective,
        p,
        eigenvalues,
        eigenvectors,
        taylor_model(objective, p),
        reach,
        t,
        np.array(along),
        np.array(quad),
    )


class FiniteDifferenceErrors(NamedTuple):
    r"""Errors of the forward and central finite-difference Hessians against the exact one.

    ``gradient_scale`` is :math:`\max_j |\partial_j f(x)|`: each gradient entry carries a
    rounding error of about :math:`\varepsilon` times this size, and a difference quotient
    divides it by :math:`h`, so the rounding part of the error is about
    :math:`\varepsilon \cdot \text{gradient\_scale}/h`.
    """

    name: str
    x: np.ndarray
    h: np.ndarray
    errors: dict[str, np.ndarray]
    gradient_scale: float = 1.0


def finite_difference_errors(
    objective: Objective, x: ArrayLike, steps: ArrayLike
) -> FiniteDifferenceErrors:
    """:func:`~curvlab.curvature.finite_differences.hessian_error` for both schemes and each h."""
    h = np.asarray(steps, dtype=float)
    errors = {scheme: hessian_error(objective, x, h, scheme) for scheme in ("forward", "central")}
    point = np.asarray(x, dtype=float)
    scale = float(np.abs(objective.gradient(point)).max())
    return FiniteDifferenceErrors(objective.name, point, h, errors, scale)
