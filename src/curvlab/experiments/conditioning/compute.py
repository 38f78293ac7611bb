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

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.runner import Status, run
from curvlab.core.spectrum import condition_number, spectrum
from curvlab.core.validation import (
    as_finite_float,
    as_generator,
    as_positive_float,
    as_positive_int,
    as_symmetric_matrix,
    as_vector,
    require_positive_definite,
)
from curvlab.optimizers.descent import gradient_descent
from curvlab.problems.least_squares import as_features, design_matrix, least_squares, standardize
from curvlab.problems.quadratic import bowl, quadratic, random_spd_matrix
from curvlab.theory.rates import optimal_rate, optimal_step, predicted_steps, steps_bound

__all__ = [
    "KappaSweep",
    "StepSweep",
    "contraction_after",
    "kappa_sweep",
    "predicted_evaluations",
    "random_kappa_sweep",
    "rescale_feature",
    "step_sweep",
    "unit_sweep",
]


class KappaSweep(NamedTuple):
    """Gradient descent at the optimal step for each condition number.

    Attributes
    ----------
    kappa : ndarray
        The condition numbers.
    measured : ndarray of int
        Gradient evaluations of the actual run until ``|∇f| < tol`` (steps + 1).
    bound : ndarray of int
        ``1 +`` the steps predicted from the contraction factor ``(κ−1)/(κ+1)`` alone
        (:func:`curvlab.theory.rates.steps_bound`), an upper bound on ``measured``.
    rate : ndarray
        The contraction factor ``(κ−1)/(κ+1)``.
    """

    kappa: np.ndarray
    measured: np.ndarray
    bound: np.ndarray
    rate: np.ndarray


class StepSweep(NamedTuple):
    """Gradient descent on one quadratic for each step size.

    Attributes
    ----------
    lr : ndarray
        The step sizes.
    evaluations : ndarray of float
        Gradient evaluations until ``|∇f| < tol``; ``nan`` where the run did not converge.
    status : tuple of Status
        How each run ended.
    """

    lr: np.ndarray
    evaluations: np.ndarray
    status: tuple[Status, ...]


def _as_kappas(kappas: ArrayLike) -> np.ndarray:
    values = as_vector(kappas, "kappas")
    if np.any(values < 1.0):
        raise ValueError(f"kappas must all be at least 1; smallest is {values.min():g}")
    return values


def kappa_sweep(
    kappas: ArrayLike,
    x0: ArrayLike = (1.0, 1.0),
    *,
    tol: float = 1e-6,
    maxiter: int = 1_000_000,
) -> KappaSweep:
    r"""Run gradient descent at :math:`\eta^*` on the bowl ``diag(1, κ)`` for each κ.

    Parameters
    ----------
    kappas : array_like
        Condition numbers, each ``>= 1``.
    x0 : array_like, shape (2,)
        The common starting point.
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
        If a κ is below 1, ``x0`` is not a 2-vector or ``tol``/``maxiter`` are not positive.

    Examples
    --------
    >>> kappa_sweep([1, 10, 50]).measured.tolist()
    [2, 82, 445]
    """
    values = _as_kappas(kappas)
    start = as_vector(x0, "x0", 2)
    tol = as_positive_float(tol, "tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    measured, bounds, rates = [], [], []
    for kappa in values:
        objective = bowl(float(kappa))
        trajectory = run(
            objective, gradient_descent(optimal_step(objective.A)), start, tol=tol, maxiter=maxiter
        )
        if not trajectory.success:
            raise ValueError(f"maxiter={maxiter:,d} is too small for κ={kappa:g}")
        rate = optimal_rate(objective.A)
        g0 = float(np.linalg.norm(objective.A @ start))
        measured.append(trajectory.n_grad)
        bounds.append(1 + steps_bound(g0, rate, tol))
        rates.append(rate)
    return KappaSweep(values, np.array(measured), np.array(bounds), np.array(rates))


def step_sweep(
    A: ArrayLike,
    lrs: ArrayLike,
    x0: ArrayLike,
    *,
    tol: float = 1e-6,
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
    matrix = as_symmetric_matrix(A, "A")
    require_positive_definite(spectrum(matrix, "A").eigenvalues, "A")
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
    return StepSweep(steps, np.array(counts), tuple(statuses))


def random_kappa_sweep(
    n: int,
    kappas: ArrayLike,
    rng: np.random.Generator,
    *,
    trials: int = 5,
    tol: float = 1e-6,
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


def contraction_after(factor: float, steps: int) -> float:
    r"""Return :math:`|1 - \eta\lambda|^k`, the share of an eigen-component left after k steps.

    Parameters
    ----------
    factor : float
        The per-step factor :math:`1 - \eta\lambda`.
    steps : int
        The number of steps ``k``.

    Examples
    --------
    >>> round(contraction_after(0.5, 5), 5)
    0.03125
    """
    factor = as_finite_float(factor, "factor")
    steps = as_positive_int(steps, "steps")
    return abs(factor) ** steps


def predicted_evaluations(
    A: ArrayLike, lr: float, x0: ArrayLike, tol: float, b: ArrayLike | None = None
) -> int | None:
    """Gradient evaluations predicted in closed form: :func:`curvlab.theory.rates.predicted_steps`
    + 1.

    For :math:`\tfrac12 x^\top A x - b^\top x`; returns ``None`` if the run never converges (a
    step size at or beyond ``2/λmax``).
    """
    steps = predicted_steps(A, lr, x0, tol, b)
    return None if steps is None else steps + 1


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
    tol: float = 1e-6,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""κ and gradient-descent cost of the least-squares fit as one feature's unit changes.

    For each factor, the column ``column`` is multiplied by it (a change of units), the features
    are optionally centered and scaled (:func:`standardize`), the intercept column is appended and
    the Hessian :math:`A = X^\top X/N` formed. Gradient descent from :math:`w = 0` at
    :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})` is counted in closed form
    (:func:`curvlab.experiments.conditioning.compute.predicted_evaluations`), because the badly
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
        count = predicted_evaluations(loss.A, optimal_step(loss.A), np.zeros(loss.dim), tol, loss.b)
        counts.append(np.nan if count is None else float(count))
    return ks, np.array(kappas), np.array(counts)
