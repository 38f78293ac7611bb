"""Chapter 2's experiment: the Hessian at a point of a surface, and the quadratic model there."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.spectrum import spectrum
from curvlab.core.validation import as_vector
from curvlab.curvature.finite_differences import hessian_error
from curvlab.curvature.taylor import taylor_model
from curvlab.problems.quadratic import Quadratic
from curvlab.problems.surfaces import SURFACES

__all__ = [
    "FiniteDifferenceErrors",
    "HessianAtPoint",
    "RoundingSplit",
    "finite_difference_errors",
    "flow_end_sharpness",
    "hessian_at",
    "rounding_line",
    "rounding_split",
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
    fraction : (float, float)
        Where :math:`p` is, as the exploration's sliders give it: fractions of the window's
        half-widths from its centre.
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
    fraction: tuple[float, float] = (0.0, 0.0)


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
        (float(fx), float(fy)),
    )


class FiniteDifferenceErrors(NamedTuple):
    r"""Errors of the forward and central finite-difference Hessians against the exact one.

    ``gradient_scale`` is :math:`\max_j |\partial_j f(x)|`: each gradient entry carries a
    rounding error of about :math:`\varepsilon` times this size, and a difference quotient
    divides it by :math:`h`, so the gradients' rounding contributes about
    :math:`\varepsilon \cdot \text{gradient\_scale}/h` (the rounding of :math:`x + h` adds a second
    part, :func:`rounding_split`).
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
    quotient divides that by :math:`h`. The model is an order-of-magnitude model, not a bound: it
    predicts the slope :math:`-1` of the rounding errors in :math:`h`, not their level. It leaves
    out the rounding of the step itself (:func:`rounding_split`), and where the gradient is small
    against :math:`|H|\,\mathrm{ulp}(x)` the measured errors lie far above it. Reference: Nocedal &
    Wright (2006), *Numerical Optimization*, §8.1.
    """
    return np.finfo(float).eps * result.gradient_scale / result.h


class RoundingSplit(NamedTuple):
    r"""The forward-difference Hessian's error at small steps, split into its two roundings.

    All arrays are aligned with ``h`` and hold :math:`\max_{ij}` of an error matrix.

    Attributes
    ----------
    h : ndarray
        The nominal steps.
    measured : ndarray
        :math:`|\tilde H(h) - H|` of the forward quotient as computed.
    step : ndarray
        :math:`|H\,\mathrm{diag}(\hat h_j/h - 1)|`: the error that rounding :math:`x + h e_j` alone
        causes, with :math:`\hat h_j = \mathrm{fl}(x_j + h) - x_j` the step actually taken
        (first order in :math:`\hat h_j`; exact gradients).
    gradient : ndarray
        :math:`|\tilde H(h) - H - H\,\mathrm{diag}(\hat h_j/h - 1)|`: what remains, the rounding
        of the two gradients divided by :math:`h` (plus the truncation error, negligible where
        rounding dominates). The two parts are signed matrices and may cancel.
    step_bound : ndarray
        :math:`\max_{ij}|H_{ij}|\,\mathrm{ulp}(x_j)/(2h)`, the largest the step part can be
        (:math:`|\hat h_j - h| \le \mathrm{ulp}(x_j)/2` while :math:`x_j + h` stays in the binade
        of :math:`x_j`).
    actual_step : ndarray
        :math:`|\tilde H - H|` of the forward quotient divided by the actual step
        :math:`\hat h_j` instead of :math:`h`, which removes the step part.
    """

    h: np.ndarray
    measured: np.ndarray
    step: np.ndarray
    gradient: np.ndarray
    step_bound: np.ndarray
    actual_step: np.ndarray


def rounding_split(objective: Objective, x: ArrayLike, steps: ArrayLike) -> RoundingSplit:
    r"""Split the forward-difference Hessian's error into step rounding and gradient rounding.

    Column :math:`j` of the forward quotient is :math:`(\nabla f(x + h e_j) - \nabla f(x))/h`. In
    floating point :math:`x + h e_j` is rounded, so the gradient changes over the step actually
    taken, :math:`\hat h_j = \mathrm{fl}(x_j + h) - x_j`, but is divided by :math:`h`: with exact
    gradients the column is :math:`H e_j\,\hat h_j / h` to first order, an error
    :math:`H e_j(\hat h_j/h - 1)` of up to :math:`|H|\,\mathrm{ulp}(x_j)/(2h)`. The rest of the
    error is the gradients' own rounding over :math:`h`. Dividing by :math:`\hat h_j` instead
    removes the first part (Press et al. (2007), *Numerical Recipes*, 3rd ed., §5.7). The error
    model of finite differences: Nocedal & Wright (2006), *Numerical Optimization*, §8.1.

    Parameters
    ----------
    objective : Objective
        Supplies the gradient and the exact Hessian.
    x : array_like, shape (n,)
        The point.
    steps : array_like
        Positive difference steps.

    Returns
    -------
    RoundingSplit

    Raises
    ------
    TypeError, ValueError
        For a non-objective, a bad point or a non-positive or non-finite step.
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a curvlab Objective; got {type(objective).__name__}")
    point = as_vector(x, "x", objective.dim)
    h = as_vector(steps, "steps")
    if np.any(h <= 0.0):
        raise ValueError("steps must all be positive")
    exact = objective.hessian(point)
    grad = objective.unchecked.grad
    g0 = grad(point)
    measured, step, gradient, bound, actual = [], [], [], [], []
    for size in h:
        shifted = [point + size * e for e in np.eye(objective.dim)]
        taken = np.array([shifted[j][j] - point[j] for j in range(objective.dim)])
        differences = np.column_stack([grad(p) - g0 for p in shifted])
        error = differences / size - exact
        step_part = exact * (taken / size - 1.0)[None, :]
        measured.append(np.abs(error).max())
        step.append(np.abs(step_part).max())
        gradient.append(np.abs(error - step_part).max())
        bound.append((np.abs(exact) * np.spacing(np.abs(point))[None, :]).max() / (2.0 * size))
        actual.append(np.abs(differences / taken[None, :] - exact).max())
    return RoundingSplit(
        h, *(np.array(a, dtype=float) for a in (measured, step, gradient, bound, actual))
    )


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
