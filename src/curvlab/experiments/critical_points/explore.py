"""Chapter 3's exploration: gradient descent among minima, maxima and saddles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from curvlab.experiments.critical_points.compute import CriticalPointRun, critical_point_run
from curvlab.experiments.critical_points.figures import CriticalPointRunFrame
from curvlab.problems.surfaces import SURFACES
from curvlab.widgets.core import Control, Exploration, explore, static_mode

__all__ = [
    "PERTURBATIONS",
    "RUN_STEP_FACTORS",
    "RUN_SURFACES",
    "STARTS_X",
    "STARTS_Y",
    "STATIC_START_X",
    "STEP_FACTORS",
    "critical_point_explorer",
]

STARTS_X = (-0.8, -0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6, 0.8)
"""Grid of the x slider (nine positions): the start's offset from the window's centre, in
half-widths. Offered only with a kernel; the kernel-free page starts at x = 0.8."""

STARTS_Y = (-0.5, -0.375, -0.25, -0.125, 0.0, 0.001, 0.125, 0.25, 0.375, 0.5)
"""Grid of the y slider (ten positions); 0 and 0.001 put a start on, and just off, the x-axis."""

STEP_FACTORS = tuple(2.0 ** (k / 4) for k in range(-4, 5))
"""The step-size slider: multiples of each surface's own step (:data:`RUN_SURFACES`), nine
positions from ½ to 2, evenly spaced in log (a factor 2^¼ apart)."""

PERTURBATIONS = (0.0, 1e-6)
"""The perturbation control: none, or a random kick of this size to the start (a choice between
the two runs the chapter compares, not a continuum)."""

STATIC_START_X = 0.8
"""The start's x on the kernel-free page, where the x slider is left out: with it, the page would
hold 4 × 9 × 10 × 9 × 2 = 6480 frames (surfaces × x × y × step × kick), past
:data:`~curvlab.widgets.core.MAX_STATIC_FRAMES`; without it, 720."""

RUN_STEP_FACTORS = {
    "double well": 0.2,
    "saddle x²−y²": 0.2,
    "monkey saddle": 0.5,
    "Himmelblau": 1.5,
}
r"""Each surface's gradient-descent step as a multiple of its reference step :math:`1/L`
(:attr:`curvlab.problems.surfaces.Surface.step`): :math:`1/(5L)` on the double well and the
saddle, where the escape along the negative curvature (:math:`\lambda = -1` and :math:`-2`)
grows by :math:`1 + \eta|\lambda|` = 1.1 and 1.2 a step, slow enough to watch; :math:`1/(2L)`
on the monkey saddle, whose curvature grows with the distance from the origin; :math:`1.5/L` on
Himmelblau's surface, still stable at all four minima (1.5/L times the largest eigenvalue there,
133.8, is 1.34 < 2)."""

RUN_SURFACES = {name: factor * SURFACES[name].step for name, factor in RUN_STEP_FACTORS.items()}
"""Surfaces (names from :data:`curvlab.problems.surfaces.SURFACES`) offered by
:func:`critical_point_explorer`, each with its gradient-descent step (:data:`RUN_STEP_FACTORS`
times the surface's reference step); the first is shown first.
The double well comes first because its saddle sits on the x-axis, where the start's y and the
kick decide the run (from y = 0 it stops on the saddle, from y = 0.001 or with a kick it reaches
a minimum); on Himmelblau's surface, from the page's start, neither changes the run."""


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
        Grids of the start sliders, as fractions of the window's half-widths; the y slider
        starts on the x-axis (0), where a kick decides the run. The x slider is offered only
        with a kernel (:data:`STATIC_START_X`).
    step_factors : sequence of float
        The step-size grid, as multiples of each surface's step.
    perturbations : sequence of float
        Sizes of a random kick to the start (0 for none), seeded so that every run repeats.
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    frame = CriticalPointRunFrame()
    static = static_mode() if static is None else static
    surface = Control(
        "surface", "surface", tuple((name, name) for name in surfaces), kind="dropdown"
    )
    start_y = 0.0 if 0.0 in starts_y else starts_y[len(starts_y) // 2]
    controls = [
        surface,
        Control.numbers("fy", "start y (fraction)", starts_y, start_y),
        Control.numbers("step", "step × surface's η", step_factors, 1.0, fmt="{:.3g}"),
        Control(
            "kick",
            "perturb the start",
            tuple(("none" if k == 0 else f"by {k:.0e}", k) for k in perturbations),
            continuous=False,
        ),
    ]
    if not static:
        controls.insert(1, Control.numbers("fx", "start x (fraction)", starts_x, starts_x[-1]))

    def compute(
        surface: str, fy: float, step: float, kick: float, fx: float = STATIC_START_X
    ) -> CriticalPointRun:
        return critical_point_run(surface, fx, fy, lr=step * surfaces[surface], perturbation=kick)

    return explore(
        "gradient descent near critical points",
        frame.draw,
        controls,
        compute=compute,
        static=static,
    )
