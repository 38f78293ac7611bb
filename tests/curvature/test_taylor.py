"""curvlab.curvature.taylor: the quadratic model and directional curvature against exact
derivatives."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab.core.spectrum import spectrum
from curvlab.curvature.taylor import directional_curvature, second_difference, taylor_model
from curvlab.problems.quadratic import quadratic
from curvlab.problems.surfaces import (
    himmelblau,
    monkey_saddle,
    quartic_bowl,
    rosenbrock,
    saddle,
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


# --- finite differences: the Hessian is the Jacobian of the gradient ----------------------


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


# --- figures and the exploration ----------------------------------------------------------
