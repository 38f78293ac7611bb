"""The critical points experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.critical_points.compute import (
    CriticalPointRun,
    EscapeStudy,
    critical_point_run,
    escape_step,
    escape_study,
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
    saddle_run_figure,
)

__all__ = [
    "RUN_SURFACES",
    "STARTS_X",
    "STARTS_Y",
    "CriticalPointRun",
    "CriticalPointRunFrame",
    "EscapeStudy",
    "critical_point_explorer",
    "critical_point_run",
    "critical_points_figure",
    "escape_step",
    "escape_study",
    "escape_time_figure",
    "perturb",
    "positive_definite_figure",
    "predicted_escape_steps",
    "saddle_run_figure",
    "surface_critical_points",
    "window_point",
]
