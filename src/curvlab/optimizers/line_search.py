r"""The one backtracking (Armijo) line search, shared by damped Newton and L-BFGS.

Along a descent direction :math:`d` (slope :math:`g^\top d < 0`) the step length :math:`t` starts
at 1 and is multiplied by ``shrink`` until the sufficient-decrease (Armijo) condition

.. math:: f(x + t d) \le f(x) + c_1\, t\, g^\top d

holds, or ``max_halvings`` reductions have been tried.

Reference: Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 3.1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from curvlab.core.validation import as_fraction, as_positive_int

__all__ = ["armijo_parameters", "armijo_step", "backtracking", "descent_step"]


def armijo_parameters(c1: float, shrink: float, max_halvings: int) -> tuple[float, float, int]:
    """Check the line-search parameters once, at a method's public boundary.

    Raises
    ------
    TypeError, ValueError
        If ``c1`` or ``shrink`` is outside ``(0, 1)`` or ``max_halvings`` is not a positive int.
    """
    c1 = as_fraction(c1, "c1")
    shrink = as_fraction(shrink, "shrink")
    if c1 == 0.0:
        raise ValueError("c1 must lie in (0, 1); got 0.0")
    if shrink == 0.0:
        raise ValueError("shrink must lie in (0, 1); got 0.0")
    return c1, shrink, as_positive_int(max_halvings, "max_halvings")


def _backtrack(
    fun: Callable[[np.ndarray], float],
    x: np.ndarray,
    direction: np.ndarray,
    f0: float,
    slope: float,
    c1: float,
    shrink: float,
    max_halvings: int,
) -> tuple[float, float | None]:
    t = 1.0
    for _ in range(max_halvings):
        value = float(fun(x + t * direction))
        if value <= f0 + c1 * t * slope:
            return t, value
        t *= shrink
    return t, None


def backtracking(
    fun: Callable[[np.ndarray], float],
    x: np.ndarray,
    direction: np.ndarray,
    f0: float,
    slope: float,
    *,
    c1: float = 1e-4,
    shrink: float = 0.5,
    max_halvings: int = 50,
) -> float:
    r"""Return the first :math:`t = \text{shrink}^j` that satisfies the Armijo condition.

    Parameters
    ----------
    fun : callable
        The objective's unchecked value function.
    x, direction : ndarray, shape (n,)
        The point and a descent direction :math:`d`.
    f0, slope : float
        :math:`f(x)` and :math:`g^\top d < 0`.
    c1, shrink, max_halvings
        The parameters (trusted: check them with :func:`armijo_parameters`).

    Returns
    -------
    float
        The accepted step length, or the last one tried after ``max_halvings`` reductions.
    """
    return _backtrack(fun, x, direction, f0, slope, c1, shrink, max_halvings)[0]


def armijo_step(
    fun: Callable[[np.ndarray], float],
    x: np.ndarray,
    grad: np.ndarray,
    direction: np.ndarray,
    f0: float,
    *,
    c1: float = 1e-4,
    shrink: float = 0.5,
    max_halvings: int = 50,
) -> tuple[np.ndarray, bool, float | None]:
    r""":func:`descent_step` for a caller that knows :math:`f(x)`; also returns :math:`f(x + t d)`.

    An iterative method that steps :math:`x_{k+1} = x_k + t d` can carry the value the line search
    accepted, :math:`f(x_k + t d)`, to its next step as :math:`f(x_{k+1})` instead of evaluating it
    again (L-BFGS does; the iterate is the same float, so the value is too).

    Parameters
    ----------
    fun, x, grad, direction, c1, shrink, max_halvings
        As for :func:`descent_step`.
    f0 : float
        :math:`f(x)`.

    Returns
    -------
    step : ndarray
        :math:`t d` (with :math:`d = -g` if ``direction`` was not a descent direction).
    fell_back : bool
        Whether it fell back to :math:`-g`.
    value : float or None
        :math:`f(x + t d)` as the line search evaluated it when it accepted :math:`t`; ``None``
        if it stopped after ``max_halvings`` reductions without accepting (the last :math:`t` is
        then not evaluated).

    References
    ----------
    Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 3.1.
    """
    slope = float(grad @ direction)
    fell_back = not slope < 0.0
    if fell_back:
        direction, slope = -grad, -float(grad @ grad)
    t, value = _backtrack(fun, x, direction, f0, slope, c1, shrink, max_halvings)
    return t * direction, fell_back, value


def descent_step(
    fun: Callable[[np.ndarray], float],
    x: np.ndarray,
    grad: np.ndarray,
    direction: np.ndarray,
    *,
    c1: float = 1e-4,
    shrink: float = 0.5,
    max_halvings: int = 50,
) -> tuple[np.ndarray, bool]:
    r"""Return the step :math:`t d` along ``direction`` and whether it fell back to :math:`-g`.

    If ``direction`` is not a descent direction (:math:`g^\top d \ge 0`, e.g. a Newton step
    where the Hessian is indefinite) the steepest-descent direction :math:`-g` is used instead;
    the length :math:`t` is then chosen by :func:`backtracking`.
    """
    slope = float(grad @ direction)
    fell_back = not slope < 0.0
    if fell_back:
        direction, slope = -grad, -float(grad @ grad)
    t = backtracking(
        fun,
        x,
        direction,
        float(fun(x)),
        slope,
        c1=c1,
        shrink=shrink,
        max_halvings=max_halvings,
    )
    return t * direction, fell_back
