"""Lanczos against eigsh and dense eigvalsh; budgets; the power iteration's early stop."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.linalg import LinearOperator, eigsh

from curvlab.curvature.lanczos import LanczosRecurrence, lanczos, power_iteration
from curvlab.curvature.operators import as_operator
from curvlab.problems.mlp import MLP, one_hot


def random_symmetric(n, seed, spread=1.0):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    values = rng.standard_normal(n) * spread
    return (Q * values) @ Q.T, np.sort(values)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(5, 60), k=st.integers(1, 4), seed=st.integers(0, 10_000))
def test_lanczos_matches_eigvalsh_on_random_symmetric_matrices(n, k, seed):
    A, values = random_symmetric(n, seed)
    k = min(k, n)
    for which, expected in (("largest", values[::-1][:k]), ("smallest", values[:k])):
        result = lanczos(A, k, which=which, tol=1e-8, maxiter=n)
        assert result.all_converged
        np.testing.assert_allclose(result.eigenvalues, expected, atol=1e-6 * np.abs(values).max())
        Y = result.eigenvectors
        explicit = np.linalg.norm(A @ Y - Y * result.eigenvalues, axis=0)
        scale = np.abs(values).max()
        np.testing.assert_allclose(result.residual_norms, explicit, atol=1e-9 * scale)
        assert np.all(explicit <= 1e-8 * np.abs(result.eigenvalues) + 1e-11)


def test_lanczos_on_a_network_hessian_agrees_with_eigsh_and_dense():
    rng = np.random.default_rng(0)
    net = MLP([8, 12, 4], "tanh", "cross_entropy")
    X = rng.standard_normal((40, 8))
    Y = one_hot(rng.integers(0, 4, 40), 4)
    theta = net.init(1)
    H = net.hessian_operator(theta, X, Y)
    dense = np.linalg.eigvalsh(net.hessian(theta, X, Y))
    top = lanczos(H, 3, tol=1e-8)
    bottom = lanczos(H, 2, which="smallest", tol=1e-8)
    reference = eigsh(H, k=3, which="LA", return_eigenvectors=False)
    np.testing.assert_allclose(top.eigenvalues, dense[::-1][:3], rtol=1e-7)
    np.testing.assert_allclose(np.sort(top.eigenvalues), np.sort(reference), rtol=1e-7)
    np.testing.assert_allclose(bottom.eigenvalues, dense[:2], atol=1e-7 * dense[-1])
    assert dense[0] < 0  # an indefinite Hessian at a random start


def test_budget_ends_with_converged_false_and_honest_residuals():
    values = 1.0 + 1e-3 * np.arange(400.0)  # a tiny gap at the top: slow convergence
    A = np.diag(values)
    result = lanczos(A, 1, tol=1e-12, maxiter=8)
    assert result.n_products == 8
    assert not result.all_converged
    y = result.eigenvectors[:, 0]
    explicit = np.linalg.norm(A @ y - result.eigenvalues[0] * y)
    assert result.residual_norms[0] == pytest.approx(explicit, rel=1e-6)
    assert explicit > 1e-12 * values[-1]


def test_invariant_start_space_still_finds_k_values():
    A = np.diag([5.0, 5.0, 5.0, 1.0, 0.0])
    result = lanczos(A, 3, tol=1e-10)
    np.testing.assert_allclose(result.eigenvalues, [5.0, 5.0, 5.0], rtol=1e-10)
    assert result.all_converged


def test_products_are_counted():
    A, _ = random_symmetric(50, 1)
    H = as_operator(A)
    result = lanczos(H, 1, tol=1e-6)
    assert result.n_products == H.n_products


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"k": 6}, ValueError, "k must be at most"),
        ({"k": 0}, ValueError, "k must be at least"),
        ({"maxiter": 0}, ValueError, "maxiter"),
        ({"k": 3, "maxiter": 2}, ValueError, "maxiter"),
        ({"which": "magnitude"}, ValueError, "which"),
        ({"tol": 0.0}, ValueError, "tol"),
        ({"k": 1.5}, TypeError, "k"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        lanczos(np.eye(5), **kwargs)


def test_non_square_and_non_finite_operators():
    with pytest.raises(ValueError, match="square"):
        lanczos(np.ones((3, 4)))
    with pytest.raises(ValueError, match="non-finite"):
        lanczos(LinearOperator((3, 3), matvec=lambda v: np.full(3, np.nan), dtype=float))


def test_power_iteration_rule_stops_early_when_the_gap_is_small():
    values = np.concatenate([[1.0, 0.99, 0.98], np.linspace(0.0, 0.5, 97)])
    A = np.diag(values)
    result = power_iteration(A, tol=1e-3, maxiter=100, rng=0)
    assert result.stopped and result.n_products < 100
    assert result.eigenvalue < 1.0 - 1e-4  # stopped below the truth ...
    assert result.residual_norm > 1e-3  # ... with a residual that says so
    exact = lanczos(A, 1, tol=1e-10)
    assert exact.eigenvalues[0] == pytest.approx(1.0, rel=1e-9)


def test_power_iteration_converges_with_a_large_gap():
    A = np.diag(np.concatenate([[10.0], np.linspace(0.0, 1.0, 49)]))
    result = power_iteration(A, tol=1e-10, maxiter=200)
    assert result.eigenvalue == pytest.approx(10.0, rel=1e-9)
    assert result.n_products == len(result.history)
    with pytest.raises(ValueError, match="maxiter"):
        power_iteration(A, maxiter=0)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(4, 30), steps=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_recurrence_builds_an_orthonormal_basis_with_T_equal_to_Q_transpose_H_Q(n, steps, seed):
    """The one recurrence (shared with SLQ) against dense algebra: QᵀQ = I and QᵀHQ = T."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n))
    A = A + A.T
    start = rng.standard_normal(n)
    recurrence = LanczosRecurrence(as_operator(A), start / np.linalg.norm(start), steps)
    for j in range(steps):
        recurrence.step()
        if j + 1 < steps:
            recurrence.advance()
    Q = recurrence.basis[: recurrence.n_steps]
    T = np.diag(recurrence.alphas) + np.diag(recurrence.betas, 1) + np.diag(recurrence.betas, -1)
    scale = np.linalg.norm(A, 2)
    np.testing.assert_allclose(Q @ Q.T, np.eye(steps), atol=1e-12)
    np.testing.assert_allclose(Q @ A @ Q.T, T, atol=1e-11 * scale)
    theta, S = recurrence.ritz()
    np.testing.assert_allclose(theta, np.linalg.eigvalsh(T), atol=1e-11 * scale)
    np.testing.assert_allclose(S.T @ S, np.eye(steps), atol=1e-12)
