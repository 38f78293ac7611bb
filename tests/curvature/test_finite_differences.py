"""curvlab.curvature.finite_differences: Hessians and Hessian-vector products from gradients,
against exact derivatives and their truncation orders."""

import numpy as np
import pytest

from curvlab.curvature.finite_differences import (
    finite_difference_hessian,
    finite_difference_hvp,
    hessian_error,
)
from curvlab.problems.extended_rosenbrock import extended_rosenbrock
from curvlab.problems.surfaces import (
    SURFACES,
    rosenbrock,
)

POINTS = [np.array(p) for p in [(0.3, -0.7), (1.0, 1.0), (-2.1, 2.9), (0.0, 0.0)]]


@pytest.mark.parametrize(
    "key", ["Rosenbrock", "Himmelblau", "saddle x²−y²", "monkey saddle", "quartic x⁴+y⁴"]
)
def test_central_differences_of_the_gradient_give_the_hessian(key):
    f = SURFACES[key]()
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
