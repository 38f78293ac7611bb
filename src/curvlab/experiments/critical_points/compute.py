r"""Gradient descent near a saddle: the plateau, the escape, and how long it takes.

Near a saddle :math:`x_s` the gradient is :math:`\nabla f(x_s + d) \approx H d`, so gradient
descent with step :math:`\eta` multiplies the component of :math:`d` along each eigenvector
:math:`q_i` by :math:`1 - \eta\lambda_i`. Along a negative-curvature direction,
:math:`\lambda_- < 0`, the factor is :math:`1 + \eta|\lambda_-| > 1`: a component that starts at
distance :math:`\delta` reaches :math:`r` after

.. math:: k \approx \frac{\ln(r/\delta)}{\ln(1 + \eta|\lambda_-|)}
          \approx \frac{\ln(r/\delta)}{\eta\,|\lambda_-|} \quad\text{steps},

logarithmic in :math:`1/\delta` and inversely proportional to :math:`|\lambda_-|`. A start with
:math:`\delta = 0` exactly (on the saddle's stable manifold) never leaves: the iterates converge
to the saddle. Reference: Dauphin et al. (2014); Lee et al. (2016) show that this happens only
from a set of starting points of measure zero.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective, Window
from curvlab.core.runner import Trajectory, run
from curvlab.core.validation import (
    as_finite_float,
    as_positive_float,
    as_vector,
    check_random_state,
)
from curvlab.curvature.critical_points import CriticalPoint, find_critical_points
from curvlab.optimizers import gradient_descent
from curvlab.problems.surfaces import SURFACES, double_well

__all__ = [
    "CriticalPointRun",
    "EscapeStudy",
    "critical_point_run",
    "escape_step",
    "escape_study",
    "linear_escape_steps",
    "perturb",
    "predicted_escape_steps",
    "surface_critical_points",
    "window_point",
]


def escape_step(
    trajectory: Trajectory, saddle: ArrayLike, direction: ArrayLike, radius: float
) -> int | None:
    r"""First step ``k`` with :math:`|\langle x_k - x_s, u\rangle| \ge r`, or ``None`` if never.

    ``u`` is ``direction`` normalized (the negative-curvature eigenvector of the saddle).

    Raises
    ------
    ValueError
        If a vector has the wrong length, ``direction`` is zero or ``radius`` not positive.
    """
    if not isinstance(trajectory, Trajectory):
        raise TypeError(f"trajectory must be a curvlab Trajectory; got {type(trajectory).__name__}")
    dim = trajectory.xs.shape[1]
    center = as_vector(saddle, "saddle", dim)
    u = as_vector(direction, "direction", dim)
    norm = float(np.linalg.norm(u))
    if norm == 0.0:
        raise ValueError("direction must be non-zero")
    radius = as_positive_float(radius, "radius")
    reach = np.abs((trajectory.xs - center) @ (u / norm))
    beyond = np.flatnonzero(reach >= radius)
    return int(beyond[0]) if beyond.size else None


def predicted_escape_steps(
    lr: float, negative_curvature: float, distance: float, radius: float
) -> float:
    r"""The linearized escape time :math:`\ln(r/\delta) / \ln(1 + \eta|\lambda_-|)` in steps.

    Exact for the quadratic saddle :math:`\tfrac12(\lambda_+ x^2 - |\lambda_-| y^2)` (up to rounding
    up to a whole step); near a non-quadratic saddle the nonlinear terms add a bounded offset.

    Raises
    ------
    ValueError
        If any argument is not positive and finite, or ``distance > radius``.
    """
    lr = as_positive_float(lr, "lr")
    curvature = abs(as_finite_float(negative_curvature, "negative_curvature"))
    if curvature == 0.0:
        raise ValueError("negative_curvature must be non-zero")
    distance = as_positive_float(distance, "distance")
    radius = as_positive_float(radius, "radius")
    if distance > radius:
        raise ValueError(f"distance must not exceed radius; got {distance} > {radius}")
    return math.log(radius / distance) / math.log1p(lr * curvature)


def linear_escape_steps(
    lr: float, negative_curvature: float, distance: float, radius: float
) -> int:
    r"""Whole steps the purely linear map :math:`y \mapsto (1 + \eta|\lambda_-|)\,y` takes from
    :math:`\delta` to :math:`|y| \ge r`.

    This is the escape count with every nonlinear term removed: the first :math:`k` with
    :math:`\delta (1 + \eta|\lambda_-|)^k \ge r`, i.e. :math:`\lceil` :func:`predicted_escape_steps`
    :math:`\rceil` (computed by iterating the map, so a boundary case is decided by the floats a
    run would see). The count exceeds the law by :math:`\lceil t\rceil - t \in [0, 1)`, about half a
    step on average over many :math:`\delta`.

    Raises
    ------
    ValueError
        As :func:`predicted_escape_steps`.
    """
    predicted_escape_steps(lr, negative_curvature, distance, radius)  # validates
    factor = 1.0 + float(lr) * abs(float(negative_curvature))
    y, steps = float(distance), 0
    while y < radius:
        y *= factor
        steps += 1
    return steps


def perturb(x: ArrayLike, scale: float, rng: np.random.Generator) -> np.ndarray:
    r"""Return :math:`x + \sigma\,\xi` with :math:`\xi \sim \mathcal N(0, I)` drawn from ``rng``.

    Raises
    ------
    TypeError, ValueError
        For a bad point, a non-positive ``scale`` or an ``rng`` that is not a Generator.
    """
    point = as_vector(x, "x")
    scale = as_positive_float(scale, "scale")
    rng = check_random_state(rng)
    return point + scale * rng.standard_normal(point.shape)


@functools.lru_cache(maxsize=32)
def surface_critical_points(surface: str) -> tuple[Objective, tuple[CriticalPoint, ...]]:
    """The surface ``surface`` of :data:`~curvlab.problems.surfaces.SURFACES` and its critical
    points in its window (:func:`~curvlab.curvature.critical_points.find_critical_points`),
    computed once per surface."""
    objective = SURFACES[surface]()
    return objective, tuple(find_critical_points(objective))


def window_point(window: Window, fx: float, fy: float) -> np.ndarray:
    """The point at fractions ``(fx, fy)`` of the half-widths from the window's centre."""
    (x_lo, x_hi), (y_lo, y_hi) = window
    return np.array(
        [(x_lo + x_hi) / 2 + fx * (x_hi - x_lo) / 2, (y_lo + y_hi) / 2 + fy * (y_hi - y_lo) / 2]
    )


