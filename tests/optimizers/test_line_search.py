"""The one backtracking line search, against the Armijo condition checked by hand."""

import numpy as np
import pytest

from curvlab.optimizers.line_search import armijo_parameters, backtracking, descent_step


def fun(x):
    return float(0.5 * x @ np.diag([1.0, 100.0]) @ x)


def test_backtracking_returns_the_first_power_of_shrink_that_satisfies_armijo():
    x = np.array([1.0, 1.0])
    g = np.array([1.0, 100.0])
    d = -g
    t = backtracking(fun, x, d, fun(x), float(g @ d), c1=1e-4, shrink=0.5)
    assert fun(x + t * d) <= fun(x) + 1e-4 * t * float(g @ d)
    assert not fun(x + 2 * t * d) <= fun(x) + 1e-4 * 2 * t * float(g @ d)
    assert np.log2(1 / t) == pytest.approx(round(np.log2(1 / t)))


def test_descent_step_falls_back_to_the_negative_gradient_on_an_ascent_direction():
    x, g = np.array([1.0, 1.0]), np.array([1.0, 100.0])
    step, fell_back = descent_step(fun, x, g, +g)
    assert (
        fell_back
        and float(g @ step) < 0
        and np.allclose(step / np.linalg.norm(step), -g / 100.0049998750062)
    )
    step, fell_back = descent_step(fun, x, g, -g)
    assert not fell_back


@pytest.mark.parametrize(
    ("c1", "shrink", "n"), [(0.0, 0.5, 10), (1e-4, 0.0, 10), (1e-4, 1.0, 10), (0.1, 0.5, 0)]
)
def test_bad_parameters_are_rejected(c1, shrink, n):
    with pytest.raises(ValueError):
        armijo_parameters(c1, shrink, n)
