r"""How the condition number sets the cost of gradient descent: sweeps over κ, η and n.

On :math:`f(x) = \tfrac12 x^\top A x` with the optimal fixed step
:math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})` every eigen-component of the gradient shrinks
by at most :math:`\rho = (\kappa - 1)/(\kappa + 1)` per step, so the steps needed to bring
:math:`\|\nabla f\|` from :math:`\|g_0\|` below ``tol`` are at most

.. math:: k(\kappa) = \Big\lceil \frac{\log(\|g_0\|/\mathrm{tol})}{\log(1/\rho)} \Big\rceil
          \approx \frac{\kappa + 1}{2}\,\log\frac{\|g_0\|}{\mathrm{tol}},

since :math:`\log\frac{\kappa + 1}{\kappa - 1} = 2\operatorname{artanh}(1/\kappa) \approx 2/\kappa`.
The functions here run gradient descent through :func:`curvlab.run` and return the measured
counts beside that prediction, so a figure or a test can put the two side by side.

Reference: Nocedal & Wright, *Numerical Optimization* (2006), §3.3.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.runner import TOL, Status, Trajectory, run
from curvlab.core.spectrum import condition_number
from curvlab.core.validation import (
    as_finite_float,
    as_generator,
    as_positive_float,
    as_positive_int,
    as_spd_matrix,
    as_vector,
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
    "SCALED_GRID",
    "BowlStepStudy",
    "KappaSweep",
    "StepSweep",
    "bowl_step_study",
    "contraction_after",
    "kappa_sweep",
    "random_kappa_sweep",
    "rescale_feature",
    "step_sweep",
    "unit_sweep",
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

SCALED_GRID = np.linspace(0.02, 2.3, 300)
"""The grid of ``η · λmax`` over which :func:`bowl_step_study` predicts the cost."""


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


def bowl_step_study(kappa: float, lr_scaled: float, *, maxiter: int = 3_000) -> BowlStepStudy:
    r"""Run gradient descent on ``bowl(κ)`` at ``η = lr_scaled / κ`` and predict its cost.

    The cost curve over :data:`SCALED_GRID` needs one eigendecomposition per κ and is cached,
    so moving only the step slider reruns one optimization and nothing else.

    Raises
    ------
    ValueError
        If ``kappa`` or ``lr_scaled`` is not a positive number.
    """
    kappa = as_positive_float(kappa, "kappa")
    lr_scaled = as_positive_float(lr_scaled, "lr_scaled")
    objective = bowl(kappa)
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
    values = _as_kappas(kappas)
    trials = as_positive_int(trials, "trials")
    as_generator(rng)
    counts = np.zeros((values.size, trials), dtype=int)
    for i, kappa in enumerate(values):
        for j in range(trials):
            matrix = random_spd_matrix(n, float(kappa), rng)
            start = rng.standard_normal(matrix.shape[0])
            start /= np.linalg.norm(start)
            trajectory = run(
                quadratic(matrix),
                gradient_descent(optimal_step(matrix)),
                start,
                tol=tol,
                maxiter=maxiter,
            )
            if not trajectory.success:
                raise ValueError(f"maxiter={maxiter:,d} is too small for κ={kappa:g}")
            counts[i, j] = trajectory.n_grad
    return values, counts


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
    the Hessian :math:`A = X^\top X/N` formed. Gradient descent from :math:`w = 0` at
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
        kappas.append(condition_number(loss.A))
        steps = predicted_steps(loss.A, optimal_step(loss.A), np.zeros(loss.dim), tol, loss.b)
        counts.append(np.nan if steps is None else float(steps + 1))
    return ks, np.array(kappas), np.array(counts)
