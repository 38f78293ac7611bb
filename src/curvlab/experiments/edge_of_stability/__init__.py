"""Chapter 7: full-batch gradient descent at the edge of stability (sharpness against 2/η).

This package re-exports what its chapter uses: ``compute`` → ``figures`` → ``explore``.
"""

from curvlab.experiments.edge_of_stability.compute import (
    EOS_LEARNING_RATES,
    CatapultSummary,
    EdgeSummary,
    EdgeWindow,
    PerturbedCatapults,
    SurfaceRun,
    catapult_summary,
    edge_runs,
    edge_summary,
    edge_window,
    eos_problem,
    perturbed_catapults,
    surface_run,
    valley_surface,
)
from curvlab.experiments.edge_of_stability.explore import (
    edge_explorer,
)
from curvlab.experiments.edge_of_stability.figures import (
    EdgeFrame,
    catapult_figure,
    edge_figure,
    valley_figure,
)

__all__ = [
    "EOS_LEARNING_RATES",
    "CatapultSummary",
    "EdgeFrame",
    "EdgeSummary",
    "EdgeWindow",
    "PerturbedCatapults",
    "SurfaceRun",
    "catapult_figure",
    "catapult_summary",
    "edge_explorer",
    "edge_figure",
    "edge_runs",
    "edge_summary",
    "edge_window",
    "eos_problem",
    "perturbed_catapults",
    "surface_run",
    "valley_figure",
    "valley_surface",
]
