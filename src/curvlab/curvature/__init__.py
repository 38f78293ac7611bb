"""Curvature tools: Taylor models, finite differences, critical points, random matrices,
preconditioned spectra and Hutchinson's diagonal estimator.

* :mod:`~curvlab.curvature.taylor`: the quadratic model and directional curvature;
* :mod:`~curvlab.curvature.finite_differences`: Hessians and Hessian-vector products from
  gradients (an oracle separate from :meth:`Objective.hessp`);
* :mod:`~curvlab.curvature.critical_points`: the one finder and the one classifier;
* :mod:`~curvlab.curvature.random_matrices`: GOE matrices and how often they are definite;
* :mod:`~curvlab.curvature.preconditioners`: Jacobi, :math:`P^{-1/2} H P^{-1/2}` spectra;
* :mod:`~curvlab.curvature.hutchinson`: the Hutchinson estimate of a diagonal.
"""

import importlib

from curvlab.curvature.finite_differences import (
    SCHEMES,
    finite_difference_hessian,
    finite_difference_hvp,
    hessian_error,
)
from curvlab.curvature.hutchinson import (
    hutchinson_diagonal,
    rademacher,
)
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

__all__ = [
    "DEAN_MAJUMDAR_THETA",
    "SCHEMES",
    "Classification",
    "CriticalPoint",
    "Kind",
    "PositiveDefiniteEstimate",
    "circle_differences",
    "classify_critical_point",
    "classify_hessian",
    "count_sign_changes",
    "directional_curvature",
    "find_critical_points",
    "finite_difference_hessian",
    "finite_difference_hvp",
    "goe_matrices",
    "hessian_error",
    "hutchinson_diagonal",
    "jacobi_preconditioner",
    "positive_definite_fraction",
    "preconditioned_condition_number",
    "preconditioned_hessian",
    "rademacher",
    "second_difference",
    "solve_critical_points",
    "taylor_model",
]

_LAZY = {
    "Classification": "curvlab.curvature.critical_points",
    "CriticalPoint": "curvlab.curvature.critical_points",
    "Kind": "curvlab.curvature.critical_points",
    "circle_differences": "curvlab.curvature.critical_points",
    "classify_critical_point": "curvlab.curvature.critical_points",
    "classify_hessian": "curvlab.curvature.critical_points",
    "count_sign_changes": "curvlab.curvature.critical_points",
    "find_critical_points": "curvlab.curvature.critical_points",
    "solve_critical_points": "curvlab.curvature.critical_points",
}
"""Names whose module imports sympy, loaded on first use so that importing curvlab stays fast."""


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
