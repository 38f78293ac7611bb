"""Every exploration of the book, by name: the one list the tests and the benchmarks walk.

Each entry is a factory ``build(static=...) -> Exploration`` with the chapter's own arguments
(chapter 4's feature-units exploration gets the chapter's synthetic data set), so that
``tests/experiments/test_explorations.py`` can check every exploration in both modes and
``benchmarks/exploration_updates.py`` can time every live one, from the same list. An
exploration added to a chapter is added here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from curvlab.experiments.conditioning.explore import condition_explorer, feature_scale_explorer
from curvlab.experiments.critical_points.explore import critical_point_explorer
from curvlab.experiments.gradient_descent.explore import gradient_descent_explorer
from curvlab.experiments.hessian.explore import hessian_explorer
from curvlab.experiments.momentum.explore import optimizer_race_explorer
from curvlab.experiments.newton.explore import basin_explorer, gradient_newton_explorer
from curvlab.problems.least_squares import synthetic_housing
from curvlab.widgets.core import Exploration

__all__ = ["EXPLORATIONS", "HOUSING_SAMPLES", "HOUSING_SEED", "feature_units_explorer"]

HOUSING_SAMPLES, HOUSING_SEED = 200, 4
"""Chapter 4's synthetic housing data: 200 samples from ``np.random.default_rng(4)``."""


def feature_units_explorer(*, static: bool | None = None) -> Exploration:
    """Chapter 4's feature-units exploration on the chapter's own data set."""
    data = synthetic_housing(HOUSING_SAMPLES, np.random.default_rng(HOUSING_SEED))
    return feature_scale_explorer(data.features, data.target, static=static)


EXPLORATIONS: dict[str, Callable[..., Exploration]] = {
    "ch1 gradient descent on the bowl": gradient_descent_explorer,
    "ch2 the Hessian at a point": hessian_explorer,
    "ch3 gradient descent among critical points": critical_point_explorer,
    "ch4 condition number and step size": condition_explorer,
    "ch4 feature units": feature_units_explorer,
    "ch5 gradient descent vs Newton": gradient_newton_explorer,
    "ch5 Newton basin map": basin_explorer,
    "ch6 optimizer race": optimizer_race_explorer,
}
"""Name (chapter and subject) → factory taking ``static=``; the notebooks build the same."""
