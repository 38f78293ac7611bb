"""What Adam's second moment measures: replayed states, preconditioned spectra, Fisher."""

import numpy as np
import pytest

from curvlab import bowl, quadratic, rotated_bowl, run
from curvlab.experiments.adaptive.compute import (
    adam_denominators,
    diagonal_preconditioned_spectrum,
    logistic_hessian,
    logistic_problem,
    minibatch_gradients,
    moving_second_moment,
    per_example_gradients,
    preconditioned_spectrum,
    replay_states,
)
from curvlab.optimizers.adaptive import adam


def test_replayed_states_reproduce_the_run():
    f = bowl(10.0)
    optimizer = adam(0.1)
    trajectory = run(f, optimizer, [-1.5, 1.0], maxiter=40, tol=1e-300)
    states = replay_states(f, optimizer, trajectory)
    assert len(states) == trajectory.nit
    # Oracle: the moments written out as explicit sums over the recorded gradients.
    grads = np.array([f.gradient(x) for x in trajectory.xs[:-1]])
    t = len(grads)
    weights1 = 0.1 * 0.9 ** np.arange(t - 1, -1, -1)
    weights2 = 0.001 * 0.999 ** np.arange(t - 1, -1, -1)
    np.testing.assert_allclose(states[-1].m, weights1 @ grads, rtol=1e-12)
    np.testing.assert_allclose(states[-1].v, weights2 @ grads**2, rtol=1e-12)
    np.testing.assert_allclose(
        moving_second_moment(grads, 0.999), states[-1].corrected(0.9, 0.999)[1]
    )


def test_adam_denominators_and_their_spectrum():
    f = bowl(100.0)
    optimizer = adam(0.1)
    trajectory = run(f, optimizer, [-1.5, 1.0], maxiter=30, tol=1e-300)
    denominators = adam_denominators(replay_states(f, optimizer, trajectory), 0.9, 0.999, 1e-8)
    assert denominators.shape == (30, 2)
    spectra = diagonal_preconditioned_spectrum(f.A, denominators)
    # Oracle: D^{-1/2} H D^{-1/2} for diagonal H and D is diagonal, eigenvalues λ_i / d_i.
    expected = np.sort(np.array([1.0, 100.0]) / denominators, axis=1)
    np.testing.assert_allclose(spectra, expected, rtol=1e-12)


def test_diagonal_preconditioning_cannot_help_a_rotated_bowl_with_equal_diagonal():
    f = rotated_bowl(100.0, 45.0)
    jacobi = diagonal_preconditioned_spectrum(f.A, np.diag(f.A))[0]
    assert jacobi[-1] / jacobi[0] == pytest.approx(100.0)
    axis = bowl(100.0)
    jacobi_axis = diagonal_preconditioned_spectrum(axis.A, np.diag(axis.A))[0]
    np.testing.assert_allclose(jacobi_axis, [1.0, 1.0])


def test_preconditioned_spectrum_matches_generalized_eigenvalues():
    rng = np.random.default_rng(0)
    B = rng.standard_normal((4, 4))
    H = B @ B.T + 0.1 * np.eye(4)
    d = rng.uniform(0.5, 3.0, 4)
    # Oracle: eigenvalues of D^{-1} H (similar matrix), via the non-symmetric solver.
    expected = np.sort(np.linalg.eigvals(np.diag(1 / d) @ H).real)
    np.testing.assert_allclose(diagonal_preconditioned_spectrum(H, d)[0], expected, rtol=1e-10)


def test_moving_second_moment_of_a_constant_gradient_is_its_square():
    grads = np.tile([2.0, -3.0], (7, 1))
    np.testing.assert_allclose(moving_second_moment(grads, 0.999), [4.0, 9.0])


