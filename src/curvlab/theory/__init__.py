"""Closed-form theory: rates of gradient descent and momentum, step-count predictions, costs.

* :mod:`~curvlab.theory.rates`: 2/λmax, η*, contraction factors, the one step-count
  prediction :func:`predicted_steps`;
* :mod:`~curvlab.theory.momentum_rates`: heavy ball and Nesterov on quadratics;
* :mod:`~curvlab.theory.costs`: bytes and flops of dense Hessians and Newton solves.
"""

from curvlab.theory.costs import (
    PowerLaw,
    cholesky_flops,
    cholesky_multiply_adds,
    cubic_extrapolation,
    eigendecomposition_flops,
    fit_power_law,
    format_bytes,
    hessian_bytes,
    time_solves,
    vector_bytes,
)
from curvlab.theory.momentum_rates import (
    MOMENTUM_METHODS,
    REGIMES,
    MomentumParameters,
    RateMap,
    characteristic_roots,
    iteration_matrix,
    momentum_rate,
    optimal_heavy_ball,
    optimal_nesterov,
    rate_map,
    regime,
    stability_limit,
    standard_nesterov,
)
from curvlab.theory.rates import (
    contraction_factors,
    convergence_rate,
    optimal_rate,
    optimal_step,
    predicted_steps,
    stability_bound,
    steps_bound,
)

__all__ = [
    "MOMENTUM_METHODS",
    "REGIMES",
    "MomentumParameters",
    "PowerLaw",
    "RateMap",
    "characteristic_roots",
    "cholesky_flops",
    "cholesky_multiply_adds",
    "contraction_factors",
    "convergence_rate",
    "cubic_extrapolation",
    "eigendecomposition_flops",
    "fit_power_law",
    "format_bytes",
    "hessian_bytes",
    "iteration_matrix",
    "momentum_rate",
    "optimal_heavy_ball",
    "optimal_nesterov",
    "optimal_rate",
    "optimal_step",
    "predicted_steps",
    "rate_map",
    "regime",
    "stability_bound",
    "stability_limit",
    "standard_nesterov",
    "steps_bound",
    "time_solves",
    "vector_bytes",
]
