"""Chapter 3's exploration: gradient descent among minima, maxima and saddles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from curvlab.experiments.critical_points.compute import CriticalPointRun, critical_point_run
from curvlab.experiments.critical_points.figures import CriticalPointRunFrame
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["RUN_SURFACES", "STARTS_X", "STARTS_Y", "critical_point_explorer"]

STARTS_X = (-0.8, -0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6, 0.8)
"""Grid of the x slider (nine positions): the start's offset from the window's centre, in
half-widths."""

STARTS_Y = (-0.5, -0.375, -0.25, -0.125, 0.0, 0.001, 0.125, 0.25, 0.375, 0.5)
"""Grid of the y slider (ten positions); 0 and 0.001 put a start on, and just off, the x-axis."""

RUN_SURFACES = {"Himmelblau": 0.01, "double well": 0.1, "saddle x²−y²": 0.1, "monkey saddle": 0.05}
"""Surfaces (names from :data:`curvlab.problems.surfaces.SURFACES`) offered by
:func:`critical_point_explorer`, each with its gradient-descent step."""


def critical_point_explorer(
    surfaces: Mapping[str, float] = RUN_SURFACES,
    starts_x: Sequence[float] = STARTS_X,
    starts_y: Sequence[float] = STARTS_Y,
    *,
    static: bool | None = None,
) -> Exploration:
    """Pick a surface and a start; see the path, the gradient norm, and the critical points.

    Parameters
    ----------
    surfaces : mapping of str to float
        Names from :data:`curvlab.problems.surfaces.SURFACES` and the step size of gradient
        descent on each.
    starts_x, starts_y : sequence of float
        Grids of the start sliders, as fractions of the window's half-widths.
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    frame = CriticalPointRunFrame()
    controls = [
        Control("surface", "surface", tuple((name, name) for name in surfaces), kind="dropdown"),
        Control.numbers("fx", "start x (fraction)", starts_x, starts_x[-1]),
        Control.numbers("fy", "start y (fraction)", starts_y, starts_y[len(starts_y) // 2]),
    ]

    def compute(surface: str, fx: float, fy: float) -> CriticalPointRun:
        return critical_point_run(surface, fx, fy, lr=surfaces[surface])

    return explore(
        "gradient descent near critical points",
        frame.draw,
        controls,
        compute=compute,
        static=static,
    )
