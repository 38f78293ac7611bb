"""Two-dimensional test surfaces with closed-form gradients and Hessians.

Each function returns an :class:`~curvlab.core.objective.Objective`. The formulas are written out by
hand for speed; the tests derive them again with sympy. Like ``scipy.optimize.rosen``, every
value function accepts a stack of points of shape ``(2, ...)``.

:data:`SURFACES` is the one registry of the named surfaces: each entry is a :class:`Surface`,
the one place that says how to build the objective (calling the entry builds it; its window is
the objective's), its curvature scale :math:`L` with the reference step :math:`1/L`, and the
starts the chapters run from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from curvlab.core.objective import Objective, Window
from curvlab.core.validation import as_finite_float, as_positive_float
from curvlab.problems.quadratic import bowl, quadratic, rotated_bowl

__all__ = [
    "SURFACES",
    "Surface",
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


Point = tuple[float, float]


@dataclass(frozen=True, eq=False)
class Surface:
    r"""A named surface of the book: how to build it, its curvature scale and its starts.

    Calling a ``Surface`` builds its objective (``SURFACES["Himmelblau"]()``); :attr:`window`
    is the objective's window, the region every chapter draws.

    Attributes
    ----------
    build : callable
        ``build() -> Objective``.
    curvature : float or None
        :math:`L`, a round value of the largest Hessian eigenvalue where the chapters' runs
        end: at the surface's minima (each entry says what it is rounded from; the tests compute
        it). Gradient descent with step :math:`\eta` is stable at a minimum whose largest
        eigenvalue is :math:`\lambda` when :math:`\eta\lambda < 2`, and :math:`1/L` is the
        classical step for an :math:`L`-smooth function (Nesterov, *Lectures on Convex
        Optimization*, 2018, §2.1.5). ``None`` where no chapter runs gradient descent.
    starts : mapping of str to tuple of points
        The starts each lesson runs from, by the lesson's name: ``"newton"`` (chapter 5,
        gradient descent against Newton) and ``"race"`` (chapter 6's race).
    """

    build: Callable[[], Objective]
    curvature: float | None = None
    starts: Mapping[str, tuple[Point, ...]] = field(default_factory=dict)

    def __call__(self) -> Objective:
        """Build the objective."""
        return self.build()

    @property
    def window(self) -> Window:
        """The region the chapters draw: the objective's own window."""
        return self.build().window

    @property
    def step(self) -> float:
        """The reference step of gradient descent, :math:`1/L`; a chapter states its step as
        this times a factor, with the reason for the factor.

        Raises
        ------
        ValueError
            If the surface has no curvature scale.
        """
        if self.curvature is None:
            raise ValueError("this surface has no curvature scale (curvature is None)")
        return 1.0 / self.curvature


SURFACES: dict[str, Surface] = {
    # L = 1000: the Hessian at the minimum (1, 1) has eigenvalues 0.4 and 1001.6.
    "Rosenbrock": Surface(
        rosenbrock,
        1000.0,
        {
            "newton": ((-1.2, 1.0), (-0.5, 2.5), (1.5, -0.5), (0.0, 0.0)),
            "race": ((-1.2, 1.0),),
        },
    ),
    # L = 150: the largest eigenvalues at the four minima are 82.3, 80.6, 133.8 and 105.4.
    "Himmelblau": Surface(
        himmelblau,
        150.0,
        {
            "newton": ((0.0, 0.0), (-1.0, 2.0), (1.0, -3.0), (-4.0, 4.5)),
            "race": ((0.0, -4.0),),
        },
    ),
    # L = 2: the Hessian is diag(2, -2) everywhere.
    "saddle x²−y²": Surface(
        saddle,
        2.0,
        {
            "newton": ((1.2, 0.2), (0.5, 1.0), (-1.0, -0.05), (1.0, -1.0)),
            "race": ((-1.2, 0.02),),
        },
    ),
    # L = 10: the eigenvalues are ±6r at radius r (no minimum); 6r is 9 on the window's
    # inscribed circle and 12.7 at its corners.
    "monkey saddle": Surface(monkey_saddle, 10.0),
    # No curvature at the minimum: no reference step.
    "quartic x⁴+y⁴": Surface(quartic_bowl),
    # L = 2: the Hessian at the minima (0, ±1) is diag(1, 2).
    "double well": Surface(double_well, 2.0),
    # L = 20: the Hessian is diag(20, 2).
    "10x² + y²": Surface(ten_to_one_bowl, 20.0),
    # The bowls: L is the condition number (the smallest eigenvalue is 1).
    "axis-aligned bowl κ=50": Surface(lambda: bowl(50.0), 50.0, {"race": ((-1.5, 1.0),)}),
    "rotated bowl κ=50": Surface(lambda: rotated_bowl(50.0, 45.0), 50.0, {"race": ((-1.5, 1.0),)}),
    "rotated bowl κ=500": Surface(
        lambda: rotated_bowl(500.0, 45.0), 500.0, {"race": ((-1.5, 1.0),)}
    ),
    "bowl κ=50 rotated 30°": Surface(
        lambda: rotated_bowl(50.0, 30.0),
        50.0,
        {"newton": ((1.2, 1.0), (-1.4, 0.4), (0.3, -1.4), (-1.0, -1.0))},
    ),
}
"""The one registry of named 2-D surfaces: every exploration's menu picks names from it, and
every chapter's steps and starts on a named surface come from its :class:`Surface`."""
