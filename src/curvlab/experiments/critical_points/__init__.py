"""The critical points experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.critical_points.compute import (
    CriticalPointRun,
    EscapeStudy,
    critical_point_run,
    escape_step,
    escape_study,
    linear_escape_steps,
    perturb,
    predicted_escape_steps,
    surface_critical_points,
    window_point,
)
from curvlab.experiments.critical_points.explore import (
    RUN_SURFACES,
    STARTS_X,
    STARTS_Y,
    critical_point_explorer,
)
from curvlab.experiments.critical_points.figures import (
    CriticalPointRunFrame,
    critical_points_figure,
    escape_time_figure,
    positive_definite_figure,
    rate_limit_figure,
    saddle_run_figure,
)
from curvlab.experiments.goe_rate.compute import (
    RateEstimates,
    leading_order_ratios,
    rate_estimates,
)
from curvlab.experiments.newton_attraction.compute import (
    NewtonEndpoints,
    endpoint_kinds,
    grid_starts,
    newton_endpoints,
)
from curvlab.experiments.smoothness.compute import hessian_eigenvalue_range
from curvlab.experiments.stable_set.compute import (
    stable_lines,
    two_cycle_height,
    well_map,
)

__all__ = [
    "RUN_SURFACES",
    "STARTS_X",
    "STARTS_Y",
    "CriticalPointRun",
    "CriticalPointRunFrame",
    "EscapeStudy",
    "NewtonEndpoints",
    "RateEstimates",
    "critical_point_explorer",
    "critical_point_run",
    "critical_points_figure",
    "endpoint_kinds",
    "escape_step",
    "escape_study",
    "escape_time_figure",
    "grid_starts",
    "hessian_eigenvalue_range",
    "leading_order_ratios",
    "linear_escape_steps",
    "newton_endpoints",
    "perturb",
    "positive_definite_figure",
    "predicted_escape_steps",
    "rate_estimates",
    "rate_limit_figure",
    "saddle_run_figure",
    "stable_lines",
    "surface_critical_points",
    "two_cycle_height",
    "well_map",
    "window_point",
]
