"""Chapter 7: sharp and flat minima, reparametrization, filter-normalized slices, and SAM.

This package re-exports what its chapter uses: ``compute`` → ``figures`` → ``explore``.
"""

from curvlab.experiments.sharpness.compute import (
    FLAT_MINIMUM,
    SHARP_MINIMUM,
    MethodComparison,
    MinimumReport,
    RescalingReport,
    SaddleReport,
    StrandedRuns,
    SurfaceComparison,
    compare_methods,
    compare_on_surface,
    filter_normalized_direction,
    loss_plane,
    loss_slice,
    measure_minimum,
    rescale_relu,
    rescaling_study,
    sharp_flat_study,
    sharpness_problem,
    stranded_runs,
    surface_saddle,
    two_minima_surface,
)
from curvlab.experiments.sharpness.figures import (
    minima_figure,
    slices_figure,
    surface_comparison_figure,
)

__all__ = [
    "FLAT_MINIMUM",
    "SHARP_MINIMUM",
    "MethodComparison",
    "MinimumReport",
    "RescalingReport",
    "SaddleReport",
    "StrandedRuns",
    "SurfaceComparison",
    "compare_methods",
    "compare_on_surface",
    "filter_normalized_direction",
    "loss_plane",
    "loss_slice",
    "measure_minimum",
    "minima_figure",
    "rescale_relu",
    "rescaling_study",
    "sharp_flat_study",
    "sharpness_problem",
    "slices_figure",
    "stranded_runs",
    "surface_comparison_figure",
    "surface_saddle",
    "two_minima_surface",
]
