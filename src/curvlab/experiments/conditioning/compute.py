r"""How the condition number sets the cost of gradient descent: sweeps over κ, η and n.

On :math:`f(x) = \tfrac12 x^\top A x` with the optimal fixed step
:math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})` every eigen-component of the gradient shrinks
by at most :math:`\rho = (\kappa - 1)/(\kappa + 1)` per step, so the steps needed to bring
:math:`\|\nabla f\|` from :math:`\|g_0\|` below ``tol`` are at most

.. math:: k(\kappa) = \Big\lceil \frac{\log(\|g_0\|/\mathrm{tol})}{\log(1/\rho)} \Big\rceil
          \approx \frac{\kappa}{2}\,\log\frac{\|g_0\|}{\mathrm{tol}},

since :math:`1/\log\frac{\kappa + 1}{\kappa - 1} = 1/(2\operatorname{artanh}(1/\kappa))
= \kappa/2 - 1/(6\kappa) + \dots`
(:func:`steps_per_log_factor`). The count is exact on a bowl with only the two eigenvalues
:math:`\lambda_{\min}, \lambda_{\max}` when the gradient has a non-zero component along both.
The functions here run gradient descent through :func:`curvlab.run` and return the measured
counts beside that prediction, so a figure or a test can put the two side by side.

Reference: Nesterov, *Introductory Lectures on Convex Optimization* (2004), Thm 2.1.15.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.parallel import single_thread
from curvlab.core.runner import TOL, Status, Trajectory, run
from curvlab.core.spectrum import condition_number
from curvlab.core.validation import (
    as_finite_float,
    as_positive_float,
    as_positive_int,
    as_spd_matrix,
    as_vector,
    check_random_state,
)
from curvlab.optimizers import Optimizer, gradient_descent, heavy_ball, nesterov
from curvlab.problems.least_squares import as_features, design_matrix, least_squares, standardize
from curvlab.problems.quadratic import Quadratic, bowl, quadratic, random_spd_matrix
from curvlab.theory.momentum_rates import optimal_heavy_ball, standard_nesterov
from curvlab.theory.rates import (
    convergence_rate,
    optimal_rate,
    optimal_step,
    predicted_steps,
    stability_bound,
    steps_bound,
)

__all__ = [
    "CONDITIONING_START",
    "KAPPA_METHODS",
    "PREPROCESSINGS",
    "SCALED_GRID",
    "BowlStepStudy",
    "CGBoundGap",
    "CGResult",
    "DiagonalScaling",
    "KappaSweep",
    "KrylovRace",
    "PreprocessingRow",
    "RandomStartStudy",
    "StepSweep",
    "best_diagonal_scaling",
    "bowl_step_study",
    "cg_a_norm_steps",
    "cg_bound_gap",
    "cg_conversion_slack",
    "cg_rate",
    "conjugate_gradient",
    "contraction_after",
    "extreme_component_steps",
    "kappa_sweep",
    "krylov_gap",
    "krylov_race",
    "load_diabetes",
    "preprocessing_study",
    "random_kappa_sweep",
    "random_start_study",
    "rescale_feature",
    "step_sweep",
    "steps_per_log_factor",
    "unit_sweep",
    "whiten",
]


KAPPA_METHODS = ("gradient descent", "heavy ball", "Nesterov")
"""The methods :func:`kappa_sweep` can run, each with its tuned parameters for ``bowl(κ)``."""


class KappaSweep(NamedTuple):
    """Runs on ``bowl(κ)`` for each condition number, with each method's tuned parameters.

    Attributes
    ----------
    kappa : ndarray
        The condition numbers.
    nit : dict of str to ndarray of int
        Steps of each method's run until ``|∇f| < tol`` (gradient evaluations are one more).
    bound : dict of str to ndarray of int
        :func:`curvlab.theory.rates.steps_bound` of each method's rate ρ: the steps that
        :math:`\rho^k \\|g_0\\| < tol` asks for (for gradient descent an upper bound on ``nit``).
    rate : dict of str to ndarray
        Each method's rate ρ at its tuned parameters.
    """

    kappa: np.ndarray
    nit: dict[str, np.ndarray]
    bound: dict[str, np.ndarray]
    rate: dict[str, np.ndarray]

    def evaluations(self, method: str = "gradient descent") -> np.ndarray:
        """Gradient evaluations of ``method``'s runs: ``nit + 1`` (the last confirms)."""
        return self.nit[method] + 1


class StepSweep(NamedTuple):
    r"""Gradient descent on one quadratic for each step size.

    Attributes
    ----------
    lr : ndarray
        The step sizes.
    evaluations : ndarray of float
        Gradient evaluations until ``|∇f| < tol``; ``nan`` where the run did not converge.
    status : tuple of Status
        How each run ended.
    fine_lr, predicted : ndarray
        A fine grid of stable step sizes and the evaluations predicted there in closed form
        (:func:`~curvlab.theory.rates.predicted_steps` + 1).
    lr_star, bound, kappa : float
        :math:`\eta^*`, the stability bound :math:`2/\lambda_{\max}` and :math:`\kappa` of ``A``.
    """

    lr: np.ndarray
    evaluations: np.ndarray
    status: tuple[Status, ...]
    fine_lr: np.ndarray
    predicted: np.ndarray
    lr_star: float
    bound: float
    kappa: float


def _as_kappas(kappas: ArrayLike) -> np.ndarray:
    values = as_vector(kappas, "kappas")
    if np.any(values < 1.0):
        raise ValueError(f"kappas must all be at least 1; smallest is {values.min():g}")
    return values


def _tuned(method: str, A: np.ndarray) -> tuple[Optimizer, float]:
    if method == "gradient descent":
        return gradient_descent(optimal_step(A)), optimal_rate(A)
    if method == "heavy ball":
        hb = optimal_heavy_ball(A)
        return heavy_ball(hb.lr, hb.beta), hb.rate
    nag = standard_nesterov(A)
    return nesterov(nag.lr, nag.beta), nag.rate


