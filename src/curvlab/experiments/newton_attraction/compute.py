r"""Where Newton's method on the gradient ends, start by start.

Newton's method for :math:`\nabla f = 0`, :math:`x \leftarrow x - \nabla^2 f(x)^{-1} \nabla f(x)`,
is invariant under :math:`f \mapsto -f`: it solves an equation and cannot tell a minimum from a
saddle or a maximum. Near any nondegenerate critical point it converges quadratically, so each
kind of critical point has a basin of starts. As a way to *find* critical points this is what one
wants; as a way to *minimize* it is the weakness known as "Newton is attracted to saddles"
(Dauphin et al. 2014, "Identifying and attacking the saddle point problem in high-dimensional
non-convex optimization", NeurIPS). This module counts, over a grid of starts, where the
iteration ends and what kind of point that is, by the signs of the Hessian's eigenvalues there.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.validation import as_positive_float
from curvlab.curvature.classification import classify_hessian
from curvlab.curvature.gradient_newton import grid_starts, newton_on_gradient

__all__ = ["NewtonEndpoints", "endpoint_kinds", "grid_starts", "newton_endpoints"]


class NewtonEndpoints(NamedTuple):
    """Newton's endpoints: ``points`` (m, n), ``converged`` (m,), ``kinds`` (m,) as strings."""

    starts: np.ndarray
    points: np.ndarray
    converged: np.ndarray
    kinds: np.ndarray


def newton_endpoints(
    objective: Objective,
    starts: ArrayLike,
    *,
    tol: float = 1e-10,
    maxiter: int = 50,
    eig_tol: float = 1e-8,
) -> NewtonEndpoints:
    r"""Run Newton's method on :math:`\nabla f` from each start; classify where it converged.

    The runs are :func:`curvlab.curvature.gradient_newton.newton_on_gradient`'s: a run converges
    when :math:`\|\nabla f\| <` ``tol`` within ``maxiter`` steps; its kind is the
    second-derivative test's (:func:`curvlab.curvature.classification.classify_hessian`, with
    ``eig_tol``, as :class:`~curvlab.curvature.classification.Kind` values); runs that fail get
    the kind ``"none"``.

    Parameters
    ----------
    objective : Objective
    starts : array_like, shape (m, n)
    tol, maxiter, eig_tol : float, int, float

    Raises
    ------
    ValueError
        If ``starts`` does not have shape ``(m, objective.dim)`` or is not finite, or a
        tolerance or ``maxiter`` is not positive.
    """
    tol = as_positive_float(tol, "tol")
    eig_tol = as_positive_float(eig_tol, "eig_tol")
    runs = newton_on_gradient(objective, starts, grad_tol=tol, maxiter=maxiter)
    hess = objective.unchecked.hess
    kinds = np.array(
        [
            classify_hessian(hess(x), eig_tol).kind.value if ok else "none"
            for x, ok in zip(runs.points, runs.converged, strict=True)
        ]
    )
    return NewtonEndpoints(runs.starts, runs.points, runs.converged, kinds)


def endpoint_kinds(endpoints: NewtonEndpoints) -> dict[str, int]:
    """Count the endpoints of each kind (``"minimum"``, ``"saddle"``, ``"maximum"``, ...)."""
    names, counts = np.unique(endpoints.kinds, return_counts=True)
    return {str(name): int(count) for name, count in zip(names, counts, strict=True)}
