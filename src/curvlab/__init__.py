"""curvlab: the computations behind the book *The Geometry of Learning*.

Layers, each importing only the ones before it:

* computation (numpy, sympy): :mod:`~curvlab.objective`, :mod:`~curvlab.quadratic`,
  :mod:`~curvlab.surfaces`, :mod:`~curvlab.spectrum`, :mod:`~curvlab.rates`,
  :mod:`~curvlab.optimizers`, :mod:`~curvlab.runner`;
* figures (matplotlib): :mod:`curvlab.figures`;
* explorations (ipywidgets): :mod:`curvlab.explore`.

This top level re-exports the computation layer only, so ``import curvlab`` never loads
matplotlib or ipywidgets.
"""

from curvlab.objective import Objective
from curvlab.optimizers import Optimizer, gradient_descent, normalized_gradient_descent
from curvlab.quadratic import Quadratic, bowl, quadratic, random_spd_matrix, rotated_bowl
from curvlab.rates import (
    contraction_factors,
    convergence_rate,
    optimal_rate,
    optimal_step,
    predicted_steps,
    stability_bound,
    steps_bound,
)
from curvlab.runner import Status, Trajectory, run
from curvlab.spectrum import Spectrum, condition_number, spectrum
from curvlab.surfaces import SURFACES, himmelblau, monkey_saddle, quartic_bowl, rosenbrock, saddle

__all__ = [
    "SURFACES",
    "Objective",
    "Optimizer",
    "Quadratic",
    "Spectrum",
    "Status",
    "Trajectory",
    "bowl",
    "condition_number",
    "contraction_factors",
    "convergence_rate",
    "gradient_descent",
    "himmelblau",
    "monkey_saddle",
    "normalized_gradient_descent",
    "optimal_rate",
    "optimal_step",
    "predicted_steps",
    "quadratic",
    "quartic_bowl",
    "random_spd_matrix",
    "rosenbrock",
    "rotated_bowl",
    "run",
    "saddle",
    "spectrum",
    "stability_bound",
    "steps_bound",
]
