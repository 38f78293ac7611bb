"""Chapter 2: symbolic derivatives, finite differences, the Taylor model, the cost of a Hessian.

Oracles: sympy (differentiated independently of the hand-written surfaces), finite differences
of values and gradients, closed forms, and dense numpy linear algebra.
"""

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab.core.spectrum import condition_number, spectrum
from curvlab.curvature.finite_differences import (
    finite_difference_hessian,
    finite_difference_hvp,
    hessian_error,
)
from curvlab.curvature.taylor import directional_curvature, second_difference, taylor_model
from curvlab.experiments.hessian.compute import hessian_at
from curvlab.experiments.hessian.explore import HESSIAN_SURFACES, POSITIONS
from curvlab.experiments.hessian.figures import HessianPointFrame, finite_difference_error_figure
from curvlab.plotting.render import png_bytes
from curvlab.problems.extended_rosenbrock import MAX_DENSE_DIM, extended_rosenbrock
from curvlab.problems.quadratic import quadratic
from curvlab.problems.surfaces import (
    SURFACES,
    himmelblau,
    monkey_saddle,
    quartic_bowl,
    rosenbrock,
    saddle,
)
from curvlab.problems.symbolic import as_expression, symbolic_derivatives, symbolic_objective
from curvlab.theory.costs import (
    eigendecomposition_flops,
    format_bytes,
    hessian_bytes,
    vector_bytes,
)

SURFACE_EXPRESSIONS = {
    "Rosenbrock": (rosenbrock, "(1 - x)**2 + 100*(y - x**2)**2"),
    "Himmelblau": (himmelblau, "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"),
    "saddle": (saddle, "(x**2 - y**2)/2"),
    "monkey": (monkey_saddle, "x**3 - 3*x*y**2"),
    "quartic": (quartic_bowl, "x**4 + y**4"),
}
POINTS = [np.array(p) for p in [(0.3, -0.7), (1.0, 1.0), (-2.1, 2.9), (0.0, 0.0)]]


# --- sympy: the oracle for the hand-written surfaces --------------------------------------


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


# --- finite differences: the Hessian is the Jacobian of the gradient ----------------------


@pytest.mark.parametrize("key", list(SURFACE_EXPRESSIONS))
def test_central_differences_of_the_gradient_give_the_hessian(key):
    f = SURFACE_EXPRESSIONS[key][0]()
    for p in POINTS:
        approx = finite_difference_hessian(f, p, h=1e-5)
        scale = max(1.0, float(np.max(np.abs(f.hessian(p)))))
        np.testing.assert_allclose(approx, f.hessian(p), atol=1e-6 * scale)


def test_difference_errors_have_the_truncation_orders():
    f, p = rosenbrock(), [0.5, 0.5]
    steps = np.array([1e-2, 1e-3])
    forward = hessian_error(f, p, steps, "forward")
    central = hessian_error(f, p, steps, "central")
    assert forward[0] / forward[1] == pytest.approx(10.0, rel=0.05)  # O(h)
    assert central[0] / central[1] == pytest.approx(100.0, rel=0.05)  # O(h²)


def test_rounding_makes_tiny_steps_worse():
    errors = hessian_error(rosenbrock(), [0.5, 0.5], [1e-6, 1e-12], "central")
    assert errors[1] > 100 * errors[0]


def test_finite_difference_hvp_matches_dense_product():
    f = extended_rosenbrock(6)
    rng = np.random.default_rng(3)
    x, v = rng.standard_normal(6), rng.standard_normal(6)
    np.testing.assert_allclose(finite_difference_hvp(f, x, v), f.hessian(x) @ v, rtol=1e-6)


def test_finite_difference_arguments_are_checked():
    f = rosenbrock()
    with pytest.raises(ValueError, match="scheme"):
        finite_difference_hessian(f, [0.0, 0.0], scheme="backward")
    with pytest.raises(ValueError, match="h must be positive"):
        finite_difference_hessian(f, [0.0, 0.0], h=0.0)
    with pytest.raises(ValueError, match="x must have length 2"):
        finite_difference_hessian(f, [0.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="objective"):
        finite_difference_hessian("f", [0.0, 0.0])
    with pytest.raises(ValueError, match="steps must all be positive"):
        hessian_error(f, [0.0, 0.0], [1e-3, -1e-3])


# --- Taylor model and curvature along eigenvectors ----------------------------------------


@pytest.mark.parametrize("key", ["Rosenbrock", "Himmelblau", "monkey"])
def test_taylor_model_matches_value_gradient_and_hessian(key):
    f = SURFACE_EXPRESSIONS[key][0]()
    p = np.array([0.7, -0.4])
    m = taylor_model(f, p)
    assert m.value(p) == pytest.approx(f.value(p), abs=1e-12)
    np.testing.assert_allclose(m.gradient(p), f.gradient(p), atol=1e-10)
    np.testing.assert_allclose(m.hessian(p), f.hessian(p), atol=1e-12)
    # The model error is third order: halving the offset divides it by about 8.
    d = np.array([0.3, 0.2]) * 1e-2
    e1 = abs(f.value(p + d) - m.value(p + d))
    e2 = abs(f.value(p + d / 2) - m.value(p + d / 2))
    assert e1 / e2 == pytest.approx(8.0, rel=0.1)


@pytest.mark.parametrize("key", ["Rosenbrock", "Himmelblau"])
def test_each_eigenvalue_is_the_curvature_along_its_eigenvector(key):
    f = SURFACE_EXPRESSIONS[key][0]()
    p = np.array([0.7, -0.4])
    eigenvalues, eigenvectors = spectrum(f.hessian(p))
    for lam, q in zip(eigenvalues, eigenvectors.T, strict=True):
        assert directional_curvature(f, p, q) == pytest.approx(lam, rel=1e-12)
        assert second_difference(f, p, 3 * q, t=1e-4) == pytest.approx(lam, rel=1e-5, abs=1e-4)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-10, 10), min_size=3, max_size=3),
    st.floats(0.0, 2 * np.pi),
)
def test_rayleigh_quotient_lies_between_extreme_eigenvalues(entries, angle):
    a, b, c = entries
    f = quadratic([[a, b], [b, c]])
    lam = spectrum(f.A).eigenvalues
    r = directional_curvature(f, [0.0, 0.0], [np.cos(angle), np.sin(angle)])
    assert lam[0] - 1e-9 <= r <= lam[1] + 1e-9


