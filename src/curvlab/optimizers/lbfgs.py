r"""L-BFGS: a low-rank inverse-Hessian estimate from the last few curvature pairs.

After each step the pair :math:`s_k = x_{k+1} - x_k`,
:math:`y_k = \nabla f(x_{k+1}) - \nabla f(x_k)`
records what the Hessian did along one direction: on a quadratic :math:`y_k = H s_k` exactly.
BFGS folds every pair into a dense inverse-Hessian estimate; L-BFGS keeps only the last ``m``
pairs (:math:`2mn` numbers) and applies the same estimate with the two-loop recursion.

Reference: Nocedal & Wright, *Numerical Optimization* (2006), Algorithms 7.4 and 7.5.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Derivatives
from curvlab.core.validation import as_positive_int, as_vector
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.line_search import armijo_parameters, armijo_step

__all__ = ["LbfgsState", "lbfgs", "two_loop_direction"]


class LbfgsState(NamedTuple):
    """The curvature pairs kept (oldest first), the previous iterate and gradient, and the value
    :math:`f` at the current iterate that the last line search accepted (``None`` if unknown)."""

    pairs: tuple[tuple[np.ndarray, np.ndarray], ...]
    x_prev: np.ndarray | None
    g_prev: np.ndarray | None
    f_current: float | None = None


def _two_loop(grad: np.ndarray, pairs, gamma: float) -> np.ndarray:
    q = grad.copy()
    alphas = []
    for s, y in reversed(pairs):
        rho = 1.0 / float(y @ s)
        alpha = rho * float(s @ q)
        q -= alpha * y
        alphas.append((rho, alpha))
    r = gamma * q
    for (s, y), (rho, alpha) in zip(pairs, reversed(alphas), strict=True):
        beta = rho * float(y @ r)
        r += (alpha - beta) * s
    return r


def two_loop_direction(
    grad: ArrayLike, pairs: list[tuple[ArrayLike, ArrayLike]], gamma: float
) -> np.ndarray:
    r"""Return :math:`H_k \nabla f` for the L-BFGS inverse-Hessian estimate :math:`H_k`.

    :math:`H_k` starts from :math:`\gamma I` and applies the BFGS update
    :math:`H \leftarrow (I - \rho s y^\top) H (I - \rho y s^\top) + \rho s s^\top`,
    :math:`\rho = 1/(y^\top s)`, once per pair, oldest first; the two-loop recursion computes the
    product in :math:`O(mn)` without forming :math:`H_k`.

    Raises
    ------
    ValueError
        If a pair has the wrong length or :math:`y^\top s \le 0` (then :math:`H_k` would not be
        positive definite), or ``gamma`` is not positive.
    """
    g = as_vector(grad, "grad")
    checked = []
    for i, (s, y) in enumerate(pairs):
        s_vec, y_vec = as_vector(s, f"s[{i}]", g.size), as_vector(y, f"y[{i}]", g.size)
        if not float(y_vec @ s_vec) > 0.0:
            raise ValueError(f"pair {i} violates the curvature condition yᵀs > 0")
        checked.append((s_vec, y_vec))
    gamma = float(gamma)
    if not gamma > 0.0:
        raise ValueError(f"gamma must be positive; got {gamma}")
    return _two_loop(g, checked, gamma)


def lbfgs(memory: int = 10, c1: float = 1e-4, max_halvings: int = 50) -> Optimizer:
    r"""L-BFGS with a backtracking (Armijo) line search.

    The direction is :math:`d_k = -H_k \nabla f(x_k)` from :func:`two_loop_direction`, with
    :math:`\gamma_k = s^\top y / y^\top y` from the newest pair. The step :math:`t d_k` halves (the
    shared :func:`curvlab.optimizers.line_search.backtracking`)
    :math:`t` from 1 until :math:`f(x_k + t d_k) \le f(x_k) + c_1 t\, \nabla f(x_k)^\top d_k`.
    Pairs with :math:`y^\top s \le 10^{-12}\|s\|\|y\|` are skipped, which keeps :math:`H_k` positive
    definite on non-convex functions. The line search's function values are not counted as
    gradient evaluations by the runner. The value the line search accepted is carried to the next
    step as :math:`f(x_{k+1})` (:func:`curvlab.optimizers.line_search.armijo_step`), so a step
    evaluates :math:`f` only at its trial points, plus once at :math:`x_0`.

    Parameters
    ----------
    memory : int
        The number ``m`` of pairs kept.
    c1 : float
        The sufficient-decrease constant, in ``(0, 1)``.
    max_halvings : int
        How often the line search may halve before accepting the step anyway.

    Raises
    ------
    TypeError, ValueError
        If ``memory`` or ``max_halvings`` is not a positive integer or ``c1`` not in ``(0, 1)``.
    """
    memory = as_positive_int(memory, "memory")
    c1, shrink, max_halvings = armijo_parameters(c1, 0.5, max_halvings)

    def init(x0: np.ndarray) -> LbfgsState:
        return LbfgsState((), None, None)

    def update(
        grad: np.ndarray, state: LbfgsState, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, LbfgsState]:
        pairs = state.pairs
        if state.x_prev is not None:
            s, y = x - state.x_prev, grad - state.g_prev
            if float(y @ s) > 1e-12 * np.linalg.norm(s) * np.linalg.norm(y):
                pairs = (*pairs, (s, y))[-memory:]
        if pairs:
            s_new, y_new = pairs[-1]
            gamma = float(s_new @ y_new) / float(y_new @ y_new)
        else:
            gamma = 1.0 / max(1.0, float(np.linalg.norm(grad)))
        direction = -_two_loop(grad, pairs, gamma)
        f0 = state.f_current if state.f_current is not None else float(derivatives.fun(x))
        step, fell_back, f_next = armijo_step(
            derivatives.fun, x, grad, direction, f0, c1=c1, shrink=shrink, max_halvings=max_halvings
        )
        return step, LbfgsState(() if fell_back else pairs, x, grad, f_next)

    return Optimizer(f"L-BFGS (m={memory})", init, update, {"memory": memory, "c1": c1})
