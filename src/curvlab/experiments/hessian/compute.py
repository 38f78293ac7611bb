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

__all__ = [
    "FiniteDifferenceErrors",
    "HessianAtPoint",
    "finite_difference_errors",
    "flow_end_sharpness",
    "hessian_at",
    "rounding_line",
]


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


def rounding_line(result: FiniteDifferenceErrors) -> np.ndarray:
    r"""Return the rounding model :math:`\varepsilon\,\max_j|\partial_j f(x)|/h` at each step ``h``.

    Each gradient entry is known to about :math:`\varepsilon` times its size and a difference
    quotient divides that by :math:`h`. The model takes every entry's rounding at the worst
    size, :math:`\varepsilon` times the largest entry, so it is an upper estimate: the measured
    rounding errors run parallel to it (slope :math:`-1` in :math:`h`) and below it, since actual
    roundings are at most half an ulp and partly cancel. Reference: Nocedal & Wright (2006),
    *Numerical Optimization*, §8.1.
    """
    return np.finfo(float).eps * result.gradient_scale / result.h


def flow_end_sharpness(w0: ArrayLike) -> float:
    r"""Sharpness where gradient *flow* on :math:`\tfrac12(w_1w_2 - 1)^2` from ``w0`` ends.

    Along the flow :math:`\dot w = -\nabla f = -r\,(w_2, w_1)` the quantity
    :math:`w_1^2 - w_2^2` is conserved (:math:`\tfrac{d}{dt}(w_1^2 - w_2^2) = -2r w_1w_2 + 2r w_1w_2
    = 0`), so the flow ends at the point of the valley :math:`w_1w_2 = 1` with the same
    :math:`c = w_1^2 - w_2^2`, where the sharpness is

    .. math:: w_1^2 + w_2^2 = \sqrt{(w_1^2 - w_2^2)^2 + 4 (w_1 w_2)^2} = \sqrt{c^2 + 4}.

    Gradient descent with a small step follows the flow and ends close to this; the balancedness
    :math:`w_1^2 - w_2^2` of two-layer linear models is the same invariant (Du, Hu & Lee (2018),
    "Algorithmic regularization in learning deep homogeneous models", NeurIPS).

    Raises
    ------
    ValueError
        If ``w0`` is not a finite vector of length 2 with :math:`w_1 w_2 > 0` (a start in the
        quadrant of one branch of the valley, which the flow then reaches).
    """
    from curvlab.core.validation import as_vector

    w = as_vector(w0, "w0", 2)
    if w[0] * w[1] <= 0.0:
        raise ValueError(f"w0 must have w1·w2 > 0; got {w0!r}")
    c = float(w[0] ** 2 - w[1] ** 2)
    return float(np.sqrt(c * c + 4.0))
