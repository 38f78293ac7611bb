"""Two-dimensional test surfaces with closed-form gradients and Hessians.

Each function returns an :class:`~curvlab.core.objective.Objective`. The formulas are written out by
hand for speed; the tests derive them again with sympy. Like ``scipy.optimize.rosen``, every
value function accepts a stack of points of shape ``(2, ...)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from curvlab.core.objective import Objective
from curvlab.core.validation import as_finite_float, as_positive_float
from curvlab.problems.quadratic import bowl, quadratic, rotated_bowl

__all__ = [
    "SURFACES",
    "double_well",
    "himmelblau",
    "monkey_saddle",
    "quartic_bowl",
    "rosenbrock",
    "saddle",
    "ten_to_one_bowl",
]


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    r"""Rosenbrock's banana valley :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`.

    The unique minimum is at :math:`(a, a^2)` with value 0. For :math:`a = 1, b = 100` the Hessian
    there is :math:`\begin{pmatrix} 802 & -400 \\ -400 & 200 \end{pmatrix}`, condition number
    about 2508.

    Examples
    --------
    >>> rosenbrock().value([1.0, 1.0])
    0.0
    """
    a = as_finite_float(a, "a")
    b = as_positive_float(b, "b")

    def fun(p: np.ndarray) -> np.ndarray | float:
        x, y = p[0], p[1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([-2.0 * (a - x) - 4.0 * b * x * (y - x**2), 2.0 * b * (y - x**2)])

    def hess(p: np.ndarray) -> np.ndarray:
        x, y = p
        off = -4.0 * b * x
        return np.array([[2.0 - 4.0 * b * y + 12.0 * b * x**2, off], [off, 2.0 * b]])

    return Objective(
        "Rosenbrock",
        2,
        fun,
        grad,
        hess,
        formula=rf"({a:g} - x)^2 + {b:g}\,(y - x^2)^2",
        window=((-2.0, 2.0), (-1.0, 3.0)),
    )


def himmelblau() -> Objective:
    """Himmelblau's function :math:`f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2`.

    Four minima with value 0 (one at :math:`(3, 2)`), four saddles and one maximum.
    """

    def fun(p: np.ndarray) -> np.ndarray | float:
        x, y = p[0], p[1]
        return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        u, v = x**2 + y - 11.0, x + y**2 - 7.0
        return np.array([4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v])

    def hess(p: np.ndarray) -> np.ndarray:
        x, y = p
        off = 4.0 * (x + y)
        return np.array([[12.0 * x**2 + 4.0 * y - 42.0, off], [off, 4.0 * x + 12.0 * y**2 - 26.0]])

    return Objective(
        "Himmelblau",
        2,
        fun,
        grad,
        hess,
        formula=r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        window=((-5.0, 5.0), (-5.0, 5.0)),
    )


def saddle() -> Objective:
    """The saddle :math:`f(x, y) = x^2 - y^2`: a quadratic with Hessian ``diag(2, -2)``."""
    return quadratic(
        np.diag([2.0, -2.0]),
        name="saddle x²−y²",
        formula="x^2 - y^2",
        window=((-1.5, 1.5), (-1.5, 1.5)),
    )


def monkey_saddle() -> Objective:
    r"""The monkey saddle :math:`f(x, y) = x^3 - 3xy^2`.

    Its Hessian vanishes at the origin, so the second-derivative test is silent there, yet the
    origin is a saddle: along each ray the function is :math:`r^3 \cos 3\theta`, which
    changes sign.
    """

    def fun(p: np.ndarray) -> np.ndarray | float:
        x, y = p[0], p[1]
        return x**3 - 3.0 * x * y**2

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([3.0 * x**2 - 3.0 * y**2, -6.0 * x * y])

    def hess(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([[6.0 * x, -6.0 * y], [-6.0 * y, -6.0 * x]])

    return Objective(
        "monkey saddle",
        2,
        fun,
        grad,
        hess,
        formula=r"x^3 - 3xy^2",
        window=((-1.5, 1.5), (-1.5, 1.5)),
    )


def quartic_bowl() -> Objective:
    """The quartic :math:`f(x, y) = x^4 + y^4`: a strict minimum whose Hessian there is zero."""

    def fun(p: np.ndarray) -> np.ndarray | float:
        return p[0] ** 4 + p[1] ** 4

    def grad(p: np.ndarray) -> np.ndarray:
        return 4.0 * np.asarray(p, dtype=float) ** 3

    def hess(p: np.ndarray) -> np.ndarray:
        return np.diag(12.0 * np.asarray(p, dtype=float) ** 2)

    return Objective(
        "quartic x⁴+y⁴",
        2,
        fun,
        grad,
        hess,
        formula=r"x^4 + y^4",
        window=((-1.5, 1.5), (-1.5, 1.5)),
    )


def double_well(negative_curvature: float = 1.0, positive_curvature: float = 1.0) -> Objective:
    r"""A saddle between two minima: :math:`f(x, y) = \tfrac{a}{2} x^2 + \tfrac{b}{4}(y^2 - 1)^2`.

    With :math:`a` = ``positive_curvature`` and :math:`b` = ``negative_curvature``:
    :math:`\nabla f = (a x,\; b\,y(y^2 - 1))`, :math:`\nabla^2 f = \mathrm{diag}(a,\; b(3y^2 - 1))`.
    The origin is a saddle with Hessian :math:`\mathrm{diag}(a, -b)`, whose stable manifold is the
    x-axis; the minima :math:`(0, \pm 1)` have Hessian :math:`\mathrm{diag}(a, 2b)`.

    Raises
    ------
    ValueError
        If either curvature is not a positive finite number.
    """
    b = as_positive_float(negative_curvature, "negative_curvature")
    a = as_positive_float(positive_curvature, "positive_curvature")

    def fun(p: np.ndarray) -> np.ndarray | float:
        x, y = p[0], p[1]
        return 0.5 * a * x**2 + 0.25 * b * (y**2 - 1.0) ** 2

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([a * x, b * y * (y**2 - 1.0)])

    def hess(p: np.ndarray) -> np.ndarray:
        return np.diag([a, b * (3.0 * p[1] ** 2 - 1.0)])

    return Objective(
        f"double well (λ₋ = −{b:g})",
        2,
        fun,
        grad,
        hess,
        formula=rf"\tfrac{{{a:g}}}{{2}} x^2 + \tfrac{{{b:g}}}{{4}} (y^2 - 1)^2",
        window=((-1.5, 1.5), (-1.5, 1.5)),
    )


def ten_to_one_bowl() -> Objective:
    """The bowl :math:`10x^2 + y^2` of chapter 2's worked example, derived by sympy."""
    from curvlab.problems.symbolic import symbolic_objective  # sympy loads only when asked

    return symbolic_objective("10*x**2 + y**2", name="10x² + y²", window=((-1.5, 1.5), (-1.5, 1.5)))


SURFACES: dict[str, Callable[[], Objective]] = {
    "Rosenbrock": rosenbrock,
    "Himmelblau": himmelblau,
    "saddle x²−y²": saddle,
    "monkey saddle": monkey_saddle,
    "quartic x⁴+y⁴": quartic_bowl,
    "double well": double_well,
    "10x² + y²": ten_to_one_bowl,
    "axis-aligned bowl κ=50": lambda: bowl(50.0),
    "rotated bowl κ=50": lambda: rotated_bowl(50.0, 45.0),
    "rotated bowl κ=500": lambda: rotated_bowl(500.0, 45.0),
    "bowl κ=50 rotated 30°": lambda: rotated_bowl(50.0, 30.0),
}
"""The one registry of named 2-D surfaces: every exploration's menu picks names from it."""
