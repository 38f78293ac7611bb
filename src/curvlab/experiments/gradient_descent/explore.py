"""Chapter 1's exploration: gradient descent on ½(x² + κy²), η in units of the bound 2/λmax."""

from __future__ import annotations

from collections.abc import Sequence

from curvlab.experiments.gradient_descent.compute import BOWL_START, OPTIMAL, lab_run
from curvlab.experiments.gradient_descent.figures import GradientDescentBowlFrame
from curvlab.widgets.core import Control, Exploration, explore, static_mode

__all__ = ["CONDITION_NUMBERS", "LAB_STEPS", "STARTS", "STEP_RULES", "gradient_descent_explorer"]

LAB_STEPS = (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0, 1.02)
"""The step-size grid, in units of the stability bound 2/λmax, in increasing order: from timid
through 1/λmax (0.5) and the zig-zag to the bound itself (1.0, where the steep component bounces
for ever) and just past it. Every κ gets every regime. The optimal step η* is not a position: it
sits at κ/(1 + κ) of the bound, a different place for every κ (0.5 at κ = 1, 0.999 at
κ = 1000), so it has its own switch (:data:`STEP_RULES`)."""

STEP_RULES = (("slider × 2/λmax", False), ("η* = 2/(λmin + λmax)", True))
"""The switch between the slider's step and the optimal step η*."""

CONDITION_NUMBERS = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000)
"""The condition-number grid: thirteen positions, about evenly spaced in log κ (1, 2, 3, 5 per
decade), up to κ = 1000."""

STARTS = tuple(k / 4 for k in range(-6, 7))
"""The start sliders' grid, −1.5 to 1.5 by 0.25 (thirteen positions; offered only with a kernel,
where each frame is computed live)."""


def gradient_descent_explorer(
    steps: Sequence[float | str] = LAB_STEPS,
    kappas: Sequence[float] = CONDITION_NUMBERS,
    *,
    step: float | str = 0.9,
    kappa: float = 10,
    static: bool | None = None,
) -> Exploration:
    """The lab: the path on the contours and the loss on a log scale, for a step size given in
    units of the stability bound 2/λmax, or the optimal step η* (a switch, :data:`STEP_RULES`;
    ``steps`` may still contain :data:`OPTIMAL`).

    The default, 0.9 of the bound at κ = 10, zig-zags: the steep factor is 1 − 1.8 = −0.8. With a
    kernel two more sliders move the start point; the kernel-free page keeps
    :data:`~curvlab.experiments.gradient_descent.compute.BOWL_START`, so that its frames stay
    few.

    Parameters
    ----------
    steps, kappas : sequence
        The slider grids for the step (fraction of 2/λmax, or η*) and the condition number κ.
    step, kappa : float or str, float
        The starting position of each slider (must be on its grid).
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    steps = tuple(steps)
    if step not in steps:
        raise ValueError(f"default step {step!r} is not among the steps {steps}")
    frame = GradientDescentBowlFrame()
    controls = [
        Control(
            "step",
            "step η / (2/λmax)",
            tuple((s if s == OPTIMAL else f"{s:g}", s) for s in steps),
            steps.index(step),
        ),
        Control.numbers("kappa", "condition κ", kappas, kappa),
        Control("optimal", "step rule", STEP_RULES, kind="dropdown"),
    ]
    static = static_mode() if static is None else static
    if not static:
        controls += [
            Control.numbers("x", "start x", STARTS, float(BOWL_START[0])),
            Control.numbers("y", "start y", STARTS, float(BOWL_START[1])),
        ]
    default_step = steps[steps.index(step)]

    def same_frame(step: float | str, kappa: float, optimal: bool = False, **start) -> dict:
        """With η* switched on the step slider is set aside: one frame per κ."""
        return {
            "step": default_step if optimal else step,
            "kappa": kappa,
            "optimal": optimal,
            **start,
        }

    return explore(
        "gradient descent on the bowl",
        frame.draw,
        controls,
        compute=lab_run,
        static=static,
        same_frame=same_frame,
    )
