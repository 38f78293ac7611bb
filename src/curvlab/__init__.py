"""curvlab: the computations behind the book *The Geometry of Learning*.

The folder tree is the architecture. Library subpackages, which never import the ones below
them in this list:

* :mod:`curvlab.core`: :class:`Objective`, the optimizer protocol, :func:`run` →
  :class:`Trajectory`, validation (one random-generator contract), spectra, diagnostics;
* :mod:`curvlab.problems`: quadratic bowls, test surfaces, extended Rosenbrock, symbolic
  objectives, least squares;
* :mod:`curvlab.curvature`: Taylor models, finite differences, critical points, random
  matrices, preconditioned spectra, Hutchinson;
* :mod:`curvlab.optimizers`: every method as an ``init``/``update`` pair, most chained from
  small pieces (``optimizers.transforms``), all registered in ``OPTIMIZERS``; one line search;
* :mod:`curvlab.theory`: rates, momentum rates, step-count predictions, costs;

then the drawing layers: :mod:`curvlab.plotting` (matplotlib) and :mod:`curvlab.widgets` (the
exploration engine, ipywidgets); and last :mod:`curvlab.experiments`, one package per topic of
the book (``compute`` → ``figures`` → ``explore``).

This top level re-exports the common names of the library, so ``import curvlab as cl`` gives
``cl.run``, ``cl.bowl``, ``cl.adam``, ...; the subpackages are reachable as attributes
(``cl.curvature.taylor_model``) and load on first use. It never imports matplotlib or
ipywidgets.
"""

import importlib

from curvlab.core import (
    Objective,
    Spectrum,
    Status,
    Trajectory,
    below,
    condition_number,
    glue,
    quote,
    run,
    significant,
    spectrum,
)
from curvlab.optimizers import (
    Optimizer,
    adagrad,
    adam,
    damped_newton,
    gradient_descent,
    heavy_ball,
    kfac,
    lbfgs,
    levenberg_marquardt,
    muon,
    nesterov,
    newton,
    normalized_gradient_descent,
    preconditioned_gradient_descent,
    rmsprop,
    saddle_free_newton,
    shampoo,
    sophia,
)
from curvlab.problems import (
    SURFACES,
    Quadratic,
    bowl,
    double_well,
    flat_valley,
    himmelblau,
    monkey_saddle,
    quadratic,
    quartic_bowl,
    random_spd_matrix,
    rosenbrock,
    rotated_bowl,
    saddle,
    valley_point,
    valley_sharpness,
)
from curvlab.theory import (
    contraction_factors,
    convergence_rate,
    optimal_rate,
    optimal_step,
    predicted_steps,
    stability_bound,
    steps_bound,
)

SUBPACKAGES = (
    "core",
    "problems",
    "curvature",
    "optimizers",
    "theory",
    "plotting",
    "widgets",
    "experiments",
)
"""The subpackages, in the order of the import arrows (each imports only earlier ones)."""

__all__ = [
    "SUBPACKAGES",
    "SURFACES",
    "Objective",
    "Optimizer",
    "Quadratic",
    "Spectrum",
    "Status",
    "Trajectory",
    "adagrad",
    "adam",
    "below",
    "bowl",
    "condition_number",
    "contraction_factors",
    "convergence_rate",
    "damped_newton",
    "double_well",
    "flat_valley",
    "glue",
    "gradient_descent",
    "heavy_ball",
    "himmelblau",
    "kfac",
    "lbfgs",
    "levenberg_marquardt",
    "monkey_saddle",
    "muon",
    "nesterov",
    "newton",
    "normalized_gradient_descent",
    "optimal_rate",
    "optimal_step",
    "preconditioned_gradient_descent",
    "predicted_steps",
    "quadratic",
    "quartic_bowl",
    "quote",
    "random_spd_matrix",
    "rmsprop",
    "rosenbrock",
    "rotated_bowl",
    "run",
    "saddle",
    "saddle_free_newton",
    "shampoo",
    "significant",
    "sophia",
    "spectrum",
    "stability_bound",
    "steps_bound",
    "valley_point",
    "valley_sharpness",
]


def __getattr__(name: str):
    """Load a subpackage on first access (``cl.curvature``), as scipy does."""
    if name in SUBPACKAGES:
        return importlib.import_module(f"curvlab.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
