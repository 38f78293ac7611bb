"""Closed-form gradient-descent theory against runs, dense numpy and the classic 2, 82, 445."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab import (
    bowl,
    condition_number,
    contraction_factors,
    convergence_rate,
    gradient_descent,
    optimal_rate,
    optimal_step,
    predicted_steps,
    quadratic,
    random_spd_matrix,
    run,
    stability_bound,
    steps_bound,
)


@pytest.mark.parametrize(("kappa", "evaluations"), [(1, 2), (10, 82), (50, 445)])
def test_classic_table_of_gradient_evaluations(kappa, evaluations):
    """The classic 2, 82 and 445 'iterations' (gradient evaluations) for κ = 1, 10, 50."""
    A = np.diag([float(kappa), 1.0])
    trajectory = run(quadratic(A), gradient_descent(optimal_step(A)), [1.0, 1.0], tol=1e-6)
    assert trajectory.success
    assert trajectory.n_grad == evaluations
    assert predicted_steps(A, optimal_step(A), [1.0, 1.0], 1e-6) == evaluations - 1


def test_bounds_match_dense_eigenvalues():
    A = np.array([[4.0, 1.0], [1.0, 3.0]])
    eigenvalues = np.linalg.eigvalsh(A)
    assert stability_bound(A) == pytest.approx(2 / eigenvalues.max())
    assert optimal_step(A) == pytest.approx(2 / eigenvalues.sum())
    assert condition_number(A) == pytest.approx(np.linalg.cond(A))
    kappa = eigenvalues.max() / eigenvalues.min()
    assert optimal_rate(A) == pytest.approx((kappa - 1) / (kappa + 1))
    assert convergence_rate(A, optimal_step(A)) == pytest.approx(optimal_rate(A))


def test_contraction_factors_are_those_of_the_iteration_matrix():
    A = np.array([[5.0, 2.0], [2.0, 1.0]])
    lr = 0.3
    expected = np.sort(np.abs(np.linalg.eigvals(np.eye(2) - lr * A)))
    assert np.allclose(np.sort(contraction_factors(A, lr)), expected)


def test_optimal_step_minimizes_the_rate():
    A = np.diag([1.0, 7.0])
    steps = np.linspace(0.01, stability_bound(A) * 0.999, 2001)
    rates = [convergence_rate(A, s) for s in steps]
    assert steps[int(np.argmin(rates))] == pytest.approx(optimal_step(A), abs=2e-3)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 6),
    log_kappa=st.floats(0.0, 3.0),
    fraction=st.floats(0.05, 0.99),
    seed=st.integers(0, 2**32 - 1),
)
def test_predicted_steps_match_runs_on_random_spd_matrices(n, log_kappa, fraction, seed):
    """The bisection on the eigen closed form agrees with iterating the dynamics."""
    rng = np.random.default_rng(seed)
    A = random_spd_matrix(n, 10.0**log_kappa, rng)
    x0 = rng.standard_normal(n)
    lr = fraction * stability_bound(A)
    expected = predicted_steps(A, lr, x0, 1e-6)
    trajectory = run(quadratic(A), gradient_descent(lr), x0, tol=1e-6, maxiter=200_000)
    assert trajectory.success
    # rounding can move the crossing of the tolerance by at most one step
    assert abs(trajectory.nit - expected) <= 1
    rate = convergence_rate(A, lr)
    assert trajectory.nit <= steps_bound(float(np.linalg.norm(A @ x0)), rate, 1e-6) + 1


def test_random_spd_matrix_has_the_requested_spectrum():
    A = random_spd_matrix(5, 100.0, np.random.default_rng(0))
    eigenvalues = np.linalg.eigvalsh(A)
    assert np.allclose(eigenvalues, np.geomspace(1.0, 100.0, 5))
    assert np.allclose(A, A.T)


def test_predicted_steps_says_none_when_a_run_cannot_converge():
    A = np.diag([1.0, 10.0])
    assert predicted_steps(A, 0.25, [1.0, 1.0], 1e-6) is None
    assert predicted_steps(A, 0.2, [1.0, 1.0], 1e-6) is None  # factor exactly 1 on y
    # ... unless the unstable direction is not excited at all
    assert predicted_steps(A, 0.25, [1.0, 0.0], 1e-6) is not None


def test_stability_bound_separates_convergence_from_divergence():
    objective = bowl(10.0)
    bound = stability_bound(objective.A)
    below = run(objective, gradient_descent(0.99 * bound), [1.0, 1.0], maxiter=5_000)
    above = run(objective, gradient_descent(1.01 * bound), [1.0, 1.0], maxiter=5_000)
    assert below.success
    assert above.status.value == "diverged"


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: stability_bound([[1.0, 2.0], [3.0, 4.0]]), ValueError, "symmetric"),
        (lambda: stability_bound(-np.eye(2)), ValueError, "positive eigenvalue"),
        (lambda: optimal_step(np.diag([1.0, -1.0])), ValueError, "positive definite"),
        (lambda: condition_number(np.zeros((2, 3))), ValueError, "square"),
        (lambda: contraction_factors(np.eye(2), 0.0), ValueError, "lr must be positive"),
        (lambda: contraction_factors(np.eye(2), float("nan")), ValueError, "lr must be finite"),
        (lambda: predicted_steps(np.eye(2), 0.5, [1.0], 1e-6), ValueError, "x0 must have"),
        (lambda: predicted_steps(np.eye(2), 0.5, [1.0, 1.0], -1.0), ValueError, "tol"),
        (lambda: steps_bound(1.0, 1.5, 1e-6), ValueError, "rate"),
        (lambda: random_spd_matrix(3, 0.5, np.random.default_rng(0)), ValueError, "kappa"),
        (lambda: random_spd_matrix(3, 5.0, 4.2), TypeError, "rng"),
    ],
)
def test_bad_input_is_refused_by_name(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_predicted_steps_for_many_steps_equals_one_step_at_a_time():
    # The vectorised bisection against the scalar one (the oracle), count by count, on the
    # chapter 4 grids (bowls diag(1, κ), starts with both or one component) and random spectra
    # with a zero coefficient, at two tolerances; nan exactly where the scalar path says None.
    grid = np.concatenate(  # chapter 4's SCALED_GRID: 0.01 apart, then close to 2, then past it
        [np.linspace(0.02, 1.9, 189), 2.0 - np.geomspace(0.09, 1e-4, 60), np.linspace(2.0, 2.3, 31)]
    )
    rng = np.random.default_rng(0)
    cases = []
    for kappa in (1, 3, 30, 1000, 10_000):
        A = np.diag([1.0, float(kappa)])
        for x0 in ([1.0, 1.0], [1000.0, 0.0], [0.3, -2.0]):
            cases.append((A, x0, grid / kappa))
            cases.append((A, x0, np.linspace(0.0, 2.0, 503)[1:-1] / kappa))
    for n in (3, 20):
        Q = np.linalg.qr(rng.standard_normal((n, n)))[0]
        A = (Q * rng.uniform(0.1, 10.0, n)) @ Q.T
        cases.append(((A + A.T) / 2, rng.standard_normal(n), rng.uniform(0.001, 0.25, 300)))
    checked = 0
    for A, x0, lrs in cases:
        for tol in (1e-6, 1e-12):
            many = predicted_steps(A, lrs, x0, tol)
            one = [predicted_steps(A, float(lr), x0, tol) for lr in lrs]
            expected = np.array([np.nan if c is None else float(c) for c in one])
            np.testing.assert_array_equal(many, expected)
            checked += np.count_nonzero(np.isfinite(expected))
    assert checked > 20_000  # most runs converge, so the bisection itself is compared


def test_predicted_steps_for_many_steps_at_the_minimizer_and_past_the_bound():
    A = np.diag([1.0, 10.0])
    # at the minimizer no component is active, so even an unstable step needs no step
    assert [predicted_steps(A, lr, [0.0, 0.0], 1e-6) for lr in (0.1, 0.3)] == [0, 0]
    np.testing.assert_array_equal(predicted_steps(A, [0.1, 0.3], [0.0, 0.0], 1e-6), [0.0, 0.0])
    np.testing.assert_array_equal(predicted_steps(A, [0.1, 0.3], [1.0, 1.0], 1e-6)[1:], [np.nan])
