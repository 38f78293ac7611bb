"""Chapter 3's exploration: gradient descent among minima, maxima and saddles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from curvlab.experiments.critical_points.compute import CriticalPointRun, critical_point_run
from curvlab.experiments.critical_points.figures import CriticalPointRunFrame
from curvlab.widgets.core import Control, Exploration, explore

__all__ = [
    "PERTURBATIONS",
    "RUN_SURFACES",
    "STARTS_X",
    "STARTS_Y",
    "STEP_FACTORS",
    "critical_point_explorer",
]

STARTS_X = (0.0, 0.8)
"""Grid of the x slider: the start's offset from the window's centre, in half-widths."""

STARTS_Y = (-0.5, 0.0, 0.001)
"""Grid of the y slider; 0 and 0.001 put a start on, and just off, the x-axis."""

STEP_FACTORS = (0.5, 1.0, 2.0)
"""The step-size slider: multiples of each surface's own step (:data:`RUN_SURFACES`)."""

PERTURBATIONS = (0.0, 1e-6)
"""The perturbation control: none, or a random kick of this size to the start."""

RUN_SURFACES = {"Himmelblau": 0.01, "double well": 0.1, "saddle x²−y²": 0.1, "monkey saddle": 0.05}
"""Surfaces (names from :data:`curvlab.problems.surfaces.SURFACES`) offered by
:func:`critical_point_explorer`, each with its gradient-descent step."""


def critical_point_explorer(
    surfaces: Mapping[str, float] = RUN_SURFACES,
    starts_x: Sequence[float] = STARTS_X,
    starts_y: Sequence[float] = STARTS_Y,
    step_factors: Sequence[float] = STEP_FACTORS,
    perturbations: Sequence[float] = PERTURBATIONS,
    *,
    static: bool | None = None,
) -> Exploration:
    """Pick a surface, a start, a step size and a perturbation of the start; see the path, the
    gradient norm and the critical points.

    Parameters
    ----------
    surfaces : mapping of str to float
        Names from :data:`curvlab.problems.surfaces.SURFACES` and the step size of gradient
        descent on each.
    starts_x, starts_y : sequence of float
        Grids of the start sliders, as fractions of the window's half-widths.
    step_factors : sequence of float
        The step-size grid, as multiples of each surface's step.
    perturbations : sequence of float
        Sizes of a random kick to the start (0 for none), seeded so that every run repeats.
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    frame = CriticalPointRunFrame()
    controls = [
        Control("surface", "surface", tuple((name, name) for name in surfaces), kind="dropdown"),
        Control.numbers("fx", "start x (fraction)", starts_x, starts_x[-1]),
        Control.numbers("fy", "start y (fraction)", starts_y, starts_y[len(starts_y) // 2]),
        Control.numbers("step", "step × surface's η", step_factors, 1.0),
        Control(
            "kick",
            "perturb the start",
            tuple(("none" if k == 0 else f"by {k:.0e}", k) for k in perturbations),
        ),
    ]

    def compute(surface: str, fx: float, fy: float, step: float, kick: float) -> CriticalPointRun:
        return critical_point_run(surface, fx, fy, lr=step * surfaces[surface], perturbation=kick)

    return explore(
        "gradient descent near critical points",
        frame.draw,
        controls,
        compute=compute,
        static=static,
    )
