"""Hutchinson and Hutch++ against the exact trace over many seeds; the diagonal estimator."""

import numpy as np
import pytest

from curvlab.curvature.operators import as_operator
from curvlab.curvature.trace import (
    hutch_plus_plus,
    hutchinson_diagonal,
    hutchinson_trace,
    rademacher,
)


def decaying_psd(n, seed, power=2.0):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    values = 1.0 / np.arange(1, n + 1) ** power
    return (Q * values) @ Q.T


def test_hutchinson_is_unbiased_and_its_standard_error_is_right():
    A = decaying_psd(60, 0, power=0.5)
    exact = np.trace(A)
    probe_var = 2 * (np.sum(A**2) - np.sum(np.diag(A) ** 2))  # Rademacher variance
    estimates = [hutchinson_trace(A, 20, rng=seed) for seed in range(300)]
    values = np.array([e.estimate for e in estimates])
    assert abs(values.mean() - exact) <= 4 * np.sqrt(probe_var / 20 / 300)
    assert values.std(ddof=1) == pytest.approx(np.sqrt(probe_var / 20), rel=0.15)
    mean_se = np.mean([e.standard_error for e in estimates])
    assert mean_se == pytest.approx(np.sqrt(probe_var / 20), rel=0.15)
    assert all(e.n_products == 20 and not e.converged for e in estimates)


def test_hutchinson_stops_on_its_standard_error():
    A = decaying_psd(80, 1, power=0.5)
    result = hutchinson_trace(A, 5_000, rtol=0.01, rng=3)
    assert result.converged and 10 <= result.n_products < 5_000
    assert result.standard_error <= 0.01 * abs(result.estimate)
    assert abs(result.estimate - np.trace(A)) <= 5 * result.standard_error


def test_hutch_plus_plus_is_exact_for_low_rank_and_beats_hutchinson_on_decay():
    rng = np.random.default_rng(2)
    B = rng.standard_normal((50, 5))
    low_rank = B @ B.T
    result = hutch_plus_plus(low_rank, 30, rng=0)
    assert result.estimate == pytest.approx(np.trace(low_rank), rel=1e-10)
    assert result.n_products == 30
    A = decaying_psd(300, 4)
    exact = np.trace(A)
    plain = [abs(hutchinson_trace(A, 60, rng=s).estimate - exact) for s in range(40)]
    plus = [abs(hutch_plus_plus(A, 60, rng=s).estimate - exact) for s in range(40)]
    assert np.median(plus) < np.median(plain) / 3


def test_diagonal_estimator():
    D = np.diag([1.0, -2.0, 3.0])
    np.testing.assert_allclose(hutchinson_diagonal(D, 1, np.random.default_rng(0)), [1, -2, 3])
    A = decaying_psd(20, 5, power=0.3)
    average = np.mean([hutchinson_diagonal(A, 10, s) for s in range(200)], axis=0)
    spread = np.sqrt((np.sum(A**2, axis=1) - np.diag(A) ** 2) / 2000)
    assert np.all(np.abs(average - np.diag(A)) <= 5 * spread)


def test_products_add_to_the_callers_count_and_bad_input():
    H = as_operator(np.eye(10))
    hutch_plus_plus(H, 9, rng=0)
    hutchinson_trace(H, 4, rng=0)
    assert H.n_products == 13
    with pytest.raises(ValueError, match="maxiter"):
        hutchinson_trace(np.eye(3), 0)
    with pytest.raises(ValueError, match="maxiter"):
        hutch_plus_plus(np.eye(3), 2)
    with pytest.raises(ValueError, match="rtol"):
        hutchinson_trace(np.eye(3), 10, rtol=-1.0)
    with pytest.raises(ValueError, match="min_probes"):
        hutchinson_trace(np.eye(3), 10, min_probes=1)
    with pytest.raises(ValueError, match="samples"):
        hutchinson_diagonal(np.eye(3), 0, 0)
    with pytest.raises(ValueError, match="square"):
        hutchinson_trace(np.ones((2, 3)), 5)


def test_fixed_budget_block_uses_the_same_probes_as_the_sequential_rule():
    A = decaying_psd(30, 6, power=0.5)
    block = hutchinson_trace(A, 40, rng=9)
    sequential = hutchinson_trace(A, 40, rtol=1e-12, min_probes=40, rng=9)
    np.testing.assert_allclose(block.samples, sequential.samples, rtol=1e-12)
    assert block.n_products == sequential.n_products == 40


def test_rademacher_entries_are_fair_signs():
    values = rademacher(4000, np.random.default_rng(8))
    assert set(np.unique(values)) == {-1.0, 1.0}
    assert abs(values.mean()) < 5 / np.sqrt(4000)
    with pytest.raises(TypeError, match="rng"):
        rademacher(3, None)


def test_diagonal_estimator_refuses_what_is_not_an_operator():
    with pytest.raises(TypeError, match="operator"):
        hutchinson_diagonal(None, 3, 0)
    with pytest.raises(TypeError, match="operator"):
        hutchinson_diagonal(lambda u: u, 3, 0)
    with pytest.raises(ValueError, match="square"):
        hutchinson_diagonal(np.ones((2, 3)), 3, 0)
