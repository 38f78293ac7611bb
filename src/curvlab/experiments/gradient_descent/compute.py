"""Chapter 1's experiments: gradient descent on the bowl ½(x² + κy²) from one start."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from curvlab.core.runner import TOL, Trajectory, run
from curvlab.core.validation import as_positive_float
from curvlab.optimizers import gradient_descent
from curvlab.problems.quadratic import Quadratic, bowl
from curvlab.theory.rates import convergence_rate, stability_bound

__all__ = ["BOWL_START", "BowlRun", "bowl_run", "bowl_runs"]

BOWL_START = np.array([-1.5, 1.0])
"""Where the chapter's runs on the bowl start (chapter 6 reuses it)."""


class BowlRun(NamedTuple):
    r"""Gradient descent with step ``lr`` on ``bowl(κ)`` from :data:`BOWL_START`.

    ``bound`` is the stability bound :math:`2/\kappa` and ``rate`` the contraction
    :math:`\max_i |1 - \eta\lambda_i|` (from :mod:`curvlab.theory.rates`).
    """

    objective: Quadratic
    kappa: float
    lr: float
    trajectory: Trajectory
    bound: float
    rate: float


def bowl_run(lr: float, kappa: float, *, maxiter: int = 2_000, tol: float = TOL) -> BowlRun:
    """Run gradient descent with step ``lr`` on ``bowl(kappa)`` from :data:`BOWL_START`.

    Raises
    ------
    ValueError
        If ``lr`` or ``kappa`` is not a positive number.
    """
    lr = as_positive_float(lr, "lr")
    objective = bowl(kappa)
    trajectory = run(objective, gradient_descent(lr), BOWL_START, tol=tol, maxiter=maxiter)
    return BowlRun(
        objective,
        float(kappa),
        lr,
        trajectory,
        stability_bound(objective.A),
        convergence_rate(objective.A, lr),
    )


def bowl_runs(kappa: float, lrs: Sequence[float], *, maxiter: int = 60) -> list[BowlRun]:
    """:func:`bowl_run` for each step size in ``lrs`` on one bowl."""
    return [bowl_run(lr, kappa, maxiter=maxiter) for lr in lrs]
