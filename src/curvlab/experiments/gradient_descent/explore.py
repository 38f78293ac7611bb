"""Chapter 1's exploration: gradient descent on ½(x² + κy²) with sliders for η and κ."""

from __future__ import annotations

from collections.abc import Sequence

from curvlab.experiments.gradient_descent.compute import bowl_run
from curvlab.experiments.gradient_descent.figures import GradientDescentBowlFrame
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["CONDITION_NUMBERS", "LEARNING_RATES", "gradient_descent_explorer"]

LEARNING_RATES = (0.01, 0.05, 0.1, 0.15, 0.19, 0.21, 0.5, 1.0, 1.9, 2.1)
"""The step-size grid: from timid to past every stability bound (2/κ ≤ 2)."""

CONDITION_NUMBERS = (1, 2, 3, 5, 10, 20, 30, 50, 100)
"""The condition-number grid: nine positions, spaced about evenly in log κ."""


def gradient_descent_explorer(
    lrs: Sequence[float] = LEARNING_RATES,
    kappas: Sequence[float] = CONDITION_NUMBERS,
    *,
    lr: float = 0.1,
    kappa: float = 10,
    static: bool | None = None,
) -> Exploration:
    """The lab's live demo: the path on the contours and the loss on a log scale.

    Parameters
    ----------
    lrs, kappas : sequence of float
        The slider grids for the step size η and the condition number κ.
    lr, kappa : float
        The starting position of each slider (must be on its grid).
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    frame = GradientDescentBowlFrame()
    controls = [
        Control.numbers("lr", "step size η", lrs, lr),
        Control.numbers("kappa", "condition κ", kappas, kappa),
    ]
    return explore(
        "gradient descent on the bowl", frame.draw, controls, compute=bowl_run, static=static
    )
