r"""Where Newton-type iterations end up: stationary points and basin maps on the plane.

Newton's method solves :math:`\nabla f(x) = 0`; it does not know minima from saddles or maxima.
A *basin map* colours each starting point of a grid by the stationary point the iteration
reaches from it. The iteration here is written for a whole grid at once through the eigen-
decomposition :math:`H = Q\Lambda Q^\top` of each 2×2 Hessian,

.. math:: x \leftarrow x - Q \operatorname{diag}\big(1/\varphi(\lambda_i)\big) Q^\top \nabla f(x),

with :math:`\varphi(\lambda) = \lambda + \mu` (Newton for :math:`\mu = 0`, Newton shifted by
:math:`\mu` for :math:`\mu > 0`, curvlab's ``levenberg_marquardt``) or
:math:`\varphi(\lambda) = |\lambda| + \mu` (saddle-free Newton). The
single-point optimizers of :mod:`curvlab.optimizers.newton` solve the same systems with
``numpy.linalg.solve``; the tests check that both land on the same point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.runner import Status, Trajectory, run
from curvlab.core.validation import (
    as_callable,
    as_finite_float,
    as_non_negative_float,
    as_positive_float,
    as_positive_int,
    as_spd_matrix,
    as_vector,
)
from curvlab.curvature.critical_points import CriticalPoint, Kind, classify_hessian
from curvlab.optimizers import gradient_descent, levenberg_marquardt, newton
from curvlab.optimizers.newton import SINGULAR_RCOND, SingularHessianError
from curvlab.problems.quadratic import Quadratic
from curvlab.problems.surfaces import SURFACES

__all__ = [
    "FRAME_WINDOWS",
    "KIND_ORDER",
    "METHODS",
    "NEWTON_SETUPS",
    "BasinMap",
    "GaussNewtonRun",
    "GradientNewtonRuns",
    "LocalNewtonBound",
    "SlowStart",
    "basin_map",
    "bfgs_update",
    "frame_window",
    "gauss_newton",
    "gradient_newton_runs",
    "hessian_lipschitz_estimate",
    "local_newton_bound",
    "most_negative_curvature",
    "rosenbrock_residuals",
    "shift_behaviour",
    "shifted_newton_factors",
    "slowest_start",
    "sorted_by_kind",
]

NEWTON_STEP_FACTORS = {"Rosenbrock": 1.0, "Himmelblau": 1.5, "saddle x²−y²": 0.2}
r"""Gradient descent's step on each surface as a multiple of the surface's reference step
:math:`1/L` (:attr:`curvlab.problems.surfaces.Surface.step`): :math:`1/L` on Rosenbrock;
:math:`1.5/L` on Himmelblau, still stable at all four minima (:math:`1.5/L` times the largest
eigenvalue there, 133.8, is 1.34 < 2); :math:`1/(5L)` on the saddle, where the escape along
:math:`-y` grows by :math:`1 + 2\eta = 1.2` a step, slow enough to watch. On the κ = 50 bowl the
step is the optimal :math:`2/(\mu + L)` with :math:`\mu = 1`."""


def _newton_setup(name: str) -> tuple[float, list[tuple[float, float]]]:
    """Gradient descent's step on the surface ``name`` and the surface's ``"newton"`` starts."""
    surface = SURFACES[name]
    if name in NEWTON_STEP_FACTORS:
        step = NEWTON_STEP_FACTORS[name] * surface.step
    else:  # the bowl: the optimal step 2/(μ + L), μ = 1
        step = 2.0 / (1.0 + surface.curvature)
    return step, list(surface.starts["newton"])


NEWTON_SETUPS = {
    name: _newton_setup(name)
    for name in ("Rosenbrock", "Himmelblau", "bowl κ=50 rotated 30°", "saddle x²−y²")
}
"""Surfaces (names from :data:`curvlab.problems.surfaces.SURFACES`) on which gradient descent
meets Newton, each with a gradient-descent step (:data:`NEWTON_STEP_FACTORS`) and the
surface's four ``"newton"`` starts."""

