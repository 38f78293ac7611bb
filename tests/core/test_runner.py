"""The runner: trajectories, stopping reasons and bad input."""

import warnings

import numpy as np
import pytest

from curvlab import Objective, Status, bowl, gradient_descent, quadratic, rosenbrock, run


def test_iterates_follow_the_closed_form_of_gradient_descent():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    lr = 0.2
    trajectory = run(quadratic(A, b), gradient_descent(lr), [2.0, 0.5], maxiter=30, tol=1e-12)
    x = np.array([2.0, 0.5])
    for k in range(len(trajectory.xs)):
        assert np.allclose(trajectory.xs[k], x)
        x = x - lr * (A @ x - b)
    assert np.allclose(trajectory.xs[-1], np.linalg.solve(A, b), atol=1e-4)


def test_records_are_consistent():
    objective = rosenbrock()
    trajectory = run(objective, gradient_descent(1e-3), [-1.0, 1.0], maxiter=50)
    assert trajectory.status is Status.MAXITER
    assert trajectory.nit == 50
    assert trajectory.n_grad == 51
    assert trajectory.fun == pytest.approx([objective.value(x) for x in trajectory.xs])
    assert trajectory.grad_norm == pytest.approx(
        [np.linalg.norm(objective.gradient(x)) for x in trajectory.xs]
    )
    assert trajectory.step_norm == pytest.approx(
        np.linalg.norm(np.diff(trajectory.xs, axis=0), axis=1)
    )
    assert "out of steps" in trajectory.message


def test_round_bowl_lands_in_one_step_and_confirms_with_a_second_gradient():
    trajectory = run(bowl(1.0), gradient_descent(1.0), [1.0, 1.0])
    assert trajectory.nit == 1
    assert trajectory.n_grad == 2
    assert trajectory.message == "converged: |∇f| < 1e-06 after 1 step"


@pytest.mark.parametrize("lr", [0.21, 2.1, 1e3, 1e300])
def test_divergence_is_reported_without_warnings(lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trajectory = run(bowl(10.0), gradient_descent(lr), [1.0, 1.0], maxiter=100_000)
    assert trajectory.status is Status.DIVERGED
    assert not trajectory.success
    assert "diverged" in trajectory.message
    assert np.all(np.isfinite(trajectory.xs))
    assert np.all(np.isfinite(trajectory.fun))


def test_non_finite_values_stop_the_run():
    def fun(x):
        return np.where(x[0] > 2.0, np.inf, x[0] ** 2 + x[1] ** 2)

    objective = Objective("cliff", 2, fun, lambda x: -np.ones(2), lambda x: np.zeros((2, 2)))
    trajectory = run(objective, gradient_descent(1.0), [0.0, 0.0], maxiter=10)
    assert trajectory.status is Status.DIVERGED
    assert np.all(np.isfinite(trajectory.fun))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"x0": [1.0]}, ValueError, "x0 must have length 2"),
        ({"x0": [[1.0, 2.0]]}, ValueError, "x0 must be a 1-D vector"),
        ({"x0": [np.nan, 1.0]}, ValueError, "x0 must be finite"),
        ({"x0": "start"}, TypeError, "x0 must be an array"),
        ({"tol": -1e-6}, ValueError, "tol must be non-negative"),
        ({"callback": 3}, TypeError, "callback must be callable"),
        ({"keep_path": "yes"}, TypeError, "keep_path must be a bool"),
        ({"maxiter": 0}, ValueError, "maxiter must be at least 1"),
        ({"maxiter": 2.5}, TypeError, "maxiter must be an integer"),
        ({"objective": "bowl"}, TypeError, "objective must be a curvlab Objective"),
        ({"optimizer": lambda g: g}, TypeError, "optimizer must be a curvlab Optimizer"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, error, words):
    arguments = {
        "objective": bowl(2.0),
        "optimizer": gradient_descent(0.1),
        "x0": [1.0, 1.0],
    } | kwargs
    objective = arguments.pop("objective")
    optimizer = arguments.pop("optimizer")
    x0 = arguments.pop("x0")
    with pytest.raises(error, match=words):
        run(objective, optimizer, x0, **arguments)


@pytest.mark.parametrize(
    ("lr", "error"),
    [
        (0.0, ValueError),
        (-0.1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("0.1", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_gradient_descent_refuses_bad_step_sizes(lr, error):
    with pytest.raises(error, match="lr"):
        gradient_descent(lr)


def test_normalized_steps_have_fixed_length_and_hover_near_the_minimum():
    from curvlab import normalized_gradient_descent

    trajectory = run(bowl(10.0), normalized_gradient_descent(0.05), [1.0, 1.0], maxiter=400)
    assert np.allclose(trajectory.step_norm, 0.05)
    assert trajectory.status is Status.MAXITER
    distances = np.linalg.norm(trajectory.xs[-50:], axis=1)
    assert distances.max() < 0.05
    assert distances.min() > 1e-4
    with pytest.raises(ValueError, match="lr must be positive"):
        normalized_gradient_descent(-1.0)


def test_normalized_descent_stays_put_at_a_stationary_point():
    from curvlab import normalized_gradient_descent

    trajectory = run(bowl(3.0), normalized_gradient_descent(0.1), [0.0, 0.0])
    assert trajectory.nit == 0
    assert trajectory.success
