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
    "UNIT_FACTORS",
    "condition_explorer",
    "feature_scale_explorer",
]

CONDITION_NUMBERS = (1, 2, 3, 10, 30, 100, 300, 1000, 3000)
"""The κ grid of :func:`condition_explorer`: nine positions, about evenly spaced in log κ."""

SCALED_STEPS = (0.1, 0.25, 0.5, 1.0, 1.5, 1.9, 1.98, 2.02, 2.2)
"""The step grid as ``η · λmax`` (nine positions): stable below 2."""

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
    """κ and η sliders: the path, evaluations to tolerance and the stable region.

    Parameters
    ----------
    kappas, scaled_steps : sequence of float
        Slider grids for κ and for ``η · λmax``.
    kappa, lr_scaled : float
        Starting positions (must be on the grids).
    static : bool, optional
        Force the kernel-free mode.
    """
    frame = ConditioningFrame()
    controls = [
        Control.numbers("kappa", "condition κ", kappas, kappa),
        Control.numbers("lr_scaled", "η · λmax", scaled_steps, lr_scaled),
    ]
    return explore(
        "condition number and step size",
        frame.draw,
        controls,
        compute=bowl_step_study,
        static=static,
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
        Control.numbers("factor", "income × ", factors, 1.0, fmt="{:.3g}"),
        Control(
            "preprocessing",
            "preprocessing",
            tuple((label, label) for label in PREPROCESSING),
            0,
            kind="dropdown",
        ),
    ]
    return explore("feature units and the condition number", frame.draw, controls, static=static)
