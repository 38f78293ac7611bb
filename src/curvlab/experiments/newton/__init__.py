"""The newton experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.newton.compute import (
    KIND_ORDER,
    METHODS,
    BasinMap,
    basin_map,
    sorted_by_kind,
)
from curvlab.experiments.newton.explore import (
    DAMPINGS,
    NEWTON_SETUPS,
    basin_explorer,
    gradient_newton_explorer,
    newton_setups,
)
from curvlab.experiments.newton.figures import (
    BasinMapFrame,
    GradientNewtonFrame,
    compare_paths_figure,
    describe_basins,
    paths_on_bowls_figure,
)

__all__ = [
    "DAMPINGS",
    "KIND_ORDER",
    "METHODS",
    "NEWTON_SETUPS",
    "BasinMap",
    "BasinMapFrame",
    "GradientNewtonFrame",
    "basin_explorer",
    "basin_map",
    "compare_paths_figure",
    "describe_basins",
    "gradient_newton_explorer",
    "newton_setups",
    "paths_on_bowls_figure",
    "sorted_by_kind",
]