def test_taylor_arguments_are_checked():
    with pytest.raises(ValueError, match="non-zero"):
        directional_curvature(rosenbrock(), [0.0, 0.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="non-zero"):
        second_difference(rosenbrock(), [0.0, 0.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="x0 must be finite"):
        taylor_model(rosenbrock(), [np.nan, 0.0])
    with pytest.raises(TypeError, match="objective"):
        taylor_model(None, [0.0, 0.0])


# --- the cost of a Hessian ----------------------------------------------------------------


def test_hessian_of_a_million_parameters_needs_4_terabytes():
    count = hessian_bytes(1_000_000, itemsize=np.dtype(np.float32).itemsize)
    assert count == 4 * 10**12
    assert format_bytes(count) == "4 TB (3.64 TiB)"
    assert vector_bytes(1_000_000) == 4 * 10**6
    assert format_bytes(512) == "512 B"
    assert format_bytes(2**30) == "1.07 GB (1 GiB)"


def test_cost_arguments_are_checked():
    with pytest.raises(ValueError, match="n must be at least 1"):
        hessian_bytes(0)
    with pytest.raises(TypeError, match="n must be an integer"):
        hessian_bytes(1.5)
    assert eigendecomposition_flops(10) == pytest.approx(9000.0)
    assert eigendecomposition_flops(10, vectors=False) == pytest.approx(4000.0 / 3.0)


def test_extended_rosenbrock_matches_sympy_and_its_own_hvp():
    n = 5
    names = " ".join(f"x{i}" for i in range(n))
    symbols = sp.symbols(names)
    expr = sum(
        100 * (symbols[i + 1] - symbols[i] ** 2) ** 2 + (1 - symbols[i]) ** 2 for i in range(n - 1)
    )
    oracle = symbolic_objective(expr, names)
    f = extended_rosenbrock(n)
    rng = np.random.default_rng(0)
    for _ in range(3):
        x, v = rng.standard_normal(n), rng.standard_normal(n)
        assert f.value(x) == pytest.approx(oracle.value(x), rel=1e-12)
        np.testing.assert_allclose(f.gradient(x), oracle.gradient(x), rtol=1e-12)
        np.testing.assert_allclose(f.hessian(x), oracle.hessian(x), rtol=1e-12)
        np.testing.assert_allclose(
            f.hessian_vector_product(x, v), oracle.hessian(x) @ v, rtol=1e-10, atol=1e-10
        )
    np.testing.assert_allclose(
        extended_rosenbrock(2).hessian([0.3, 0.1]), rosenbrock().hessian([0.3, 0.1])
    )


def test_extended_rosenbrock_refuses_a_dense_hessian_at_scale_but_not_an_hvp():
    f = extended_rosenbrock(MAX_DENSE_DIM + 1)
    x = np.full(f.dim, 0.5)
    with pytest.raises(ValueError, match="dense"):
        f.hessian(x)
    assert f.hessian_vector_product(x, np.ones(f.dim)).shape == (f.dim,)
    with pytest.raises(ValueError, match="n must be at least 2"):
        extended_rosenbrock(1)


# --- figures and the exploration ----------------------------------------------------------


def test_finite_difference_figure_draws():
    figure = finite_difference_error_figure(rosenbrock(), [0.5, 0.5], [1e-2, 1e-5, 1e-8])
    assert len(figure.axes[0].lines) == 5


@pytest.mark.parametrize("surface", list(HESSIAN_SURFACES))
def test_hessian_frame_survives_every_corner(surface):
    frame = HessianPointFrame()
    for fx, fy in itertools.product([min(POSITIONS), max(POSITIONS)], repeat=2):
        figure = frame.draw(hessian_at(surface, fx, fy))
        assert "λ =" in figure.get_suptitle()
        assert png_bytes(figure).startswith(b"\x89PNG")


def test_hessian_frame_at_the_monkey_saddle_origin_has_zero_curvature():
    h = hessian_at("monkey saddle", 0.0, 0.0)
    np.testing.assert_array_equal(h.eigenvalues, [0.0, 0.0])
    figure = HessianPointFrame().draw(h)
    assert "λ = 0, 0" in figure.get_suptitle().replace("-0", "0")


def test_hessian_at_slices_agree_with_the_taylor_model_and_numpy():
    h = hessian_at("Himmelblau", 0.5, -0.5)
    np.testing.assert_allclose(h.eigenvalues, np.linalg.eigvalsh(h.objective.hessian(h.point)))
    for i in range(2):
        q = h.eigenvectors[:, i]
        model = [h.model.value(h.point + t * q) - h.model.value(h.point) for t in h.t]
        np.testing.assert_allclose(h.quadratic[i], model, atol=1e-9)
        assert h.along[i][50] == pytest.approx(0.0, abs=1e-12)  # t = 0 is the point itself
