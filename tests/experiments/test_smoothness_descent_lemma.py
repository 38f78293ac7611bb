"""Logistic risk: derivatives against finite differences, convexity, L, the descent lemma."""

import numpy as np
import pytest

from curvlab import gradient_descent, run
from curvlab.experiments.smoothness.compute import (
    Classification,
    descent_lemma_gaps,
    hessian_eigenvalue_range,
    logistic_risk,
    smoothness_constant,
    synthetic_classification,
)


@pytest.fixture(scope="module")
def data():
    return synthetic_classification(200, np.random.default_rng(3), separation=0.5)


def test_value_is_the_average_loss(data):
    w = np.array([0.4, -1.3])
    margins = data.y * (data.X @ w)
    expected = np.mean([np.log1p(np.exp(-m)) for m in margins])
    assert logistic_risk(data).value(w) == pytest.approx(expected, rel=1e-13)


def test_gradient_and_hessian_match_central_differences(data):
    f = logistic_risk(data)
    w, h = np.array([0.7, 1.1]), 1e-5
    basis = np.eye(2)
    fd_grad = [(f.value(w + h * e) - f.value(w - h * e)) / (2 * h) for e in basis]
    fd_hess = np.array([(f.gradient(w + h * e) - f.gradient(w - h * e)) / (2 * h) for e in basis])
    np.testing.assert_allclose(f.gradient(w), fd_grad, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(f.hessian(w), fd_hess, rtol=1e-6, atol=1e-9)


def test_hessian_is_positive_semidefinite_and_below_L(data):
    f, L = logistic_risk(data), smoothness_constant(data)
    points = np.random.default_rng(4).normal(scale=3.0, size=(300, 2))
    smallest, largest = hessian_eigenvalue_range(f, points)
    assert smallest > 0.0
    assert largest <= L * (1 + 1e-12)
    # at w = 0 every weight σ(1 − σ) is exactly 1/4: the bound is attained
    assert np.linalg.eigvalsh(f.hessian([0.0, 0.0]))[-1] == pytest.approx(L, rel=1e-12)


@pytest.mark.parametrize("factor", [0.5, 1.0, 1.9, 3.0])
def test_descent_lemma_holds_at_random_points(data, factor):
    f, L = logistic_risk(data), smoothness_constant(data)
    points = np.random.default_rng(5).normal(scale=3.0, size=(300, 2))
    assert descent_lemma_gaps(f, L, points, factor / L).max() <= 1e-14


def test_descent_lemma_fails_with_a_constant_below_the_curvature(data):
    """The check can fail: with L/10 in place of L the bound is violated near w = 0."""
    f, L = logistic_risk(data), smoothness_constant(data)
    points = np.random.default_rng(5).normal(scale=0.3, size=(50, 2))
    assert descent_lemma_gaps(f, L / 10, points, 1.9 / L).max() > 0.0


def test_steps_below_two_over_L_decrease_the_risk_every_step(data):
    f, L = logistic_risk(data), smoothness_constant(data)
    trajectory = run(f, gradient_descent(1.9 / L), [0.0, 0.0], tol=1e-8, maxiter=10_000)
    assert trajectory.success
    assert np.all(np.diff(trajectory.fun) <= 0.0)


def test_quadratic_descent_lemma_is_exact():
    """On ½‖Xw‖²-type quadratics with L = λmax the bound is attained along the top eigenvector."""
    A = np.diag([1.0, 4.0])
    from curvlab import quadratic

    f = quadratic(A)
    gaps = descent_lemma_gaps(f, 4.0, [[0.0, 1.0]], 0.3)
    assert gaps[0] == pytest.approx(0.0, abs=1e-15)


def test_bad_input_is_refused(data):
    with pytest.raises(TypeError, match="rng"):
        synthetic_classification(10, None)  # a seed or a Generator, never None
    with pytest.raises(ValueError, match="labels"):
        logistic_risk(Classification(np.ones((2, 2)), np.array([1.0, 0.0])))
    with pytest.raises(ValueError, match="positive"):
        descent_lemma_gaps(logistic_risk(data), -1.0, [[0.0, 0.0]], 0.1)
    with pytest.raises(ValueError, match="points"):
        hessian_eigenvalue_range(logistic_risk(data), [0.0, 0.0])


def _log_cosh():
    """f(x) = log cosh x: f' = tanh x, f'' = sech² x, largest at 0 (f''(0) = 1)."""
    from curvlab.core.objective import Objective

    return Objective(
        "log cosh",
        1,
        lambda x: np.log(np.cosh(np.asarray(x)[0])),
        lambda x: np.tanh(np.asarray(x)),
        lambda x: np.array([[1.0 / np.cosh(x[0]) ** 2]]),
    )


def test_late_orbit_finds_the_period_doubling_cycle_of_log_cosh():
    """Past η = 2/f''(0) = 2 the 2-cycle ±a solves 2a = η tanh a (a root, by brentq)."""
    from scipy.optimize import brentq

    from curvlab.experiments.smoothness.compute import late_orbit

    f = _log_cosh()
    for lr in (2.05, 2.5, 3.0):
        orbit = late_orbit(f, lr, [0.3], [0.0], 2_000)
        amplitude = brentq(lambda a, lr=lr: 2 * a - lr * np.tanh(a), 1e-3, 10.0)
        assert orbit.period == 2
        np.testing.assert_allclose(orbit.distances, amplitude, rtol=1e-9)
    below = late_orbit(f, 1.5, [0.3], [0.0], 200)
    assert below.period == 1
    assert below.distances.max() < 1e-9


def test_late_orbit_reports_no_period_when_the_orbit_is_not_settled(data):
    from curvlab.experiments.smoothness.compute import late_orbit

    f, L = logistic_risk(data), smoothness_constant(data)
    assert late_orbit(f, 1.0 / L, [0.0, 0.0], [0.0, 0.0], 2, max_period=3).period is None
    with pytest.raises(ValueError, match="x0"):
        late_orbit(f, 1.0, [0.0], [0.0, 0.0], 2)
    with pytest.raises(ValueError, match="lr"):
        late_orbit(f, -1.0, [0.0, 0.0], [0.0, 0.0], 2)


def test_segment_curvature_matches_the_gradient_difference(data):
    """The averaged curvature equals u·(∇f(b) − ∇f(a))/|b − a| (fundamental theorem of calculus)."""
    from curvlab.experiments.smoothness.compute import segment_curvature

    f = logistic_risk(data)
    a, b = np.array([0.3, -1.0]), np.array([2.0, 1.5])
    u = (b - a) / np.linalg.norm(b - a)
    expected = u @ (f.gradient(b) - f.gradient(a)) / np.linalg.norm(b - a)
    assert segment_curvature(f, a, b) == pytest.approx(expected, rel=1e-8)
    g = _log_cosh()
    assert segment_curvature(g, [-0.4], [1.1]) == pytest.approx(
        (np.tanh(1.1) - np.tanh(-0.4)) / 1.5, rel=1e-9
    )
    with pytest.raises(ValueError, match="nodes"):
        segment_curvature(f, a, b, nodes=4)
    with pytest.raises(ValueError, match="distinct"):
        segment_curvature(f, a, a)


# --- the largest converging step on a grid, by bisection -------------------------------------

from curvlab.experiments.smoothness.compute import largest_converging_factor  # noqa: E402


@pytest.mark.parametrize("lam_max", [3.0, 10.0])
def test_bisection_finds_what_a_full_scan_of_the_grid_finds(lam_max):
    # Oracle: a full scan. On ½ xᵀ diag(1, λ) x gradient descent converges iff η < 2/λ; the
    # grid straddles that bound, and every factor is run in the scan.
    import curvlab as cl

    bowl = cl.bowl(lam_max)  # ½(x² + λ y²)
    factors = np.round(np.arange(1.50, 2.50, 0.05), 2)
    unit = 1.0 / lam_max
    scan = [
        f
        for f in factors
        if cl.run(bowl, cl.gradient_descent(f * unit), [1.0, 1.0], tol=1e-8, maxiter=3000).success
    ]
    found = largest_converging_factor(bowl, factors, unit, [1.0, 1.0], tol=1e-8, maxiter=3000)
    assert found.factor == max(scan)
    assert found.next_factor == factors[list(factors).index(max(scan)) + 1]
    assert found.tried[found.factor] and not found.tried[found.next_factor]
    assert len(found.tried) <= int(np.ceil(np.log2(len(factors)))) + 2 < len(factors)


def test_bisection_edges_and_bad_grids():
    import curvlab as cl

    bowl = cl.bowl(4.0)
    every = largest_converging_factor(bowl, [0.5, 1.0], 0.25, [1.0, 1.0], tol=1e-8, maxiter=500)
    assert every.factor == 1.0 and every.next_factor is None
    with pytest.raises(ValueError, match="smallest factor"):
        largest_converging_factor(bowl, [3.0, 4.0], 0.25, [1.0, 1.0], tol=1e-8, maxiter=500)
    with pytest.raises(ValueError, match="increasing"):
        largest_converging_factor(bowl, [1.0, 0.5], 0.25, [1.0, 1.0], tol=1e-8, maxiter=500)
    with pytest.raises(ValueError, match="unit"):
        largest_converging_factor(bowl, [0.5, 1.0], -1.0, [1.0, 1.0], tol=1e-8, maxiter=500)


def test_a_seed_and_its_generator_give_the_same_data():
    # The one random-generator contract (core.validation.check_random_state) holds in the
    # chapters' experiments too: rng=3 is np.random.default_rng(3).
    seeded = synthetic_classification(20, 3)
    generated = synthetic_classification(20, np.random.default_rng(3))
    assert np.array_equal(seeded.X, generated.X) and np.array_equal(seeded.y, generated.y)
