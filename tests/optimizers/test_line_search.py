"""The one backtracking line search, against the Armijo condition checked by hand."""

import numpy as np
import pytest

from curvlab import rosenbrock
from curvlab.core.tuning import counted_run
from curvlab.optimizers import lbfgs
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.line_search import (
    armijo_parameters,
    armijo_step,
    backtracking,
    descent_step,
)


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


def test_armijo_step_returns_the_value_it_accepted_and_none_when_it_gave_up():
    f = rosenbrock()
    x = np.array([-1.2, 1.0])
    g = f.gradient(x)
    step, fell_back, value = armijo_step(f.value, x, g, -g, f.value(x))
    # Oracle: descent_step (which evaluates f(x) itself) and f evaluated afresh at x + step.
    reference, reference_fell_back = descent_step(f.value, x, g, -g)
    np.testing.assert_array_equal(step, reference)
    assert fell_back is reference_fell_back is False
    assert value == f.value(x + step)
    # An impossible sufficient decrease (c1 close to 1 on a steep valley) with one halving:
    # the last step length was never evaluated, so no value comes back.
    _, _, value = armijo_step(f.value, x, g, -g, f.value(x), c1=0.999, max_halvings=1)
    assert value is None


def test_lbfgs_reuses_the_accepted_value_and_keeps_its_iterates():
    f, x0 = rosenbrock(), [-1.2, 1.0]
    new = lbfgs()

    # Oracle: the same optimizer made to forget the carried value, so that every step
    # evaluates f at its iterate again, as a line search without memory does.
    def forgetful_update(grad, state, x, derivatives):
        return new.update(grad, state._replace(f_current=None), x, derivatives)

    forgetful = Optimizer("forgetful L-BFGS", new.init, forgetful_update, new.hyperparameters)
    t_new, c_new = counted_run(f, new, x0, maxiter=500)
    t_old, c_old = counted_run(f, forgetful, x0, maxiter=500)
    np.testing.assert_array_equal(t_new.xs, t_old.xs)
    assert t_new.success
    # Each step after the first saves one evaluation (none of these line searches gave up).
    assert c_old.values - c_new.values == t_new.nit - 1
    assert c_new.gradients == c_old.gradients == t_new.nit + 1
