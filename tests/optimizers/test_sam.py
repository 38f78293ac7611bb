"""SAM: the update against its formula, two gradients a step, the 2-cycle on a quadratic."""

import numpy as np
import pytest

from curvlab import bowl, run
from curvlab.optimizers.sam import sam


def test_one_step_matches_the_formula_and_costs_two_gradients():
    f = bowl(10.0)
    calls = []
    base = f.unchecked

    class Counting:
        grad = staticmethod(lambda x: calls.append(1) or base.grad(x))

    x = np.array([1.0, 2.0])
    g = base.grad(x)
    optimizer = sam(lr=0.01, rho=0.1)
    step, _ = optimizer.update(g, optimizer.init(x), x, Counting)
    expected = -0.01 * base.grad(x + 0.1 * g / np.linalg.norm(g))
    np.testing.assert_allclose(step, expected, rtol=1e-15)
    assert len(calls) == 1  # plus the runner's own gradient: two per step


def test_rho_zero_is_gradient_descent_and_sam_cycles_on_the_sharp_axis():
    f = bowl(10.0)
    gd_like = run(f, sam(lr=0.05, rho=0.0), [1.0, 1.0], maxiter=2_000)
    assert gd_like.success
    cycle = run(f, sam(lr=0.05, rho=0.05), [1.0, 1.0], maxiter=500)
    eta_lambda = 0.05 * 10
    amplitude = 0.05 * eta_lambda / (2 - eta_lambda)
    assert abs(cycle.xs[-1][1]) == pytest.approx(amplitude, rel=1e-9)
    assert cycle.xs[-1][1] == pytest.approx(-cycle.xs[-2][1], rel=1e-9)
    assert abs(cycle.xs[-1][0]) < 1e-9


def test_bad_hyperparameters():
    with pytest.raises(ValueError, match="lr"):
        sam(lr=0.0, rho=0.1)
    with pytest.raises(ValueError, match="rho"):
        sam(lr=0.1, rho=-0.1)
    with pytest.raises(TypeError, match="rho"):
        sam(lr=0.1, rho="big")
