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
from curvlab.core.validation import as_int, as_window
from curvlab.curvature.classification import classify_hessian

__all__ = ["NewtonEndpoints", "endpoint_kinds", "grid_starts", "newton_endpoints"]


class NewtonEndpoints(NamedTuple):
    """Newton's endpoints: ``points`` (m, n), ``converged`` (m,), ``kinds`` (m,) as strings."""

    starts: np.ndarray
    points: np.ndarray
    converged: np.ndarray
    kinds: np.ndarray


def grid_starts(window: ArrayLike, per_axis: int) -> np.ndarray:
    """Return the ``per_axis × per_axis`` grid of starts over ``window = ((x0, x1), (y0, y1))``.

    Raises
    ------
    TypeError, ValueError
        If the window is not two increasing finite intervals
        (:func:`curvlab.core.validation.as_window`) or ``per_axis`` is not an integer >= 2.
    """
    (x_lo, x_hi), (y_lo, y_hi) = as_window(window)
    per_axis = as_int(per_axis, "per_axis", 2)
    xs, ys = np.linspace(x_lo, x_hi, per_axis), np.linspace(y_lo, y_hi, per_axis)
    return np.array([[x, y] for x in xs for y in ys])


def newton_endpoints(
    objective: Objective,
    starts: ArrayLike,
    *,
    tol: float = 1e-10,
    maxiter: int = 50,
    eig_tol: float = 1e-8,
) -> NewtonEndpoints:
    r"""Run Newton's method on :math:`\nabla f` from each start; classify where it converged.

    A run converges when :math:`\|\nabla f\| <` ``tol`` within ``maxiter`` steps and its Hessian
    stays nonsingular; its kind is the second-derivative test's
    (:func:`curvlab.curvature.classification.classify_hessian`, with ``eig_tol``); runs that
    fail get the kind ``"none"``.

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
    stack = np.asarray(starts, dtype=float)
    if stack.ndim != 2 or stack.shape[1] != objective.dim or not np.all(np.isfinite(stack)):
        raise ValueError(f"starts must be a finite array of shape (m, {objective.dim})")
    if not (tol > 0 and eig_tol > 0 and isinstance(maxiter, int) and maxiter > 0):
        raise ValueError("tol, eig_tol and maxiter must be positive")
    points = stack.copy()
    converged = np.zeros(len(stack), dtype=bool)
    kinds = np.full(len(stack), "none", dtype=object)
    for j, x in enumerate(stack):
        with np.errstate(all="ignore"):
            for _ in range(maxiter + 1):
                g = objective.gradient(x)
                if not np.all(np.isfinite(g)):
                    break
                if np.linalg.norm(g) < tol:
                    converged[j] = True
                    break
                try:
                    x = x - np.linalg.solve(objective.hessian(x), g)
                except np.linalg.LinAlgError:
                    break
                if not np.all(np.isfinite(x)):
                    break
        points[j] = x
        if converged[j]:
            kinds[j] = classify_hessian(objective.hessian(x), eig_tol).kind.value
    return NewtonEndpoints(stack, points, converged, kinds.astype(str))


def endpoint_kinds(endpoints: NewtonEndpoints) -> dict[str, int]:
    """Count the endpoints of each kind (``"minimum"``, ``"saddle"``, ``"maximum"``, ...)."""
    names, counts = np.unique(endpoints.kinds, return_counts=True)
    return {str(name): int(count) for name, count in zip(names, counts, strict=True)}
