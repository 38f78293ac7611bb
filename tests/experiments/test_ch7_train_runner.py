"""Chapter 7's ``train`` is a use of ``core.runner.run``: the same numbers as a plain loop.

The oracle is a second, straightforward training loop written here (the loop ``train`` ran on
its own before it became a use of the runner): evaluate loss and gradient, stop below the
target loss or after ``n_steps``, measure the sharpness by Lanczos at the checkpoints, step.
It counts SAM's second gradient through a wrapper of the gradient it hands to the optimizer.
"""

import numpy as np
import pytest

from curvlab.curvature.lanczos import lanczos
from curvlab.experiments.network_curvature import compute as nc
from curvlab.optimizers import gradient_descent, heavy_ball
from curvlab.optimizers.sam import sam


def _plain_loop(problem, optimizer, theta0, n_steps, sharpness_every=None, target_loss=None):
    net, X, Y = problem.net, problem.X, problem.Y
    inner = net.objective(X, Y).unchecked
    extra = []

    class Seen:
        fun, hess, hessp = inner.fun, inner.hess, inner.hessp

        @staticmethod
        def grad(x):
            extra.append(1)
            return inner.grad(x)

    theta, state = np.array(theta0, dtype=float), optimizer.init(theta0)
    losses, checkpoints, sharpness, n_hvp = [], [], [], 0
    for step in range(n_steps + 1):
        value, grad = net.loss_and_gradient(theta, X, Y)
        losses.append(value)
        done = step == n_steps or (target_loss is not None and value < target_loss)
        if sharpness_every and (step % sharpness_every == 0 or done):
            top = lanczos(problem.hessian(theta), 1, tol=1e-3, rng=step)
            checkpoints.append(step)
            sharpness.append(float(top.eigenvalues[0]))
            n_hvp += top.n_products
        if done:
            break
        update, state = optimizer.update(grad, state, theta, Seen)
        theta = theta + update
    return {
        "loss": np.array(losses),
        "checkpoints": np.array(checkpoints, dtype=int),
        "sharpness": np.array(sharpness),
        "theta": theta,
        "n_grad": len(losses) + len(extra),
        "n_hvp": n_hvp,
    }


@pytest.fixture(scope="module")
def problem():
    return nc.digits_problem((6,), loss="mse", n_train=60)


@pytest.mark.parametrize(
    ("make", "options"),
    [
        (lambda: gradient_descent(0.1), {"sharpness_every": 10}),
        (lambda: sam(0.1, 0.05), {"sharpness_every": 7}),
        (lambda: sam(0.3, 0.05), {"target_loss": 0.2}),
        (lambda: heavy_ball(0.1, 0.9), {"sharpness_every": 9, "target_loss": 0.2}),
    ],
)
def test_train_gives_the_numbers_of_a_plain_loop(problem, make, options):
    theta0 = problem.net.init(3, scale=0.5)
    expected = _plain_loop(problem, make(), theta0, 60, **options)
    result = nc.train(problem, make(), theta0, 60, **options)
    assert not result.diverged
    np.testing.assert_array_equal(result.loss, expected["loss"])
    np.testing.assert_array_equal(result.checkpoints, expected["checkpoints"])
    np.testing.assert_array_equal(result.sharpness, expected["sharpness"])
    np.testing.assert_array_equal(result.theta, expected["theta"])
    assert result.n_grad == expected["n_grad"]
    assert result.n_hvp == expected["n_hvp"]


def test_a_target_loss_stops_training_early(problem):
    theta0 = problem.net.init(3, scale=0.5)
    result = nc.train(problem, sam(0.3, 0.05), theta0, 5000, target_loss=0.2)
    assert result.n_steps < 5000
    assert result.loss[-1] < 0.2 <= result.loss[-2]
    # Two gradients a step (SAM's and the runner's) and one at the last point.
    assert result.n_grad == 2 * result.n_steps + 1
