"""One runner for every optimizer: iterate, record, and say why it stopped.

The result is a :class:`Trajectory`, modelled on ``scipy.optimize.OptimizeResult``: ``.x`` is the
final point, ``.xs`` the path, with the losses, gradient norms and step lengths along it, plus a
:class:`Status` and a human message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.optimizer import Optimizer
from curvlab.core.validation import as_positive_float, as_positive_int, as_vector

__all__ = ["TOL", "Status", "Trajectory", "as_trajectory", "run"]

TOL = 1e-6
r"""The one convergence tolerance: a run has converged when :math:`\|\nabla f(x_k)\|` < TOL."""


class Status(Enum):
    """Why a run stopped."""

    CONVERGED = "converged"
    DIVERGED = "diverged"
    MAXITER = "out of steps"


@dataclass(frozen=True, eq=False)
class Trajectory:
    r"""The record of one optimization run.

    Attributes
    ----------
    xs : ndarray, shape (m, n)
        The path: the iterates :math:`x_0, \dots, x_{m-1}`; every recorded entry is finite.
    x : ndarray, shape (n,)
        The final point :math:`x_{m-1}`, as in ``scipy.optimize.OptimizeResult.x`` (a property:
        ``xs[-1]``).
    fun : ndarray, shape (m,)
        :math:`f(x_k)` along the path (``fun[-1]`` is the final value).
    grad_norm : ndarray, shape (m,)
        :math:`\|\nabla f(x_k)\|_2`; one gradient evaluation per recorded iterate.
    step_norm : ndarray, shape (m - 1,)
        :math:`\|x_{k+1} - x_k\|_2`.
    status : Status
        ``CONVERGED`` (gradient norm below ``tol``), ``DIVERGED`` (the iterate left every
        bound or stopped being finite; the offending point is not recorded if it is not
        finite) or ``MAXITER``.
    message : str
        A sentence saying why the run stopped.
    objective, optimizer : str
        Names, for titles and legends.
    """

    xs: np.ndarray
    fun: np.ndarray
    grad_norm: np.ndarray
    step_norm: np.ndarray
    status: Status
    message: str
    objective: str
    optimizer: str

    @property
    def nit(self) -> int:
        """Steps taken (recorded iterates minus one)."""
        return len(self.xs) - 1

    @property
    def n_grad(self) -> int:
        """Gradient evaluations: one per recorded iterate (the last confirms convergence)."""
        return len(self.xs)

    @property
    def success(self) -> bool:
        """Whether the run converged."""
        return self.status is Status.CONVERGED

    @property
    def x(self) -> np.ndarray:
        """The final point (the last recorded iterate), as scipy's ``OptimizeResult.x``."""
        return self.xs[-1]


def as_trajectory(value: object, name: str = "trajectory") -> Trajectory:
    """Return ``value`` if it is a :class:`Trajectory`, else raise a ``TypeError`` naming it."""
    if not isinstance(value, Trajectory):
        raise TypeError(f"{name} must be a Trajectory; got {type(value).__name__}")
    return value


def run(
    objective: Objective,
    optimizer: Optimizer,
    x0: ArrayLike,
    *,
    tol: float = TOL,
    maxiter: int = 10_000,
    max_norm: float = 1e10,
) -> Trajectory:
    r"""Minimize ``objective`` with ``optimizer`` from ``x0``.

    At each iterate :math:`x_k` the runner evaluates :math:`f(x_k)` and :math:`g_k = \nabla f(x_k)`,
    stops if :math:`\|g_k\| < tol`, else asks the optimizer for a step and moves
    :math:`x_{k+1} = x_k + \text{step}`.

    A run whose iterate stops being finite, or grows beyond ``max_norm * max(1, ||x0||)``, is
    stopped at once and reported as diverged, without overflow warnings.

    Parameters
    ----------
    objective : Objective
        What to minimize.
    optimizer : Optimizer
        How to step, e.g. ``gradient_descent(lr=0.1)``.
    x0 : array_like, shape (n,)
        The starting point.
    tol : float
        Stop when the gradient's 2-norm is below this.
    maxiter : int
        The most steps to take.
    max_norm : float
        The divergence threshold, relative to ``max(1, ||x0||)``.

    Returns
    -------
    Trajectory

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type, shape or range.

    Examples
    --------
    >>> from curvlab import bowl, gradient_descent, run
    >>> run(bowl(1.0), gradient_descent(lr=1.0), [1.0, 1.0]).n_grad
    2
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a curvlab Objective; got {type(objective).__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a curvlab Optimizer; got {type(optimizer).__name__}")
    x = as_vector(x0, "x0", objective.dim)
    tol = as_positive_float(tol, "tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    bound = as_positive_float(max_norm, "max_norm") * max(1.0, float(np.linalg.norm(x)))
    derivatives = objective.unchecked

    with np.errstate(all="ignore"):
        return _iterate(objective, optimizer, x, tol, maxiter, bound, derivatives)


def _iterate(objective, optimizer, x, tol, maxiter, bound, derivatives) -> Trajectory:
    fun, grad = derivatives.fun, derivatives.grad
    f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
    if not (np.isfinite(f) and np.all(np.isfinite(g))):
        raise ValueError(f"x0 must be a point where {objective.name} and its gradient are finite")
    xs, fs, gnorms, steps = [x], [f], [float(np.linalg.norm(g))], []
    state = optimizer.init(x)
    status = Status.MAXITER
    message = f"out of steps: {_steps(maxiter)} without reaching |∇f| < {tol:.0e}"
    for k in range(maxiter + 1):
        if gnorms[-1] < tol:
            status = Status.CONVERGED
            # A verdict, not the digits of |∇f|: those are round-off that differs between CPUs,
            # and a rounded "1.0e-06 < 1e-06" reads as a contradiction. The value is in grad_norm.
            message = f"converged: |∇f| < {tol:.0e} after {_steps(k)}"
            break
        if k == maxiter:
            break
        step, state = optimizer.update(g, state, x, derivatives)
        x = x + step
        norm = float(np.linalg.norm(x))
        if not norm <= bound:  # also catches NaN
            status = Status.DIVERGED
            message = f"diverged at step {k + 1:,d}: |x| grew past {bound:.2g}"
            if np.isfinite(norm):
                xs.append(x)
                fs.append(float(fun(x)))
                gnorms.append(float(np.linalg.norm(grad(x))))
                steps.append(float(np.linalg.norm(step)))
            break
        f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
        if not (np.isfinite(f) and np.all(np.isfinite(g))):
            status = Status.DIVERGED
            message = f"diverged at step {k + 1:,d}: f or ∇f is no longer finite"
            break
        xs.append(x)
        fs.append(f)
        gnorms.append(float(np.linalg.norm(g)))
        steps.append(float(np.linalg.norm(step)))
    return Trajectory(
        xs=np.array(xs),
        fun=np.array(fs),
        grad_norm=np.array(gnorms),
        step_norm=np.array(steps),
        status=status,
        message=message,
        objective=objective.name,
        optimizer=optimizer.name,
    )


def _steps(count: int) -> str:
    return f"{count:,d} step" if count == 1 else f"{count:,d} steps"
