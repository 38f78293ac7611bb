"""The momentum experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses, including two inputs it shares with other topics:
chapter 1's start :data:`~curvlab.experiments.gradient_descent.compute.BOWL_START` and the one κ
sweep :func:`~curvlab.experiments.conditioning.compute.kappa_sweep`.
"""

from curvlab.experiments.conditioning.compute import KAPPA_METHODS, kappa_sweep
from curvlab.experiments.gradient_descent.compute import BOWL_START
from curvlab.experiments.momentum.compute import (
    RACE_SURFACES,
    RACERS,
    MomentumPlane,
    OptimalBand,
    RaceResult,
    RaceSurface,
    check_racers,
    momentum_plane,
    optimal_band,
    race,
    race_optimizers,
)
from curvlab.experiments.momentum.explore import (
    BETA2S,
    BETAS,
    LR_SCALES,
    optimizer_race_explorer,
)
from curvlab.experiments.momentum.figures import (
    OptimizerRaceFrame,
    kappa_law_figure,
    momentum_paths_figure,
    rate_map_figure,
)

__all__ = [
    "BETA2S",
    "BETAS",
    "BOWL_START",
    "KAPPA_METHODS",
    "LR_SCALES",
    "RACERS",
    "RACE_SURFACES",
    "MomentumPlane",
    "OptimalBand",
    "OptimizerRaceFrame",
    "RaceResult",
    "RaceSurface",
    "check_racers",
    "kappa_law_figure",
    "kappa_sweep",
    "momentum_paths_figure",
    "momentum_plane",
    "optimal_band",
    "optimizer_race_explorer",
    "race",
    "race_optimizers",
    "rate_map_figure",
]
