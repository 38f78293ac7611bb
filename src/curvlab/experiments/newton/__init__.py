"""The newton experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.newton.compute import (
    KIND_ORDER,
    METHODS,
    NEWTON_SETUPS,
    BasinMap,
    GaussNewtonRun,
    GradientNewtonRuns,
    LocalNewtonBound,
    basin_map,
    bfgs_update,
    gauss_newton,
    gradient_newton_runs,
    hessian_lipschitz_estimate,
    local_newton_bound,
    most_negative_curvature,
    rosenbrock_residuals,
    shift_behaviour,
    shifted_newton_factors,
    sorted_by_kind,
)
from curvlab.experiments.newton.explore import (
    BASIN_BUDGET,
    DAMPINGS,
    GRADIENT_NEWTON_CASES,
    basin_explorer,
    gradient_newton_explorer,
)
from curvlab.experiments.newton.figures import (
    BasinMapFrame,
    GradientNewtonFrame,
    compare_paths_figure,
    coordinates_text,
    describe_basins,
    paths_on_bowls_figure,
)

__all__ = [
    "BASIN_BUDGET",
    "DAMPINGS",
    "GRADIENT_NEWTON_CASES",
    "KIND_ORDER",
    "METHODS",
    "NEWTON_SETUPS",
    "BasinMap",
    "BasinMapFrame",
    "GaussNewtonRun",
    "GradientNewtonFrame",
    "GradientNewtonRuns",
    "LocalNewtonBound",
    "basin_explorer",
    "basin_map",
    "bfgs_update",
    "compare_paths_figure",
    "coordinates_text",
    "describe_basins",
    "gauss_newton",
    "gradient_newton_explorer",
    "gradient_newton_runs",
    "hessian_lipschitz_estimate",
    "local_newton_bound",
    "most_negative_curvature",
    "paths_on_bowls_figure",
    "rosenbrock_residuals",
    "shift_behaviour",
    "shifted_newton_factors",
    "sorted_by_kind",
]
