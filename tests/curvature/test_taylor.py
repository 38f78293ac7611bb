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
    SURFACES,
    rosenbrock,
)


@pytest.mark.parametrize("key", ["Rosenbrock", "Himmelblau", "monkey saddle"])
def test_taylor_model_matches_value_gradient_and_hessian(key):
    f = SURFACES[key]()
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
    f = SURFACES[key]()
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
