"""The gradient descent experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.bowl_geometry.compute import (
    contour_ellipse,
    contour_tangents,
    gradient_contour_cosines,
    semi_axes,
)
from curvlab.experiments.gradient_descent.compute import (
    BOWL_START,
    OPTIMAL,
    BowlRun,
    bowl_run,
    bowl_runs,
    lab_run,
    lab_step,
)
from curvlab.experiments.gradient_descent.explore import (
    CONDITION_NUMBERS,
    LAB_STEPS,
    STARTS,
    gradient_descent_explorer,
)
from curvlab.experiments.gradient_descent.figures import (
    GradientDescentBowlFrame,
    eigen_decay_figure,
    rate_curve_figure,
    step_size_comparison_figure,
)
from curvlab.experiments.smoothness.compute import (
    descent_lemma_gaps,
    hessian_eigenvalue_range,
    largest_converging_factor,
    late_orbit,
    logistic_risk,
    segment_curvature,
    smoothness_constant,
    synthetic_classification,
)
from curvlab.experiments.step_size.compute import (
    EigenDecay,
    crossover_step,
    eigen_component_decay,
    rate_curve,
    slowest_direction,
)

__all__ = [
    "BOWL_START",
    "CONDITION_NUMBERS",
    "LAB_STEPS",
    "OPTIMAL",
    "STARTS",
    "BowlRun",
    "EigenDecay",
    "GradientDescentBowlFrame",
    "bowl_run",
    "bowl_runs",
    "contour_ellipse",
    "contour_tangents",
    "crossover_step",
    "descent_lemma_gaps",
    "eigen_component_decay",
    "eigen_decay_figure",
    "gradient_contour_cosines",
    "gradient_descent_explorer",
    "hessian_eigenvalue_range",
    "lab_run",
    "lab_step",
    "largest_converging_factor",
    "late_orbit",
    "logistic_risk",
    "rate_curve",
    "rate_curve_figure",
    "segment_curvature",
    "semi_axes",
    "slowest_direction",
    "smoothness_constant",
    "step_size_comparison_figure",
    "synthetic_classification",
]
