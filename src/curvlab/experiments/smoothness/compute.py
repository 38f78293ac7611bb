r"""Beyond quadratics: an empirical risk, its convexity, and the descent lemma.

A model is trained by minimizing its **empirical risk**, the average loss over the :math:`N`
training examples,

.. math:: L(w) = \frac1N \sum_{i=1}^N \ell(w; x_i, y_i).

For logistic regression with labels :math:`y_i = \pm 1`,
:math:`\ell = \log(1 + e^{-y_i x_i^\top w})`, so with the margins :math:`m_i = y_i x_i^\top w`
and :math:`\sigma(t) = 1/(1 + e^{-t})`,

.. math::

    \nabla L = -\frac1N \sum_i \sigma(-m_i)\, y_i x_i, \qquad
    \nabla^2 L = \frac1N \sum_i \sigma(m_i)\,\sigma(-m_i)\, x_i x_i^\top \succeq 0 .

The Hessian is positive semidefinite everywhere (the risk is convex), and since
:math:`\sigma(1-\sigma) \le \tfrac14` it never exceeds
:math:`L = \lambda_{\max}(X^\top X)/(4N)`: the gradient is :math:`L`-Lipschitz. An
:math:`L`-smooth function lies below the quadratic upper model
:math:`f(y) \le f(x) + \nabla f(x)^\top (y - x) + \tfrac L2 \|y - x\|^2`, and the
gradient step :math:`y = x - \eta\nabla f(x)` then gives the **descent lemma**

.. math:: f(x - \eta\nabla f(x)) \le f(x) - \eta\left(1 - \tfrac{L\eta}{2}\right)\|\nabla f(x)\|^2,

a guaranteed decrease for every :math:`0 < \eta < 2/L`, largest at :math:`\eta = 1/L`. This is
the stability bound :math:`2/\lambda_{\max}` of the quadratic, carried to any :math:`L`-smooth
function. References: Nesterov (2018), *Lectures on Convex Optimization*, Lemma 1.2.3 and §2.1;
Bottou, Curtis & Nocedal (2018), "Optimization methods for large-scale machine learning",
SIAM Review 60(2), §4.1.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.runner import run
from curvlab.core.validation import (
    as_positive_float,
    as_positive_int,
    as_vector,
    check_random_state,
)
from curvlab.optimizers.descent import gradient_descent

__all__ = [
    "Classification",
    "LateOrbit",
    "StepThreshold",
    "descent_lemma_gaps",
    "hessian_eigenvalue_range",
    "largest_converging_factor",
    "late_orbit",
    "logistic_risk",
    "segment_curvature",
    "smoothness_constant",
    "synthetic_classification",
]


class Classification(NamedTuple):
    """A labelled data set: features ``X`` of shape ``(N, d)`` and labels ``y`` in ``{-1, +1}``."""

    X: np.ndarray
    y: np.ndarray


def synthetic_classification(
    n_samples: int, rng: np.random.Generator, *, separation: float = 1.0
) -> Classification:
    r"""Two overlapping Gaussian classes in the plane, labels :math:`\pm 1`, no intercept.

    Class :math:`\pm 1` has mean :math:`\pm(\text{separation}, \text{separation}/2)` and
    covariance :math:`\mathrm{diag}(1, 0.25)`; the classes overlap, so the data are not linearly
    separable and the logistic risk has a finite minimizer.

    Raises
    ------
    TypeError, ValueError
        If ``rng`` is not a ``numpy.random.Generator``, ``n_samples`` is not an integer of at
        least 2 or ``separation`` is not a positive finite number.
    """
    rng = check_random_state(rng)
    if isinstance(n_samples, bool) or not isinstance(n_samples, int | np.integer) or n_samples < 2:
        raise ValueError(f"n_samples must be an integer >= 2; got {n_samples!r}")
    separation = as_positive_float(separation, "separation")
    y = np.where(rng.random(n_samples) < 0.5, -1.0, 1.0)
    mean = np.array([separation, 0.5 * separation])
    X = y[:, None] * mean + rng.standard_normal((n_samples, 2)) * np.array([1.0, 0.5])
    return Classification(X, y)


def _as_data(data: Classification) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(data.X, dtype=float)
    y = np.asarray(data.y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or not np.all(np.isfinite(X)):
        raise ValueError(
            f"data must hold X of shape (N, d) and y of shape (N,); got {X.shape}, {y.shape}"
        )
    if not np.all(np.abs(y) == 1.0):
        raise ValueError("labels y must be -1 or +1")
    return X, y


def _sigmoid(t: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * t))  # never overflows


def logistic_risk(data: Classification) -> Objective:
    r"""The empirical risk :math:`\frac1N\sum_i \log(1 + e^{-y_i x_i^\top w})` as an ``Objective``.

    Examples
    --------
    >>> data = Classification(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, -1.0]))
    >>> round(logistic_risk(data).value([0.0, 0.0]), 6)  # log 2
    0.693147
    """
    X, y = _as_data(data)
    n = X.shape[0]
    signed = y[:, None] * X

    def fun(w: np.ndarray) -> np.ndarray | float:
        margins = np.tensordot(signed, w, axes=(1, 0))  # shape (N, ...)
        return np.mean(np.logaddexp(0.0, -margins), axis=0)

    def grad(w: np.ndarray) -> np.ndarray:
        return -(signed.T @ _sigmoid(-(signed @ w))) / n

    def hess(w: np.ndarray) -> np.ndarray:
        margins = signed @ w
        weights = _sigmoid(margins) * _sigmoid(-margins)
        return (X.T * weights) @ X / n

    return Objective(
        f"logistic risk (N = {n})",
        X.shape[1],
        fun,
        grad,
        hess,
        formula=r"\frac1N\sum_i \log(1 + e^{-y_i x_i^\top w})",
    )


def smoothness_constant(data: Classification) -> float:
    r"""Return :math:`L = \lambda_{\max}(X^\top X)/(4N)`, a Lipschitz constant of the gradient.

    Every Hessian :math:`\frac1N X^\top \mathrm{diag}(\sigma_i(1-\sigma_i)) X` is below
    :math:`\frac1{4N} X^\top X` in the positive semidefinite order.
    """
    X, _ = _as_data(data)
    return float(np.linalg.eigvalsh(X.T @ X / (4.0 * X.shape[0]))[-1])


def descent_lemma_gaps(
    objective: Objective, smoothness: float, points: ArrayLike, lr: float
) -> np.ndarray:
    r"""Return :math:`f(x - \eta g) - [f(x) - \eta(1 - L\eta/2)\|g\|^2]` at every point.

    The descent lemma says each gap is :math:`\le 0` when the gradient is ``smoothness``-Lipschitz.

    Parameters
    ----------
    objective : Objective
    smoothness : float
        The constant :math:`L > 0`.
    points : array_like, shape (m, n)
    lr : float
        The step :math:`\eta > 0`.

    Raises
    ------
    ValueError
        If ``smoothness`` or ``lr`` is not positive, or ``points`` has the wrong shape.
    """
    smoothness, lr = float(smoothness), float(lr)
    if not (np.isfinite(smoothness) and smoothness > 0.0 and np.isfinite(lr) and lr > 0.0):
        raise ValueError(f"smoothness and lr must be positive; got {smoothness}, {lr}")
    stack = np.asarray(points, dtype=float)
    if stack.ndim != 2 or stack.shape[1] != objective.dim:
        raise ValueError(f"points must have shape (m, {objective.dim}); got {stack.shape}")
    gaps = np.empty(len(stack))
    for j, x in enumerate(stack):
        g = objective.gradient(x)
        bound = objective.value(x) - lr * (1.0 - 0.5 * smoothness * lr) * float(g @ g)
        gaps[j] = objective.value(x - lr * g) - bound
    return gaps


def hessian_eigenvalue_range(objective: Objective, points: ArrayLike) -> tuple[float, float]:
    """Return the smallest and the largest Hessian eigenvalue over ``points`` (shape ``(m, n)``)."""
    stack = np.asarray(points, dtype=float)
    if stack.ndim != 2 or stack.shape[1] != objective.dim:
        raise ValueError(f"points must have shape (m, {objective.dim}); got {stack.shape}")
    eigenvalues = np.array([np.linalg.eigvalsh(objective.hessian(x)) for x in stack])
    return float(eigenvalues.min()), float(eigenvalues.max())


class LateOrbit(NamedTuple):
    r"""Where a gradient-descent run is after many steps, from :func:`late_orbit`.

    Attributes
    ----------
    period : int or None
        The smallest :math:`p \le` ``max_period`` with :math:`\|T^p(x) - x\| \le` ``tol`` at the
        last iterate :math:`x` (:math:`T` the gradient step): 1 for a fixed point, 2 for a
        2-cycle; ``None`` if there is none (an irregular orbit, or one still far from settled).
    points : ndarray, shape (max_period, n)
        The last iterate and the ``max_period - 1`` that follow it.
    distances : ndarray, shape (max_period,)
        :math:`\|x - c\|` for each of ``points``, ``c`` the given centre (a minimizer).
    """

    period: int | None
    points: np.ndarray
    distances: np.ndarray


def late_orbit(
    objective: Objective,
    lr: float,
    x0: ArrayLike,
    center: ArrayLike,
    n_steps: int,
    *,
    max_period: int = 8,
    tol: float = 1e-9,
) -> LateOrbit:
    r"""Iterate :math:`T(x) = x - \eta\nabla f(x)` for ``n_steps`` steps and classify the orbit.

    Past the local stability bound :math:`\eta > 2/\lambda_{\max}(\nabla^2 f(w^*))` the minimizer
    :math:`w^*` is an unstable fixed point of :math:`T`: the eigenvalue
    :math:`1 - \eta\lambda_{\max}` of the Jacobian :math:`I - \eta\nabla^2 f(w^*)` has passed
    through :math:`-1`. When the curvature falls away from :math:`w^*` the map then has a stable
    2-cycle :math:`T(a) = b,\ T(b) = a` around :math:`w^*` whose size grows continuously from
    zero, like :math:`\sqrt{\eta - \eta_c}`: a period-doubling bifurcation (Strogatz,
    *Nonlinear Dynamics and Chaos*, 2nd ed., 2015, §10.3). This function reports the period it
    finds and the distances of the orbit's points to ``center``.

    Parameters
    ----------
    objective : Objective
    lr : float
        The step :math:`\eta > 0`.
    x0, center : array_like, shape (n,)
        The start and the point distances are measured from.
    n_steps : int
        Steps before the orbit is examined.
    max_period : int
        Longest period looked for.
    tol : float
        :math:`\|T^p(x) - x\|` at most this counts as period :math:`p`.

    Returns
    -------
    LateOrbit

    Raises
    ------
    TypeError, ValueError
        If ``lr`` or ``tol`` is not positive, ``n_steps`` or ``max_period`` not a positive
        integer, or ``x0``/``center`` not finite vectors of the objective's dimension.
    """
    lr = as_positive_float(lr, "lr")
    tol = as_positive_float(tol, "tol")
    n_steps = as_positive_int(n_steps, "n_steps")
    max_period = as_positive_int(max_period, "max_period")
    x = as_vector(x0, "x0", objective.dim)
    center = as_vector(center, "center", objective.dim)
    for _ in range(n_steps):
        x = x - lr * objective.gradient(x)
    points = [x]
    for _ in range(max_period):
        points.append(points[-1] - lr * objective.gradient(points[-1]))
    path = np.array(points)
    period = next(
        (p for p in range(1, max_period + 1) if np.linalg.norm(path[p] - path[0]) <= tol), None
    )
    orbit = path[:max_period]
    return LateOrbit(period, orbit, np.linalg.norm(orbit - center, axis=1))


def segment_curvature(
    objective: Objective, a: ArrayLike, b: ArrayLike, *, nodes: int = 201
) -> float:
    r"""Return the curvature along the segment from ``a`` to ``b``, averaged over the segment.

    .. math:: \bar\lambda = \int_0^1 u^\top \nabla^2 f\bigl(a + t(b - a)\bigr)\, u\, dt,
              \qquad u = \frac{b - a}{\|b - a\|},

    which equals :math:`u^\top(\nabla f(b) - \nabla f(a))/\|b - a\|` (the fundamental theorem
    of calculus), computed here from Hessians by Simpson's rule. A 2-cycle :math:`T(a) = b`,
    :math:`T(b) = a` of the gradient step :math:`T(x) = x - \eta\nabla f(x)` has
    :math:`\nabla f(a) = -\nabla f(b) = (a - b)/\eta`, hence :math:`\bar\lambda = 2/\eta`: the
    cycle sits where the curvature between its two points, on average, is exactly the one that
    :math:`\eta` flips.

    Parameters
    ----------
    objective : Objective
    a, b : array_like, shape (n,)
        Distinct points.
    nodes : int
        Odd number of Simpson nodes, at least 3.

    Raises
    ------
    ValueError
        If ``a`` equals ``b``, a point has the wrong length, or ``nodes`` is not an odd integer
        of at least 3.
    """
    a = as_vector(a, "a", objective.dim)
    b = as_vector(b, "b", objective.dim)
    nodes = as_positive_int(nodes, "nodes")
    if nodes < 3 or nodes % 2 == 0:
        raise ValueError(f"nodes must be an odd integer >= 3; got {nodes}")
    length = float(np.linalg.norm(b - a))
    if length == 0.0:
        raise ValueError("a and b must be distinct points")
    u = (b - a) / length
    ts = np.linspace(0.0, 1.0, nodes)
    values = np.array([u @ objective.hessian(a + t * (b - a)) @ u for t in ts])
    weights = np.ones(nodes)
    weights[1:-1:2], weights[2:-1:2] = 4.0, 2.0
    return float(weights @ values / (3.0 * (nodes - 1)))


class StepThreshold(NamedTuple):
    """Where gradient descent stops converging on a grid of step sizes (see
    :func:`largest_converging_factor`)."""

    factor: float
    """The largest factor of the grid whose run converged."""
    next_factor: float | None
    """The grid's next factor, whose run did not converge (``None`` if every factor converged)."""
    tried: dict[float, bool]
    """Every run made, in the order made: factor → converged."""


