"""curvlab.problems.symbolic: sympy expressions as objectives, and the hand-written surfaces
against them."""

import numpy as np
import pytest
import sympy as sp

from curvlab.core.spectrum import condition_number
from curvlab.problems.surfaces import (
    SURFACES,
    himmelblau,
    monkey_saddle,
    quartic_bowl,
    rosenbrock,
    saddle,
)
from curvlab.problems.symbolic import as_expression, symbolic_derivatives, symbolic_objective

SURFACE_EXPRESSIONS = {
    "Rosenbrock": (rosenbrock, "(1 - x)**2 + 100*(y - x**2)**2"),
    "Himmelblau": (himmelblau, "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"),
    "saddle": (saddle, "(x**2 - y**2)/2"),
    "monkey": (monkey_saddle, "x**3 - 3*x*y**2"),
    "quartic": (quartic_bowl, "x**4 + y**4"),
}
POINTS = [np.array(p) for p in [(0.3, -0.7), (1.0, 1.0), (-2.1, 2.9), (0.0, 0.0)]]


@pytest.mark.parametrize("key", list(SURFACE_EXPRESSIONS))
def test_hand_written_surfaces_match_sympy(key):
    make, expr = SURFACE_EXPRESSIONS[key]
    by_hand, by_sympy = make(), symbolic_objective(expr)
    if key == "saddle":  # the quadratic ½ xᵀ diag(2, −2) x is x² − y²
        by_sympy = symbolic_objective("x**2 - y**2")
    for p in POINTS:
        assert by_hand.value(p) == pytest.approx(by_sympy.value(p), abs=1e-12)
        np.testing.assert_allclose(by_hand.gradient(p), by_sympy.gradient(p), atol=1e-10)
        np.testing.assert_allclose(by_hand.hessian(p), by_sympy.hessian(p), atol=1e-10)


def test_ten_to_one_bowl_hessian_and_condition_number():
    d = symbolic_derivatives("10*x**2 + y**2")
    assert d.hessian == sp.Matrix([[20, 0], [0, 2]])
    f = symbolic_objective("10*x**2 + y**2")
    H = f.hessian([0.4, -1.3])
    np.testing.assert_array_equal(H, np.diag([20.0, 2.0]))
    assert condition_number(H) == pytest.approx(10.0)
    registered = SURFACES["10x² + y²"]()
    np.testing.assert_array_equal(registered.hessian([0.4, -1.3]), H)


def test_symbolic_objective_evaluates_on_grids_even_when_constant():
    f = symbolic_objective("x**2 + 3*y")
    values = f.on_grid(np.linspace(-1, 1, 4), np.linspace(0, 1, 3))
    assert values.shape == (3, 4)
    constant = symbolic_objective("7")
    np.testing.assert_array_equal(constant.on_grid([0.0, 1.0], [0.0, 1.0]), np.full((2, 2), 7.0))
    np.testing.assert_array_equal(constant.hessian([1.0, 2.0]), np.zeros((2, 2)))


def test_symbolic_objective_in_three_variables():
    f = symbolic_objective("x*y*z + x**2", variables="x y z")
    np.testing.assert_allclose(f.gradient([1.0, 2.0, 3.0]), [2 * 1 + 6, 3, 2])
    np.testing.assert_allclose(
        f.hessian([1.0, 2.0, 3.0]), [[2, 3, 2], [3, 0, 1], [2, 1, 0]], atol=0
    )


def test_assumptions_on_symbols_do_not_matter():
    x = sp.Symbol("x", real=True)
    expr, symbols = as_expression(x**2 + sp.Symbol("y", positive=True))
    assert {s.name for s in expr.free_symbols} == {"x", "y"}
    assert all(s in symbols for s in expr.free_symbols)


@pytest.mark.parametrize(
    ("expr", "variables", "error", "match"),
    [
        ("x**2 + z", ("x", "y"), ValueError, r"\['z'\]"),
        ("x**2 + a*y", ("x", "y"), ValueError, "not among variables"),
        ("x +* y", ("x", "y"), ValueError, "could not be parsed"),
        (3.0, ("x", "y"), TypeError, "expr must be a str"),
        ("x + I*y", ("x", "y"), ValueError, "real and finite"),
        ("x", ("x", "x"), ValueError, "distinct"),
        ("x", ("x", "2y"), TypeError, "variables"),
        ("x", (), ValueError, "at least one"),
    ],
)
def test_bad_expressions_are_refused(expr, variables, error, match):
    with pytest.raises(error, match=match):
        symbolic_objective(expr, variables)
