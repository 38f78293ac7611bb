"""The newton experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.newton.compute import (
    KIND_ORDER,
    METHODS,
    NEWTON_SETUPS,
    BasinMap,
    GradientNewtonRuns,
    basin_map,
    gradient_newton_runs,
    sorted_by_kind,
)
from curvlab.experiments.newton.explore import (
    DAMPINGS,
    basin_explorer,
    gradient_newton_explorer,
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
    "GradientNewtonRuns",
    "basin_explorer",
    "basin_map",
    "compare_paths_figure",
    "describe_basins",
    "gradient_newton_explorer",
    "gradient_newton_runs",
    "paths_on_bowls_figure",
    "sorted_by_kind",
]
