"""Chapter 7, §11: the chapter's curvature quantities from a framework's autodiff (JAX).

This package re-exports what its chapter uses; JAX is imported only when a function runs.
"""

from curvlab.experiments.framework_bridge.compute import (
    BatchSharpness,
    DeflatedPower,
    DifferenceStudy,
    JaxNetwork,
    Precision,
    batch_lmax,
    decade,
    deflated_power_iteration,
    difference_study,
    enable_x64,
    example_shares,
    installed_megabytes,
    median_interval,
    minibatch_sharpness,
    precision_study,
)

__all__ = [
    "BatchSharpness",
    "DeflatedPower",
    "DifferenceStudy",
    "JaxNetwork",
    "Precision",
    "batch_lmax",
    "decade",
    "deflated_power_iteration",
    "difference_study",
    "enable_x64",
    "example_shares",
    "installed_megabytes",
    "median_interval",
    "minibatch_sharpness",
    "precision_study",
]
