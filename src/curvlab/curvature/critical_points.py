r"""Critical points: where :math:`\nabla f = 0`, and what kind each one is.

At a critical point the second-order Taylor model is :math:`f(x^* + d) \approx f(x^*) +
\tfrac12 d^\top H d`, so the signs of the Hessian's eigenvalues decide the local shape:

==========================================  ===================================================
eigenvalues (zero means :math:`|\lambda| \le` tol)  verdict
==========================================  ===================================================
all :math:`\lambda > 0`                     minimum (strict)
all :math:`\lambda < 0`                     maximum (strict)
some :math:`\lambda > 0` and some < 0       saddle, whatever the other eigenvalues are
otherwise (zeros, and one sign or none)     degenerate: the second-order test is silent
==========================================  ===================================================

The tolerance is explicit because eigenvalues computed in floating point, or at a point known
only approximately, are never exactly zero.

Finding critical points: :func:`solve_critical_points` asks sympy (a lexicographic Gröbner basis
for polynomial gradients, which reduces :math:`\nabla f = 0` to one polynomial in one variable
at a time, then certified real-root isolation); :func:`find_critical_points` runs Newton's method
on the gradient, :math:`x \leftarrow x - H^{-1}\nabla f`, from a grid of starts
(:func:`curvlab.curvature.gradient_newton.newton_on_gradient`, the one implementation) and
merges the points it reaches.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective, Window
from curvlab.core.validation import (
    as_positive_float,
    as_positive_int,
    as_vector,
    as_window,
)
from curvlab.curvature.classification import (
    Classification,
    Kind,
    _as_tolerance,
    classify_hessian,
)
from curvlab.curvature.gradient_newton import grid_starts, newton_on_gradient
from curvlab.problems.symbolic import symbolic_derivatives

__all__ = [
    "Classification",
    "CriticalPoint",
    "Kind",
    "circle_differences",
    "classify_critical_point",
    "classify_hessian",
    "count_sign_changes",
    "find_critical_points",
    "hessian_uncertainty",
    "solve_critical_points",
]


class CriticalPoint(NamedTuple):
    r"""A point with (numerically) zero gradient and its classification.

    Attributes
    ----------
    x : ndarray, shape (n,)
        Where the search stopped.
    value : float
        :math:`f(x)`.
    grad_norm : float
        :math:`\|\nabla f(x)\|`.
    classification : Classification
        The verdict; its ``tol`` is the eigenvalue tolerance actually used.
    location_error : float
        An estimate of the distance from ``x`` to the exact critical point (0 where ``x`` was
        given, not searched for).
    """

    x: np.ndarray
    value: float
    grad_norm: float
    classification: Classification
    location_error: float = 0.0

    @property
    def kind(self) -> Kind:
        """Shortcut for ``classification.kind``."""
        return self.classification.kind


def _check_objective(objective: Objective) -> None:
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a curvlab Objective; got {type(objective).__name__}")


def classify_critical_point(
    objective: Objective, x: ArrayLike, *, tol: float = 1e-8, grad_tol: float = 1e-6
) -> CriticalPoint:
    r"""Check that ``x`` is a critical point of ``objective`` and classify it.

    Raises
    ------
    ValueError
        If :math:`\|\nabla f(x)\| >` ``grad_tol`` (not a critical point), or for bad arguments.
    """
    _check_objective(objective)
    point = as_vector(x, "x", objective.dim)
    grad_tol = _as_tolerance(grad_tol, "grad_tol")
    grad_norm = float(np.linalg.norm(objective.gradient(point)))
    if not grad_norm <= grad_tol:
        raise ValueError(
            f"x is not a critical point of {objective.name}: |∇f(x)| = {grad_norm:.2e} "
            f"> grad_tol = {grad_tol:.0e}"
        )
    classification = classify_hessian(objective.hessian(point), tol)
    return CriticalPoint(point, objective.value(point), grad_norm, classification)


def hessian_uncertainty(objective: Objective, x: ArrayLike, radius: float) -> float:
    r"""Bound how much the Hessian can change within ``radius`` of ``x``, by sampling.

    Returns :math:`\max_{i,\pm} \|\nabla^2 f(x \pm r e_i) - \nabla^2 f(x)\|_2`, which
    is about :math:`\|\nabla^3 f\|\, r`. If the exact critical point lies within ``r`` of
    ``x``, its Hessian's eigenvalues lie within about this much of those at ``x``
    (Weyl's inequality), so eigenvalues smaller than this cannot be told from zero.

    Raises
    ------
    ValueError
        If ``radius`` is negative or not finite, or ``x`` has the wrong shape.
    """
    _check_objective(objective)
    point = as_vector(x, "x", objective.dim)
    radius = _as_tolerance(radius, "radius")
    if radius == 0.0:
        return 0.0
    hess = objective.unchecked.hess
    center = np.asarray(hess(point), dtype=float)
    change = 0.0
    with np.errstate(all="ignore"):
        for direction in np.vstack([np.eye(objective.dim), -np.eye(objective.dim)]):
            shifted = np.asarray(hess(point + radius * direction), dtype=float)
            change = max(change, float(np.linalg.norm(shifted - center, 2)))
    return change


def find_critical_points(
    objective: Objective,
    window: Window | None = None,
    *,
    starts_per_axis: int = 15,
    grad_tol: float = 1e-10,
    maxiter: int = 100,
    merge_radius: float = 1e-3,
    tol: float = 1e-8,
) -> list[CriticalPoint]:
    r"""Find the critical points of a 2-D objective in ``window`` by Newton's method on ∇f.

    Newton's iteration :math:`x \leftarrow x - H(x)^{-1} \nabla f(x)` (a least-squares step where
    :math:`H` is singular; :func:`~curvlab.curvature.gradient_newton.newton_on_gradient`) runs
    from each point of a ``starts_per_axis × starts_per_axis`` grid
    (:func:`~curvlab.curvature.gradient_newton.grid_starts`), for at most ``maxiter`` steps.
    Runs that reach :math:`\|\nabla f\| <` ``grad_tol`` inside the window are kept; points closer
    than ``merge_radius`` are merged, keeping the one with the smallest gradient. Newton converges
    quadratically to a critical point whose Hessian is invertible, but only linearly to a
    degenerate one, whose location is then accurate to far less than ``grad_tol``.

    The verdict therefore uses the eigenvalue tolerance
    :math:`\max(\text{tol}, 2\,\delta_H)`, where :math:`\delta_H` is
    :func:`hessian_uncertainty` over the estimated location error of the point: an eigenvalue
    that the location error alone could produce counts as zero. This makes the verdict
    independent of whether the grid of starts happens to contain the exact point.

    Returns
    -------
    list of CriticalPoint
        Sorted by value, then by coordinates; each classified with ``tol``.

    Raises
    ------
    ValueError
        If the objective is not 2-D, has no window and none is given, the window is malformed,
        empty or reversed, or an argument is out of range.
    """
    _check_objective(objective)
    if objective.dim != 2:
        raise ValueError(f"find_critical_points needs a 2-D objective; got dim={objective.dim}")
    if window is None:
        window = objective.window
        if window is None:
            raise ValueError(f"window is required: {objective.name} has no default window")
    window = as_window(window)
    starts_per_axis = as_positive_int(starts_per_axis, "starts_per_axis")
    grad_tol = as_positive_float(grad_tol, "grad_tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    merge_radius = as_positive_float(merge_radius, "merge_radius")
    tol = _as_tolerance(tol)
    runs = newton_on_gradient(
        objective,
        grid_starts(window, starts_per_axis),
        grad_tol=grad_tol,
        maxiter=maxiter,
        window=window,
    )
    found = [
        (np.array(p), float(e))
        for p, e, ok in zip(runs.points, runs.location_error, runs.converged, strict=True)
        if ok
    ]
    points = []
    for p, error in _merge(objective, found, merge_radius):
        located_tol = max(tol, 2.0 * hessian_uncertainty(objective, p, error))
        point = classify_critical_point(objective, p, tol=located_tol, grad_tol=grad_tol)
        points.append(point._replace(location_error=error))
    return points


def _merge(
    objective: Objective, points: list[tuple[np.ndarray, float]], radius: float
) -> list[tuple[np.ndarray, float]]:
    grad = objective.unchecked.grad
    ranked = sorted(points, key=lambda pe: float(np.linalg.norm(grad(pe[0]))))
    kept: list[tuple[np.ndarray, float]] = []
    for p, error in ranked:
        if all(np.linalg.norm(p - q) > radius for q, _ in kept):
            kept.append((p, error))
    fun = objective.unchecked.fun
    return sorted(kept, key=lambda pe: (round(float(fun(pe[0])), 9), *np.round(pe[0], 9)))


def solve_critical_points(
    expr: str | sp.Expr, variables: Sequence[str | sp.Symbol] | str = ("x", "y")
) -> np.ndarray:
    r"""Solve :math:`\nabla f = 0` with sympy and return the real solutions as floats.

    For a polynomial gradient, a lexicographic Gröbner basis with a given variable last ends in
    a polynomial in that variable alone (its elimination polynomial), whose real roots sympy
    isolates exactly (``Poly.real_roots``). Every real solution takes its coordinates among
    these roots; the combinations where :math:`\nabla f` vanishes (to 40 digits) are kept.
    Other expressions go to :func:`sympy.solve`, keeping real solutions.

    Returns
    -------
    ndarray, shape (m, n)
        The distinct real critical points, sorted lexicographically.

    Raises
    ------
    ValueError
        If ``expr`` uses other variables than ``variables``, the critical points are not
        isolated (a whole curve of them), or sympy cannot solve the system.
    """
    d = symbolic_derivatives(expr, variables)
    symbols = d.variables
    equations = [sp.expand(e) for e in d.gradient if e != 0]
    if not equations:
        raise ValueError(f"the critical points of {d.expr} are not isolated: ∇f is zero")
    if all(e.is_polynomial(*symbols) for e in equations):
        basis = sp.groebner(equations, *symbols, order="lex")
        if list(basis.exprs) == [1]:
            return np.empty((0, len(symbols)))
        if not basis.is_zero_dimensional:
            raise ValueError(f"the critical points of {d.expr} are not isolated")
        solutions = _eliminate_and_check(equations, list(symbols))
    else:
        try:
            found = sp.solve(equations, symbols, dict=True)
        except NotImplementedError as err:
            raise ValueError(f"sympy cannot solve ∇f = 0 for {d.expr}") from err
        solutions = []
        for s in found:
            if set(s) != set(symbols):
                raise ValueError(f"the critical points of {d.expr} are not isolated")
            values = [complex(sp.N(s[v], 30)) for v in symbols]
            if all(abs(v.imag) < 1e-12 * max(1.0, abs(v.real)) for v in values):
                solutions.append([v.real for v in values])
    return _distinct_sorted(np.array(solutions, dtype=float).reshape(-1, len(symbols)))


def _eliminate_and_check(equations: list[sp.Expr], symbols: list[sp.Symbol]) -> list[list[float]]:
    """Real solutions of a zero-dimensional polynomial system.

    For each variable, a lex Gröbner basis with that variable last ends in its elimination
    polynomial, whose real roots are isolated exactly. Every solution has its coordinates among
    those roots, so the candidates are their combinations; the ones where every equation
    vanishes (checked at 40 significant digits) are the solutions.
    """
    coordinate_roots = []
    for var in symbols:
        order = [s for s in symbols if s != var] + [var]
        basis = sp.groebner(equations, *order, order="lex")
        univariate = [p for p in basis.exprs if p.free_symbols <= {var}]
        roots = sp.Poly(univariate[-1], var).real_roots()
        coordinate_roots.append(sorted({sp.N(r, 40) for r in roots}))
    solutions = []
    for candidate in itertools.product(*coordinate_roots):
        point = dict(zip(symbols, candidate, strict=True))
        if all(_vanishes(e, point) for e in equations):
            solutions.append([float(c) for c in candidate])
    return solutions


def _vanishes(equation: sp.Expr, point: dict) -> bool:
    terms = [abs(sp.N(t.subs(point), 40)) for t in sp.Add.make_args(equation)]
    return abs(sp.N(equation.subs(point), 40)) <= 1e-25 * max(1, *terms)


def _distinct_sorted(points: np.ndarray, decimals: int = 9) -> np.ndarray:
    if points.size == 0:
        return points
    _, index = np.unique(np.round(points, decimals), axis=0, return_index=True)
    return points[np.sort(index)][np.lexsort(np.round(points[np.sort(index)], decimals).T[::-1])]


def circle_differences(
    objective: Objective, center: ArrayLike, radius: float, count: int = 360
) -> tuple[np.ndarray, np.ndarray]:
    r"""Return angles :math:`\theta_k` and :math:`f(c + r(\cos\theta_k, \sin\theta_k)) - f(c)`.

    Where the Hessian is zero the second-order test is silent; the sign pattern of ``f`` on a
    small circle is not: positive all round means a minimum, both signs mean the point is
    neither minimum nor maximum.

    Raises
    ------
    ValueError
        If the objective is not 2-D, ``radius`` is not positive or ``count`` below 1.
    """
    _check_objective(objective)
    if objective.dim != 2:
        raise ValueError(f"circle_differences needs a 2-D objective; got dim={objective.dim}")
    c = as_vector(center, "center", 2)
    radius = as_positive_float(radius, "radius")
    count = as_positive_int(count, "count")
    angles = np.linspace(0.0, 2.0 * np.pi, count, endpoint=False)
    ring = c[:, None] + radius * np.stack([np.cos(angles), np.sin(angles)])
    values = np.asarray(objective.unchecked.fun(ring), dtype=float)
    return angles, values - float(objective.unchecked.fun(c))


def count_sign_changes(values: ArrayLike, *, cyclic: bool = True) -> int:
    """Count sign changes along ``values`` (zeros skipped), around the circle if ``cyclic``."""
    signs = np.sign(as_vector(values, "values"))
    signs = signs[signs != 0]
    if signs.size < 2:
        return 0
    if cyclic:
        signs = np.append(signs, signs[0])
    return int(np.count_nonzero(np.diff(signs)))
