"""Chapter 5's explorations: gradient descent against Newton; basin maps with damping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from curvlab.curvature.critical_points import find_critical_points
from curvlab.experiments.newton.compute import METHODS, BasinMap, basin_map, sorted_by_kind
from curvlab.experiments.newton.figures import BasinMapFrame, GradientNewtonFrame
from curvlab.problems.surfaces import SURFACES, himmelblau
from curvlab.widgets.core import Control, Exploration, explore

__all__ = [
    "DAMPINGS",
    "NEWTON_SETUPS",
    "basin_explorer",
    "gradient_newton_explorer",
    "newton_setups",
]

DAMPINGS = (0.0, 1.0, 3.0, 7.5, 10.0, 20.0, 30.0, 60.0, 120.0)
"""The damping grid μ of :func:`basin_explorer`: 0, then nine positions about evenly spaced in
log μ."""

METHOD_LABELS = {
    "newton": "Newton / Levenberg–Marquardt  (λ+μ)",
    "saddle_free": "saddle-free  (|λ|+μ)",
}


NEWTON_SETUPS = {
    "Rosenbrock": (1e-3, [(-1.2, 1.0), (-0.5, 2.5), (1.5, -0.5), (0.0, 0.0)]),
    "Himmelblau": (0.01, [(0.0, 0.0), (-1.0, 2.0), (1.0, -3.0), (-4.0, 4.5)]),
    "bowl κ=50 rotated 30°": (2.0 / 51.0, [(1.2, 1.0), (-1.4, 0.4), (0.3, -1.4), (-1.0, -1.0)]),
    "saddle x²−y²": (0.1, [(1.2, 0.2), (0.5, 1.0), (-1.0, -0.05), (1.0, -1.0)]),
}
"""Surfaces (names from :data:`curvlab.problems.surfaces.SURFACES`) of
:func:`gradient_newton_explorer`, each with a gradient-descent step and four starts."""


def newton_setups() -> dict:
    """``{name: (objective, gradient-descent step, starts)}`` for :class:`GradientNewtonFrame`."""
    return {name: (SURFACES[name](), lr, starts) for name, (lr, starts) in NEWTON_SETUPS.items()}


def gradient_newton_explorer(*, static: bool | None = None) -> Exploration:
    """A surface menu and a start slider: gradient descent and Newton side by side."""
    setups = newton_setups()
    frame = GradientNewtonFrame(setups)
    controls = [
        Control("surface", "surface", tuple((name, name) for name in setups), 0, kind="dropdown"),
        Control.numbers("start", "start point", (0, 1, 2, 3), 0, fmt="#{:d}", continuous=False),
    ]
    return explore("gradient descent against Newton", frame.draw, controls, static=static)


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
