"""Heavy ball and Nesterov: the optimizers against the 2×2 theory, the theory against numpy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab import bowl, gradient_descent, optimal_step, quadratic, random_spd_matrix, run
from curvlab.core.runner import Status
from curvlab.optimizers.momentum import heavy_ball, nesterov
from curvlab.theory.momentum_rates import (
    REGIMES,
    characteristic_roots,
    iteration_matrix,
    momentum_rate,
    optimal_heavy_ball,
    optimal_nesterov,
    rate_map,
    regime,
    stability_limit,
    standard_nesterov,
)

METHODS = ["heavy ball", "nesterov"]


def numpy_rate(lam, lr, beta, method):
    """Oracle: the spectral radius of the 2×2 matrix built by hand, via numpy.linalg.eigvals."""
    if method == "heavy ball":
        T = np.array([[1 + beta - lr * lam, -beta], [1.0, 0.0]])
    else:
        c = 1 - lr * lam
        T = np.array([[(1 + beta) * c, -beta * c], [1.0, 0.0]])
    return float(np.max(np.abs(np.linalg.eigvals(T))))


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=60, deadline=None)
@given(
    lam=st.floats(0.01, 100.0),
    lr=st.floats(1e-3, 1.0),
    beta=st.floats(0.0, 0.99),
)
def test_rate_matches_numpy_eigenvalues(method, lam, lr, beta):
    rate = momentum_rate([lam], lr, beta, method)
    assert rate == pytest.approx(numpy_rate(lam, lr, beta, method), rel=1e-6, abs=1e-7)
    matrix = iteration_matrix(lam, lr, beta, method)
    assert np.max(np.abs(np.linalg.eigvals(matrix))) == pytest.approx(rate, rel=1e-6, abs=1e-7)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40, deadline=None)
@given(lr=st.floats(1e-3, 3.0), beta=st.floats(0.0, 0.98))
def test_stability_limit_separates_convergent_from_divergent(method, lr, beta):
    limit = stability_limit(beta, method)
    lam_inside, lam_outside = 0.999 * limit / lr, 1.001 * limit / lr
    assert numpy_rate(lam_inside, lr, beta, method) < 1.0
    assert numpy_rate(lam_outside, lr, beta, method) > 1.0


def test_stability_limits_closed_forms():
    assert stability_limit(0.0, "heavy ball") == 2.0
    assert stability_limit(0.5, "heavy ball") == 3.0
    assert stability_limit(0.0, "nesterov") == 2.0
    assert stability_limit(0.5, "nesterov") == pytest.approx(1.5)


@pytest.mark.parametrize("kappa", [2.0, 10.0, 100.0, 1e4])
def test_optimal_heavy_ball_closed_form_and_optimality(kappa):
    A = np.diag([1.0, kappa])
    params = optimal_heavy_ball(A)
    root = math.sqrt(kappa)
    assert params.lr == pytest.approx(4.0 / (root + 1.0) ** 2)
    assert params.beta == pytest.approx(((root - 1) / (root + 1)) ** 2)
    assert params.rate == pytest.approx((root - 1) / (root + 1))
    achieved = momentum_rate([1.0, kappa], params.lr, params.beta)
    assert achieved == pytest.approx(params.rate, abs=1e-6)
    # A brute-force grid search cannot beat it.
    lrs = np.linspace(0.2, 2.0, 61) * params.lr
    betas = np.linspace(0.0, 0.999, 101)
    best = rate_map(A, lrs, betas).rate.min()
    assert best >= params.rate - 1e-6


@pytest.mark.parametrize("kappa", [4.0, 100.0, 2500.0])
def test_standard_nesterov_rate_is_one_minus_inverse_root_kappa(kappa):
    params = standard_nesterov(np.diag([1.0, kappa]))
    assert params.lr == pytest.approx(1.0 / kappa)
    assert params.rate == pytest.approx(1.0 - 1.0 / math.sqrt(kappa), abs=1e-6)


def test_beta_zero_reduces_to_gradient_descent():
    lam = np.array([1.0, 3.0, 9.0])
    for method in METHODS:
        assert momentum_rate(lam, 0.15, 0.0, method) == pytest.approx(
            np.max(np.abs(1 - 0.15 * lam))
        )
    roots = characteristic_roots(lam, 0.15, 0.0)
    np.testing.assert_allclose(roots[:, 1], 0.0, atol=1e-12)


@pytest.mark.parametrize(("make", "method"), [(heavy_ball, "heavy ball"), (nesterov, "nesterov")])
def test_optimizer_iterates_follow_the_block_matrix_recurrence(make, method):
    rng = np.random.default_rng(3)
    A = random_spd_matrix(4, 30.0, rng)
    b = rng.standard_normal(4)
    f = quadratic(A, b)
    lr, beta = 0.03, 0.7
    x0 = rng.standard_normal(4)
    trajectory = run(f, make(lr, beta), x0, maxiter=25, tol=1e-300)
    # Oracle: iterate (e_k, e_{k-1}) with the dense 8×8 block matrix, e = x - x*, e_{-1} = e_0.
    eye = np.eye(4)
    if method == "heavy ball":
        top = np.hstack([(1 + beta) * eye - lr * A, -beta * eye])
    else:
        shrink = eye - lr * A
        top = np.hstack([(1 + beta) * shrink, -beta * shrink])
    T = np.vstack([top, np.hstack([eye, 0 * eye])])
    x_star = np.linalg.solve(A, b)
    state = np.concatenate([x0 - x_star, x0 - x_star])
    for k in range(26):
        current, previous = state[:4], state[4:]
        # Nesterov's optimizer iterates the look-ahead point y_k = x_k + β(x_k - x_{k-1}).
        expected = current if method == "heavy ball" else current + beta * (current - previous)
        np.testing.assert_allclose(trajectory.xs[k], expected + x_star, atol=1e-10)
        state = T @ state


def test_measured_iterations_follow_root_kappa_law():
    x0 = np.array([1.0, 1.0])
    counts = {}
    for kappa in (100.0, 10_000.0):
        f = bowl(kappa)
        params = optimal_heavy_ball(f.A)
        counts[kappa] = run(f, heavy_ball(params.lr, params.beta), x0, maxiter=50_000).nit
    # κ grew 100×; the √κ law predicts about 10× more iterations, gradient descent's law 100×.
    assert 5 < counts[10_000.0] / counts[100.0] < 20


def test_heavy_ball_beats_gradient_descent_on_an_ill_conditioned_bowl():
    f = bowl(100.0)
    x0 = np.array([1.0, 1.0])
    params = optimal_heavy_ball(f.A)
    gd = run(f, gradient_descent(optimal_step(f.A)), x0, maxiter=5000)
    hb = run(f, heavy_ball(params.lr, params.beta), x0, maxiter=5000)
    assert gd.success and hb.success
    assert hb.nit * 5 < gd.nit


@pytest.mark.parametrize(("make", "method"), [(heavy_ball, "heavy ball"), (nesterov, "nesterov")])
def test_beyond_the_stability_limit_the_run_is_reported_diverged(make, method):
    f = bowl(10.0)
    beta = 0.5
    lr = 1.05 * stability_limit(beta, method) / 10.0
    trajectory = run(f, make(lr, beta), [1.0, 1.0], maxiter=5000)
    assert trajectory.status is Status.DIVERGED
    assert np.all(np.isfinite(trajectory.xs))
    assert np.all(np.isfinite(trajectory.fun))


def test_regimes_of_the_map():
    A = np.diag([1.0, 100.0])
    params = optimal_heavy_ball(A)
    assert regime(A, params.lr, params.beta) == "optimal"
    assert regime(A, params.lr, 0.98) == "oscillating"
    assert regime(A, 0.001, 0.0) == "overdamped"
    assert regime(A, 0.0199, 0.0) == "overshooting"
    assert regime(A, 0.05, 0.0) == "divergent"
    grid = rate_map(A, [0.001, 0.05], [0.0, 0.5])
    assert grid.rate.shape == (2, 2)
    assert set(np.unique(grid.regime)) <= set(range(len(REGIMES)))


@pytest.mark.parametrize("bad_beta", [-0.1, 1.0, 1.5, float("nan")])
@pytest.mark.parametrize("make", [heavy_ball, nesterov])
def test_bad_beta_is_rejected(make, bad_beta):
    with pytest.raises(ValueError, match="beta"):
        make(0.1, bad_beta)


@pytest.mark.parametrize("bad_lr", [0.0, -1.0, float("inf")])
def test_bad_step_size_is_rejected(bad_lr):
    with pytest.raises(ValueError, match="lr"):
        heavy_ball(bad_lr, 0.5)
    with pytest.raises(ValueError, match="lr"):
        momentum_rate([1.0], bad_lr, 0.5)


def test_bad_method_and_matrix_are_rejected():
    with pytest.raises(ValueError, match="method"):
        momentum_rate([1.0], 0.1, 0.5, "adam")
    with pytest.raises(ValueError, match="positive definite"):
        optimal_heavy_ball(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="betas"):
        rate_map(np.eye(2), [0.1], [1.0])
    with pytest.raises(TypeError, match="beta"):
        heavy_ball(0.1, "0.5")


@pytest.mark.parametrize("kappa", [4.0, 100.0, 2500.0])
def test_optimal_nesterov_closed_form_and_optimality(kappa):
    A = np.diag([1.0, kappa])
    params = optimal_nesterov(A)
    assert params.lr == pytest.approx(4.0 / (3.0 * kappa + 1.0))
    assert params.rate == pytest.approx(1.0 - 2.0 / math.sqrt(3.0 * kappa + 1.0), abs=1e-6)
    # Every eigenvalue in between contracts at least as fast (dense numpy eigenvalues).
    for lam in np.linspace(1.0, kappa, 25):
        T = iteration_matrix(lam, params.lr, params.beta, "nesterov")
        assert np.max(np.abs(np.linalg.eigvals(T))) <= params.rate + 1e-6
    # A brute-force grid search cannot beat it, and it beats the textbook parameters.
    best = rate_map(
        A, np.linspace(0.3, 1.7, 71) * params.lr, np.linspace(0, 0.999, 201), "nesterov"
    )
    assert best.rate.min() >= params.rate - 1e-6
    assert params.rate < standard_nesterov(A).rate
