r"""Newton's method on the gradient: the one implementation, run from many starts.

Newton's iteration for the equation :math:`\nabla f(x) = 0`,

.. math:: x_{k+1} = x_k - \nabla^2 f(x_k)^{-1} \nabla f(x_k),

converges quadratically to any critical point whose Hessian is invertible, whatever its kind:
it solves an equation and cannot tell a minimum from a saddle or a maximum. Where the Hessian is
singular the step is the least-squares (minimum-norm) solution of :math:`\nabla^2 f\, d =
-\nabla f`, so the iteration still creeps, linearly, towards a degenerate critical point such as
the origin of :math:`x^4 + y^4`.

:func:`newton_on_gradient` runs it from each row of an array of starts and reports where each
run stopped, whether it converged and an estimate of its distance to the limit.
:func:`curvlab.curvature.critical_points.find_critical_points` (which merges and classifies the
points reached) and chapter 3's ``newton_endpoints`` (which counts the kinds reached) are both
uses of it. numpy only: no sympy.

References
----------
Nocedal and Wright, *Numerical Optimization*, 2nd ed., Springer (2006), §11.1 (Newton's method
for nonlinear equations).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective, Window
from curvlab.core.validation import as_int, as_positive_float, as_positive_int, as_window

__all__ = ["GradientRoots", "grid_starts", "newton_on_gradient"]


class GradientRoots(NamedTuple):
    r"""Where Newton's method on :math:`\nabla f` ended, start by start.

    Attributes
    ----------
    starts : ndarray, shape (m, n)
    points : ndarray, shape (m, n)
        Where each run stopped (its last iterate).
    converged : ndarray of bool, shape (m,)
        Whether :math:`\|\nabla f\| <` ``grad_tol`` was reached (inside the window, if one was
        given).
    location_error : ndarray, shape (m,)
        The estimated distance from ``points`` to the exact critical point (see
        :func:`newton_on_gradient`); NaN where the run did not converge.
    steps : ndarray of int, shape (m,)
        Newton steps taken.
    """

    starts: np.ndarray
    points: np.ndarray
    converged: np.ndarray
    location_error: np.ndarray
    steps: np.ndarray


def grid_starts(window: Window, per_axis: int) -> np.ndarray:
    """Return the ``per_axis × per_axis`` grid of starts over ``window = ((x0, x1), (y0, y1))``.

    Rows run over ``y`` fastest: ``(x0, y0), (x0, y0 + h), ...``; both ends are included.

    Raises
    ------
    TypeError, ValueError
        If the window is not two increasing finite intervals
        (:func:`curvlab.core.validation.as_window`) or ``per_axis`` is not an integer >= 1.
    """
    (x_lo, x_hi), (y_lo, y_hi) = as_window(window)
    per_axis = as_int(per_axis, "per_axis", 1)
    xs, ys = np.linspace(x_lo, x_hi, per_axis), np.linspace(y_lo, y_hi, per_axis)
    return np.array([[x, y] for x in xs for y in ys])


def _newton_run(
    grad: Callable[[np.ndarray], np.ndarray],
    hess: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    grad_tol: float,
    maxiter: int,
    box: tuple[np.ndarray, np.ndarray] | None,
) -> tuple[np.ndarray, bool, float, int]:
    r"""One run from ``x``: (last iterate, converged, location error, steps taken).

    The error estimate sums the geometric tail of the steps still to come: with :math:`s` the
    last step taken and :math:`d` the next one (computed, not taken), the ratio is
    :math:`q = \|d\| / \|s\|` and the point is about :math:`\|d\| / (1 - q)` from the
    limit. Quadratic convergence (an invertible Hessian) makes this vanishingly small; linear
    convergence to a degenerate point (for :math:`x^4`, :math:`x \leftarrow \tfrac23 x`, so
    :math:`q = \tfrac23`) does not.
    """
    last = 0.0
    for k in range(maxiter + 1):
        g = grad(x)
        if not np.all(np.isfinite(g)):
            return x, False, np.nan, k
        h = hess(x)
        if not np.all(np.isfinite(h)):
            return x, False, np.nan, k
        # Least squares solves H d = -g, and still gives a step where H is singular.
        step = np.linalg.lstsq(h, -g, rcond=None)[0]
        if np.linalg.norm(g) < grad_tol:
            ahead = float(np.linalg.norm(step))
            ratio = ahead / last if last > 0.0 else 1.0
            return x, True, (ahead / (1.0 - ratio) if ratio < 1.0 else ahead), k
        if k == maxiter:
            return x, False, np.nan, k
        last = float(np.linalg.norm(step))
        x = x + step
        if not np.all(np.isfinite(x)) or (
            box is not None and not np.all(np.abs(x - box[0]) <= box[1])
        ):
            return x, False, np.nan, k + 1
    raise AssertionError("unreachable")  # pragma: no cover


def newton_on_gradient(
    objective: Objective,
    starts: ArrayLike,
    *,
    grad_tol: float = 1e-10,
    maxiter: int = 100,
    window: Window | None = None,
) -> GradientRoots:
    r"""Run Newton's method on :math:`\nabla f` from each row of ``starts``.

    Each run iterates :math:`x \leftarrow x - H(x)^{-1}\nabla f(x)`, with the least-squares
    (minimum-norm) step where :math:`H` is singular, and stops

    * converged, when :math:`\|\nabla f(x)\| <` ``grad_tol`` (checked at the start and after
      every step);
    * not converged, after ``maxiter`` steps, when the gradient, the Hessian or the iterate is
      not finite, or, if ``window`` is given, when an iterate leaves it.

    A converged run's location error is estimated from the step it would take next, :math:`d`,
    and the last step it took, :math:`s`: with :math:`q = \|d\|/\|s\| < 1` the remaining steps
    sum to about :math:`\|d\|/(1 - q)`; otherwise it is :math:`\|d\|`. It is tiny for quadratic
    convergence and honest for the linear convergence to a degenerate point.

    Parameters
    ----------
    objective : Objective
        With a gradient and a Hessian.
    starts : array_like, shape (m, n)
        One start per row, ``n = objective.dim``.
    grad_tol : float
        Convergence threshold on :math:`\|\nabla f\|` (> 0).
    maxiter : int
        The most Newton steps per start (>= 1).
    window : ((xmin, xmax), (ymin, ymax)), optional
        For a 2-D objective: stop a run, not converged, as soon as an iterate leaves it.

    Returns
    -------
    GradientRoots

    Raises
    ------
    TypeError
        If ``objective`` is not an :class:`~curvlab.core.objective.Objective`.
    ValueError
        If ``starts`` is not a finite array of shape ``(m, objective.dim)``, ``grad_tol`` or
        ``maxiter`` is not positive, or ``window`` is malformed or given for a non-2-D objective.

    Examples
    --------
    >>> from curvlab.problems.surfaces import saddle
    >>> newton_on_gradient(saddle(), [[1.0, 0.5]]).points
    array([[0., 0.]])
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a curvlab Objective; got {type(objective).__name__}")
    try:
        stack = np.array(starts, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"starts must be an array of numbers; got {starts!r}") from err
    if stack.ndim != 2 or stack.shape[1] != objective.dim or not np.all(np.isfinite(stack)):
        raise ValueError(
            f"starts must be a finite array of shape (m, {objective.dim}); got shape {stack.shape}"
        )
    grad_tol = as_positive_float(grad_tol, "grad_tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    box = None
    if window is not None:
        if objective.dim != 2:
            raise ValueError(f"window needs a 2-D objective; got dim={objective.dim}")
        (x_lo, x_hi), (y_lo, y_hi) = as_window(window)
        box = (
            np.array([(x_lo + x_hi) / 2.0, (y_lo + y_hi) / 2.0]),
            np.array([(x_hi - x_lo) / 2.0, (y_hi - y_lo) / 2.0]),
        )
    grad, hess = objective.unchecked.grad, objective.unchecked.hess
    points = stack.copy()
    converged = np.zeros(len(stack), dtype=bool)
    error = np.full(len(stack), np.nan)
    steps = np.zeros(len(stack), dtype=int)
    with np.errstate(all="ignore"):
        for j, x in enumerate(stack):
            points[j], converged[j], error[j], steps[j] = _newton_run(
                grad, hess, x, grad_tol, maxiter, box
            )
    return GradientRoots(stack, points, converged, error, steps)
