"""The objective: a twice-differentiable function with its gradient and Hessian.

An :class:`Objective` bundles ``f``, ``∇f`` and ``∇²f`` (and optionally a Hessian-vector
product) the way ``scipy.optimize.rosen``, ``rosen_der``, ``rosen_hess`` and
``rosen_hess_prod`` do. Its public methods check their arguments; the package's own loops use
the unchecked functions in :attr:`Objective.unchecked` after validating once at the boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import Window, as_callable, as_positive_int, as_vector, as_window

__all__ = ["Derivatives", "Objective", "Window"]


class Derivatives(NamedTuple):
    """Unchecked callables of an objective, for the package's inner loops.

    ``fun`` accepts points of shape ``(n,)`` or a stack of shape ``(n, ...)`` and returns a
    float or an array of shape ``(...)``; ``grad``, ``hess`` and ``hessp`` accept one point.
    ``fun_and_grad``, if not ``None``, returns ``(f(x), ∇f(x))`` for one point at the cost of
    one gradient (a network's forward pass shared by both); the runner uses it when present.
    """

    fun: Callable[[np.ndarray], np.ndarray | float]
    grad: Callable[[np.ndarray], np.ndarray]
    hess: Callable[[np.ndarray], np.ndarray]
    hessp: Callable[[np.ndarray, np.ndarray], np.ndarray]
    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None


class Objective:
    r"""A function :math:`f:\mathbb{R}^n \to \mathbb{R}` with gradient and Hessian.

    Parameters
    ----------
    name : str
        A short human name, used in figure titles and messages.
    dim : int
        The dimension ``n`` of the parameter vector.
    fun : callable
        ``fun(x) -> f(x)``. Must accept a stack of points of shape ``(n, ...)`` and return
        values of shape ``(...)`` (this is how contour plots evaluate it on a grid).
    grad : callable
        ``grad(x) -> ∇f(x)``, shape ``(n,)``.
    hess : callable
        ``hess(x) -> ∇²f(x)``, shape ``(n, n)``, symmetric.
    hessp : callable, optional
        ``hessp(x, v) -> ∇²f(x) v``; defaults to forming the Hessian and multiplying.
    fun_and_grad : callable, optional
        ``fun_and_grad(x) -> (f(x), ∇f(x))`` for one point, when both cost less together than
        apart (a network's loss and back-propagated gradient share one forward pass).
    formula : str, optional
        The function in LaTeX, for captions.
    window : ((float, float), (float, float)), optional
        A default plotting window for 2-D objectives.

    Examples
    --------
    >>> import numpy as np
    >>> f = Objective("paraboloid", 2, lambda x: x[0] ** 2 + x[1] ** 2,
    ...               lambda x: 2 * x, lambda x: 2 * np.eye(2))
    >>> f.value([1.0, 2.0])
    5.0
    """

    def __init__(
        self,
        name: str,
        dim: int,
        fun: Callable[[np.ndarray], np.ndarray | float],
        grad: Callable[[np.ndarray], np.ndarray],
        hess: Callable[[np.ndarray], np.ndarray],
        *,
        hessp: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
        fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
        formula: str = "",
        window: Window | None = None,
    ) -> None:
        if not isinstance(name, str):
            raise TypeError(f"name must be a str; got {type(name).__name__}")
        self.name = name
        self.dim = as_positive_int(dim, "dim")
        as_callable(fun, "fun")
        as_callable(grad, "grad")
        as_callable(hess, "hess")
        if hessp is None:
            hessp = _dense_hessp(hess)
        as_callable(hessp, "hessp")
        if fun_and_grad is not None:
            as_callable(fun_and_grad, "fun_and_grad")
        self.unchecked = Derivatives(fun, grad, hess, hessp, fun_and_grad)
        self.formula = formula
        self.window = None if window is None else as_window(window)

    def __repr__(self) -> str:
        return f"Objective({self.name!r}, dim={self.dim})"

    def value(self, x: ArrayLike) -> float:
        """Return :math:`f(x)` for one point ``x`` of shape ``(n,)``."""
        return float(self.unchecked.fun(as_vector(x, "x", self.dim)))

    def gradient(self, x: ArrayLike) -> np.ndarray:
        r"""Return :math:`\nabla f(x)`, shape ``(n,)``."""
        return np.asarray(self.unchecked.grad(as_vector(x, "x", self.dim)), dtype=float)

    def hessian(self, x: ArrayLike) -> np.ndarray:
        r"""Return :math:`\nabla^2 f(x)`, shape ``(n, n)``."""
        return np.asarray(self.unchecked.hess(as_vector(x, "x", self.dim)), dtype=float)

    def hessian_vector_product(self, x: ArrayLike, v: ArrayLike) -> np.ndarray:
        r"""Return :math:`\nabla^2 f(x)\,v` without the caller forming the Hessian."""
        point = as_vector(x, "x", self.dim)
        direction = as_vector(v, "v", self.dim)
        return np.asarray(self.unchecked.hessp(point, direction), dtype=float)

    def on_grid(self, xs: ArrayLike, ys: ArrayLike) -> np.ndarray:
        """Evaluate a 2-D objective on the grid ``xs × ys``; returns shape ``(len(ys), len(xs))``.

        Raises
        ------
        ValueError
            If the objective is not 2-D or the axes are not finite 1-D arrays.
        """
        if self.dim != 2:
            raise ValueError(f"on_grid needs a 2-D objective; {self.name!r} has dim={self.dim}")
        grid_x, grid_y = np.meshgrid(as_vector(xs, "xs"), as_vector(ys, "ys"))
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(self.unchecked.fun(np.stack([grid_x, grid_y])), dtype=float)


def _dense_hessp(
    hess: Callable[[np.ndarray], np.ndarray],
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def hessp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
        return hess(x) @ v

    return hessp