class CriticalPointRun(NamedTuple):
    """Gradient descent on a surface among its critical points, and the one it ended nearest."""

    surface: str
    objective: Objective
    lr: float
    trajectory: Trajectory
    points: tuple[CriticalPoint, ...]
    nearest: CriticalPoint
    distance: float
    perturbation: float = 0.0


def critical_point_run(
    surface: str,
    fx: float,
    fy: float,
    *,
    lr: float,
    perturbation: float = 0.0,
    seed: int = 0,
    maxiter: int = 400,
) -> CriticalPointRun:
    """Run gradient descent with step ``lr`` on ``surface`` from the window point ``(fx, fy)``,
    moved by a random perturbation of size ``perturbation`` (:func:`perturb`, seeded by ``seed``)
    when it is positive.

    Raises
    ------
    KeyError
        If ``surface`` is not in :data:`~curvlab.problems.surfaces.SURFACES`.
    ValueError
        If ``lr`` is not positive.
    """
    objective, points = surface_critical_points(surface)
    start = window_point(objective.window, fx, fy)
    if perturbation > 0.0:
        start = perturb(start, perturbation, np.random.default_rng(seed))
    trajectory = run(objective, gradient_descent(lr), start, maxiter=maxiter)
    nearest = min(points, key=lambda p: float(np.linalg.norm(p.x - trajectory.x)))
    distance = float(np.linalg.norm(nearest.x - trajectory.x))
    return CriticalPointRun(
        surface, objective, lr, trajectory, points, nearest, distance, float(perturbation)
    )


class EscapeStudy(NamedTuple):
    r"""Escape steps from the double well's saddle against the law, per negative curvature.

    ``measured[c]`` and ``predicted[c]`` are lists aligned with ``distances`` (steps until the
    run leaves the ball of ``radius``, and :func:`predicted_escape_steps`); ``slopes[c]`` is the
    least-squares slope of the measured steps against :math:`\ln(1/\delta)` and
    ``offsets[c]`` the mean of measured minus predicted; ``linear_offsets[c]`` is the same mean for
    the purely linear map (:func:`linear_escape_steps`), the part of the offset that comes from
    counting whole steps.
    """

    distances: np.ndarray
    measured: dict[float, list[int]]
    predicted: dict[float, list[float]]
    slopes: dict[float, float]
    offsets: dict[float, float]
    linear_offsets: dict[float, float]


def escape_study(
    curvatures: Sequence[float],
    distances: ArrayLike,
    *,
    lr: float = 0.1,
    radius: float = 0.5,
    tol: float = 1e-14,
    maxiter: int = 5_000,
) -> EscapeStudy:
    """Run gradient descent on ``double_well(c)`` from ``(1, δ)`` for each curvature and distance.

    Raises
    ------
    ValueError
        If an argument is out of range.
    """
    ds = as_vector(distances, "distances")
    measured, predicted, slopes, offsets, linear_offsets = {}, {}, {}, {}, {}
    for curvature in curvatures:
        objective = double_well(curvature)
        measured[curvature] = [
            escape_step(
                run(objective, gradient_descent(lr), [1.0, d], tol=tol, maxiter=maxiter),
                [0, 0],
                [0, 1],
                radius,
            )
            for d in ds
        ]
        predicted[curvature] = [predicted_escape_steps(lr, -curvature, d, radius) for d in ds]
        slopes[curvature] = float(np.polyfit(np.log(1 / ds), measured[curvature], 1)[0])
        offsets[curvature] = float(np.mean(np.array(measured[curvature]) - predicted[curvature]))
        linear = [linear_escape_steps(lr, -curvature, d, radius) for d in ds]
        linear_offsets[curvature] = float(np.mean(np.array(linear) - predicted[curvature]))
    return EscapeStudy(ds, measured, predicted, slopes, offsets, linear_offsets)
