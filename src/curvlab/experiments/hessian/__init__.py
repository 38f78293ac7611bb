"""The hessian experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.hessian.compute import (
    FiniteDifferenceErrors,
    HessianAtPoint,
    RoundingSplit,
    finite_difference_errors,
    flow_end_sharpness,
    hessian_at,
    rounding_line,
    rounding_split,
)
from curvlab.experiments.hessian.explore import (
    HESSIAN_SURFACES,
    POSITIONS,
    hessian_explorer,
)
from curvlab.experiments.hessian.figures import (
    CURVATURE_STYLES,
    DIRECTION_COLORS,
    HessianPointFrame,
    finite_difference_error_figure,
)

__all__ = [
    "CURVATURE_STYLES",
    "DIRECTION_COLORS",
    "HESSIAN_SURFACES",
    "POSITIONS",
    "FiniteDifferenceErrors",
    "HessianAtPoint",
    "HessianPointFrame",
    "RoundingSplit",
    "finite_difference_error_figure",
    "finite_difference_errors",
    "flow_end_sharpness",
    "hessian_at",
    "hessian_explorer",
    "rounding_line",
    "rounding_split",
]
