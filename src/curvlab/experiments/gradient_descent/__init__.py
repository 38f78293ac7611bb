"""The gradient descent experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.gradient_descent.compute import (
    BOWL_START,
    BowlRun,
    bowl_run,
    bowl_runs,
)
from curvlab.experiments.gradient_descent.explore import (
    CONDITION_NUMBERS,
    LEARNING_RATES,
    gradient_descent_explorer,
)
from curvlab.experiments.gradient_descent.figures import (
    GradientDescentBowlFrame,
    step_size_comparison_figure,
)

__all__ = [
    "BOWL_START",
    "CONDITION_NUMBERS",
    "LEARNING_RATES",
    "BowlRun",
    "GradientDescentBowlFrame",
    "bowl_run",
    "bowl_runs",
    "gradient_descent_explorer",
    "step_size_comparison_figure",
]
