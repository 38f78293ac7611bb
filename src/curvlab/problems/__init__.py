"""Objectives to minimize: quadratic bowls, test surfaces, extended Rosenbrock, symbolic
objectives (sympy), least squares and a Kronecker-factored layer.

* :mod:`~curvlab.problems.quadratic`: ½xᵀAx − bᵀx, bowls, random SPD matrices;
* :mod:`~curvlab.problems.surfaces`: Rosenbrock, Himmelblau, saddles and the one registry
  :data:`SURFACES`;
* :mod:`~curvlab.problems.extended_rosenbrock`: Rosenbrock in :math:`n` dimensions;
* :mod:`~curvlab.problems.symbolic`: sympy expressions turned into objectives;
* :mod:`~curvlab.problems.least_squares`: linear regression as a quadratic;
* :mod:`~curvlab.problems.flat_valley`: the flat valley ½(w₁w₂ − 1)², a curve of minima;
* :mod:`~curvlab.problems.kronecker`: a least-squares layer with Kronecker-factored curvature.
* :mod:`~curvlab.problems.mlp`: a multilayer perceptron on a flat parameter vector, with its
  loss, backpropagated gradient, exact Hessian-vector product (Pearlmutter's R-operator) and
  Gauss–Newton product;
* :mod:`~curvlab.problems.digits`: scikit-learn's bundled 8×8 handwritten digits, split and
  scaled (imported on demand: it loads scikit-learn).
"""

import importlib

from curvlab.problems.extended_rosenbrock import (
    MAX_DENSE_DIM,
    extended_rosenbrock,
)
from curvlab.problems.flat_valley import flat_valley, valley_point, valley_sharpness
from curvlab.problems.kronecker import (
    KroneckerQuadratic,
    kronecker_least_squares,
    random_kronecker_least_squares,
)
from curvlab.problems.least_squares import (
    HousingData,
    Standardization,
    design_matrix,
    least_squares,
    standardize,
    synthetic_housing,
)
from curvlab.problems.quadratic import (
    Quadratic,
    bowl,
    quadratic,
    random_spd_matrix,
    rotated_bowl,
)
from curvlab.problems.surfaces import (
    SURFACES,
    Surface,
    double_well,
    himmelblau,
    monkey_saddle,
    quartic_bowl,
    rosenbrock,
    saddle,
    ten_to_one_bowl,
)

__all__ = [
    "MAX_DENSE_DIM",
    "SURFACES",
    "HousingData",
    "KroneckerQuadratic",
    "Quadratic",
    "Standardization",
    "Surface",
    "SymbolicDerivatives",
    "as_expression",
    "bowl",
    "design_matrix",
    "double_well",
    "extended_rosenbrock",
    "flat_valley",
    "himmelblau",
    "kronecker_least_squares",
    "least_squares",
    "monkey_saddle",
    "quadratic",
    "quartic_bowl",
    "random_kronecker_least_squares",
    "random_spd_matrix",
    "rosenbrock",
    "rotated_bowl",
    "saddle",
    "standardize",
    "symbolic_derivatives",
    "symbolic_objective",
    "synthetic_housing",
    "ten_to_one_bowl",
    "valley_point",
    "valley_sharpness",
]

_LAZY = {
    "SymbolicDerivatives": "curvlab.problems.symbolic",
    "as_expression": "curvlab.problems.symbolic",
    "symbolic_derivatives": "curvlab.problems.symbolic",
    "symbolic_objective": "curvlab.problems.symbolic",
}
"""Names whose module imports sympy, loaded on first use so that importing curvlab stays fast."""


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
