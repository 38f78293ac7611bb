"""The conditioning experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.conditioning.compute import (
    CONDITIONING_START,
    KAPPA_METHODS,
    SCALED_GRID,
    BowlStepStudy,
    KappaSweep,
    StepSweep,
    bowl_step_study,
    contraction_after,
    kappa_sweep,
    random_kappa_sweep,
    rescale_feature,
    step_sweep,
    unit_sweep,
)
from curvlab.experiments.conditioning.explore import (
    CONDITION_NUMBERS,
    PREPROCESSING,
    SCALED_STEPS,
    UNIT_FACTORS,
    condition_explorer,
    feature_scale_explorer,
)
from curvlab.experiments.conditioning.figures import (
    ConditioningFrame,
    RegressionScaleFrame,
    kappa_iterations_figure,
    step_sweep_figure,
)

__all__ = [
    "CONDITIONING_START",
    "CONDITION_NUMBERS",
    "KAPPA_METHODS",
    "PREPROCESSING",
    "SCALED_GRID",
    "SCALED_STEPS",
    "UNIT_FACTORS",
    "BowlStepStudy",
    "ConditioningFrame",
    "KappaSweep",
    "RegressionScaleFrame",
    "StepSweep",
    "bowl_step_study",
    "condition_explorer",
    "contraction_after",
    "feature_scale_explorer",
    "kappa_iterations_figure",
    "kappa_sweep",
    "random_kappa_sweep",
    "rescale_feature",
    "step_sweep",
    "step_sweep_figure",
    "unit_sweep",
]
