r"""Tuning one hyperparameter on a log grid that widens until its best value is interior.

A tuned comparison is fair only if each racer's best value lies *inside* the grid it was tuned
on: a winner at the edge of its grid may do better one step further out. :func:`tune` runs a
factory over a geometric grid, scores each run (fewer is better; a failed run scores
:math:`+\infty`), and while a best value sits at an end of the grid it adds one grid point beyond
that end, up to a bound. Its :class:`Tuning` says whether the optimum ended up interior.

:func:`counted_run` returns a run with its counts of derivative calls (which
:func:`~curvlab.core.runner.run` makes through a counting wrapper of the objective), so that a
racer's budget can be stated in gradient-equivalents.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.optimizer import Optimizer
from curvlab.core.runner import TOL, EvaluationCounts, Status, Trajectory, as_trajectory, run
from curvlab.core.validation import as_callable, as_int, as_positive_float, as_vector

__all__ = [
    "EvaluationCounts",
    "Tuning",
    "counted_run",
    "final_value",
    "settled_value",
    "steps_to_converge",
    "tune",
    "tuned_run",
]


def steps_to_converge(trajectory: Trajectory) -> float:
    """The score of a run for :func:`tune`: its steps if it converged, else ``inf``.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a :class:`~curvlab.core.runner.Trajectory`.
    """
    as_trajectory(trajectory)
    return float(trajectory.nit) if trajectory.success else math.inf


def final_value(trajectory: Trajectory) -> float:
    """A score for :func:`tune` when no run reaches the tolerance: the last :math:`f(x_k)`.

    A diverged run scores ``inf``.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a :class:`~curvlab.core.runner.Trajectory`.
    """
    as_trajectory(trajectory)
    return math.inf if trajectory.status is Status.DIVERGED else float(trajectory.fun[-1])


def settled_value(trajectory: Trajectory, window: int = 100) -> float:
    r"""A score for :func:`tune` for runs that stall: the median :math:`f(x_k)` of the last steps.

    A run that stalls with a constant step often rattles around a level (Muon's steps have a
    fixed length); its last value then depends on round-off, while the median over the last
    ``window`` recorded iterates (all of them, if fewer) measures the level itself. A diverged
    run scores ``inf``.

    Raises
    ------
    TypeError, ValueError
        If ``trajectory`` is not a :class:`~curvlab.core.runner.Trajectory` or ``window`` is
        not a positive integer.
    """
    as_trajectory(trajectory)
    window = as_int(window, "window")
    if trajectory.status is Status.DIVERGED:
        return math.inf
    return float(np.median(trajectory.fun[-window:]))


class Tuning(NamedTuple):
    """The result of :func:`tune`.

    Attributes
    ----------
    value : float
        The best hyperparameter (the smallest among equal best scores).
    result : object
        What the factory returned for ``value`` (for runs, its trajectory).
    score : float
        Its score (``inf`` if no value on the grid succeeded).
    grid : ndarray
        Every value tried, ascending (the starting grid and its widenings).
    scores : ndarray
        The score of each value of ``grid``.
    interior : bool
        True if the best score is finite and neither end of ``grid`` attains it, so the best
        value is bracketed by worse ones.
    widenings : int
        How many values were added to the starting grid.
    """

    value: float
    result: Any
    score: float
    grid: np.ndarray
    scores: np.ndarray
    interior: bool
    widenings: int


def tune(
    run_at: Callable[[float], Any],
    grid: ArrayLike,
    score: Callable[[Any], float] = steps_to_converge,
    *,
    factor: float | None = None,
    max_widenings: int = 8,
    limits: tuple[float, float] = (0.0, math.inf),
) -> Tuning:
    r"""Minimize ``score(run_at(v))`` over a geometric grid of ``v``, widening it as needed.

    The values of ``grid`` are tried first. While an end of the grid attains the best score
    (both ends, if every score is infinite), the value one ``factor`` beyond that end,
    :math:`v_{\min}/r` or :math:`v_{\max} r`, is added and tried. This stops when the best
    value is interior, when ``max_widenings`` values have been added, or when the next value
    would leave ``limits``. The grid is searched, not refined: the answer is the best value on
    the final grid.

    Parameters
    ----------
    run_at : callable
        ``run_at(v)`` returns a result for the hyperparameter ``v`` (e.g. a trajectory).
    grid : array_like of float
        The starting values, positive; with two or more they must form a geometric sequence
        (any order).
    score : callable
        ``score(result) -> float``, lower is better, ``inf`` for a failure. The default,
        :func:`steps_to_converge`, counts the steps of a converged trajectory.
    factor : float, optional
        The ratio :math:`r > 1` between neighbouring values when widening; by default the
        ratio of the starting grid (required if it has one value).
    max_widenings : int
        The most values to add (0 searches the starting grid only).
    limits : (float, float)
        The open interval the values must stay in.

    Returns
    -------
    Tuning

    Raises
    ------
    TypeError, ValueError
        If ``run_at`` or ``score`` is not callable, the grid is empty, not positive, not
        geometric or outside ``limits``, ``factor`` is not above 1, or ``max_widenings`` is
        negative.

    References
    ----------
    Choi et al., "On empirical comparisons of optimizers for deep learning", arXiv:1910.05446
    (2019): rankings of optimizers change when each one's hyperparameters are tuned over
    search spaces wide enough to contain its optimum.

    Examples
    --------
    >>> t = tune(lambda v: (v - 5.0) ** 2, [1.0, 2.0], lambda s: s)
    >>> t.value, t.interior, t.widenings
    (4.0, True, 2)
    """
    as_callable(run_at, "run_at")
    as_callable(score, "score")
    values = np.sort(as_vector(grid, "grid"))
    if np.any(values <= 0.0):
        raise ValueError(f"grid must hold positive values; got {values}")
    low, high = (float(limits[0]), float(limits[1]))
    if not low < high:
        raise ValueError(f"limits must be an interval (low, high) with low < high; got {limits}")
    if values[0] <= low or values[-1] >= high:
        raise ValueError(f"grid must lie inside limits {limits}; got {values}")
    if values.size >= 2:
        ratios = values[1:] / values[:-1]
        if not np.allclose(ratios, ratios[0], rtol=1e-6) or ratios[0] <= 1.0:
            raise ValueError(f"grid must be geometric with distinct values; got {values}")
    if factor is None:
        if values.size < 2:
            raise ValueError("factor is required when grid has a single value")
        factor = float(values[1] / values[0])
    factor = as_positive_float(factor, "factor")
    if factor <= 1.0:
        raise ValueError(f"factor must be above 1; got {factor}")
    max_widenings = as_int(max_widenings, "max_widenings", minimum=0)

    tried: dict[float, tuple[float, Any]] = {}

    def evaluate(value: float) -> None:
        result = run_at(value)
        tried[value] = (float(score(result)), result)

    for value in values:
        evaluate(float(value))
    widenings = 0
    while True:
        ordered = sorted(tried)
        scores = np.array([tried[v][0] for v in ordered])
        best = float(scores.min())
        ends = [side for side, i in (("low", 0), ("high", -1)) if scores[i] == best]
        if np.isfinite(best) and not ends:
            break
        candidates = [
            ordered[0] / factor if side == "low" else ordered[-1] * factor for side in ends
        ]
        candidates = [v for v in candidates if low < v < high]
        if not candidates or widenings >= max_widenings:
            break
        for value in candidates[: max_widenings - widenings]:
            evaluate(value)
            widenings += 1

    ordered = sorted(tried)
    scores = np.array([tried[v][0] for v in ordered])
    index = int(np.argmin(scores))
    best = float(scores[index])
    interior = bool(np.isfinite(best) and scores[0] > best and scores[-1] > best)
    value = ordered[index]
    return Tuning(value, tried[value][1], best, np.array(ordered), scores, interior, widenings)


def tuned_run(
    objective: Objective,
    make: Callable[[float], Optimizer],
    grid: ArrayLike,
    x0: ArrayLike,
    *,
    tol: float = TOL,
    maxiter: int = 10_000,
    score: Callable[[Trajectory], float] = steps_to_converge,
    max_widenings: int = 8,
) -> Tuning:
    """Tune the one hyperparameter of ``make`` with :func:`tune`, each value a :func:`run`.

    Each value ``v`` of the geometric ``grid`` (widened until the best is interior, or
    ``max_widenings`` values were added) runs ``make(v)`` on ``objective`` from ``x0``; the score
    is by default the steps to ``|∇f| < tol`` (``inf`` for a run that does not converge). The
    :class:`~curvlab.core.tuning.Tuning` holds the best value, its trajectory (``.result``),
    the grid searched, the scores and whether the optimum is interior.
    """
    as_callable(make, "make")
    return tune(
        lambda v: run(objective, make(v), x0, tol=tol, maxiter=maxiter),
        grid,
        score,
        max_widenings=max_widenings,
    )


def counted_run(
    objective: Objective, optimizer: Optimizer, x0: ArrayLike, **options: Any
) -> tuple[Trajectory, EvaluationCounts]:
    """Run ``optimizer`` on ``objective`` through :func:`~curvlab.core.runner.run`, with its counts.

    ``options`` go to :func:`~curvlab.core.runner.run`, which counts every call to the
    derivatives. Returns the trajectory and its
    :class:`~curvlab.core.runner.EvaluationCounts` (``trajectory.evaluations``).

    Raises
    ------
    TypeError
        If ``objective`` is not an :class:`~curvlab.core.objective.Objective` (and whatever
        :func:`~curvlab.core.runner.run` raises).
    """
    trajectory = run(objective, optimizer, x0, **options)
    return trajectory, trajectory.evaluations
