"""Optimizers for matrix parameters and partial Hessians: L-BFGS, K-FAC, Shampoo, Sophia, Muon."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab import quadratic, random_spd_matrix, rosenbrock, run
from curvlab.curvature.hutchinson import hutchinson_diagonal, rademacher
from curvlab.optimizers.kronecker_factored import kfac, matrix_power, shampoo
from curvlab.optimizers.lbfgs import lbfgs, two_loop_direction
from curvlab.optimizers.muon import muon
from curvlab.optimizers.newton_schulz import (
    CUBIC,
    MUON_QUINTIC,
    newton_schulz,
    polar_factor,
    scalar_map,
)
from curvlab.optimizers.sophia import sophia
from curvlab.problems.kronecker import kronecker_least_squares, random_kronecker_least_squares


def dense_bfgs_inverse(pairs, gamma, n):
    """Oracle: the BFGS inverse-Hessian update applied densely, oldest pair first."""
    H = gamma * np.eye(n)
    for s, y in pairs:
        rho = 1.0 / (y @ s)
        left = np.eye(n) - rho * np.outer(s, y)
        H = left @ H @ left.T + rho * np.outer(s, s)
    return H


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(0, 6))
def test_two_loop_recursion_equals_dense_bfgs(seed, count):
    rng = np.random.default_rng(seed)
    n = 5
    A = random_spd_matrix(n, 50.0, rng)
    pairs = [(s, A @ s) for s in rng.standard_normal((count, n))]  # yᵀs = sᵀAs > 0
    g = rng.standard_normal(n)
    gamma = 0.3
    expected = dense_bfgs_inverse(pairs, gamma, n) @ g
    np.testing.assert_allclose(two_loop_direction(g, pairs, gamma), expected, rtol=1e-8, atol=1e-10)


def test_two_loop_with_n_independent_pairs_of_a_quadratic_inverts_it():
    rng = np.random.default_rng(0)
    A = random_spd_matrix(4, 100.0, rng)
    # The pairs must be A-conjugate (as a run with exact line searches makes them): eigenvectors.
    pairs = [(s, A @ s) for s in np.linalg.eigh(A)[1].T]
    g = rng.standard_normal(4)
    np.testing.assert_allclose(two_loop_direction(g, pairs, 1.0), np.linalg.solve(A, g), rtol=1e-8)


def test_two_loop_rejects_a_pair_with_negative_curvature():
    with pytest.raises(ValueError, match="curvature condition"):
        two_loop_direction([1.0, 0.0], [([1.0, 0.0], [-1.0, 0.0])], 1.0)


def test_lbfgs_solves_rosenbrock_and_a_quadratic():
    trajectory = run(rosenbrock(), lbfgs(), [-1.2, 1.0], maxiter=500)
    assert trajectory.success
    np.testing.assert_allclose(trajectory.x, [1.0, 1.0], atol=1e-5)
    rng = np.random.default_rng(1)
    f = quadratic(random_spd_matrix(10, 1e3, rng), rng.standard_normal(10))
    assert run(f, lbfgs(memory=10), np.zeros(10), maxiter=500).success


def test_kronecker_problem_hessian_gradient_and_minimizer():
    rng = np.random.default_rng(2)
    problem = random_kronecker_least_squares(3, 4, 5.0, 8.0, rng)
    np.testing.assert_allclose(problem.A, np.kron(problem.left, problem.right))
    W = rng.standard_normal((3, 4))
    # Oracle: the loss written as a trace, and its gradient by central differences.
    E = W - problem.W_star
    assert problem.value(W.ravel()) == pytest.approx(
        0.5 * np.trace(problem.left @ E @ problem.right @ E.T)
    )
    np.testing.assert_allclose(problem.gradient(W.ravel()), problem.matrix_gradient(W).ravel())
    h = 1e-6
    numeric = np.array(
        [
            (problem.value(W.ravel() + h * e) - problem.value(W.ravel() - h * e)) / (2 * h)
            for e in np.eye(12)
        ]
    )
    np.testing.assert_allclose(problem.gradient(W.ravel()), numeric, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(problem.minimizer, problem.W_star.ravel(), atol=1e-10)
    assert problem.value(problem.W_star.ravel()) == 0.0
    cond = np.linalg.cond(problem.A)
    assert cond == pytest.approx(40.0, rel=1e-8)


def test_kfac_with_the_exact_factors_is_newton_one_step():
    rng = np.random.default_rng(3)
    problem = random_kronecker_least_squares(3, 5, 30.0, 30.0, rng)
    x0 = rng.standard_normal(15)
    trajectory = run(problem, kfac(problem.left, problem.right, problem.shape), x0)
    assert trajectory.success
    assert trajectory.nit == 1
    newton_step = np.linalg.solve(problem.A, -problem.gradient(x0))
    np.testing.assert_allclose(trajectory.xs[1] - x0, newton_step, rtol=1e-8, atol=1e-10)


def test_shampoo_first_step_by_hand_and_convergence():
    rng = np.random.default_rng(4)
    problem = random_kronecker_least_squares(2, 3, 10.0, 10.0, rng)
    x0 = np.zeros(6)
    optimizer = shampoo(problem.shape, lr=0.5, eps=1e-4)
    G = problem.matrix_gradient(x0.reshape(2, 3))
    L = 1e-4 * np.eye(2) + G @ G.T
    R = 1e-4 * np.eye(3) + G.T @ G
    expected = -0.5 * matrix_power(L, -0.25) @ G @ matrix_power(R, -0.25)
    step, state = optimizer.update(G.ravel(), optimizer.init(x0), x0, problem.unchecked)
    np.testing.assert_allclose(step, expected.ravel(), rtol=1e-10)
    np.testing.assert_allclose(state.left, L)
    assert run(problem, shampoo(problem.shape, lr=1.0), x0, maxiter=3000).success


def test_shampoo_first_step_without_accumulation_is_the_polar_factor():
    # (GGᵀ)^(-1/4) G (GᵀG)^(-1/4) = U Vᵀ: the link between Shampoo and Muon.
    rng = np.random.default_rng(13)
    G = rng.standard_normal((3, 5))
    optimizer = shampoo((3, 5), lr=1.0, eps=1e-12)
    x0 = np.zeros(15)
    step, _ = optimizer.update(G.ravel(), optimizer.init(x0), x0, None)
    np.testing.assert_allclose(step.reshape(3, 5), -polar_factor(G), atol=1e-6)


def test_matrix_power_against_eigendecomposition_and_products():
    rng = np.random.default_rng(5)
    S = random_spd_matrix(4, 20.0, rng)
    root = matrix_power(S, 0.5)
    np.testing.assert_allclose(root @ root, S, rtol=1e-10)
    quarter = matrix_power(S, -0.25)
    np.testing.assert_allclose(np.linalg.matrix_power(quarter, 4) @ S, np.eye(4), atol=1e-10)


def test_hutchinson_is_exact_for_a_diagonal_matrix_with_one_probe():
    rng = np.random.default_rng(6)
    D = np.diag([1.0, -3.0, 7.0])
    np.testing.assert_allclose(hutchinson_diagonal(lambda u: D @ u, 3, 1, rng), [1.0, -3.0, 7.0])


def test_hutchinson_converges_to_the_diagonal_of_a_dense_matrix():
    rng = np.random.default_rng(7)
    A = random_spd_matrix(6, 10.0, rng)
    estimate = hutchinson_diagonal(lambda u: A @ u, 6, 4000, rng)
    # Standard error per entry: sqrt(sum_{j≠i} A_ij² / S); allow 5 of them.
    off = np.sqrt((np.sum(A**2, axis=1) - np.diag(A) ** 2) / 4000)
    assert np.all(np.abs(estimate - np.diag(A)) < 5 * off + 1e-12)


def test_rademacher_entries_are_signs():
    values = rademacher(1000, np.random.default_rng(8))
    assert set(np.unique(values)) == {-1.0, 1.0}


def test_hutchinson_rejects_bad_input():
    with pytest.raises(TypeError, match="matvec"):
        hutchinson_diagonal(None, 3, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="matvec must return"):
        hutchinson_diagonal(lambda u: np.zeros(2), 3, 1, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        rademacher(3, 42)


def test_cubic_newton_schulz_converges_to_the_polar_factor():
    rng = np.random.default_rng(9)
    M = rng.standard_normal((4, 7))
    np.testing.assert_allclose(newton_schulz(M, 30, CUBIC), polar_factor(M), atol=1e-10)
    np.testing.assert_allclose(newton_schulz(M.T, 30, CUBIC), polar_factor(M.T), atol=1e-10)


def test_quintic_maps_singular_values_like_the_scalar_polynomial():
    rng = np.random.default_rng(10)
    M = rng.standard_normal((5, 8)) @ np.diag(np.geomspace(1, 100, 8))
    sigma = np.linalg.svd(M, compute_uv=False)
    out = np.linalg.svd(newton_schulz(M, 5, MUON_QUINTIC), compute_uv=False)
    expected = np.sort(np.abs(scalar_map(sigma / np.linalg.norm(M), 5, MUON_QUINTIC)))[::-1]
    np.testing.assert_allclose(out, expected, rtol=1e-8)
    # Same singular vectors as the polar factor: O Vᵀ-projected onto U is diagonal.
    u, _, vt = np.linalg.svd(M, full_matrices=False)
    inner = u.T @ newton_schulz(M) @ vt.T
    np.testing.assert_allclose(inner, np.diag(np.diag(inner)), atol=1e-8)


def test_newton_schulz_of_zero_and_bad_input():
    np.testing.assert_array_equal(newton_schulz(np.zeros((2, 3))), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="2-D"):
        newton_schulz(np.ones(3))
    with pytest.raises(ValueError, match="finite"):
        newton_schulz([[np.nan, 1.0]])
    with pytest.raises(ValueError, match="coefficients"):
        newton_schulz(np.eye(2), 5, (1.0, 2.0))


def test_muon_step_by_hand():
    rng = np.random.default_rng(11)
    problem = random_kronecker_least_squares(4, 2, 3.0, 3.0, rng)
    optimizer = muon(problem.shape, lr=0.1, beta=0.9)
    x0 = np.zeros(8)
    G = problem.gradient(x0).reshape(4, 2)
    step, buffer = optimizer.update(G.ravel(), optimizer.init(x0), x0, problem.unchecked)
    expected = -0.1 * np.sqrt(2.0) * newton_schulz(G + 0.9 * G)
    np.testing.assert_allclose(step, expected.ravel(), rtol=1e-12)
    np.testing.assert_allclose(buffer, G)
    trajectory = run(problem, muon(problem.shape, lr=0.01), x0, maxiter=500)
    assert trajectory.fun[-1] < 0.05 * trajectory.fun[0]


def test_sophia_first_step_by_hand_on_a_diagonal_quadratic():
    f = quadratic(np.diag([1.0, 100.0]))
    x0 = np.array([1.0, 0.01])
    optimizer = sophia(lr=0.5, beta1=0.9, beta2=0.9, gamma=1.0, eps=1e-12, k=10, seed=0)
    g = f.gradient(x0)
    step, state = optimizer.update(g, optimizer.init(x0), x0, f.unchecked)
    m = 0.1 * g
    h = 0.1 * np.array([1.0, 100.0])  # Hutchinson is exact on a diagonal Hessian
    np.testing.assert_allclose(state.h, h)
    np.testing.assert_allclose(step, -0.5 * np.clip(m / h, -1.0, 1.0))


def test_sophia_clips_where_curvature_is_negative_and_converges_on_a_bowl():
    f = quadratic(np.diag([1.0, -1.0]))
    optimizer = sophia(lr=0.1, seed=1)
    x0 = np.array([0.5, 0.5])
    step, _ = optimizer.update(f.gradient(x0), optimizer.init(x0), x0, f.unchecked)
    assert np.all(np.abs(step) <= 0.1 + 1e-15)
    assert step[1] > 0.0  # downhill along the negative-curvature direction, not towards the saddle
    bowl_f = quadratic(np.diag([1.0, 100.0]))
    assert run(bowl_f, sophia(lr=0.05, gamma=0.05), [1.0, 1.0], maxiter=3000).success


def test_sophia_runs_are_reproducible():
    f = rosenbrock()
    a = run(f, sophia(0.01, seed=3), [-1.0, 1.0], maxiter=200)
    b = run(f, sophia(0.01, seed=3), [-1.0, 1.0], maxiter=200)
    np.testing.assert_array_equal(a.xs, b.xs)


def test_matrix_shape_mismatches_are_rejected():
    rng = np.random.default_rng(12)
    problem = random_kronecker_least_squares(3, 4, 2.0, 2.0, rng)
    for optimizer in (
        shampoo((4, 4)),
        muon((2, 5)),
        kfac(np.eye(2), np.eye(5), (2, 5)),
    ):
        with pytest.raises(ValueError, match="shape mismatch"):
            run(problem, optimizer, np.zeros(12))
    with pytest.raises(ValueError, match="shape mismatch"):
        kfac(problem.left, problem.right, (4, 3))
    with pytest.raises(ValueError, match="W_star must have shape"):
        kronecker_least_squares(np.eye(2), np.eye(3), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="W must have shape"):
        problem.matrix_gradient(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="shape"):
        muon((3,))
    with pytest.raises(ValueError, match="positive definite"):
        kronecker_least_squares(np.diag([1.0, -1.0]), np.eye(2), np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("make", "kwargs", "name"),
    [
        (sophia, {"lr": 0.1, "beta1": 1.0}, "beta1"),
        (sophia, {"lr": 0.1, "beta2": -0.5}, "beta2"),
        (sophia, {"lr": 0.1, "eps": 0.0}, "eps"),
        (sophia, {"lr": 0.0}, "lr"),
        (muon, {"shape": (2, 2), "beta": 1.0}, "beta"),
        (muon, {"shape": (2, 2), "lr": -0.1}, "lr"),
        (shampoo, {"shape": (2, 2), "eps": 0.0}, "eps"),
        (lbfgs, {"c1": 0.0}, "c1"),
        (lbfgs, {"memory": 0}, "memory"),
    ],
)
def test_bad_hyperparameters_are_rejected(make, kwargs, name):
    with pytest.raises(ValueError, match=name):
        make(**kwargs)
