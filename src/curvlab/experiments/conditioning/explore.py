"""Chapter 4's explorations: κ and η on the bowl; the units of a feature and κ of a regression."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from curvlab.experiments.conditioning.compute import bowl_step_study, unit_sweep
from curvlab.experiments.conditioning.figures import ConditioningFrame, RegressionScaleFrame
from curvlab.widgets.core import Control, Exploration, explore

__all__ = [
    "CONDITION_NUMBERS",
    "PREPROCESSING",
    "SCALED_STEPS",
    "STEP_RULES",
    "UNIT_FACTORS",
    "condition_explorer",
    "feature_scale_explorer",
]

CONDITION_NUMBERS = (1, 2, 3, 10, 30, 100, 300, 1000, 3000)
"""The κ grid of :func:`condition_explorer`: nine positions, about evenly spaced in log κ."""

SCALED_STEPS = (0.1, 0.25, 0.5, 1.0, 1.5, 1.9, 1.98, 2.02, 2.2)
r"""The step grid as ``η · λmax`` (nine positions, in increasing order): stable below 2. The
optimal step η* is not a position: :math:`\eta^*\lambda_{\max} = 2\kappa/(1 + \kappa)` is a
different place for every κ (1 at κ = 1, 1.82 at κ = 10, 1.9993 at κ = 3000), so it has its own
switch (:data:`STEP_RULES`), as in chapter 1's lab."""

STEP_RULES = (("slider η · λmax", False), ("η* = 2/(λmin + λmax)", True))
"""The switch between the slider's step and the optimal step η*."""

UNIT_FACTORS = tuple(10.0 ** (k / 2) for k in range(-6, 7))
"""Income unit factors, 13 positions evenly spaced in log, two per decade: 1000 = dollars,
1 = thousands, 0.001 = millions."""

PREPROCESSING = {
    "raw features": (False, False),
    "centered only": (True, False),
    "scaled only": (False, True),
    "standardized": (True, True),
}
"""Preprocessing choices as ``(center, scale)``."""


def condition_explorer(
    kappas: Sequence[float] = CONDITION_NUMBERS,
    scaled_steps: Sequence[float] = SCALED_STEPS,
    *,
    kappa: float = 10,
    lr_scaled: float = 1.0,
    static: bool | None = None,
) -> Exploration:
    """κ and η sliders and an η* switch: the path, evaluations to tolerance and the stable
    region.

    Parameters
    ----------
    kappas, scaled_steps : sequence of float
        Slider grids for κ and for ``η · λmax``.
    kappa, lr_scaled : float
        Starting positions (must be on the grids).
    static : bool, optional
        Force the kernel-free mode.

    Raises
    ------
    ValueError
        If a starting position is not on its grid.
    """
    frame = ConditioningFrame()
    controls = [
        Control.numbers("kappa", "condition κ", kappas, kappa),
        Control.numbers("lr_scaled", "η · λmax", scaled_steps, lr_scaled),
        Control("optimal", "step rule", STEP_RULES, kind="dropdown"),
    ]

    default_step = lr_scaled

    def same_frame(kappa: float, lr_scaled: float, optimal: bool = False) -> dict:
        """With η* switched on the step slider is set aside: one frame per κ."""
        step = default_step if optimal else lr_scaled
        return {"kappa": kappa, "lr_scaled": step, "optimal": optimal}

    return explore(
        "condition number and step size",
        frame.draw,
        controls,
        compute=bowl_step_study,
        static=static,
        same_frame=same_frame,
    )


def feature_scale_explorer(
    features: np.ndarray,
    target: np.ndarray,
    factors: Sequence[float] = UNIT_FACTORS,
    *,
    static: bool | None = None,
) -> Exploration:
    """A feature-unit slider and a preprocessing menu: κ and iterations move together.

    Parameters
    ----------
    features : ndarray, shape (N, 2)
        Income (thousands of dollars) and a fraction, e.g. from
        :func:`curvlab.problems.least_squares.synthetic_housing`.
    target : ndarray, shape (N,)
        The response.
    factors : sequence of float
        Multipliers of the income column (the slider grid; must include 1).
    static : bool, optional
        Force the kernel-free mode.
    """
    fine = np.geomspace(min(factors), max(factors), 61)
    curves = {
        label: unit_sweep(features, target, fine, center=center, scale=scale)
        for label, (center, scale) in PREPROCESSING.items()
    }
    frame = RegressionScaleFrame(curves)
    controls = [
        Control.numbers("factor", "income × ", factors, 1.0, fmt="{:,.4g}"),
        Control(
            "preprocessing",
            "preprocessing",
            tuple((label, label) for label in PREPROCESSING),
            0,
            kind="dropdown",
        ),
    ]
    return explore("feature units and the condition number", frame.draw, controls, static=static)
