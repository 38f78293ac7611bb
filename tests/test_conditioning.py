"""Chapter 4: iterations against κ, η and n, checked against the closed-form theory."""

import numpy as np
import pytest

from curvlab.conditioning import (
    contraction_after,
    kappa_sweep,
    predicted_evaluations,
    random_kappa_sweep,
    step_sweep,
)
from curvlab.quadratic import bowl, random_spd_matrix
from curvlab.rates import optimal_step
from curvlab.runner import Status


def test_kappa_sweep_reproduces_the_classic_counts():
    assert kappa_sweep([1, 10, 50]).measured.tolist() == [2, 82, 445]


def test_on_a_diagonal_bowl_from_one_one_the_contraction_bound_is_exact():
    # At η* both components shrink by exactly (κ-1)/(κ+1) each step, so |g_k| = ρ^k |g_0|.
    sweep = kappa_sweep([2, 7, 30, 300])
    np.testing.assert_array_equal(sweep.measured, sweep.bound)
    np.testing.assert_allclose(sweep.rate, (sweep.kappa - 1) / (sweep.kappa + 1))


def test_cost_grows_like_kappa():
    sweep = kappa_sweep([100, 1000])
    ratio = sweep.measured[1] / sweep.measured[0]
    assert 9.0 < ratio < 11.5


def test_random_spd_runs_never_exceed_the_two_extreme_bound():
    rng = np.random.default_rng(3)
    kappas, counts = random_kappa_sweep(12, [10, 100], rng, trials=3)
    for kappa, row in zip(kappas, counts, strict=True):
        rate = (kappa - 1) / (kappa + 1)
        # start is a unit vector, so |g0| <= λmax = κ
        bound = 1 + int(np.ceil(np.log(kappa / 1e-6) / np.log(1 / rate)))
        assert np.all(row <= bound)
        assert np.all(row >= 0.3 * bound)


def test_step_sweep_counts_match_the_closed_form_and_diverge_past_the_bound():
    A = np.diag([1.0, 20.0])
    x0 = np.array([1.0, 1.0])
    lrs = np.array([0.01, 0.05, optimal_step(A), 0.099, 0.1001, 0.12])
    sweep = step_sweep(A, lrs, x0)
    for lr, count, status in zip(sweep.lr, sweep.evaluations, sweep.status, strict=True):
        expected = predicted_evaluations(A, float(lr), x0, 1e-6)
        if expected is None:
            assert status is Status.DIVERGED
            assert np.isnan(count)
        else:
            assert status is Status.CONVERGED
            assert count == expected


def test_the_best_step_on_a_fine_grid_is_the_formula():
    rng = np.random.default_rng(0)
    A = random_spd_matrix(4, 30.0, rng)
    x0 = rng.standard_normal(4)
    best = optimal_step(A)
    lrs = np.linspace(0.5 * best, 1.02 * best, 53)
    counts = [predicted_evaluations(A, float(lr), x0, 1e-10) for lr in lrs]
    winner = lrs[int(np.argmin(counts))]
    assert abs(winner - best) / best < 0.05


def test_contraction_after_matches_the_worked_example():
    assert contraction_after(0.5, 5) == pytest.approx(0.03125)
    assert contraction_after(1 - 5e-5, 10_000) == pytest.approx(np.exp(-0.5), rel=1e-4)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: kappa_sweep([0.5]), ValueError),
        (lambda: kappa_sweep([10], x0=[1.0]), ValueError),
        (lambda: kappa_sweep([1000], maxiter=10), ValueError),
        (lambda: step_sweep(np.diag([1.0, -1.0]), [0.1], [1.0, 1.0]), ValueError),
        (lambda: step_sweep(np.eye(2), [0.0], [1.0, 1.0]), ValueError),
        (lambda: step_sweep([[1.0, 2.0], [0.0, 1.0]], [0.1], [1.0, 1.0]), ValueError),
        (lambda: random_kappa_sweep(3, [10], rng=42), TypeError),
        (lambda: random_kappa_sweep(1, [10], np.random.default_rng(0)), ValueError),
        (lambda: contraction_after("half", 3), TypeError),
        (lambda: contraction_after(0.5, 0), ValueError),
    ],
)
def test_bad_input_is_rejected(call, error):
    with pytest.raises(error):
        call()


def test_predicted_evaluations_is_none_beyond_the_stability_bound():
    assert predicted_evaluations(bowl(10.0).A, 0.21, [1.0, 1.0], 1e-6) is None
