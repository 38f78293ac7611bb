"""Chapter 7, §11: the chapter's curvature quantities from a framework's autodiff (JAX).

This package re-exports what its chapter uses; JAX is imported only when a function runs.
"""

from curvlab.experiments.framework_bridge.compute import (
    BatchSharpness,
    DeflatedPower,
    JaxNetwork,
    Precision,
    deflated_power_iteration,
    enable_x64,
    minibatch_sharpness,
    precision_study,
)

__all__ = [
    "BatchSharpness",
    "DeflatedPower",
    "JaxNetwork",
    "Precision",
    "deflated_power_iteration",
    "enable_x64",
    "minibatch_sharpness",
    "precision_study",
]
