"""One runner for every optimizer: iterate, record, and say why it stopped.

The result is a :class:`Trajectory`, modelled on ``scipy.optimize.OptimizeResult``: ``.x`` is the
final point, ``.xs`` the path, with the losses, gradient norms and step lengths along it, plus a
:class:`Status`, a human message and the :class:`EvaluationCounts` of the run: the runner hands
the optimizer derivatives that count their calls, so a method that evaluates more than the
runner's one gradient per iterate (SAM's second gradient, a line search's values, Sophia's
Hessian-vector products, Newton's Hessians) is charged for it. A Hessian-vector product costs
about two gradients (Pearlmutter, "Fast exact multiplication by the Hessian", Neural
Computation 6 (1994)).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Derivatives, Objective
from curvlab.core.optimizer import Optimizer
from curvlab.core.validation import (
    as_callable,
    as_non_negative_float,
    as_positive_float,
    as_positive_int,
    as_vector,
)

__all__ = ["TOL", "EvaluationCounts", "Status", "Trajectory", "as_trajectory", "run"]

TOL = 1e-6
r"""The one convergence tolerance: a run has converged when :math:`\|\nabla f(x_k)\|` < TOL."""


class Status(Enum):
    """Why a run stopped."""

    CONVERGED = "converged"
    DIVERGED = "diverged"
    MAXITER = "out of steps"
    STOPPED = "stopped by the callback"


class EvaluationCounts(NamedTuple):
    """Calls one run made to its objective's derivatives.

    ``gradients`` counts every gradient evaluated: the runner's, one per iterate it evaluates,
    and the optimizer's own (SAM's second one per step). ``values`` counts only the optimizer's
    own function values (a line search's), not the one the runner evaluates with each gradient.
    ``gradient_equivalents`` prices a Hessian-vector product at two gradients, a dense Hessian
    at ``n`` products, and a function value at one gradient (an upper bound: reverse-mode
    differentiation makes a gradient cost a small multiple of a value).
    """

    gradients: int
    values: int
    hessian_vector_products: int
    hessians: int
    gradient_equivalents: int


@dataclass(frozen=True, eq=False)
class Trajectory:
    r"""The record of one optimization run.

    Attributes
    ----------
    xs : ndarray, shape (m, n)
        The path: the iterates :math:`x_0, \dots, x_{m-1}`; every recorded entry is finite. A run
        with ``keep_path=False`` keeps only the first and the last (shape ``(2, n)``, or
        ``(1, n)`` if it took no step).
    x : ndarray, shape (n,)
        The final point :math:`x_{m-1}`, as in ``scipy.optimize.OptimizeResult.x`` (a property:
        ``xs[-1]``).
    fun : ndarray, shape (m,)
        :math:`f(x_k)` along the path (``fun[-1]`` is the final value).
    grad_norm : ndarray, shape (m,)
        :math:`\|\nabla f(x_k)\|_2`.
    step_norm : ndarray, shape (m - 1,)
        :math:`\|x_{k+1} - x_k\|_2`.
    status : Status
        ``CONVERGED`` (gradient norm below ``tol``), ``DIVERGED`` (the iterate left every
        bound or stopped being finite; the offending point is not recorded if it is not
        finite), ``MAXITER`` or ``STOPPED`` (the callback asked to stop).
    message : str
        A sentence saying why the run stopped.
    objective, optimizer : str
        Names, for titles and legends.
    evaluations : EvaluationCounts or None
        The derivative calls of the run, as counted by :func:`run` (``None`` for a trajectory
        made by hand, whose ``n_grad`` is then one per recorded iterate).
    """

    xs: np.ndarray
    fun: np.ndarray
    grad_norm: np.ndarray
    step_norm: np.ndarray
    status: Status
    message: str
    objective: str
    optimizer: str
    evaluations: EvaluationCounts | None = None

    @property
    def nit(self) -> int:
        """Steps taken (recorded iterates minus one)."""
        return len(self.fun) - 1

    @property
    def n_grad(self) -> int:
        """Gradient evaluations: the runner's one per iterate (the last confirms convergence)
        plus the optimizer's own, e.g. SAM's second gradient per step."""
        if self.evaluations is None:
            return len(self.fun)
        return self.evaluations.gradients

    @property
    def n_hvp(self) -> int:
        """Hessian-vector products the optimizer evaluated (e.g. Sophia's)."""
        return 0 if self.evaluations is None else self.evaluations.hessian_vector_products

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


Callback = Callable[[int, np.ndarray, float, np.ndarray], Any]


def run(
    objective: Objective,
    optimizer: Optimizer,
    x0: ArrayLike,
    *,
    tol: float = TOL,
    maxiter: int = 10_000,
    max_norm: float = 1e10,
    callback: Callback | None = None,
    keep_path: bool = True,
) -> Trajectory:
    r"""Minimize ``objective`` with ``optimizer`` from ``x0``.

    At each iterate :math:`x_k` the runner evaluates :math:`f(x_k)` and :math:`g_k = \nabla f(x_k)`
    (together, if the objective has ``fun_and_grad``), calls ``callback(k, x_k, f(x_k), g_k)``,
    stops if the callback returned a true value or :math:`\|g_k\| < tol`, else asks the
    optimizer for a step and moves :math:`x_{k+1} = x_k + \text{step}`. The optimizer sees the
    objective's derivatives through a wrapper that counts its calls (the trajectory's
    ``evaluations``).

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
        Stop when the gradient's 2-norm is below this; ``0`` never stops on the gradient.
    maxiter : int
        The most steps to take.
    max_norm : float
        The divergence threshold, relative to ``max(1, ||x0||)``.
    callback : callable, optional
        ``callback(k, x, f, g)``, called at every iterate the run evaluates and keeps (not at
        a point where it diverged), before the stopping tests; a true return value stops the run
        (status ``STOPPED``). It may record what the trajectory does not, e.g. a sharpness every
        few steps.
    keep_path : bool
        Keep every iterate in ``xs`` (the default), or only the first and last (for long runs
        in many dimensions, where the path would fill the memory).

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
    tol = as_non_negative_float(tol, "tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    bound = as_positive_float(max_norm, "max_norm") * max(1.0, _norm(x))
    if callback is not None:
        as_callable(callback, "callback")
    if not isinstance(keep_path, bool):
        raise TypeError(f"keep_path must be a bool; got {type(keep_path).__name__}")

    with np.errstate(all="ignore"):
        return _iterate(objective, optimizer, x, tol, maxiter, bound, callback, keep_path)


class _Counter:
    r"""The objective's derivatives as the optimizer sees them, counting every call, and the
    runner's own evaluations of :math:`f` and :math:`\nabla f` (one gradient each)."""

    def __init__(self, objective: Objective) -> None:
        self.calls = {"fun": 0, "grad": 0, "hess": 0, "hessp": 0}
        self.evaluations = 0
        self._dim = objective.dim
        self._name = objective.name
        inner = objective.unchecked

        def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
            def counted(*args: Any) -> Any:
                self.calls[name] += 1
                return function(*args)

            return counted

        both = inner.fun_and_grad
        self.derivatives = Derivatives(
            counting("fun", inner.fun),
            counting("grad", inner.grad),
            counting("hess", inner.hess),
            counting("hessp", inner.hessp),
            None if both is None else counting("grad", both),
        )
        self._both = both if both is not None else (lambda x: (inner.fun(x), inner.grad(x)))

    def evaluate(self, x: np.ndarray) -> tuple[float, np.ndarray, float]:
        r""":math:`f(x)` as a float, :math:`\nabla f(x)` as a float vector of the objective's
        length (a gradient of another shape is the objective's error, named here) and its
        2-norm, which the runner both records and tests for finiteness (:func:`_finite`)."""
        self.evaluations += 1
        f, g = self._both(x)
        g = np.asarray(g, dtype=float)
        if g.shape != (self._dim,):
            raise ValueError(
                f"the gradient of {self._name} must have shape ({self._dim},); got {g.shape}"
            )
        return float(f), g, _norm(g)

    def counts(self) -> EvaluationCounts:
        calls = self.calls
        gradients = self.evaluations + calls["grad"]
        equivalents = gradients + calls["fun"] + 2 * calls["hessp"] + 2 * self._dim * calls["hess"]
        return EvaluationCounts(gradients, calls["fun"], calls["hessp"], calls["hess"], equivalents)


def _iterate(objective, optimizer, x, tol, maxiter, bound, callback, keep_path) -> Trajectory:
    counter = _Counter(objective)
    derivatives = counter.derivatives
    f, g, gnorm = counter.evaluate(x)
    if not (math.isfinite(f) and _finite(g, gnorm)):
        raise ValueError(f"x0 must be a point where {objective.name} and its gradient are finite")
    xs, fs, gnorms, steps = [x], [f], [gnorm], []

    def record(point: np.ndarray, value: float, gradient_norm: float, step: np.ndarray) -> None:
        if keep_path or len(xs) == 1:
            xs.append(point)
        else:
            xs[-1] = point
        fs.append(value)
        gnorms.append(gradient_norm)
        steps.append(_norm(step))

    state = optimizer.init(x)
    status = Status.MAXITER
    message = f"out of steps: {_steps(maxiter)} without reaching |∇f| < {tol:.0e}"
    for k in range(maxiter + 1):
        if callback is not None and callback(k, x, f, g):
            status = Status.STOPPED
            message = f"stopped by the callback after {_steps(k)}"
            break
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
        norm = _norm(x)
        if not norm <= bound:  # also catches NaN
            status = Status.DIVERGED
            message = f"diverged at step {k + 1:,d}: |x| grew past {bound:.2g}"
            if math.isfinite(norm):
                f, _, gnorm = counter.evaluate(x)
                record(x, f, gnorm, step)
            break
        f, g, gnorm = counter.evaluate(x)
        if not (math.isfinite(f) and _finite(g, gnorm)):
            status = Status.DIVERGED
            message = f"diverged at step {k + 1:,d}: f or ∇f is no longer finite"
            break
        record(x, f, gnorm, step)
    return Trajectory(
        xs=np.array(xs),
        fun=np.array(fs),
        grad_norm=np.array(gnorms),
        step_norm=np.array(steps),
        status=status,
        message=message,
        objective=objective.name,
        optimizer=optimizer.name,
        evaluations=counter.counts(),
    )


def _steps(count: int) -> str:
    return f"{count:,d} step" if count == 1 else f"{count:,d} steps"


def _finite(v: np.ndarray, norm: float) -> bool:
    """Whether every entry of the vector ``v`` is finite, given ``norm = _norm(v)``: a NaN or
    infinite entry makes the norm NaN or infinite, so a finite norm settles it without a pass over
    ``v``; only an infinite norm (which finite entries also give when their squares overflow: one
    past about 1.3e154, or many smaller ones) needs the entries."""
    return math.isfinite(norm) or bool(np.isfinite(v).all())


def _norm(v: np.ndarray) -> float:
    """The 2-norm of a real vector as ``np.linalg.norm`` computes it, ``sqrt(v · v)``, without
    its dispatch: the same float, a few microseconds sooner, at every step of every run."""
    return math.sqrt(float(v.dot(v)))