def largest_converging_factor(
    objective: Objective,
    factors: ArrayLike,
    unit: float,
    x0: ArrayLike,
    *,
    tol: float,
    maxiter: int,
) -> StepThreshold:
    r"""The largest step :math:`\eta = c \cdot` ``unit``, ``c`` from the increasing grid
    ``factors``, with which gradient descent from ``x0`` converges (:math:`\|\nabla f\| <`
    ``tol`` within ``maxiter`` steps), found by bisection.

    Bisection assumes one threshold: every factor below some value converges and none above it
    does, as when the step passes a stability bound :math:`2/\lambda_{\max}`. It then needs
    about :math:`\log_2 n` runs of the grid's :math:`n`, and it matters most for the runs that
    fail, which each take all ``maxiter`` steps. Both ends of the answer are run: the returned
    factor converged and the next one did not.

    Parameters
    ----------
    objective : Objective
        The function minimized.
    factors : array_like
        Increasing step factors (at least one).
    unit : float
        The step size of factor 1 (e.g. :math:`1/L`).
    x0 : array_like
        The start.
    tol, maxiter : float, int
        The convergence test of :func:`curvlab.core.runner.run`.

    Raises
    ------
    ValueError
        If ``factors`` is empty or not increasing, or if its smallest factor does not converge.
    """
    grid = np.asarray(factors, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)):
        raise ValueError("factors must be a non-empty 1-D array of finite numbers")
    if np.any(np.diff(grid) <= 0):
        raise ValueError("factors must be increasing")
    unit = as_positive_float(unit, "unit")
    tried: dict[float, bool] = {}

    def converges(i: int) -> bool:
        factor = float(grid[i])
        if factor not in tried:
            trajectory = run(
                objective, gradient_descent(factor * unit), x0, tol=tol, maxiter=maxiter
            )
            tried[factor] = trajectory.success
        return tried[factor]

    if not converges(0):
        raise ValueError(f"the smallest factor, {grid[0]:g}, does not converge")
    if converges(grid.size - 1):
        return StepThreshold(float(grid[-1]), None, tried)
    good, bad = 0, grid.size - 1  # converges(good) and not converges(bad)
    while bad - good > 1:
        middle = (good + bad) // 2
        if converges(middle):
            good = middle
        else:
            bad = middle
    return StepThreshold(float(grid[good]), float(grid[bad]), tried)
