"""The runner's evaluation counts against an objective that counts its own calls, and its callback.

The oracle is independent of the runner's counting wrapper: each derivative of the objective
below increments its own counter when called, whoever calls it.
"""

import numpy as np
import pytest

from curvlab import Objective, Status, gradient_descent, rosenbrock, run
from curvlab.optimizers.lbfgs import lbfgs
from curvlab.optimizers.newton import damped_newton, levenberg_marquardt, newton
from curvlab.optimizers.sam import sam
from curvlab.optimizers.sophia import sophia


def _self_counting(base, *, together=False):
    """``base`` with derivatives that count their own calls (and optionally ``fun_and_grad``)."""
    calls = {"fun": 0, "grad": 0, "hess": 0, "hessp": 0, "fun_and_grad": 0}
    inner = base.unchecked

    def counted(name, function):
        def call(*args):
            calls[name] += 1
            return function(*args)

        return call

    both = counted("fun_and_grad", lambda x: (inner.fun(x), inner.grad(x))) if together else None
    objective = Objective(
        base.name,
        base.dim,
        counted("fun", inner.fun),
        counted("grad", inner.grad),
        counted("hess", inner.hess),
        hessp=counted("hessp", inner.hessp),
        fun_and_grad=both,
    )
    # The helper's own lambda calls inner.fun/inner.grad directly, so fun_and_grad is one count.
    return objective, calls


START = [-1.2, 1.0]


@pytest.mark.parametrize(
    ("optimizer", "maxiter"),
    [
        (gradient_descent(1e-3), 300),
        (sam(1e-3, 0.05), 300),
        (newton(), 100),
        (levenberg_marquardt(1.0), 100),
        (damped_newton(), 100),
        (sophia(0.01, gamma=0.05, k=5), 100),
        (lbfgs(), 200),
    ],
    ids=lambda value: getattr(value, "name", str(value)),
)
def test_counts_equal_the_objectives_own_count(optimizer, maxiter):
    objective, calls = _self_counting(rosenbrock())
    trajectory = run(objective, optimizer, START, maxiter=maxiter)
    counts = trajectory.evaluations
    recorded = len(trajectory.fun)
    # The runner evaluates f and ∇f at every recorded iterate; the rest is the optimizer's.
    assert counts.gradients == calls["grad"] == trajectory.n_grad
    assert counts.values == calls["fun"] - recorded
    assert counts.hessians == calls["hess"]
    assert counts.hessian_vector_products == calls["hessp"] == trajectory.n_hvp
    assert counts.gradient_equivalents == (
        calls["grad"] + counts.values + 2 * calls["hessp"] + 2 * 2 * calls["hess"]
    )


def test_sam_is_charged_two_gradients_a_step_and_newton_one_hessian():
    objective, calls = _self_counting(rosenbrock())
    t = run(objective, sam(1e-3, 0.05), START, maxiter=50)
    assert t.nit == 50 and t.n_grad == 2 * 50 + 1 == calls["grad"]
    objective, calls = _self_counting(rosenbrock())
    t = run(objective, newton(), START)
    assert t.success and t.evaluations.hessians == t.nit == calls["hess"]
    assert t.n_grad == t.nit + 1


def test_fun_and_grad_is_used_and_counted_as_one_gradient():
    objective, calls = _self_counting(rosenbrock(), together=True)
    t = run(objective, sam(1e-3, 0.05), START, maxiter=20)
    assert calls["fun"] == 0
    assert calls["fun_and_grad"] == len(t.fun) == 21
    assert t.n_grad == calls["fun_and_grad"] + calls["grad"] == 41
    plain = run(rosenbrock(), sam(1e-3, 0.05), START, maxiter=20)
    np.testing.assert_array_equal(t.xs, plain.xs)
    np.testing.assert_array_equal(t.fun, plain.fun)


def test_a_diverged_evaluation_is_counted():
    def fun(x):
        return np.where(x[0] > 2.0, np.inf, x[0] ** 2 + x[1] ** 2)

    base = Objective("cliff", 2, fun, lambda x: -np.ones(2), lambda x: np.zeros((2, 2)))
    objective, calls = _self_counting(base)
    t = run(objective, gradient_descent(1.0), [0.0, 0.0], maxiter=10)
    assert t.status is Status.DIVERGED
    assert t.n_grad == calls["grad"] == len(t.fun) + 1  # the cliff's gradient was computed


def test_the_callback_sees_every_kept_iterate_once_and_can_stop_the_run():
    seen = []
    t = run(
        rosenbrock(),
        gradient_descent(1e-3),
        START,
        maxiter=40,
        callback=lambda k, x, f, g: seen.append((k, x.copy(), f, g.copy())),
    )
    assert [k for k, *_ in seen] == list(range(t.nit + 1))
    for k, x, f, g in seen:
        np.testing.assert_array_equal(x, t.xs[k])
        assert f == t.fun[k]
        assert np.linalg.norm(g) == t.grad_norm[k]
    stopped = run(rosenbrock(), gradient_descent(1e-3), START, callback=lambda k, x, f, g: f < 4.0)
    assert stopped.status is Status.STOPPED and not stopped.success
    assert stopped.fun[-1] < 4.0 <= stopped.fun[-2]
    assert stopped.message == f"stopped by the callback after {stopped.nit} steps"


def test_tol_zero_never_stops_on_the_gradient_and_keep_path_false_keeps_the_ends():
    full = run(rosenbrock(), newton(), START, tol=0.0, maxiter=30)
    assert full.status is Status.MAXITER and full.nit == 30
    short = run(rosenbrock(), newton(), START, tol=0.0, maxiter=30, keep_path=False)
    np.testing.assert_array_equal(short.xs, full.xs[[0, -1]])
    np.testing.assert_array_equal(short.fun, full.fun)
    assert short.nit == full.nit and short.n_grad == full.n_grad
    assert run(rosenbrock(), newton(), [1.0, 1.0], keep_path=False).xs.shape == (1, 2)
