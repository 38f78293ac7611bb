"""Chapter 5's explorations: gradient descent against Newton; basin maps with damping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from curvlab.curvature.critical_points import find_critical_points
from curvlab.experiments.newton.compute import (
    METHODS,
    NEWTON_SETUPS,
    BasinMap,
    GradientNewtonRuns,
    basin_map,
    gradient_newton_runs,
    sorted_by_kind,
)
from curvlab.experiments.newton.figures import (
    BasinMapFrame,
    GradientNewtonFrame,
    coordinates_text,
)
from curvlab.problems.surfaces import himmelblau
from curvlab.widgets.core import Control, Exploration, explore

__all__ = [
    "BASIN_BUDGET",
    "DAMPINGS",
    "GRADIENT_NEWTON_CASES",
    "basin_explorer",
    "gradient_newton_explorer",
]

DAMPINGS = (0.0, 1.0, 3.0, 7.5, 10.0, 20.0, 30.0, 60.0, 120.0)
"""The damping grid μ of :func:`basin_explorer`: 0, then nine positions about evenly spaced in
log μ."""

BASIN_BUDGET = 300
"""Steps per start of :func:`basin_explorer`'s maps (each one gradient, one Hessian and one 2×2
eigendecomposition). Large damping needs them: near a minimum the shifted step multiplies the
error along an eigenvector by μ/(λ + μ), close to 1 when μ is large against the minimum's
flatter eigenvalue, so the largest μ of :data:`DAMPINGS` converges at gradient descent's pace
(chapter 5 computes the factor and the steps the slowest start needs)."""

GRADIENT_NEWTON_CASES = tuple(
    (surface, index)
    for surface, (_, starts) in NEWTON_SETUPS.items()
    for index in range(len(starts))
)
"""Every ``(surface, start index)`` of :data:`~curvlab.experiments.newton.compute.NEWTON_SETUPS`,
the positions of :func:`gradient_newton_explorer`'s one menu."""


def _case_label(surface: str, index: int) -> str:
    return f"{surface}, from {coordinates_text(NEWTON_SETUPS[surface][1][index], 'g')}"


METHOD_LABELS = {
    "newton": "Newton shifted by μ  (λ + μ)",
    "saddle_free": "saddle-free Newton shifted by μ  (|λ| + μ)",
}


def gradient_newton_explorer(*, static: bool | None = None) -> Exploration:
    """One menu of surfaces and starts, each named by its coordinates: gradient descent and
    Newton side by side (:data:`GRADIENT_NEWTON_CASES`)."""
    frame = GradientNewtonFrame()
    controls = [
        Control(
            "case",
            "surface, start",
            tuple((_case_label(*case), case) for case in GRADIENT_NEWTON_CASES),
            0,
            kind="dropdown",
        ),
    ]

    def compute(case: tuple[str, int]) -> GradientNewtonRuns:
        return gradient_newton_runs(*case)

    return explore(
        "gradient descent against Newton",
        frame.draw,
        controls,
        compute=compute,
        static=static,
    )


def basin_explorer(
    dampings: Sequence[float] = DAMPINGS,
    *,
    resolution: int = 101,
    maxiter: int = BASIN_BUDGET,
    static: bool | None = None,
) -> Exploration:
    """Himmelblau's basin map: where Newton-type iterations go, with a damping slider μ.

    Parameters
    ----------
    dampings : sequence of float
        The slider grid for μ ≥ 0 (μ = 0 is pure Newton or pure saddle-free Newton).
    resolution : int
        Starting points per axis.
    maxiter : int
        Steps per start (:data:`BASIN_BUDGET`: enough for the damped method to converge at
        the largest μ).
    static : bool, optional
        Force the kernel-free mode.
    """
    objective = himmelblau()
    points = sorted_by_kind(find_critical_points(objective))
    axis = np.linspace(-5.0, 5.0, resolution)
    frame = BasinMapFrame(objective)

    def compute(method: str, damping: float) -> BasinMap:
        return basin_map(
            objective, points, axis, axis, method=method, damping=damping, maxiter=maxiter
        )

    controls = [
        Control(
            "method", "method", tuple((METHOD_LABELS[m], m) for m in METHODS), 0, kind="dropdown"
        ),
        Control.numbers("damping", "damping μ", dampings, 0.0),
    ]
    return explore(
        "Newton basins on Himmelblau", frame.draw, controls, compute=compute, static=static
    )
