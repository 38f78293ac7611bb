"""Chapter 1's experiments: gradient descent on the bowl ½(x² + κy²) from one start."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.runner import TOL, Trajectory, run
from curvlab.core.validation import as_positive_float
from curvlab.optimizers import gradient_descent
from curvlab.problems.quadratic import Quadratic, bowl
from curvlab.theory.rates import convergence_rate, optimal_step, stability_bound

__all__ = [
    "BOWL_START",
    "OPTIMAL",
    "BowlRun",
    "bowl_run",
    "bowl_runs",
    "first_step_within",
    "lab_run",
    "lab_step",
]

BOWL_START = np.array([-1.5, 1.0])
"""Where the chapter's runs on the bowl start (chapter 6 reuses it)."""


class BowlRun(NamedTuple):
    r"""Gradient descent with step ``lr`` on ``bowl(κ)`` from :data:`BOWL_START`.

    ``bound`` is the stability bound :math:`2/\kappa` and ``rate`` the contraction
    :math:`\max_i |1 - \eta\lambda_i|` (from :mod:`curvlab.theory.rates`). The run stops when
    :math:`\|\nabla f(x_k)\| < \text{tol}`; ``close_at`` is the first step at which the distance
    :math:`\|x_k - x^*\|` is below the same ``tol`` (``None`` if it never is), a different finish
    line: the gradient weighs the steep component κ times more than the distance does.
    """

    objective: Quadratic
    kappa: float
    lr: float
    trajectory: Trajectory
    bound: float
    rate: float
    close_at: int | None = None


def bowl_run(
    lr: float, kappa: float, *, x0: ArrayLike = BOWL_START, maxiter: int = 2_000, tol: float = TOL
) -> BowlRun:
    """Run gradient descent with step ``lr`` on ``bowl(kappa)`` from ``x0`` (:data:`BOWL_START`).

    Raises
    ------
    ValueError
        If ``lr`` or ``kappa`` is not a positive number.
    """
    lr = as_positive_float(lr, "lr")
    objective = bowl(kappa)
    trajectory = run(objective, gradient_descent(lr), x0, tol=tol, maxiter=maxiter)
    return BowlRun(
        objective,
        float(kappa),
        lr,
        trajectory,
        stability_bound(objective.A),
        convergence_rate(objective.A, lr),
        first_step_within(trajectory.xs, objective.minimizer, tol),
    )


def first_step_within(xs: ArrayLike, target: ArrayLike, tol: float) -> int | None:
    """The first index ``k`` with ``‖xs[k] − target‖ < tol``, or ``None`` if there is none.

    Raises
    ------
    ValueError
        If ``xs`` is not a 2-D array of points of ``target``'s length, or ``tol`` is not positive.
    """
    xs = np.asarray(xs, dtype=float)
    target = np.asarray(target, dtype=float).ravel()
    if xs.ndim != 2 or xs.shape[1] != target.size:
        raise ValueError(f"xs must have shape (steps, {target.size}); got {xs.shape}")
    tol = as_positive_float(tol, "tol")
    with np.errstate(over="ignore", invalid="ignore"):
        inside = np.linalg.norm(xs - target, axis=1) < tol
    return int(np.argmax(inside)) if inside.any() else None


OPTIMAL = "η*"
"""The lab's name for the optimal step :math:`2/(\\lambda_{\\min} + \\lambda_{\\max})`."""


def lab_step(step: float | str, kappa: float) -> float:
    r"""The lab's step size: ``step`` in units of the stability bound :math:`2/\lambda_{\max}`, or
    :data:`OPTIMAL` for :math:`\eta^\star = 2/(1 + \kappa)`.

    On ``bowl(kappa)`` (eigenvalues 1 and :math:`\kappa \ge 1`) ``step = 1`` is the bound itself,
    ``0.5`` is :math:`1/\lambda_{\max}` (the steep component vanishes in one step), and
    :data:`OPTIMAL` sits at :math:`\kappa/(1 + \kappa)` of the bound.

    Raises
    ------
    ValueError
        If ``step`` is neither :data:`OPTIMAL` nor a positive number, or ``kappa`` is below 1.
    """
    kappa = as_positive_float(kappa, "kappa")
    if kappa < 1.0:
        raise ValueError(f"kappa must be at least 1; got {kappa}")
    if step == OPTIMAL:
        return optimal_step(bowl(kappa).A)
    return as_positive_float(step, "step") * 2.0 / kappa


def lab_run(
    step: float | str,
    kappa: float,
    x: float = BOWL_START[0],
    y: float = BOWL_START[1],
    optimal: bool = False,
) -> BowlRun:
    """The lab's run: :func:`bowl_run` with the step :func:`lab_step` from the start ``(x, y)``;
    with ``optimal``, the step is :data:`OPTIMAL` (η*) whatever ``step`` says."""
    return bowl_run(lab_step(OPTIMAL if optimal else step, kappa), kappa, x0=[x, y])


def bowl_runs(kappa: float, lrs: Sequence[float], *, maxiter: int = 60) -> list[BowlRun]:
    """:func:`bowl_run` for each step size in ``lrs`` on one bowl."""
    return [bowl_run(lr, kappa, maxiter=maxiter) for lr in lrs]
