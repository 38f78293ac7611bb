"""The flat valley ½(w₁w₂ − 1)² against sympy and dense numpy eigenvalues."""

import numpy as np
import pytest
import sympy as sp

from curvlab import gradient_descent, run
from curvlab.problems.flat_valley import flat_valley, valley_point, valley_sharpness

W1, W2 = sp.symbols("w1 w2")
EXPR = sp.Rational(1, 2) * (W1 * W2 - 1) ** 2
GRAD = sp.lambdify((W1, W2), [sp.diff(EXPR, v) for v in (W1, W2)])
HESS = sp.lambdify((W1, W2), sp.hessian(EXPR, (W1, W2)))


@pytest.mark.parametrize("point", [(0.3, -1.7), (2.0, 0.5), (-1.2, 0.9), (0.0, 0.0)])
def test_derivatives_match_sympy(point):
    f = flat_valley()
    assert f.value(point) == pytest.approx(float(EXPR.subs({W1: point[0], W2: point[1]})))
    np.testing.assert_allclose(f.gradient(point), GRAD(*point), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(f.hessian(point), np.array(HESS(*point), dtype=float), rtol=1e-13)


@pytest.mark.parametrize("t", [0.25, 0.8, 1.0, 3.0, -2.0])
def test_valley_has_one_zero_eigenvalue_and_the_trace_as_sharpness(t):
    f = flat_valley()
    w = valley_point(t)
    assert w[0] * w[1] == pytest.approx(1.0)
    assert f.value(w) == pytest.approx(0.0, abs=1e-15)
    eigenvalues, eigenvectors = np.linalg.eigh(f.hessian(w))
    assert abs(eigenvalues[0]) < 1e-12 * eigenvalues[1]
    assert eigenvalues[1] == pytest.approx(valley_sharpness(t), rel=1e-12)
    # the zero eigenvector is tangent to the curve (t, 1/t): derivative (1, -1/t²)
    tangent = np.array([1.0, -1.0 / t**2])
    assert abs(eigenvectors[:, 0] @ tangent) == pytest.approx(np.linalg.norm(tangent), rel=1e-10)


def test_sharpness_is_smallest_at_one():
    ts = np.linspace(0.2, 5.0, 481)
    sharpness = valley_sharpness(ts)
    assert sharpness.min() == pytest.approx(2.0, abs=1e-3)
    assert ts[np.argmin(sharpness)] == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("lr", [0.05, 0.3, 0.4])
def test_gradient_descent_only_converges_where_the_valley_is_flatter_than_two_over_lr(lr):
    trajectory = run(flat_valley(), gradient_descent(lr), [3.0, 0.05], tol=1e-10, maxiter=50_000)
    assert trajectory.success
    end = trajectory.x
    sharpness = np.linalg.eigvalsh(flat_valley().hessian(end))[-1]
    assert sharpness < 2.0 / lr


@pytest.mark.parametrize("bad", [0.0, np.nan, np.inf])
def test_valley_point_rejects_zero_and_non_finite(bad):
    with pytest.raises(ValueError, match="t must be"):
        valley_point(bad)
    with pytest.raises(ValueError, match="t must be"):
        valley_sharpness([1.0, bad])
