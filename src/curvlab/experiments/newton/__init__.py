"""The newton experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.newton.compute import (
    METHODS,
    BasinMap,
    StationaryPoint,
    basin_map,
    stationary_points,
)
from curvlab.experiments.newton.explore import (
    DAMPINGS,
    basin_explorer,
    gradient_newton_explorer,
    newton_setups,
)
from curvlab.experiments.newton.figures import (
    BASIN_COLORS,
    BasinMapFrame,
    GradientNewtonFrame,
    compare_paths_figure,
    describe_basins,
    paths_on_bowls_figure,
)

__all__ = [
    "BASIN_COLORS",
    "DAMPINGS",
    "METHODS",
    "BasinMap",
    "BasinMapFrame",
    "GradientNewtonFrame",
    "StationaryPoint",
    "basin_explorer",
    "basin_map",
    "compare_paths_figure",
    "describe_basins",
    "gradient_newton_explorer",
    "newton_setups",
    "paths_on_bowls_figure",
    "stationary_points",
]
