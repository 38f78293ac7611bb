r"""The Hessian as the Jacobian of the gradient, by finite differences.

Column :math:`j` of the Hessian is how the gradient changes when coordinate :math:`j` moves:

.. math:: H e_j = \lim_{h \to 0} \frac{\nabla f(x + h e_j) - \nabla f(x)}{h}.

Two difference quotients approximate it:

* forward, :math:`(\nabla f(x + h e_j) - \nabla f(x)) / h`, truncation error :math:`O(h)`;
* central, :math:`(\nabla f(x + h e_j) - \nabla f(x - h e_j)) / 2h`, truncation error
  :math:`O(h^2)`.

Rounding adds an error of about :math:`\varepsilon\,|\nabla f| / h` (machine epsilon
:math:`\varepsilon \approx 2.2\times10^{-16}`), so the total error is smallest near
:math:`h \approx \varepsilon^{1/2}` (forward) or :math:`h \approx \varepsilon^{1/3}` (central)
and grows again for smaller steps. Reference: Nocedal & Wright (2006), §8.1.

The same quotient along a direction :math:`v` gives a Hessian-vector product from two gradients,
without forming :math:`H`: :func:`finite_difference_hvp`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.validation import as_positive_float, as_vector

__all__ = ["SCHEMES", "finite_difference_hessian", "finite_difference_hvp", "hessian_error"]

SCHEMES = ("forward", "central")
"""The difference quotients this module knows."""


def _check(objective: Objective, x: ArrayLike, h: float, scheme: str) -> tuple[np.ndarray, float]:
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a curvlab Objective; got {type(objective).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}; got {scheme!r}")
    return as_vector(x, "x", objective.dim), as_positive_float(h, "h")


def _difference(grad, x: np.ndarray, direction: np.ndarray, h: float, scheme: str) -> np.ndarray:
    if scheme == "forward":
        return (grad(x + h * direction) - grad(x)) / h
    return (grad(x + h * direction) - grad(x - h * direction)) / (2.0 * h)


def finite_difference_hessian(
    objective: Objective, x: ArrayLike, h: float = 1e-5, scheme: str = "central"
) -> np.ndarray:
    r"""Approximate :math:`\nabla^2 f(x)` column by column from gradient differences.

    Costs :math:`n + 1` gradient evaluations (forward) or :math:`2n` (central). The result is
    not symmetrized, so its asymmetry shows the approximation error.

    Parameters
    ----------
    objective : Objective
        Supplies the gradient.
    x : array_like, shape (n,)
        The point.
    h : float
        The difference step, ``> 0``.
    scheme : {"central", "forward"}
        Which quotient.

    Returns
    -------
    ndarray, shape (n, n)
        Column ``j`` approximates :math:`H e_j`.

    Raises
    ------
    TypeError, ValueError
        For a non-objective, a bad point, a non-positive ``h`` or an unknown scheme.
    """
    point, h = _check(objective, x, h, scheme)
    grad = objective.unchecked.grad
    columns = [_difference(grad, point, e, h, scheme) for e in np.eye(objective.dim)]
    return np.column_stack(columns)


def finite_difference_hvp(
    objective: Objective, x: ArrayLike, v: ArrayLike, h: float = 1e-5, scheme: str = "central"
) -> np.ndarray:
    r"""Approximate the Hessian-vector product :math:`\nabla^2 f(x)\,v` from two gradients.

    .. math:: H v \approx \frac{\nabla f(x + h v) - \nabla f(x - h v)}{2h}.

    Memory and work are those of two gradient evaluations, whatever the dimension.

    Raises
    ------
    TypeError, ValueError
        As :func:`finite_difference_hessian`, or if ``v`` has the wrong length.
    """
    point, h = _check(objective, x, h, scheme)
    direction = as_vector(v, "v", objective.dim)
    return _difference(objective.unchecked.grad, point, direction, h, scheme)


def hessian_error(
    objective: Objective, x: ArrayLike, steps: ArrayLike, scheme: str = "central"
) -> np.ndarray:
    r"""Return :math:`\max_{ij} |\tilde H_{ij}(h) - H_{ij}|` for each step ``h`` in ``steps``.

    ``H`` is the objective's own (exact) Hessian, ``\tilde H(h)`` the finite-difference one.

    Raises
    ------
    ValueError
        If ``steps`` is empty or holds a non-positive or non-finite value.
    """
    step_array = as_vector(steps, "steps")
    if np.any(step_array <= 0.0):
        raise ValueError("steps must all be positive")
    point, _ = _check(objective, x, float(step_array[0]), scheme)
    exact = objective.hessian(point)
    return np.array(
        [
            float(np.max(np.abs(finite_difference_hessian(objective, point, h, scheme) - exact)))
            for h in step_array
        ]
    )
