"""Chapter 7: full-batch gradient descent at the edge of stability (sharpness against 2/η).

This package re-exports what its chapter uses: ``compute`` → ``figures`` → ``explore``.
"""

from curvlab.experiments.edge_of_stability.compute import (
    EOS_LEARNING_RATES,
    EdgeSummary,
    SurfaceRun,
    edge_runs,
    edge_summary,
    eos_problem,
    surface_run,
    valley_surface,
)
from curvlab.experiments.edge_of_stability.explore import (
    edge_explorer,
)
from curvlab.experiments.edge_of_stability.figures import (
    EdgeFrame,
    edge_figure,
    valley_figure,
)

__all__ = [
    "EOS_LEARNING_RATES",
    "EdgeFrame",
    "EdgeSummary",
    "SurfaceRun",
    "edge_explorer",
    "edge_figure",
    "edge_runs",
    "edge_summary",
    "eos_problem",
    "surface_run",
    "valley_figure",
    "valley_surface",
]