def test_logistic_gradients_and_hessian_against_finite_differences():
    rng = np.random.default_rng(1)
    problem = logistic_problem(200, [0.5, 1.0, 2.0], rng)
    theta = np.array([0.3, -0.2, 0.1])

    def loss(t):
        z = problem.X @ t
        return np.mean(np.logaddexp(0.0, z) - problem.y * z)

    h = 1e-5
    eye = np.eye(3)
    numeric_grad = np.array([(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in eye])
    mean_grad = per_example_gradients(problem, theta).mean(axis=0)
    np.testing.assert_allclose(mean_grad, numeric_grad, rtol=1e-6, atol=1e-9)

    def grad(t):
        return per_example_gradients(problem, t).mean(axis=0)

    numeric_hess = np.array([(grad(theta + h * e) - grad(theta - h * e)) / (2 * h) for e in eye])
    np.testing.assert_allclose(logistic_hessian(problem, theta), numeric_hess, rtol=1e-5, atol=1e-9)


def test_at_the_true_parameter_v_hat_tracks_the_diagonal_hessian_over_batch_size():
    rng = np.random.default_rng(2)
    problem = logistic_problem(20_000, [0.1, 1.0, 10.0], rng)
    hess = np.diag(logistic_hessian(problem, problem.theta_true))
    for batch in (1, 8):
        grads = minibatch_gradients(problem, problem.theta_true, batch, 4000, rng)
        v_hat = moving_second_moment(grads, 0.999)
        ratio = batch * v_hat / hess
        assert np.all((ratio > 0.7) & (ratio < 1.3)), ratio


def test_on_a_deterministic_quadratic_v_hat_vanishes_with_the_gradient():
    f = bowl(100.0)
    optimizer = adam(0.1)
    trajectory = run(f, optimizer, [-1.5, 1.0], maxiter=5000)
    assert trajectory.success
    grads = np.array([f.gradient(x) for x in trajectory.xs[:-1]])
    v_late = moving_second_moment(grads, 0.5)  # a short memory: what the gradients are now
    assert np.all(v_late < 1e-6)  # while the curvature is 1 and 100


def test_bad_input_is_rejected():
    f = bowl(2.0)
    trajectory = run(f, adam(0.1), [1.0, 1.0], maxiter=3)
    with pytest.raises(ValueError, match="dimension"):
        replay_states(quadratic(np.eye(3)), adam(), trajectory)
    with pytest.raises(TypeError, match="trajectory"):
        replay_states(f, adam(), "run")
    with pytest.raises(ValueError, match="denominators"):
        diagonal_preconditioned_spectrum(np.eye(2), [1.0, 0.0])
    with pytest.raises(ValueError, match="denominators"):
        diagonal_preconditioned_spectrum(np.eye(2), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="gradients"):
        moving_second_moment(np.zeros(3), 0.9)
    with pytest.raises(ValueError, match="beta2"):
        moving_second_moment(np.zeros((2, 3)), 1.0)
    with pytest.raises(ValueError, match="scales"):
        logistic_problem(10, [1.0, -1.0], np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        logistic_problem(10, [1.0], None)
    with pytest.raises(ValueError, match="states"):
        adam_denominators([], 0.9, 0.999, 1e-8)


def test_full_preconditioned_spectrum():
    rng = np.random.default_rng(4)
    B = rng.standard_normal((3, 3))
    H = B @ B.T + np.eye(3)
    C = rng.standard_normal((3, 3))
    P = C @ C.T + np.eye(3)
    expected = np.sort(np.linalg.eigvals(np.linalg.solve(P, H)).real)
    np.testing.assert_allclose(preconditioned_spectrum(H, P), expected, rtol=1e-10)
    np.testing.assert_allclose(preconditioned_spectrum(H, H), np.ones(3), rtol=1e-10)
    d = np.array([1.0, 2.0, 5.0])
    np.testing.assert_allclose(
        preconditioned_spectrum(H, np.diag(d)), diagonal_preconditioned_spectrum(H, d)[0]
    )
    with pytest.raises(ValueError, match="positive definite"):
        preconditioned_spectrum(H, -np.eye(3))
    with pytest.raises(ValueError, match="shape"):
        preconditioned_spectrum(H, np.eye(2))
