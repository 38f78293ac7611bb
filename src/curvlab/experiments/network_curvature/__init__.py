"""Chapter 7: the Hessian of a digits network, matrix-free (cost, spectrum, density, trace).

This package re-exports what its chapter uses: ``compute`` → ``figures`` → ``explore``.
"""

from curvlab.experiments.network_curvature.compute import (
    DigitsProblem,
    OutlierStudy,
    ProductChecks,
    SpectrumHistory,
    TraceStudy,
    TrainingRun,
    dense_eigensolver_times,
    digits_problem,
    hessian_bytes,
    median_seconds,
    multiply_counts,
    outliers_by_classes,
    product_checks,
    single_thread,
    spectrum_during_training,
    trace_error_study,
    train,
    use_one_thread,
)
from curvlab.experiments.network_curvature.figures import (
    COLOURS,
    density_figure,
    spectrum_history_figure,
    trace_error_figure,
)

__all__ = [
    "COLOURS",
    "DigitsProblem",
    "OutlierStudy",
    "ProductChecks",
    "SpectrumHistory",
    "TraceStudy",
    "TrainingRun",
    "dense_eigensolver_times",
    "density_figure",
    "digits_problem",
    "hessian_bytes",
    "median_seconds",
    "multiply_counts",
    "outliers_by_classes",
    "product_checks",
    "single_thread",
    "spectrum_during_training",
    "spectrum_history_figure",
    "trace_error_figure",
    "trace_error_study",
    "train",
    "use_one_thread",
]
