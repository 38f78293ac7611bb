"""Chapter 5's explorations: gradient descent against Newton; basin maps with damping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from curvlab.curvature.critical_points import find_critical_points
from curvlab.experiments.newton.compute import (
    METHODS,
    NEWTON_SETUPS,
    BasinMap,
    basin_map,
    gradient_newton_runs,
    sorted_by_kind,
)
from curvlab.experiments.newton.figures import BasinMapFrame, GradientNewtonFrame
from curvlab.problems.surfaces import himmelblau
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["DAMPINGS", "basin_explorer", "gradient_newton_explorer"]

DAMPINGS = (0.0, 1.0, 3.0, 7.5, 10.0, 20.0, 30.0, 60.0, 120.0)
"""The damping grid μ of :func:`basin_explorer`: 0, then nine positions about evenly spaced in
log μ."""

METHOD_LABELS = {
    "newton": "Newton / Levenberg–Marquardt  (λ+μ)",
    "saddle_free": "saddle-free  (|λ|+μ)",
}


def gradient_newton_explorer(*, static: bool | None = None) -> Exploration:
    """A surface menu and a start slider: gradient descent and Newton side by side."""
    frame = GradientNewtonFrame()
    controls = [
        Control(
            "surface", "surface", tuple((name, name) for name in NEWTON_SETUPS), 0, kind="dropdown"
        ),
        Control.numbers("start", "start point", (0, 1, 2, 3), 0, fmt="#{:d}", continuous=False),
    ]
    return explore(
        "gradient descent against Newton",
        frame.draw,
        controls,
        compute=gradient_newton_runs,
        static=static,
    )


def basin_explorer(
    dampings: Sequence[float] = DAMPINGS,
    *,
    resolution: int = 101,
    maxiter: int = 80,
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
        Steps per start.
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
