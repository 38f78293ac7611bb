"""The adaptive experiments: ``compute`` → ``figures`` → ``explore``.

This package re-exports what its chapter uses.
"""

from curvlab.experiments.adaptive.compute import (
    BowlComparison,
    FisherStudy,
    LogisticProblem,
    NewtonSchulzStudy,
    QuadraticSecondMoment,
    adam_denominators,
    bowl_comparison,
    diagonal_preconditioned_spectrum,
    fisher_study,
    layer_race,
    logistic_hessian,
    logistic_problem,
    minibatch_gradients,
    moving_second_moment,
    newton_schulz_study,
    per_example_gradients,
    preconditioned_spectrum,
    quadratic_second_moment,
    replay_states,
)
from curvlab.experiments.adaptive.figures import (
    bowl_pair_figure,
    newton_schulz_figure,
    preconditioned_spectrum_figure,
    second_moment_figure,
)

__all__ = [
    "BowlComparison",
    "FisherStudy",
    "LogisticProblem",
    "NewtonSchulzStudy",
    "QuadraticSecondMoment",
    "adam_denominators",
    "bowl_comparison",
    "bowl_pair_figure",
    "diagonal_preconditioned_spectrum",
    "fisher_study",
    "layer_race",
    "logistic_hessian",
    "logistic_problem",
    "minibatch_gradients",
    "moving_second_moment",
    "newton_schulz_figure",
    "newton_schulz_study",
    "per_example_gradients",
    "preconditioned_spectrum",
    "preconditioned_spectrum_figure",
    "quadratic_second_moment",
    "replay_states",
    "second_moment_figure",
]
