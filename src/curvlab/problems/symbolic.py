r"""Symbolic derivatives with sympy, compiled to numpy.

A surface is written once as a sympy expression :math:`f(x, y)`; sympy differentiates it,

.. math:: \nabla f = \begin{pmatrix} \partial_x f \\ \partial_y f \end{pmatrix}, \qquad
          \nabla^2 f = \begin{pmatrix} \partial_{xx} f & \partial_{xy} f \\
                                       \partial_{yx} f & \partial_{yy} f \end{pmatrix},

and :func:`sympy.lambdify` turns value, gradient and Hessian into numpy functions. The result
is an ordinary :class:`~curvlab.core.objective.Objective`, so the runner, the figures and the
classifier cannot tell it from a hand-written one; the tests use it as the oracle for the
hand-written surfaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import sympy as sp

from curvlab.core.objective import Objective, Window

__all__ = ["SymbolicDerivatives", "as_expression", "symbolic_derivatives", "symbolic_objective"]


class SymbolicDerivatives(NamedTuple):
    """An expression with its variables, gradient (column) and Hessian, all as sympy objects."""

    expr: sp.Expr
    variables: tuple[sp.Symbol, ...]
    gradient: sp.Matrix
    hessian: sp.Matrix


def _as_symbols(variables: Sequence[str | sp.Symbol] | str) -> tuple[sp.Symbol, ...]:
    if isinstance(variables, str):
        variables = variables.replace(",", " ").split()
    symbols = []
    for v in variables:
        if isinstance(v, sp.Symbol):
            symbols.append(sp.Symbol(v.name))
        elif isinstance(v, str) and v.isidentifier():
            symbols.append(sp.Symbol(v))
        else:
            raise TypeError(f"variables must be names or sympy Symbols; got {v!r}")
    if not symbols:
        raise ValueError("variables must name at least one variable")
    if len({s.name for s in symbols}) != len(symbols):
        raise ValueError(f"variables must be distinct; got {[s.name for s in symbols]}")
    return tuple(symbols)


def as_expression(
    expr: str | sp.Expr, variables: Sequence[str | sp.Symbol] | str = ("x", "y")
) -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
    """Return ``expr`` as a sympy expression in exactly the given ``variables``.

    Symbols are matched by name (assumptions such as ``real=True`` are dropped), so
    ``"x**2 - y**2"`` and ``sp.Symbol("x", real=True)**2 - ...`` mean the same function.

    Raises
    ------
    TypeError
        If ``expr`` is neither a string nor a sympy expression.
    ValueError
        If ``expr`` cannot be parsed, uses a variable not in ``variables``, or is not real
        and finite as written (e.g. contains ``I`` or ``oo``).
    """
    symbols = _as_symbols(variables)
    if isinstance(expr, str):
        try:
            parsed = sp.sympify(expr, locals={s.name: s for s in symbols})
        except (sp.SympifyError, SyntaxError, TypeError) as err:
            raise ValueError(f"expr could not be parsed: {expr!r}") from err
    elif isinstance(expr, sp.Expr):
        parsed = expr
    else:
        raise TypeError(f"expr must be a str or a sympy expression; got {type(expr).__name__}")
    if not isinstance(parsed, sp.Expr):
        raise ValueError(f"expr must be a scalar expression; got {parsed!r}")
    parsed = parsed.subs({s: sp.Symbol(s.name) for s in parsed.free_symbols}, simultaneous=True)
    names = {s.name for s in symbols}
    extra = sorted(s.name for s in parsed.free_symbols if s.name not in names)
    if extra:
        raise ValueError(
            f"expr uses variables {extra} that are not among variables {sorted(names)}"
        )
    if parsed.has(sp.I, sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise ValueError(f"expr must be real and finite as written; got {parsed}")
    return parsed, symbols


def symbolic_derivatives(
    expr: str | sp.Expr, variables: Sequence[str | sp.Symbol] | str = ("x", "y")
) -> SymbolicDerivatives:
    """Differentiate ``expr`` twice with sympy: gradient vector and Hessian matrix.

    Examples
    --------
    >>> d = symbolic_derivatives("10*x**2 + y**2")
    >>> d.hessian
    Matrix([
    [20, 0],
    [ 0, 2]])
    """
    parsed, symbols = as_expression(expr, variables)
    gradient = sp.Matrix([sp.diff(parsed, s) for s in symbols])
    hessian = sp.hessian(parsed, symbols)
    return SymbolicDerivatives(parsed, symbols, gradient, hessian)


def symbolic_objective(
    expr: str | sp.Expr,
    variables: Sequence[str | sp.Symbol] | str = ("x", "y"),
    *,
    name: str | None = None,
    window: Window | None = None,
) -> Objective:
    r"""Return an :class:`~curvlab.core.objective.Objective` whose derivatives sympy computed.

    Parameters
    ----------
    expr : str or sympy.Expr
        The function, e.g. ``"x**3 - 3*x*y**2"``.
    variables : sequence of str or Symbol
        The coordinates in order: the point ``p`` means ``variables[i] = p[i]``.
    name : str, optional
        Defaults to the expression's text.
    window : ((float, float), (float, float)), optional
        Plotting window for 2-D objectives.

    Returns
    -------
    Objective
        ``fun`` accepts stacks of points of shape ``(n, ...)``; ``grad`` and ``hess`` one point.

    Raises
    ------
    TypeError, ValueError
        As :func:`as_expression`.

    Examples
    --------
    >>> f = symbolic_objective("10*x**2 + y**2")
    >>> f.hessian([0.3, -1.0])
    array([[20.,  0.],
           [ 0.,  2.]])
    """
    d = symbolic_derivatives(expr, variables)
    n = len(d.variables)
    value_fn = sp.lambdify(d.variables, d.expr, modules="numpy")
    gradient_fn = sp.lambdify(d.variables, list(d.gradient), modules="numpy")
    hessian_fn = sp.lambdify(d.variables, d.hessian.tolist(), modules="numpy")

    def fun(p: np.ndarray) -> np.ndarray | float:
        coordinates = [p[i] for i in range(n)]
        value = value_fn(*coordinates)
        # A constant expression lambdifies to a scalar; give it the shape of the points.
        return np.asarray(value, dtype=float) + np.zeros_like(np.asarray(p[0], dtype=float))

    def grad(p: np.ndarray) -> np.ndarray:
        return np.array(gradient_fn(*p), dtype=float)

    def hess(p: np.ndarray) -> np.ndarray:
        return np.array(hessian_fn(*p), dtype=float)

    return Objective(
        str(d.expr) if name is None else name,
        n,
        fun,
        grad,
        hess,
        formula=sp.latex(d.expr),
        window=window,
    )
