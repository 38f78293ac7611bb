"""Objectives and surfaces: hand-written derivatives against sympy and finite differences."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from curvlab import (
    Objective,
    bowl,
    himmelblau,
    monkey_saddle,
    quadratic,
    quartic_bowl,
    rosenbrock,
    rotated_bowl,
    saddle,
)

x, y = sp.symbols("x y")
SYMBOLIC = {
    "Rosenbrock": (rosenbrock, (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    "Himmelblau": (himmelblau, (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2),
    "saddle": (saddle, x**2 - y**2),
    "monkey": (monkey_saddle, x**3 - 3 * x * y**2),
    "quartic": (quartic_bowl, x**4 + y**4),
    "bowl": (lambda: bowl(7.0), (x**2 + 7 * y**2) / 2),
}
POINTS = [(-1.3, 0.7), (0.0, 0.0), (2.5, -1.5), (3.0, 2.0), (-0.2, 1.9)]


@pytest.mark.parametrize("name", SYMBOLIC)
def test_derivatives_match_sympy(name):
    factory, expression = SYMBOLIC[name]
    objective = factory()
    variables = (x, y)
    gradient = sp.lambdify(variables, [sp.diff(expression, v) for v in variables])
    hessian = sp.lambdify(variables, sp.hessian(expression, variables))
    value = sp.lambdify(variables, expression)
    for point in POINTS:
        assert objective.value(point) == pytest.approx(value(*point), rel=1e-12, abs=1e-12)
        assert np.allclose(objective.gradient(point), gradient(*point), rtol=1e-12, atol=1e-12)
        assert np.allclose(objective.hessian(point), hessian(*point), rtol=1e-12, atol=1e-12)
        direction = np.array([0.3, -1.1])
        assert np.allclose(
            objective.hessian_vector_product(point, direction),
            np.asarray(hessian(*point), dtype=float) @ direction,
        )


@pytest.mark.parametrize("name", SYMBOLIC)
def test_grid_evaluation_matches_pointwise_values(name):
    objective = SYMBOLIC[name][0]()
    xs, ys = np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)
    grid = objective.on_grid(xs, ys)
    assert grid.shape == (4, 5)
    assert grid[2, 3] == pytest.approx(objective.value([xs[3], ys[2]]))


def test_known_minima():
    assert rosenbrock().value([1.0, 1.0]) == 0.0
    assert np.allclose(rosenbrock().gradient([1.0, 1.0]), 0.0)
    assert himmelblau().value([3.0, 2.0]) == 0.0
    assert np.allclose(himmelblau().gradient([3.0, 2.0]), 0.0)


symmetric_3x3 = arrays(float, (3, 3), elements=st.floats(-5, 5)).map(lambda m: m + m.T)


@settings(max_examples=50, deadline=None)
@given(
    A=symmetric_3x3,
    b=arrays(float, 3, elements=st.floats(-5, 5)),
    point=arrays(float, 3, elements=st.floats(-3, 3)),
)
def test_quadratic_gradient_matches_central_differences(A, b, point):
    objective = quadratic(A, b)
    h = 1e-5
    numeric = [
        (objective.value(point + h * e) - objective.value(point - h * e)) / (2 * h)
        for e in np.eye(3)
    ]
    assert np.allclose(objective.gradient(point), numeric, atol=1e-6 * (1 + np.abs(A).sum()))
    assert np.allclose(objective.hessian(point), A)


def test_rotation_keeps_the_spectrum_and_turns_the_eigenvectors():
    turned = rotated_bowl(10.0, 45.0)
    assert np.allclose(turned.spectrum.eigenvalues, [1.0, 10.0])
    steep = turned.spectrum.eigenvectors[:, 1]
    # the steep axis (0, 1) of the unrotated bowl, turned 45° counter-clockwise
    assert abs(steep @ np.array([-1.0, 1.0]) / np.sqrt(2)) == pytest.approx(1.0)


def test_quadratic_minimizer_solves_the_linear_system():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    b = np.array([1.0, 2.0])
    assert np.allclose(quadratic(A, b).minimizer, np.linalg.solve(A, b))
    with pytest.raises(ValueError, match="positive definite"):
        _ = saddle().minimizer


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: quadratic([[1.0, 2.0], [0.0, 1.0]]), ValueError, "A must be symmetric"),
        (lambda: quadratic(np.ones((2, 3))), ValueError, "A must be a square matrix"),
        (lambda: quadratic(np.empty((0, 0))), ValueError, "A must not be empty"),
        (lambda: quadratic([[np.nan, 0.0], [0.0, 1.0]]), ValueError, "A must be finite"),
        (lambda: quadratic([[np.inf, 0.0], [0.0, 1.0]]), ValueError, "A must be finite"),
        (lambda: quadratic("A"), TypeError, "A must be an array"),
        (lambda: quadratic(np.eye(2), [1.0, 2.0, 3.0]), ValueError, "b must have length 2"),
        (lambda: bowl(0.0), ValueError, "kappa must be at least 1"),
        (lambda: bowl(0.5), ValueError, "kappa must be at least 1"),
        (lambda: rotated_bowl(0.5, 30.0), ValueError, "kappa must be at least 1"),
        (lambda: bowl(float("inf")), ValueError, "kappa must be finite"),
        (lambda: rosenbrock(b=-1.0), ValueError, "b must be positive"),
        (lambda: bowl(2.0).gradient([1.0, 2.0, 3.0]), ValueError, "x must have length 2"),
        (lambda: bowl(2.0).hessian([np.nan, 0.0]), ValueError, "x must be finite"),
        (lambda: bowl(2.0).hessian_vector_product([0.0, 0.0], [1.0]), ValueError, "v must"),
        (lambda: Objective("f", 2, "not callable", abs, abs), TypeError, "fun must be callable"),
        (lambda: Objective("f", 0, abs, abs, abs), ValueError, "dim must be at least 1"),
        (lambda: quadratic(np.eye(3)).on_grid([0.0], [0.0]), ValueError, "2-D objective"),
        (lambda: quadratic(np.eye(2), window=((1, 0), (0, 1))), ValueError, "xmin < xmax"),
    ],
)
def test_bad_input_is_refused_by_name(call, error, words):
    with pytest.raises(error, match=words):
        call()
