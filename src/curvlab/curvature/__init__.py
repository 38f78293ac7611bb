"""Curvature tools: Taylor models, finite differences, critical points, random matrices,
preconditioned spectra, and the matrix-free toolbox for Hessians too large to form.

* :mod:`~curvlab.curvature.taylor`: the quadratic model and directional curvature;
* :mod:`~curvlab.curvature.finite_differences`: Hessians and Hessian-vector products from
  gradients (an oracle separate from :meth:`Objective.hessp`);
* :mod:`~curvlab.curvature.classification`: the second-derivative test, the one :class:`Kind`
  (numpy only);
* :mod:`~curvlab.curvature.gradient_newton`: the one Newton's method on the gradient, from
  many starts (numpy only);
* :mod:`~curvlab.curvature.critical_points`: the one finder (Newton on the gradient, sympy);
* :mod:`~curvlab.curvature.random_matrices`: GOE matrices and how often they are definite;
* :mod:`~curvlab.curvature.preconditioners`: Jacobi, :math:`P^{-1/2} H P^{-1/2}` spectra;
* :mod:`~curvlab.curvature.operators`: the one matrix-free protocol, a counting
  ``scipy.sparse.linalg.LinearOperator`` built from a dense symmetric matrix or a ``matvec``;
* :mod:`~curvlab.curvature.lanczos`: Lanczos with full reorthogonalization (Ritz values and
  vectors, residuals, a budget) and the power iteration with a relative-change rule;
* :mod:`~curvlab.curvature.trace`: Hutchinson's diagonal and trace estimators, and Hutch++;
* :mod:`~curvlab.curvature.density`: the spectral density by stochastic Lanczos quadrature.
"""

import importlib

from curvlab.curvature.classification import Classification, Kind, classify_hessian
from curvlab.curvature.density import SpectralDensity, exact_density, kolmogorov_distance, slq
from curvlab.curvature.finite_differences import (
    SCHEMES,
    finite_difference_hessian,
    finite_difference_hvp,
    hessian_error,
)
from curvlab.curvature.gradient_newton import GradientRoots, grid_starts, newton_on_gradient
from curvlab.curvature.lanczos import lanczos, power_iteration
from curvlab.curvature.operators import CountingOperator, as_operator
from curvlab.curvature.preconditioners import (
    jacobi_preconditioner,
    preconditioned_condition_number,
    preconditioned_hessian,
)
from curvlab.curvature.random_matrices import (
    DEAN_MAJUMDAR_THETA,
    PositiveDefiniteEstimate,
    goe_matrices,
    positive_definite_fraction,
)
from curvlab.curvature.taylor import (
    directional_curvature,
    second_difference,
    taylor_model,
)
from curvlab.curvature.trace import (
    hutch_plus_plus,
    hutchinson_diagonal,
    hutchinson_trace,
    rademacher,
)

__all__ = [
    "DEAN_MAJUMDAR_THETA",
    "SCHEMES",
    "Classification",
    "CountingOperator",
    "CriticalPoint",
    "GradientRoots",
    "Kind",
    "PositiveDefiniteEstimate",
    "SpectralDensity",
    "as_operator",
    "circle_differences",
    "classify_critical_point",
    "classify_hessian",
    "count_sign_changes",
    "directional_curvature",
    "exact_density",
    "find_critical_points",
    "finite_difference_hessian",
    "finite_difference_hvp",
    "goe_matrices",
    "grid_starts",
    "hessian_error",
    "hutch_plus_plus",
    "hutchinson_diagonal",
    "hutchinson_trace",
    "jacobi_preconditioner",
    "kolmogorov_distance",
    "lanczos",
    "newton_on_gradient",
    "positive_definite_fraction",
    "power_iteration",
    "preconditioned_condition_number",
    "preconditioned_hessian",
    "rademacher",
    "second_difference",
    "slq",
    "solve_critical_points",
    "taylor_model",
]

_LAZY = {
    "CriticalPoint": "curvlab.curvature.critical_points",
    "circle_differences": "curvlab.curvature.critical_points",
    "classify_critical_point": "curvlab.curvature.critical_points",
    "count_sign_changes": "curvlab.curvature.critical_points",
    "find_critical_points": "curvlab.curvature.critical_points",
    "solve_critical_points": "curvlab.curvature.critical_points",
}
"""Names whose module imports sympy, loaded on first use so that importing curvlab stays fast."""


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