FRAME_WINDOWS = {"Rosenbrock": ((-2.0, 2.0), (-3.5, 3.0))}
"""The region a gradient-descent-against-Newton frame shows where it is not the surface's own
window: on Rosenbrock, Newton's iterates from two of the starts fall below ``y = -1``.
:func:`frame_window` gives the window of any surface."""


def frame_window(surface: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The window of ``surface``'s frames: :data:`FRAME_WINDOWS`, else the surface's own.

    Raises
    ------
    KeyError
        If ``surface`` is not in :data:`NEWTON_SETUPS`.
    """
    if surface not in NEWTON_SETUPS:
        raise KeyError(surface)
    if surface in FRAME_WINDOWS:
        return FRAME_WINDOWS[surface]
    return SURFACES[surface]().window


METHODS = ("newton", "saddle_free")
"""The divisor families of :func:`basin_map`: ``λ + μ`` and ``|λ| + μ``."""


KIND_ORDER = (Kind.MINIMUM, Kind.SADDLE, Kind.MAXIMUM, Kind.DEGENERATE)
"""The order in which the chapter lists critical points: minima, saddles, maxima."""


def sorted_by_kind(points: Sequence[CriticalPoint]) -> tuple[CriticalPoint, ...]:
    """Critical points (from :func:`~curvlab.curvature.critical_points.find_critical_points`)
    sorted by kind (:data:`KIND_ORDER`), then by coordinates."""
    return tuple(sorted(points, key=lambda p: (KIND_ORDER.index(p.kind), *np.round(p.x, 6))))


class BasinMap(NamedTuple):
    r"""The outcome of a Newton-type iteration from every point of a grid.

    Attributes
    ----------
    xs, ys : ndarray
        The grid axes.
    labels : ndarray of int, shape (len(ys), len(xs))
        Index into ``points`` of the stationary point reached, or ``-1`` if the iteration did not
        reach any of them (ran out of steps, left the region, or hit a singular system).
    points : tuple of CriticalPoint
        The candidates.
    iterations : ndarray of int, shape (len(ys), len(xs))
        Steps until the gradient norm dropped below ``tol`` (``maxiter`` if it never did).
    method : str
        ``"newton"`` (divide by :math:`\lambda + \mu`) or ``"saddle_free"``
        (:math:`|\lambda| + \mu`).
    damping : float
        :math:`\mu`.
    maxiter : int
        The budget: steps each start was allowed (each step one gradient, one Hessian and one
        2×2 eigendecomposition); 0 where unknown.
    """

    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    points: tuple[CriticalPoint, ...]
    iterations: np.ndarray
    method: str
    damping: float
    maxiter: int = 0

    def fractions(self) -> dict[str, float]:
        """Share of starting points that reach a minimum, saddle, maximum, or nothing."""
        shares = {"minimum": 0.0, "saddle": 0.0, "maximum": 0.0, "degenerate": 0.0, "none": 0.0}
        total = self.labels.size
        for index, count in zip(*np.unique(self.labels, return_counts=True), strict=True):
            kind = "none" if index < 0 else self.points[index].kind.value
            shares[kind] += float(count) / total
        return shares


def _stacked(objective: Objective) -> tuple[Callable, Callable]:
    """Gradient and Hessian of a 2-D objective evaluated on points of shape (2, m)."""
    if isinstance(objective, Quadratic):
        A, b = objective.A, objective.b

        def grad_q(p: np.ndarray) -> np.ndarray:
            return A @ p - b[:, None]

        def hess_q(p: np.ndarray) -> np.ndarray:
            return np.broadcast_to(A[:, :, None], (2, 2, p.shape[1]))

        return grad_q, hess_q
    grad, hess = objective.unchecked.grad, objective.unchecked.hess
    probe = np.array([[0.3, -0.7, 1.1], [0.2, 0.5, -0.4]])
    try:
        g, h = np.asarray(grad(probe)), np.asarray(hess(probe))
        vectorized = g.shape == (2, 3) and h.shape == (2, 2, 3)
        vectorized = vectorized and np.allclose(g[:, 1], grad(probe[:, 1]))
        vectorized = vectorized and np.allclose(h[:, :, 1], hess(probe[:, 1]))
    except (ValueError, TypeError, IndexError):
        vectorized = False
    if vectorized:
        return grad, hess

    def grad_loop(p: np.ndarray) -> np.ndarray:
        return np.stack([grad(p[:, i]) for i in range(p.shape[1])], axis=1)

    def hess_loop(p: np.ndarray) -> np.ndarray:
        return np.stack([hess(p[:, i]) for i in range(p.shape[1])], axis=2)

    return grad_loop, hess_loop


def _symmetric_eigen_2x2(
    a: np.ndarray, b: np.ndarray, c: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    r"""Eigenvalues and unit eigenvectors of the symmetric matrices
    :math:`\begin{pmatrix} a & b \\ b & c \end{pmatrix}`, elementwise over arrays.

    With :math:`m = (a + c)/2`, :math:`d = (a - c)/2` and :math:`r = \sqrt{d^2 + b^2}`
    (``numpy.hypot``, which neither overflows nor underflows where :math:`d^2` or :math:`b^2`
    would) the eigenvalues are :math:`m \mp r`. An eigenvector of :math:`m + r` is
    :math:`(d + r, b)` when :math:`d \ge 0` and :math:`(b, r - d)` otherwise (both rows of
    :math:`(H - (m + r)I)v = 0`; the choice avoids cancellation), normalized; :math:`(1, 0)`
    when :math:`r = 0`. The other eigenvector is its rotation by 90°. Only arithmetic and
    ``hypot`` are used. ``numpy.linalg.eigh`` on a stack of 2×2 matrices gives the same up to
    rounding and signs; measured on chapter 5's basin maps (40 maps, 101² and 201² starts), the
    labels and step counts were identical and :func:`basin_map` 4.3 times faster with this.

    References
    ----------
    Golub & Van Loan, *Matrix Computations*, 4th ed. (2013), §8.5.2 (the 2-by-2 symmetric Schur
    decomposition).

    Returns
    -------
    low, high : ndarray
        The smaller and the larger eigenvalue.
    (w0, w1), (u0, u1) : tuple of ndarray
        The unit eigenvectors of ``low`` and ``high``.
    """
    mean, half = 0.5 * (a + c), 0.5 * (a - c)
    r = np.hypot(half, b)  # no overflow above 1e154, no underflow below 1e-154
    positive = half >= 0.0
    v0 = np.where(positive, half + r, b)
    v1 = np.where(positive, b, r - half)
    norm = np.hypot(v0, v1)
    flat = norm == 0.0
    safe = np.where(flat, 1.0, norm)
    u0 = np.where(flat, 1.0, v0 / safe)
    u1 = np.where(flat, 0.0, v1 / safe)
    return mean - r, mean + r, (-u1, u0), (u0, u1)


def basin_map(
    objective: Objective,
    points: Sequence[CriticalPoint],
    xs: ArrayLike,
    ys: ArrayLike,
    *,
    method: str = "newton",
    damping: float = 0.0,
    maxiter: int = 60,
    tol: float = 1e-8,
    radius: float = 1e-4,
    escape: float = 1e3,
) -> BasinMap:
    r"""Run a Newton-type iteration from every point of the grid ``xs × ys`` at once.

    Parameters
    ----------
    objective : Objective
        A 2-D objective.
    points : sequence of CriticalPoint
        The candidate end points (from
        :func:`~curvlab.curvature.critical_points.find_critical_points`).
    xs, ys : array_like
        Grid axes.
    method : {"newton", "saddle_free"}
        Divide each eigen-component by :math:`\lambda + \mu` or :math:`|\lambda| + \mu`.
    damping : float
        :math:`\mu \ge 0`.
    maxiter : int
        Steps per start.
    tol : float
        A start has arrived when its gradient norm is below ``tol``.
    radius : float
        An arrived start is labelled with the candidate within this distance.
    escape : float
        A start whose iterate leaves the ball of this radius is stopped and labelled ``-1``.

    Returns
    -------
    BasinMap

    Raises
    ------
    ValueError
        If the objective is not 2-D, ``method`` is unknown or ``damping`` is negative.
    """
    if not isinstance(objective, Objective) or objective.dim != 2:
        raise ValueError("objective must be a 2-D curvlab Objective")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    mu = as_non_negative_float(damping, "damping")
    maxiter = as_positive_int(maxiter, "maxiter")
    tol = as_positive_float(tol, "tol")
    radius = as_positive_float(radius, "radius")
    escape = as_positive_float(escape, "escape")
    grid_x, grid_y = np.meshgrid(as_vector(xs, "xs"), as_vector(ys, "ys"))
    grad, hess = _stacked(objective)
    p = np.stack([grid_x.ravel(), grid_y.ravel()])
    active = np.ones(p.shape[1], dtype=bool)
    failed = np.zeros(p.shape[1], dtype=bool)
    iterations = np.full(p.shape[1], maxiter)
    with np.errstate(all="ignore"):
        for k in range(maxiter + 1):
            index = np.flatnonzero(active)
            if index.size == 0:
                break
            q = p[:, index]
            g = np.asarray(grad(q), dtype=float)
            arrived = np.sqrt(g[0] * g[0] + g[1] * g[1]) < tol
            iterations[index[arrived]] = k
            active[index[arrived]] = False
            if k == maxiter:
                break
            keep = ~arrived
            index, q, g = index[keep], q[:, keep], g[:, keep]
            h = np.asarray(hess(q), dtype=float)
            low, high, (w0, w1), (u0, u1) = _symmetric_eigen_2x2(
                h[0, 0], 0.5 * (h[0, 1] + h[1, 0]), h[1, 1]
            )
            if method == "saddle_free":
                low, high = np.abs(low), np.abs(high)
            d_low, d_high = low + mu, high + mu
            largest = np.maximum(np.abs(d_low), np.abs(d_high))
            singular = (np.minimum(np.abs(d_low), np.abs(d_high)) < SINGULAR_RCOND * largest) | (
                largest == 0.0
            )
            c_low = (w0 * g[0] + w1 * g[1]) / np.where(singular, 1.0, d_low)
            c_high = (u0 * g[0] + u1 * g[1]) / np.where(singular, 1.0, d_high)
            step = -np.stack([w0 * c_low + u0 * c_high, w1 * c_low + u1 * c_high])
            q = q + step
            gone = (
                singular
                | ~(np.isfinite(q[0]) & np.isfinite(q[1]))
                | (np.hypot(q[0], q[1]) > escape)
            )
            failed[index[gone]] = True
            active[index[gone]] = False
            p[:, index[~gone]] = q[:, ~gone]
    labels = np.full(p.shape[1], -1)
    arrived = ~active & ~failed
    for i, point in enumerate(points):
        near = arrived & (np.hypot(p[0] - point.x[0], p[1] - point.x[1]) < radius)
        labels[near] = i
    shape = grid_x.shape
    return BasinMap(
        grid_x[0].copy(),
        grid_y[:, 0].copy(),
        labels.reshape(shape),
        tuple(points),
        iterations.reshape(shape),
        method,
        mu,
        maxiter,
    )


class GradientNewtonRuns(NamedTuple):
    """Gradient descent and Newton's method from one start (``newton`` is ``None`` where the
    Hessian is singular and the Newton step is undefined).

    ``newton_end`` is the kind of stationary point Newton's run converged to (by the signs of
    the Hessian's eigenvalues there, :func:`~curvlab.curvature.critical_points.classify_hessian`),
    or ``None`` if it did not converge."""

    surface: str
    objective: Objective
    lr: float
    x0: np.ndarray
    gradient_descent: Trajectory
    newton: Trajectory | None
    newton_end: Kind | None = None


def gradient_newton_runs(
    surface: str, start: int, *, maxiter: int = 3_000, newton_maxiter: int = 100
) -> GradientNewtonRuns:
    """Run gradient descent (its step from :data:`NEWTON_SETUPS`) and Newton on ``surface``
    from its ``start``-th starting point.

    Raises
    ------
    KeyError
        If ``surface`` is not in :data:`NEWTON_SETUPS`.
    """
    lr, starts = NEWTON_SETUPS[surface]
    objective = SURFACES[surface]()
    x0 = np.asarray(starts[start], dtype=float)
    gd = run(objective, gradient_descent(lr), x0, maxiter=maxiter)
    try:
        nt = run(objective, newton(), x0, maxiter=newton_maxiter)
    except SingularHessianError:
        nt = None
    end = None
    if nt is not None and nt.status is Status.CONVERGED:
        end = classify_hessian(objective.hessian(nt.x)).kind
    return GradientNewtonRuns(surface, objective, lr, x0, gd, nt, end)


def hessian_lipschitz_estimate(
    objective: Objective,
    center: ArrayLike,
    radius: float,
    rng: np.random.Generator,
    *,
    points: int = 100,
    directions: int = 100,
    step: float = 1e-4,
) -> float:
    r"""Estimate :math:`L_H = \sup_{x \in B} \|D^3 f(x)\|`, the Lipschitz constant of the Hessian on
    the ball :math:`B` of ``radius`` around ``center``.

    On a convex set :math:`\|\nabla^2 f(x) - \nabla^2 f(y)\| \le L_H \|x - y\|` holds with
    :math:`L_H` the largest spectral norm of the third derivative along a unit direction,
    :math:`D^3 f(x)[v] = \frac{d}{dt}\nabla^2 f(x + tv)`. This takes the maximum over ``points``
    points of the ball (its center included) and ``directions`` unit vectors, each drawn uniformly,
    with :math:`D^3 f(x)[v] \approx (\nabla^2 f(x + hv) - \nabla^2 f(x - hv))/(2h)` (exact when the
    Hessian is quadratic in x, as for Rosenbrock's function). A sampled maximum approaches
    :math:`L_H` from below.

    Parameters
    ----------
    objective : Objective
        With a Hessian.
    center : array_like, shape (n,)
    radius : float
        Non-negative; 0 evaluates at ``center`` only.
    rng : numpy.random.Generator
    points, directions : int
        Sample sizes.
    step : float
        The finite-difference step h.

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        If an argument is invalid.

    References
    ----------
    Nesterov, *Introductory Lectures on Convex Optimization* (2004), §1.2.4.
    """
    x0 = as_vector(center, "center", objective.dim)
    radius = as_non_negative_float(radius, "radius")
    points = as_positive_int(points, "points")
    directions = as_positive_int(directions, "directions")
    step = as_positive_float(step, "step")
    n = x0.size
    unit = rng.standard_normal((directions, n))
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    offsets = rng.standard_normal((points - 1, n))
    offsets /= np.linalg.norm(offsets, axis=1, keepdims=True)
    offsets *= radius * rng.random((points - 1, 1)) ** (1.0 / n)
    best = 0.0
    for x in np.vstack([x0, x0 + offsets]):
        for v in unit:
            third = (objective.hessian(x + step * v) - objective.hessian(x - step * v)) / (2 * step)
            best = max(best, float(np.linalg.norm(third, 2)))
    return best


class LocalNewtonBound(NamedTuple):
    r"""The constants of the local quadratic-convergence theorem for Newton's method.

    With :math:`l = \lambda_{\min}(\nabla^2 f(x^*)) > 0` (``lam_min``) and :math:`M` a Lipschitz
    constant of the Hessian near :math:`x^*` (``lipschitz``): from any
    :math:`\|x_0 - x^*\| < \bar r = 2l/(3M)` Newton's iterates stay in that ball and
    :math:`\|e_{k+1}\| \le \frac{M\|e_k\|^2}{2(l - M\|e_k\|)}` (Nesterov 2004, Thm 1.2.5).
    """

    lam_min: float
    lipschitz: float
    radius: float

    def bound(self, error: ArrayLike) -> np.ndarray:
        """The theorem's bound on the next error, for errors below ``l / M``."""
        e = np.asarray(error, dtype=float)
        return self.lipschitz * e**2 / (2.0 * (self.lam_min - self.lipschitz * e))


def local_newton_bound(
    objective: Objective, x_star: ArrayLike, radius: float, rng: np.random.Generator
) -> LocalNewtonBound:
    r""":class:`LocalNewtonBound` at a minimizer, with M from :func:`hessian_lipschitz_estimate`
    on the ball of ``radius`` around ``x_star``.

    Raises
    ------
    ValueError
        If the Hessian at ``x_star`` is not positive definite.
    """
    x = as_vector(x_star, "x_star", objective.dim)
    lam_min = float(np.linalg.eigvalsh(objective.hessian(x))[0])
    if lam_min <= 0.0:
        raise ValueError(f"the Hessian at x_star must be positive definite; λmin = {lam_min:.3g}")
    lipschitz = hessian_lipschitz_estimate(objective, x, radius, rng)
    return LocalNewtonBound(lam_min, lipschitz, 2.0 * lam_min / (3.0 * lipschitz))


def rosenbrock_residuals(x: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""Rosenbrock's function as least squares: :math:`f = \|r\|^2` with
    :math:`r(x, y) = (1 - x,\ 10(y - x^2))`.

    Returns
    -------
    r : ndarray, shape (2,)
    J : ndarray, shape (2, 2)
        The Jacobian :math:`\begin{pmatrix} -1 & 0 \\ -20x & 10 \end{pmatrix}`.
    """
    px, py = as_vector(x, "x", 2)
    return (
        np.array([1.0 - px, 10.0 * (py - px * px)]),
        np.array([[-1.0, 0.0], [-20.0 * px, 10.0]]),
    )


class GaussNewtonRun(NamedTuple):
    """Iterates of :func:`gauss_newton` and the norm of ``Jᵀr`` at each."""

    xs: np.ndarray
    gradient_norms: np.ndarray
    nit: int
    success: bool


def gauss_newton(
    residuals: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    x0: ArrayLike,
    *,
    tol: float = 1e-10,
    maxiter: int = 100,
) -> GaussNewtonRun:
    r"""Gauss–Newton for :math:`\min \|r(x)\|^2`: :math:`x \leftarrow x - (J^\top J)^{-1} J^\top r`.

    It replaces the Hessian :math:`2(J^\top J + \sum_i r_i \nabla^2 r_i)` by its first term,
    which needs only first derivatives and is positive semidefinite; the step is the
    least-squares solution of :math:`J\Delta = -r`, computed here by ``numpy.linalg.lstsq``.

    Parameters
    ----------
    residuals : callable
        ``x -> (r, J)``.
    x0 : array_like
    tol : float
        Stop when :math:`\|J^\top r\| < tol`.
    maxiter : int

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), §10.3.
    """
    residuals = as_callable(residuals, "residuals")
    x = as_vector(x0, "x0")
    tol = as_positive_float(tol, "tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    xs, norms = [x], []
    for _ in range(maxiter + 1):
        r, J = residuals(x)
        norms.append(float(np.linalg.norm(J.T @ r)))
        if norms[-1] < tol or len(xs) > maxiter:
            break
        step, *_ = np.linalg.lstsq(J, -r, rcond=None)
        x = x + step
        xs.append(x)
    return GaussNewtonRun(np.array(xs), np.array(norms), len(xs) - 1, norms[-1] < tol)


def bfgs_update(B: ArrayLike, s: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""The BFGS update of a Hessian approximation:
    :math:`B_+ = B - \frac{B s s^\top B}{s^\top B s} + \frac{y y^\top}{y^\top s}`.

    :math:`B_+` satisfies the secant equation :math:`B_+ s = y` (the gradient change
    :math:`y = \nabla f(x_+) - \nabla f(x)` over the step :math:`s = x_+ - x`), differs from
    :math:`B` by a rank-two matrix and stays positive definite when :math:`B` is and
    :math:`y^\top s > 0`.

    Raises
    ------
    ValueError
        If ``B`` is not symmetric positive definite or the curvature condition
        :math:`y^\top s > 0` fails.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), §6.1.
    """
    matrix = as_spd_matrix(B, "B")
    n = matrix.shape[0]
    s = as_vector(s, "s", n)
    y = as_vector(y, "y", n)
    curvature = float(y @ s)
    if curvature <= 0.0:
        raise ValueError(f"the curvature condition yᵀs > 0 fails: yᵀs = {curvature:.3g}")
    Bs = matrix @ s
    return matrix - np.outer(Bs, Bs) / float(s @ Bs) + np.outer(y, y) / curvature


def most_negative_curvature(objective: Objective, xs: ArrayLike, ys: ArrayLike) -> float:
    r"""Return :math:`\min \lambda_{\min}(\nabla^2 f)` over the grid ``xs × ys`` of a 2-D objective.

    A shift :math:`H + \mu I` is positive definite at every grid point exactly when
    :math:`\mu` exceeds minus this value (the Hessian-modification condition
    :math:`\mu > -\lambda_{\min}`; Nocedal & Wright 2006, §3.4).

    Raises
    ------
    ValueError
        If the objective is not 2-D or a grid axis is not a finite vector.
    """
    if objective.dim != 2:
        raise ValueError(f"objective must be 2-D; got dim={objective.dim}")
    grid_x, grid_y = np.meshgrid(as_vector(xs, "xs"), as_vector(ys, "ys"))
    _, hess = _stacked(objective)
    hessians = np.asarray(hess(np.vstack([grid_x.ravel(), grid_y.ravel()])), dtype=float)
    return float(np.linalg.eigvalsh(np.moveaxis(hessians, 2, 0))[:, 0].min())


def shifted_newton_factors(eigenvalues: ArrayLike, damping: float) -> np.ndarray:
    r"""Per-eigendirection error factors of the shifted Newton step near a stationary point.

    Linearized at a stationary point :math:`x^*` with Hessian eigenvalues :math:`\lambda_i`, the
    step :math:`(H + \mu I)\Delta = -g` maps the error component along :math:`q_i` to

    .. math:: e_i \mapsto e_i - \frac{\lambda_i e_i}{\lambda_i + \mu}
              = \frac{\mu}{\lambda_i + \mu}\, e_i .

    For :math:`\lambda_i < 0`: modulus below 1 (the point attracts) while
    :math:`\mu < |\lambda_i|/2`; below :math:`-1` (repels by overshooting, :math:`H + \mu I`
    indefinite) for :math:`|\lambda_i|/2 < \mu < |\lambda_i|`; above :math:`+1` (repels
    monotonically, downhill) for :math:`\mu > |\lambda_i|`.

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        Hessian eigenvalues at the stationary point.
    damping : float
        The shift :math:`\mu > 0`.

    Returns
    -------
    ndarray, shape (n,)
        :math:`\mu/(\lambda_i + \mu)`.

    Raises
    ------
    ValueError
        If ``damping`` is not positive, an eigenvalue is not finite, or some
        :math:`\lambda_i + \mu = 0` (the shifted system is singular).

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), §3.4 (Hessian modification).
    """
    lam = as_vector(eigenvalues, "eigenvalues")
    mu = as_positive_float(damping, "damping")
    shifted = lam + mu
    if np.any(np.abs(shifted) <= 1e-12 * max(mu, float(np.abs(lam).max()))):
        raise ValueError("eigenvalues + damping must be non-zero: H + μI is singular")
    return mu / shifted


def shift_behaviour(factor: float) -> str:
    """Name what an error factor from :func:`shifted_newton_factors` does at a stationary point.

    Returns ``"attracts"`` for :math:`|f| < 1`, ``"overshoots"`` for :math:`f < -1` (the error flips
    sign and grows), ``"repels monotonically"`` for :math:`f > 1`, and ``"neutral"`` for
    :math:`|f| = 1`.

    Raises
    ------
    ValueError
        If ``factor`` is not a finite number.
    """
    f = as_finite_float(factor, "factor")
    if abs(f) < 1.0:
        return "attracts"
    if f < -1.0:
        return "overshoots"
    if f > 1.0:
        return "repels monotonically"
    return "neutral"


class SlowStart(NamedTuple):
    """Why one start of a shifted-Newton basin map needs many steps (:func:`slowest_start`).

    Attributes
    ----------
    start : ndarray, shape (2,)
        The start of the map that took the most steps among those that arrived.
    run : Trajectory
        The single run of ``levenberg_marquardt(μ)`` from it, to the map's tolerance.
    minimum, saddle : CriticalPoint
        Where the run ends, and the saddle it passes closest to.
    near_saddle : (int, int)
        The first and last step at which the iterate is within ``radius`` of that saddle
        (``(-1, -1)`` if never).
    saddle_factor : float
        The saddle's largest factor :math:`\\mu/(\\lambda + \\mu)` (above 1: it repels, slowly
        when close to 1).
    minimum_factor : float
        The minimum's largest factor (the pace of the final approach).
    factor_steps : float
        The steps the minimum's factor alone would need to bring the starting gradient norm
        below the tolerance, :math:`\\ln(\\text{tol}/\\|\\nabla f(x_0)\\|)/\\ln(\\text{factor})`.
    final_steps : int
        The steps after the iterate is first within distance 1 of the minimum.
    """

    start: np.ndarray
    run: Trajectory
    minimum: CriticalPoint
    saddle: CriticalPoint
    near_saddle: tuple[int, int]
    saddle_factor: float
    minimum_factor: float
    factor_steps: float
    final_steps: int


def slowest_start(
    objective: Objective, basins: BasinMap, *, tol: float = 1e-8, radius: float = 0.1
) -> SlowStart:
    r"""Rerun the slowest arriving start of a shifted-Newton basin map and explain its steps.

    The map's slowest start is rerun alone with
    :func:`~curvlab.optimizers.levenberg_marquardt` (the same fixed shift :math:`\mu`, solved by
    ``numpy.linalg.solve``; its step count matches the map's). Near a stationary point with
    eigenvalues :math:`\lambda_i` the error along :math:`q_i` is multiplied by
    :math:`\mu/(\lambda_i + \mu)` per step (:func:`shifted_newton_factors`): the run's steps are
    those spent near a weakly repelling saddle plus those of the linear approach to the minimum.

    Parameters
    ----------
    objective : Objective
        The 2-D surface of the map.
    basins : BasinMap
        A map with ``method="newton"`` and ``damping > 0``, and at least one saddle among its
        points.
    tol : float
        The map's gradient-norm tolerance.
    radius : float
        The distance from the saddle counted as "near".

    Returns
    -------
    SlowStart

    Raises
    ------
    ValueError
        If the map is not a shifted Newton map, no start arrived, or it has no saddle.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), §3.4 (Hessian modification).
    """
    if not isinstance(basins, BasinMap) or basins.method != "newton" or basins.damping <= 0.0:
        raise ValueError("basins must be a BasinMap of shifted Newton (method 'newton', μ > 0)")
    tol = as_positive_float(tol, "tol")
    radius = as_positive_float(radius, "radius")
    steps = np.where(basins.labels >= 0, basins.iterations, -1)
    if steps.max() < 0:
        raise ValueError("basins has no start that arrived")
    saddles = [p for p in basins.points if p.kind is Kind.SADDLE]
    if not saddles:
        raise ValueError("basins has no saddle among its points")
    row, col = np.unravel_index(int(np.argmax(steps)), steps.shape)
    start = np.array([basins.xs[col], basins.ys[row]])
    mu = basins.damping
    trajectory = run(
        objective, levenberg_marquardt(mu), start, tol=tol, maxiter=max(basins.maxiter, 1)
    )
    minimum = basins.points[int(basins.labels[row, col])]

    def distances(point: CriticalPoint) -> np.ndarray:
        return np.linalg.norm(trajectory.xs - point.x, axis=1)

    saddle = min(saddles, key=lambda p: float(distances(p).min()))
    near = np.flatnonzero(distances(saddle) < radius)
    near_saddle = (int(near[0]), int(near[-1])) if near.size else (-1, -1)
    saddle_factor = float(shifted_newton_factors(saddle.classification.eigenvalues, mu).max())
    minimum_factor = float(shifted_newton_factors(minimum.classification.eigenvalues, mu).max())
    factor_steps = float(np.log(tol / trajectory.grad_norm[0]) / np.log(minimum_factor))
    within = np.flatnonzero(distances(minimum) < 1.0)
    final_steps = int(trajectory.nit - within[0]) if within.size else 0
    return SlowStart(
        start,
        trajectory,
        minimum,
        saddle,
        near_saddle,
        saddle_factor,
        minimum_factor,
        factor_steps,
        final_steps,
    )