def kappa_sweep(
    kappas: ArrayLike,
    x0: ArrayLike = (1.0, 1.0),
    *,
    methods: Sequence[str] = ("gradient descent",),
    tol: float = TOL,
    maxiter: int = 1_000_000,
) -> KappaSweep:
    r"""Run each method with its tuned parameters on the bowl ``diag(1, κ)`` for each κ.

    The one κ sweep of the book (chapter 4 runs gradient descent, chapter 6 adds momentum).
    Gradient descent uses :math:`\eta^* = 2/(1+\kappa)` (rate :math:`(\kappa-1)/(\kappa+1)`),
    heavy ball Polyak's optimal parameters (rate :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`),
    Nesterov :math:`\alpha = 1/L`, :math:`\beta = (\sqrt\kappa-1)/(\sqrt\kappa+1)` (rate
    :math:`1 - 1/\sqrt\kappa`).

    Parameters
    ----------
    kappas : array_like
        Condition numbers, each ``>= 1``.
    x0 : array_like, shape (2,)
        The common starting point.
    methods : sequence of str
        Names from :data:`KAPPA_METHODS`.
    tol : float
        Stop when ``|∇f| < tol``.
    maxiter : int
        Step budget per run.

    Returns
    -------
    KappaSweep

    Raises
    ------
    ValueError
        If a κ is below 1, a method is unknown, a run does not converge within ``maxiter``,
        ``x0`` is not a 2-vector or ``tol``/``maxiter`` are not positive.

    Examples
    --------
    >>> kappa_sweep([1, 10, 50]).evaluations().tolist()
    [2, 82, 445]
    """
    values = _as_kappas(kappas)
    start = as_vector(x0, "x0", 2)
    tol = as_positive_float(tol, "tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    methods = tuple(methods)
    unknown = [m for m in methods if m not in KAPPA_METHODS]
    if unknown or not methods:
        raise ValueError(f"methods must be names from {KAPPA_METHODS}; got {methods!r}")
    nit = {m: [] for m in methods}
    bound = {m: [] for m in methods}
    rates = {m: [] for m in methods}
    for kappa in values:
        objective = bowl(float(kappa))
        g0 = float(np.linalg.norm(objective.A @ start))
        for method in methods:
            optimizer, rate = _tuned(method, objective.A)
            trajectory = run(objective, optimizer, start, tol=tol, maxiter=maxiter)
            if not trajectory.success:
                raise ValueError(f"maxiter={maxiter:,d} is too small for {method} at κ={kappa:g}")
            nit[method].append(trajectory.nit)
            bound[method].append(steps_bound(g0, min(rate, 1.0 - 1e-16), tol))
            rates[method].append(rate)
    return KappaSweep(
        values,
        {m: np.array(v) for m, v in nit.items()},
        {m: np.array(v) for m, v in bound.items()},
        {m: np.array(v) for m, v in rates.items()},
    )


CONDITIONING_START = np.array([1.0, 1.0])
"""Where the runs of :func:`bowl_step_study` start."""

SCALED_GRID = np.concatenate(
    [np.linspace(0.02, 1.9, 189), 2.0 - np.geomspace(0.09, 1e-4, 60), np.linspace(2.0, 2.3, 31)]
)
r"""The grid of ``η · λmax`` over which :func:`bowl_step_study` predicts the cost: steps of 0.01
up to 1.9, then geometrically closer to 2 (down to 2 − 10⁻⁴), where the count climbs steeply and
η* sits at large κ (:math:`\eta^*\lambda_{\max} = 2\kappa/(1 + \kappa)`, 1.9993 at κ = 3000),
then the unstable steps past 2."""


class BowlStepStudy(NamedTuple):
    r"""Gradient descent on ``bowl(κ)`` with ``η = lr_scaled / κ``: what the exploration shows.

    Attributes
    ----------
    objective : Quadratic
        The bowl ``diag(1, κ)``.
    lr_scaled, lr : float
        The step as ``η · λmax`` and as ``η``.
    lr_star, bound, rate : float
        :math:`\eta^*`, :math:`2/\lambda_{\max}` and the rate :math:`\max_i |1 - \eta\lambda_i|`.
    trajectory : Trajectory
        The run from :data:`CONDITIONING_START`.
    evaluations : int or None
        Gradient evaluations to ``|∇f| < TOL`` in closed form (``None``: diverges).
    curve : ndarray
        The same count for every ``η · λmax`` of :data:`SCALED_GRID` (``nan``: diverges).
    """

    objective: Quadratic
    lr_scaled: float
    lr: float
    lr_star: float
    bound: float
    rate: float
    trajectory: Trajectory
    evaluations: int | None
    curve: np.ndarray


@functools.lru_cache(maxsize=64)
def _evaluation_curve(kappa: float) -> np.ndarray:
    curve = predicted_steps(np.diag([1.0, kappa]), SCALED_GRID / kappa, CONDITIONING_START, TOL)
    curve = curve + 1.0
    curve.flags.writeable = False
    return curve


def bowl_step_study(
    kappa: float, lr_scaled: float, optimal: bool = False, *, maxiter: int = 3_000
) -> BowlStepStudy:
    r"""Run gradient descent on ``bowl(κ)`` at ``η = lr_scaled / κ`` and predict its cost.

    The cost curve over :data:`SCALED_GRID` needs one eigendecomposition per κ and is cached,
    so moving only the step slider reruns one optimization and nothing else.

    Parameters
    ----------
    kappa : float
        The bowl ``diag(1, κ)``'s condition number (at least 1).
    lr_scaled : float
        The step as ``η · λmax``.
    optimal : bool
        Run at :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max}) = 2/(1 + \kappa)` instead
        (``lr_scaled`` is then ignored and reported as :math:`\eta^*\lambda_{\max}
        = 2\kappa/(1 + \kappa)`).
    maxiter : int
        Step budget of the run.

    Raises
    ------
    ValueError
        If ``kappa`` is below 1 or ``lr_scaled`` is not a positive number.
    """
    kappa = as_positive_float(kappa, "kappa")
    if kappa < 1.0:
        raise ValueError(f"kappa must be at least 1; got {kappa}")
    lr_scaled = as_positive_float(lr_scaled, "lr_scaled")
    objective = bowl(kappa)
    if optimal:
        lr = optimal_step(objective.A)
        lr_scaled = lr * kappa
    else:
        lr = lr_scaled / kappa
    trajectory = run(objective, gradient_descent(lr), CONDITIONING_START, maxiter=maxiter)
    steps = predicted_steps(objective.A, lr, CONDITIONING_START, TOL)
    return BowlStepStudy(
        objective,
        lr_scaled,
        lr,
        optimal_step(objective.A),
        stability_bound(objective.A),
        convergence_rate(objective.A, lr),
        trajectory,
        None if steps is None else steps + 1,
        _evaluation_curve(kappa),
    )


class StartStepStudy(NamedTuple):
    r"""Gradient evaluations on ``bowl(κ)`` from one start, at η* and at steps below it.

    Attributes
    ----------
    kappa : float
        The bowl ``diag(1, κ)``.
    start : ndarray, shape (2,)
        Where the runs start.
    optimal_scaled : float
        :math:`\eta^*\lambda_{\max} = 2\kappa/(1 + \kappa)`.
    optimal_evaluations : int
        Evaluations to ``|∇f| < tol`` at η*.
    steps, evaluations : ndarray
        The asked steps as ``η · λmax`` and their evaluations (``-1``: the run diverges).
    beats_from : float or None
        The smallest ``η · λmax`` of a fine grid below η* from which *every* grid step up to η*
        needs fewer evaluations than η* (``None``: the step just below η* does not).
    fewest_scaled : float
        The stable step ``η · λmax`` of the fine grid with the fewest evaluations.
    fewest_evaluations : int
        Its count.
    """

    kappa: float
    start: np.ndarray
    optimal_scaled: float
    optimal_evaluations: int
    steps: np.ndarray
    evaluations: np.ndarray
    beats_from: float | None
    fewest_scaled: float
    fewest_evaluations: int


def start_step_study(
    kappa: float,
    start: ArrayLike = CONDITIONING_START,
    steps: ArrayLike = (1.5, 1.98),
    *,
    tol: float = TOL,
    grid: int = 20_001,
) -> StartStepStudy:
    r"""Does a step below :math:`\eta^*` beat it from ``start`` on ``bowl(κ)``? In closed form.

    :math:`\eta^* = 2/(1 + \kappa)` minimizes the rate :math:`\max_i|1 - \eta\lambda_i|`, the
    bound that holds from every start. The count from one start depends on how its gradient
    splits between the two directions: component :math:`i` needs
    :math:`\log(|g_{0,i}|/\mathrm{tol})/\log(1/|1 - \eta\lambda_i|)` steps. From ``(1, 1)``
    the steep component starts κ times larger, and at η* it shrinks only by the rate
    :math:`\rho`, which costs about :math:`\ln\kappa/\ln(1/\rho) \approx
    (\kappa/2)\ln\kappa` extra steps; a smaller step shrinks it faster. Counts are
    :func:`curvlab.theory.rates.predicted_steps` ``+ 1`` (the final gradient evaluation), on a
    grid of ``grid`` steps ``η · λmax`` evenly spaced in ``(0, 2)``.

    Parameters
    ----------
    kappa : float
        Condition number of ``diag(1, κ)``, above 1.
    start : array_like, shape (2,)
        The start (its gradient must not vanish).
    steps : array_like
        Steps ``η · λmax`` whose counts are reported.
    tol : float
        Tolerance on ``|∇f|``.
    grid : int
        Number of grid steps in ``(0, 2)`` (at least 100).

    Raises
    ------
    ValueError
        If ``kappa`` is not above 1, ``start`` is not two finite numbers or is the minimizer,
        or ``grid`` is below 100.

    References
    ----------
    Y. Nesterov, *Lectures on Convex Optimization*, 2nd ed., Springer (2018), section 2.1.
    """
    kappa = as_positive_float(kappa, "kappa")
    if kappa <= 1.0:
        raise ValueError(f"kappa must be above 1; got {kappa:g}")
    x0 = as_vector(start, "start")
    if x0.shape != (2,) or not np.any(x0 != 0.0):
        raise ValueError(f"start must be a nonzero point of the plane; got {x0}")
    tol = as_positive_float(tol, "tol")
    grid = as_positive_int(grid, "grid")
    if grid < 100:
        raise ValueError(f"grid must be at least 100; got {grid}")
    asked = np.atleast_1d(np.asarray(steps, dtype=float))
    if asked.ndim != 1 or not np.all(np.isfinite(asked)) or np.any(asked <= 0.0):
        raise ValueError(f"steps must be positive numbers; got {steps!r}")
    A = np.diag([1.0, kappa])

    def counts(scaled: np.ndarray) -> np.ndarray:
        predicted = predicted_steps(A, scaled / kappa, x0, tol)
        return np.where(np.isfinite(predicted), predicted + 1.0, -1.0)

    optimal_scaled = 2.0 * kappa / (1.0 + kappa)
    optimal = int(counts(np.array([optimal_scaled]))[0])
    fine = np.linspace(0.0, 2.0, grid + 2)[1:-1]
    fine_counts = counts(fine)
    stable = fine_counts >= 0.0
    fewest = int(np.argmin(np.where(stable, fine_counts, np.inf)))
    below = fine < optimal_scaled
    losing = np.flatnonzero(below & (fine_counts >= optimal))
    first = 0 if losing.size == 0 else int(losing[-1]) + 1
    beats_from = float(fine[first]) if first < np.count_nonzero(below) else None
    return StartStepStudy(
        kappa,
        x0,
        optimal_scaled,
        optimal,
        asked,
        counts(asked).astype(int),
        beats_from,
        float(fine[fewest]),
        int(fine_counts[fewest]),
    )


def step_sweep(
    A: ArrayLike,
    lrs: ArrayLike,
    x0: ArrayLike,
    *,
    tol: float = TOL,
    maxiter: int = 100_000,
) -> StepSweep:
    r"""Run gradient descent on :math:`\tfrac12 x^\top A x` once per step size in ``lrs``.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A symmetric positive definite matrix.
    lrs : array_like
        Positive step sizes.
    x0 : array_like, shape (n,)
        The starting point.
    tol, maxiter
        As for :func:`curvlab.run`.

    Returns
    -------
    StepSweep
        Counts are ``nan`` for runs that diverged or ran out of steps.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite or a step size is not positive.
    """
    matrix = as_spd_matrix(A, "A")
    steps = as_vector(lrs, "lrs")
    if np.any(steps <= 0.0):
        raise ValueError(f"lrs must all be positive; smallest is {steps.min():g}")
    objective = quadratic(matrix)
    start = as_vector(x0, "x0", matrix.shape[0])
    counts, statuses = [], []
    for lr in steps:
        trajectory = run(objective, gradient_descent(float(lr)), start, tol=tol, maxiter=maxiter)
        counts.append(float(trajectory.n_grad) if trajectory.success else np.nan)
        statuses.append(trajectory.status)
    bound = stability_bound(matrix)
    fine = np.linspace(steps.min(), min(steps.max(), bound * 0.9999), 600)
    predicted = predicted_steps(matrix, fine, start, tol) + 1
    return StepSweep(
        steps,
        np.array(counts),
        tuple(statuses),
        fine,
        predicted,
        optimal_step(matrix),
        bound,
        condition_number(matrix),
    )


def random_kappa_sweep(
    n: int,
    kappas: ArrayLike,
    rng: np.random.Generator,
    *,
    trials: int = 5,
    tol: float = TOL,
    maxiter: int = 1_000_000,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Gradient descent at :math:`\eta^*` on random SPD matrices of size ``n`` and given κ.

    For each κ and each trial, draws ``A = random_spd_matrix(n, κ, rng)`` (geometric eigenvalues
    from 1 to κ, Haar-random eigenvectors) and a random unit start ``x0``, and counts gradient
    evaluations until ``|∇f| < tol``.

    Returns
    -------
    kappas : ndarray, shape (m,)
    evaluations : ndarray of int, shape (m, trials)

    Raises
    ------
    ValueError
        If ``n < 2``, a κ is below 1, or a run does not converge within ``maxiter``.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    """
    study = random_start_study(n, kappas, rng, trials=trials, tol=tol, maxiter=maxiter)
    return study.kappa, study.evaluations


def contraction_after(factor: float, n_steps: int) -> float:
    r"""Return :math:`|1 - \eta\lambda|^k`, the share of an eigen-component left after k steps.

    Parameters
    ----------
    factor : float
        The per-step factor :math:`1 - \eta\lambda`.
    n_steps : int
        The number of steps ``k``.

    Examples
    --------
    >>> round(contraction_after(0.5, 5), 5)
    0.03125
    """
    factor = as_finite_float(factor, "factor")
    n_steps = as_positive_int(n_steps, "n_steps")
    return abs(factor) ** n_steps


def rescale_feature(features: ArrayLike, column: int, factor: float) -> np.ndarray:
    """Return a copy of ``features`` with one column multiplied by ``factor`` (a change of units).

    Raises
    ------
    ValueError
        If ``column`` is out of range or ``factor`` is not positive.
    """
    array = as_features(features).copy()
    factor = as_positive_float(factor, "factor")
    if not isinstance(column, int) or not 0 <= column < array.shape[1]:
        raise ValueError(f"column must index one of the {array.shape[1]} columns; got {column!r}")
    array[:, column] *= factor
    return array


class DiagonalScaling(NamedTuple):
    r"""A diagonal rescaling :math:`DAD` of a symmetric positive definite matrix.

    Attributes
    ----------
    scales : ndarray, shape (n,)
        The diagonal of :math:`D`, normalized so that its last entry is 1 (κ does not change when
        every scale is multiplied by the same number).
    kappa : float
        :math:`\kappa(DAD)`.
    unit_diagonal_kappa : float
        κ of the scaling with unit diagonal, :math:`D = \operatorname{diag}(A)^{-1/2}` (what
        scaling every feature to unit root mean square does to :math:`X^\top X/N`).
    """

    scales: np.ndarray
    kappa: float
    unit_diagonal_kappa: float


def best_diagonal_scaling(A: ArrayLike, *, xtol: float = 1e-8) -> DiagonalScaling:
    r"""A diagonal scaling :math:`D` with small :math:`\kappa(DAD)`: a local search for the minimum.

    Rescaling the columns of a design matrix :math:`X` by :math:`D` (a change of every feature's
    unit) turns the Hessian :math:`X^\top X/N` into :math:`DAD`. The unit-diagonal choice
    :math:`D = \operatorname{diag}(A)^{-1/2}` is within a factor :math:`n` of the best one,
    :math:`\kappa \le n \min_D \kappa(DAD)` (van der Sluis 1969), but it need not be the best.

    This function does a local search: Nelder–Mead over :math:`\log d_1, \dots, \log d_{n-1}`
    with :math:`d_n = 1`, started at the unit-diagonal scaling, which returns the better of its
    end point and its start. Nelder–Mead carries no guarantee of reaching the minimum, and its
    reliability falls as :math:`n` grows; the result is verified against an exhaustive grid
    for :math:`n = 3` only (the size the book uses), where it agrees to the grid's resolution.
    The exact minimum is a quasiconvex problem in :math:`F = D^{-2}`:
    :math:`\kappa(DAD) \le t` if and only if some diagonal :math:`G \succ 0` has
    :math:`G \preceq A \preceq tG`, a linear matrix inequality, so bisection on :math:`t` with a
    semidefinite feasibility check solves it (Boyd et al. 1994, section 3.1); that needs a
    semidefinite solver, which this function does not use.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite, ``n >= 2``.
    xtol : float
        Tolerance of the search in :math:`\log d`.

    Returns
    -------
    DiagonalScaling

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite or is 1 × 1.

    References
    ----------
    A. van der Sluis, "Condition numbers and equilibration of matrices", *Numerische
    Mathematik* 14 (1969), 14–23.
    S. Boyd, L. El Ghaoui, E. Feron and V. Balakrishnan, *Linear Matrix Inequalities in System
    and Control Theory*, SIAM (1994), section 3.1.
    """
    from scipy.optimize import minimize

    matrix = as_spd_matrix(A, "A")
    n = matrix.shape[0]
    if n < 2:
        raise ValueError("A must be at least 2 × 2")
    xtol = as_positive_float(xtol, "xtol")
    jacobi = 1.0 / np.sqrt(np.diag(matrix))
    jacobi = jacobi / jacobi[-1]

    def log_kappa(logs: np.ndarray) -> float:
        d = np.append(np.exp(logs), 1.0)
        values = np.linalg.eigvalsh(matrix * np.outer(d, d))
        return float(np.log(values[-1] / values[0]))

    start = np.log(jacobi[:-1])
    simplex = start + np.vstack([np.zeros(n - 1), 0.5 * np.eye(n - 1)])  # factors of e^0.5
    result = minimize(
        log_kappa,
        start,
        method="Nelder-Mead",
        options={"xatol": xtol, "fatol": 1e-12, "maxiter": 2000 * n, "initial_simplex": simplex},
    )
    best = result.x if result.fun <= log_kappa(start) else start
    return DiagonalScaling(
        np.append(np.exp(best), 1.0),
        float(np.exp(log_kappa(best))),
        float(np.exp(log_kappa(start))),
    )


def unit_sweep(
    features: ArrayLike,
    target: ArrayLike,
    factors: ArrayLike,
    *,
    column: int = 0,
    center: bool = False,
    scale: bool = False,
    tol: float = TOL,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""κ and gradient-descent cost of the least-squares fit as one feature's unit changes.

    For each factor, the column ``column`` is multiplied by it (a change of units), the features
    are optionally centered and scaled (:func:`standardize`), the intercept column is appended and
    the Hessian :math:`A = X^\top X/N` formed and decomposed once (the
    :class:`~curvlab.problems.quadratic.Quadratic` carries its spectrum, which
    :func:`~curvlab.core.spectrum.condition_number`, :func:`~curvlab.theory.rates.optimal_step`
    and :func:`~curvlab.theory.rates.predicted_steps` reuse). Gradient descent from :math:`w = 0` at
    :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})` is counted in closed form
    (:func:`curvlab.theory.rates.predicted_steps` + 1), because the badly
    scaled cases need
    far too many steps to run.

    Returns
    -------
    factors, kappas, evaluations : ndarray
    """
    ks = as_vector(factors, "factors")
    if np.any(ks <= 0.0):
        raise ValueError("factors must be positive")
    kappas, counts = [], []
    for factor in ks:
        rescaled = rescale_feature(features, column, float(factor))
        z = standardize(rescaled, center=center, scale=scale).features
        loss = least_squares(design_matrix(z), target)
        # The quadratic carries its spectrum: κ, η* and the step count reuse it (one eigh).
        kappas.append(condition_number(loss))
        steps = predicted_steps(loss, optimal_step(loss), np.zeros(loss.dim), tol, loss.b)
        counts.append(np.nan if steps is None else float(steps + 1))
    return ks, np.array(kappas), np.array(counts)


def steps_per_log_factor(kappa: float) -> float:
    r"""Return :math:`1/\log\frac{\kappa+1}{\kappa-1}`: steps of GD at :math:`\eta^*` per unit of
    :math:`\log(\|g_0\|/\mathrm{tol})`.

    Since :math:`\log\frac{\kappa+1}{\kappa-1} = 2\operatorname{artanh}(1/\kappa)
    = \frac{2}{\kappa} + \frac{2}{3\kappa^3} + \dots`, the factor is
    :math:`\frac{\kappa}{2} - \frac{1}{6\kappa} + O(\kappa^{-3})`: slightly *below* κ/2.

    Parameters
    ----------
    kappa : float
        A condition number above 1 (at κ = 1 one step suffices and the factor is 0).

    Raises
    ------
    ValueError
        If ``kappa`` is not a number above 1.

    Examples
    --------
    >>> round(steps_per_log_factor(10.0), 3)
    4.983
    """
    kappa = as_positive_float(kappa, "kappa")
    if kappa <= 1.0:
        raise ValueError(f"kappa must be above 1; got {kappa:g}")
    return float(0.5 / np.arctanh(1.0 / kappa))


def extreme_component_steps(A: ArrayLike, x0: ArrayLike, tol: float = TOL) -> int:
    r"""Predict GD's steps at :math:`\eta^*` on :math:`\tfrac12 x^\top A x` from the extreme
    eigen-components of the start alone.

    With :math:`c_{\max}` and :math:`c_{\min}` the lengths of the start's projections on the
    eigenspaces of :math:`\lambda_{\max}` and :math:`\lambda_{\min}`, the gradient's parts there are
    :math:`\lambda_{\max} c_{\max}` and :math:`\lambda_{\min} c_{\min}`, and both shrink by exactly
    :math:`\rho = (\kappa-1)/(\kappa+1)` per step, while every interior component shrinks faster.
    Once the interior components have died out,
    :math:`\|g_k\| \approx \rho^k \|(\lambda_{\max} c_{\max}, \lambda_{\min} c_{\min})\|`, so

    .. math:: k \approx \Big\lceil \frac{\log(\|(\lambda_{\max} c_{\max},
              \lambda_{\min} c_{\min})\|/\mathrm{tol})}{\log(1/\rho)} \Big\rceil .

    It is exact when A has only the two eigenvalues :math:`\lambda_{\min}, \lambda_{\max}`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite, with :math:`\lambda_{\min} < \lambda_{\max}`.
    x0 : array_like, shape (n,)
        The start (the minimizer is 0).
    tol : float
        The gradient-norm tolerance.

    Returns
    -------
    int
        The predicted number of steps (gradient evaluations are one more).

    Raises
    ------
    ValueError
        If ``A`` is not SPD, is a multiple of the identity, or the lengths disagree.
    """
    matrix = as_spd_matrix(A, "A")
    start = as_vector(x0, "x0", matrix.shape[0])
    tol = as_positive_float(tol, "tol")
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    if eigenvalues[-1] <= eigenvalues[0] * (1.0 + 1e-12):
        raise ValueError("A must have two distinct extreme eigenvalues")
    c = eigenvectors.T @ start
    spread = 1e-9 * eigenvalues[-1]
    c_max = np.linalg.norm(c[eigenvalues >= eigenvalues[-1] - spread])
    c_min = np.linalg.norm(c[eigenvalues <= eigenvalues[0] + spread])
    extreme = float(np.hypot(eigenvalues[-1] * c_max, eigenvalues[0] * c_min))
    rho = (eigenvalues[-1] - eigenvalues[0]) / (eigenvalues[-1] + eigenvalues[0])
    return steps_bound(extreme, float(rho), tol)


class RandomStartStudy(NamedTuple):
    r"""Gradient descent at :math:`\eta^*` on random SPD matrices from random unit starts.

    Attributes
    ----------
    kappa : ndarray, shape (m,)
        The condition numbers.
    evaluations : ndarray of int, shape (m, trials)
        Measured gradient evaluations to ``|∇f| < tol``.
    extreme : ndarray of int, shape (m, trials)
        :func:`extreme_component_steps` + 1 for the same matrix and start.
    two_eigenvalue : ndarray of int, shape (m,)
        The count on ``diag(1, κ)`` from ``(1, 1)``: :func:`steps_bound` + 1.
    c_max : ndarray, shape (m, trials)
        :math:`|c_{\max}|`, the length of each unit start's projection on the eigenspace of
        :math:`\lambda_{\max}` (about :math:`1/\sqrt n` for a random start; 1 for ``(1, 1)`` on
        ``diag(1, κ)``).
    """

    kappa: np.ndarray
    evaluations: np.ndarray
    extreme: np.ndarray
    two_eigenvalue: np.ndarray
    c_max: np.ndarray


def random_start_study(
    n: int,
    kappas: ArrayLike,
    rng: np.random.Generator,
    *,
    trials: int = 5,
    tol: float = TOL,
    maxiter: int = 1_000_000,
) -> RandomStartStudy:
    r"""The runs of :func:`random_kappa_sweep`, each with its extreme-component prediction.

    Draws exactly what :func:`random_kappa_sweep` draws (same ``rng`` calls, same counts) and adds,
    for each run, :func:`extreme_component_steps` + 1, and for each κ the two-eigenvalue count.

    Raises
    ------
    ValueError
        If ``n < 2``, a κ is below 1, or a run does not converge within ``maxiter``.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    """
    values = _as_kappas(kappas)
    trials = as_positive_int(trials, "trials")
    tol = as_positive_float(tol, "tol")
    rng = check_random_state(rng)
    counts = np.zeros((values.size, trials), dtype=int)
    extreme = np.zeros((values.size, trials), dtype=int)
    c_max = np.zeros((values.size, trials))
    for i, kappa in enumerate(values):
        for j in range(trials):
            matrix = random_spd_matrix(n, float(kappa), rng)
            start = rng.standard_normal(matrix.shape[0])
            start /= np.linalg.norm(start)
            bowl = quadratic(matrix)  # its spectrum also gives η*: one eigendecomposition
            trajectory = run(
                bowl,
                gradient_descent(optimal_step(bowl)),
                start,
                tol=tol,
                maxiter=maxiter,
            )
            if not trajectory.success:
                raise ValueError(f"maxiter={maxiter:,d} is too small for κ={kappa:g}")
            counts[i, j] = trajectory.n_grad
            extreme[i, j] = extreme_component_steps(matrix, start, tol) + 1
            c_max[i, j] = _top_component(matrix, start)
    two = np.array(
        [
            steps_bound(float(np.hypot(1.0, k)), float((k - 1.0) / (k + 1.0)), tol) + 1
            for k in values
        ]
    )
    return RandomStartStudy(values, counts, extreme, two, c_max)


def _top_component(matrix: np.ndarray, start: np.ndarray) -> float:
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    top = eigenvalues >= eigenvalues[-1] * (1.0 - 1e-9)
    return float(np.linalg.norm(eigenvectors[:, top].T @ start))


class CGResult(NamedTuple):
    r"""A run of the conjugate-gradient method on :math:`Ax = b`.

    Attributes
    ----------
    x : ndarray, shape (n,)
        The last iterate.
    residual_norms : ndarray, shape (nit + 1,)
        :math:`\|b - Ax_k\|` for every iterate, the start included (the gradient norm of
        :math:`\tfrac12 x^\top A x - b^\top x`).
    nit : int
        Iterations done; each costs one product with A.
    success : bool
        Whether the residual norm fell below ``tol``.
    """

    x: np.ndarray
    residual_norms: np.ndarray
    nit: int
    success: bool


def conjugate_gradient(
    A: ArrayLike,
    b: ArrayLike,
    x0: ArrayLike | None = None,
    *,
    tol: float = TOL,
    maxiter: int | None = None,
) -> CGResult:
    r"""Solve :math:`Ax = b` for SPD ``A`` by conjugate gradients (Hestenes & Stiefel 1952).

    Equivalently, minimize :math:`f(x) = \tfrac12 x^\top A x - b^\top x`, whose gradient is the
    negative residual :math:`-r = Ax - b`. From :math:`r_0 = p_0 = b - Ax_0`:

    .. math::
        \alpha_k = \frac{r_k^\top r_k}{p_k^\top A p_k},\quad
        x_{k+1} = x_k + \alpha_k p_k,\quad r_{k+1} = r_k - \alpha_k A p_k,\quad
        p_{k+1} = r_{k+1} + \frac{r_{k+1}^\top r_{k+1}}{r_k^\top r_k}\, p_k .

    :math:`x_k` minimizes :math:`\|x - x^*\|_A` over :math:`x_0` plus the Krylov space
    :math:`\operatorname{span}\{r_0, Ar_0, \dots, A^{k-1} r_0\}`, so in exact arithmetic CG ends
    in at most n steps, and with :math:`\sigma = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`,
    :math:`\|x_k - x^*\|_A \le 2\sigma^k \|x_0 - x^*\|_A`. It needs no step size: neither
    :math:`\lambda_{\min}` nor :math:`\lambda_{\max}` is an input. One product with A per
    iteration.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite.
    b : array_like, shape (n,)
    x0 : array_like, shape (n,), optional
        The start (zero by default).
    tol : float
        Stop when :math:`\|b - Ax_k\| < tol`.
    maxiter : int, optional
        Iteration budget (default ``10 n``, enough for rounding to be corrected).

    Returns
    -------
    CGResult

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite or the lengths disagree.

    References
    ----------
    Hestenes & Stiefel (1952); Nocedal & Wright, *Numerical Optimization* (2006), §5.1.

    Examples
    --------
    >>> result = conjugate_gradient([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0])
    >>> result.nit, np.round(result.x, 4).tolist()
    (2, [0.0909, 0.6364])
    """
    matrix = as_spd_matrix(A, "A")
    n = matrix.shape[0]
    rhs = as_vector(b, "b", n)
    x = np.zeros(n) if x0 is None else as_vector(x0, "x0", n)
    tol = as_positive_float(tol, "tol")
    maxiter = 10 * n if maxiter is None else as_positive_int(maxiter, "maxiter")
    r = rhs - matrix @ x
    p = r.copy()
    rr = float(r @ r)
    norms = [np.sqrt(rr)]
    k = 0
    while norms[-1] >= tol and k < maxiter:
        Ap = matrix @ p
        alpha = rr / float(p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rr_next = float(r @ r)
        p = r + (rr_next / rr) * p
        rr = rr_next
        norms.append(np.sqrt(rr))
        k += 1
    return CGResult(x, np.array(norms), k, bool(norms[-1] < tol))


def load_diabetes() -> tuple[np.ndarray, np.ndarray]:
    r"""scikit-learn's bundled diabetes data in its original units (no download).

    442 patients, 10 features (age, sex, body-mass index, blood pressure and six blood serum
    measurements, ``s1``–``s6``) and a measure of disease progression one year later
    (Efron, Hastie, Johnstone & Tibshirani 2004). ``scaled=False`` keeps the recorded units.

    Returns
    -------
    features : ndarray, shape (442, 10)
    target : ndarray, shape (442,)
    """
    from sklearn.datasets import load_diabetes as _load

    data = _load(scaled=False)
    return np.asarray(data.data, dtype=float), np.asarray(data.target, dtype=float)


def whiten(features: ArrayLike) -> np.ndarray:
    r"""Return ZCA-whitened features: centered, then multiplied by :math:`\Sigma^{-1/2}`.

    With :math:`\Sigma = \frac1N X_c^\top X_c` the covariance of the centered features
    :math:`X_c`, the result :math:`Z = X_c \Sigma^{-1/2}` has :math:`\frac1N Z^\top Z = I`:
    the features are uncorrelated with unit variance (LeCun et al. 1998, §4.3).

    Raises
    ------
    ValueError
        If the covariance is singular (a constant feature, or features that are linearly
        dependent).
    """
    array = as_features(features)
    centered = array - array.mean(axis=0)
    covariance = centered.T @ centered / array.shape[0]
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    if eigenvalues[0] <= 1e-12 * eigenvalues[-1]:
        raise ValueError("features must have a non-singular covariance to be whitened")
    inverse_root = (eigenvectors / np.sqrt(eigenvalues)) @ eigenvectors.T
    return centered @ inverse_root


PREPROCESSINGS = ("raw", "standardized", "whitened")
"""The preprocessings :func:`preprocessing_study` compares."""


class PreprocessingRow(NamedTuple):
    """κ of the least-squares Hessian and GD's cost at η* for one preprocessing."""

    name: str
    kappa: float
    evaluations: int
    max_correlation: float


def preprocessing_study(
    features: ArrayLike, target: ArrayLike, *, tol: float = TOL
) -> tuple[PreprocessingRow, ...]:
    r"""Condition number and GD cost of a least-squares fit under each of :data:`PREPROCESSINGS`.

    For each, builds :math:`A = X^\top X/N` with an intercept column, and counts gradient
    evaluations at :math:`\eta^*` from :math:`w = 0` in closed form
    (:func:`curvlab.theory.rates.predicted_steps` + 1). ``max_correlation`` is the largest
    :math:`|r_{ij}|`, :math:`i \ne j`, between the preprocessed features.

    Raises
    ------
    ValueError
        If the features cannot be whitened (see :func:`whiten`).
    """
    array = as_features(features)
    rows = []
    for name in PREPROCESSINGS:
        if name == "raw":
            z = array
        elif name == "standardized":
            z = standardize(array).features
        else:
            z = whiten(array)
        loss = least_squares(design_matrix(z), target)
        steps = predicted_steps(loss.A, optimal_step(loss.A), np.zeros(loss.dim), tol, loss.b)
        correlation = np.corrcoef(z, rowvar=False)
        off = np.abs(correlation[~np.eye(correlation.shape[0], dtype=bool)])
        rows.append(
            PreprocessingRow(name, condition_number(loss.A), int(steps) + 1, float(off.max()))
        )
    return tuple(rows)


class KrylovRace(NamedTuple):
    r"""CG against gradient descent at :math:`\eta^*` on random SPD bowls, one per κ.

    Attributes
    ----------
    kappa : ndarray, shape (m,)
    cg : ndarray of int
        CG iterations to ``|∇f| < tol`` (one product with A each).
    gd : ndarray of int
        Gradient-descent steps at :math:`\eta^*` to the same tolerance, in closed form
        (:func:`curvlab.theory.rates.predicted_steps`); GD is given λmin and λmax exactly.
    cg_bound : ndarray of int
        The smallest k with :math:`2\sqrt\kappa\,\sigma^k \|g_0\| < tol`,
        :math:`\sigma = (\sqrt\kappa-1)/(\sqrt\kappa+1)`: CG's A-norm bound turned into a
        gradient-norm bound (:math:`\|g\| \le \sqrt{\lambda_{\max}}\|e\|_A`,
        :math:`\|e\|_A \le \|g\|/\sqrt{\lambda_{\min}}`).
    """

    kappa: np.ndarray
    cg: np.ndarray
    gd: np.ndarray
    cg_bound: np.ndarray


def krylov_race(
    n: int, kappas: ArrayLike, rng: np.random.Generator, *, tol: float = TOL
) -> KrylovRace:
    r"""Minimize :math:`\tfrac12 x^\top A x` by CG and by GD at :math:`\eta^*` from one random unit
    start per κ, on ``A = random_spd_matrix(n, κ, rng)``.

    Raises
    ------
    ValueError
        If ``n < 2``, a κ is below 1, or CG does not converge within ``10 n`` iterations.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    """
    values = _as_kappas(kappas)
    tol = as_positive_float(tol, "tol")
    rng = check_random_state(rng)
    cg, gd, bound = [], [], []
    with single_thread():  # see _race_problem
        for kappa in values:
            matrix, start = _race_problem(n, float(kappa), rng)
            result = conjugate_gradient(matrix, np.zeros(matrix.shape[0]), start, tol=tol)
            if not result.success:
                raise ValueError(
                    f"CG did not converge within {10 * n:,d} iterations at κ={kappa:g}"
                )
            cg.append(result.nit)
            gd.append(predicted_steps(matrix, optimal_step(matrix), start, tol))
            g0 = 2.0 * np.sqrt(kappa) * float(np.linalg.norm(matrix @ start))
            bound.append(steps_bound(g0, cg_rate(kappa), tol))
    return KrylovRace(values, np.array(cg), np.array(gd), np.array(bound))


def _race_problem(n: int, kappa: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # The races' matrices (n = 500, 1000) are small for BLAS threads: the callers run them on one
    # thread, which on a busy two-core machine took 1 CPU-second instead of 7 (measured).
    matrix = random_spd_matrix(n, kappa, rng)
    start = rng.standard_normal(matrix.shape[0])
    return matrix, start / np.linalg.norm(start)


class CGBoundGap(NamedTuple):
    r"""Where the gap between CG's iterations and its worst-case bound comes from.

    With :math:`\sigma = (\sqrt\kappa-1)/(\sqrt\kappa+1)` and :math:`x^* = 0`:

    Attributes
    ----------
    iterations : int
        CG iterations to :math:`\|g_k\| < tol`.
    bound : int
        Smallest k with :math:`2\sqrt\kappa\,\sigma^k\|g_0\| < tol` (as :class:`KrylovRace`).
    bound_without_conversion : int
        Smallest k with :math:`\sigma^k\|g_0\| < tol`: the bound without the factor
        :math:`2\sqrt\kappa` that turns the A-norm bound into a gradient-norm bound.
    a_norm_reduction : float
        What CG achieved in the A-norm, :math:`\|x_K\|_A/\|x_0\|_A` at its last iterate K.
    a_norm_count : int
        Smallest k with :math:`2\sigma^k \le` ``a_norm_reduction``: the iterations the A-norm bound
        promises for the reduction CG actually reached.
    tolerance_reduction : float
        The gradient-norm reduction the tolerance asks for, :math:`r_t = tol/\|g_0\|` (CG stops
        once :math:`\|g_K\|/\|g_0\| < r_t`).

    ``bound - a_norm_count`` is the slack of converting a gradient-norm tolerance into an A-norm
    one; ``a_norm_count - iterations`` is what CG gains over the bound by adapting to the whole
    spectrum. The slack is :math:`\log(\sqrt\kappa\, r_A / r_t) / \log(1/\sigma)` iterations,
    with :math:`r_A` = ``a_norm_reduction``, up to the two counts' roundings up (the factor 2
    is in both). The conversion's worst case, a gradient-norm reduction :math:`\sqrt\kappa`
    times larger than the error's, costs the :math:`\sqrt\kappa`; a ratio :math:`r_A/r_t` above
    1 (the gradient asked to fall further than the error did) adds to it.
    """

    iterations: int
    bound: int
    bound_without_conversion: int
    a_norm_reduction: float
    a_norm_count: int
    tolerance_reduction: float


def cg_bound_gap(A: ArrayLike, x0: ArrayLike, *, tol: float = TOL) -> CGBoundGap:
    r"""Split CG's distance to its gradient-norm bound on :math:`\tfrac12 x^\top A x` from ``x0``.

    CG satisfies :math:`\|x_k - x^*\|_A \le 2\sigma^k\|x_0 - x^*\|_A`,
    :math:`\sigma = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`. A gradient-norm tolerance needs the
    conversions :math:`\|g\| \le \sqrt{\lambda_{\max}}\|e\|_A` and
    :math:`\|e\|_A \le \|g\|/\sqrt{\lambda_{\min}}`, which cost the factor :math:`\sqrt\kappa`
    (with the 2, :math:`\log(2\sqrt\kappa)/\log(1/\sigma)` iterations). This function runs CG and
    reports the bound, the bound without that factor, the A-norm reduction CG reached, the
    iterations the A-norm bound needs for it, and the gradient-norm reduction the tolerance asks
    for.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite with :math:`\kappa > 1`.
    x0 : array_like, shape (n,)
        The start; the minimizer is 0.
    tol : float
        Gradient-norm tolerance.

    Returns
    -------
    CGBoundGap

    Raises
    ------
    ValueError
        If ``A`` is not SPD, is a multiple of the identity, ``x0`` is zero or has the wrong length,
        or CG does not converge within ``10 n`` iterations.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), §5.1, Thm 5.5 and (5.36).
    """
    matrix = as_spd_matrix(A, "A")
    start = as_vector(x0, "x0", matrix.shape[0])
    tol = as_positive_float(tol, "tol")
    eigenvalues = np.linalg.eigvalsh(matrix)
    kappa = float(eigenvalues[-1] / eigenvalues[0])
    if kappa <= 1.0 + 1e-12:
        raise ValueError("A must not be a multiple of the identity (κ must exceed 1)")
    start_energy = float(start @ matrix @ start)
    if start_energy <= 0.0:
        raise ValueError("x0 must be non-zero")
    result = conjugate_gradient(matrix, np.zeros(matrix.shape[0]), start, tol=tol)
    if not result.success:
        raise ValueError(f"CG did not converge within {10 * matrix.shape[0]:,d} iterations")
    sigma = cg_rate(kappa)
    g0 = float(np.linalg.norm(matrix @ start))
    reduction = float(np.sqrt(result.x @ matrix @ result.x / start_energy))
    return CGBoundGap(
        result.nit,
        steps_bound(2.0 * np.sqrt(kappa) * g0, sigma, tol),
        steps_bound(g0, sigma, tol),
        reduction,
        cg_a_norm_steps(kappa, reduction),
        tol / g0,
    )


def cg_a_norm_steps(kappa: float, reduction: float) -> int:
    r"""The CG iterations that the :math:`A`-norm bound promises for reducing the error by the
    factor ``reduction``: the smallest :math:`k` with :math:`2\sigma^k \le` ``reduction``,
    :math:`\sigma = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

    :func:`cg_bound_gap` reports it for the reduction CG reached (its ``a_norm_count``). That
    reduction, and so the count, moves with the rounding of the CPU (CG's last iterate does);
    a text that quotes the reduction to a few digits quotes this count for the quoted value.

    Raises
    ------
    ValueError
        If ``kappa`` is not above 1 or ``reduction`` is not positive.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), §5.1, (5.36).
    """
    sigma = _cg_rate_below_1(kappa)
    reduction = as_positive_float(reduction, "reduction")
    return max(0, math.ceil(math.log(2.0 / reduction) / math.log(1.0 / sigma)))


def cg_conversion_slack(
    kappa: float, a_norm_reduction: float, tolerance_reduction: float
) -> tuple[float, float]:
    r"""The two parts, in iterations, of the slack ``bound - a_norm_count`` of
    :class:`CGBoundGap`: :math:`\log\sqrt\kappa / \log(1/\sigma)` for the factor
    :math:`\sqrt\kappa` of the conversion's worst case, and :math:`\log(r_A/r_t) / \log(1/\sigma)`
    for the tolerance asking the gradient to fall further (:math:`r_t`) than the A-norm error did
    (:math:`r_A`). Their sum is the slack up to the two counts' roundings up.

    Raises
    ------
    ValueError
        If ``kappa`` is not above 1 or a reduction is not positive.
    """
    sigma = _cg_rate_below_1(kappa)
    a_norm_reduction = as_positive_float(a_norm_reduction, "a_norm_reduction")
    tolerance_reduction = as_positive_float(tolerance_reduction, "tolerance_reduction")
    per_iteration = math.log(1.0 / sigma)
    return (
        math.log(math.sqrt(kappa)) / per_iteration,
        math.log(a_norm_reduction / tolerance_reduction) / per_iteration,
    )


def cg_rate(kappa: float) -> float:
    r"""CG's rate :math:`\sigma = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)` in its A-norm bound
    :math:`\|x_k - x^*\|_A \le 2\sigma^k \|x_0 - x^*\|_A` (Nocedal & Wright (2006), (5.36)).

    Raises
    ------
    ValueError
        If ``kappa`` is below 1 (at 1, :math:`\sigma = 0`: CG converges in one step).
    """
    kappa = as_finite_float(kappa, "kappa")
    if kappa < 1.0:
        raise ValueError(f"kappa must be at least 1; got {kappa}")
    root = math.sqrt(kappa)
    return (root - 1.0) / (root + 1.0)


def _cg_rate_below_1(kappa: float) -> float:
    r""":func:`cg_rate` for a count in iterations, which needs :math:`0 < \sigma < 1`."""
    if as_finite_float(kappa, "kappa") <= 1.0:
        raise ValueError(f"kappa must exceed 1; got {kappa}")
    return cg_rate(kappa)


def krylov_gap(n: int, kappa: float, rng: np.random.Generator, *, tol: float = TOL) -> CGBoundGap:
    r""":func:`cg_bound_gap` on the bowl and start that :func:`krylov_race` draws for one κ.

    ``krylov_gap(n, κ, default_rng(s))`` analyses the same run as
    ``krylov_race(n, [κ], default_rng(s))``.

    Raises
    ------
    ValueError
        If ``n < 2``, ``kappa`` is not above 1, or CG does not converge.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    """
    kappa = as_finite_float(kappa, "kappa")
    if kappa <= 1.0:
        raise ValueError(f"kappa must exceed 1; got {kappa}")
    tol = as_positive_float(tol, "tol")
    rng = check_random_state(rng)
    with single_thread():  # see _race_problem
        matrix, start = _race_problem(n, kappa, rng)
        return cg_bound_gap(matrix, start, tol=tol)
