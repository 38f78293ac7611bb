"""Chapter 5's additions: the local Newton theorem's constants, Gauss–Newton, BFGS, figures."""

import numpy as np
import pytest

import curvlab as cl
from curvlab.core.objective import Objective
from curvlab.experiments.newton.compute import (
    bfgs_update,
    gauss_newton,
    hessian_lipschitz_estimate,
    local_newton_bound,
    most_negative_curvature,
    rosenbrock_residuals,
    shift_behaviour,
    shifted_newton_factors,
)
from curvlab.experiments.newton.figures import compare_paths_figure, paths_on_bowls_figure


def _cubic_ridge(a):
    # f(x) = (a·x)³/6: H(x) = (a·x) a aᵀ, so D³f[v] = (a·v) a aᵀ and L_H = |a|³ everywhere.
    return Objective(
        "cubic ridge",
        a.size,
        lambda x: float(np.dot(a, x)) ** 3 / 6,
        lambda x: 0.5 * float(np.dot(a, x)) ** 2 * a,
        lambda x: float(np.dot(a, x)) * np.outer(a, a),
    )


def test_hessian_lipschitz_estimate_recovers_a_known_constant_from_below():
    a = np.array([1.0, -2.0, 0.5])
    estimate = hessian_lipschitz_estimate(
        _cubic_ridge(a), [0.3, 0.1, -0.2], 0.5, np.random.default_rng(0), points=20, directions=2000
    )
    exact = np.linalg.norm(a) ** 3
    assert 0.97 * exact <= estimate <= exact * (1 + 1e-9)
    quadratic = cl.bowl(10.0)
    assert hessian_lipschitz_estimate(quadratic, [1.0, 1.0], 1.0, np.random.default_rng(0)) < 1e-6
    with pytest.raises(ValueError, match="radius"):
        hessian_lipschitz_estimate(quadratic, [1.0, 1.0], -1.0, np.random.default_rng(0))


def test_local_newton_bound_on_rosenbrock_holds_for_the_measured_run():
    rosen = cl.rosenbrock()
    # at (1, 1), D³f[v] = [[2400 v1 - 400 v2, -400 v1], [-400 v1, 0]]: largest norm, fine circle
    angles = np.linspace(0, np.pi, 20001)
    norms = [
        np.linalg.norm(
            [[2400 * np.cos(t) - 400 * np.sin(t), -400 * np.cos(t)], [-400 * np.cos(t), 0]], 2
        )
        for t in angles
    ]
    bound = local_newton_bound(rosen, [1.0, 1.0], 0.0, np.random.default_rng(1))
    assert bound.lipschitz == pytest.approx(max(norms), rel=1e-3)
    assert bound.lam_min == pytest.approx(np.linalg.eigvalsh(rosen.hessian([1.0, 1.0]))[0])
    assert bound.radius == pytest.approx(2 * bound.lam_min / (3 * bound.lipschitz))
    run = cl.run(rosen, cl.newton(), [-1.2, 1.0], tol=1e-10)
    errors = np.linalg.norm(run.xs - 1.0, axis=1)
    inside = np.flatnonzero((errors > 0) & (errors < bound.radius))
    assert inside.size >= 1
    for k in inside[:-1]:
        assert errors[k + 1] <= bound.bound(errors[k])
    with pytest.raises(ValueError, match="positive definite"):
        local_newton_bound(cl.saddle(), [0.0, 0.0], 0.1, np.random.default_rng(0))


def test_rosenbrock_residuals_reproduce_the_function_and_its_gradient():
    rosen = cl.rosenbrock()
    for point in ([-1.2, 1.0], [0.3, -0.7], [2.0, 4.5]):
        r, J = rosenbrock_residuals(point)
        assert r @ r == pytest.approx(rosen.value(point))
        np.testing.assert_allclose(2 * J.T @ r, rosen.gradient(point), rtol=1e-12, atol=1e-12)


def test_gauss_newton_solves_linear_least_squares_in_one_step():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((20, 3)), rng.standard_normal(20)
    run = gauss_newton(lambda w: (X @ w - y, X), np.zeros(3))
    assert run.nit == 1 and run.success
    np.testing.assert_allclose(run.xs[-1], np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10)


def test_gauss_newton_on_rosenbrock_needs_two_steps():
    run = gauss_newton(rosenbrock_residuals, [-1.2, 1.0])
    assert run.success and run.nit == 2
    np.testing.assert_allclose(run.xs[1], [1.0, -3.84], rtol=1e-12)
    np.testing.assert_allclose(run.xs[-1], [1.0, 1.0], rtol=1e-12)


def test_bfgs_update_satisfies_the_secant_equation_and_matches_the_inverse_update():
    rng = np.random.default_rng(4)
    A = cl.random_spd_matrix(5, 30.0, rng)
    B = np.eye(5)
    s = rng.standard_normal(5)
    y = A @ s  # on a quadratic the gradient change is A s
    updated = bfgs_update(B, s, y)
    np.testing.assert_allclose(updated @ s, y, rtol=1e-12)
    assert np.all(np.linalg.eigvalsh(updated) > 0)
    # oracle: the inverse form H+ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with H = B⁻¹
    rho = 1.0 / (y @ s)
    identity = np.eye(5)
    inverse = (identity - rho * np.outer(s, y)) @ np.linalg.inv(B) @ (
        identity - rho * np.outer(y, s)
    ) + rho * np.outer(s, s)
    np.testing.assert_allclose(np.linalg.inv(updated), inverse, rtol=1e-9, atol=1e-12)
    with pytest.raises(ValueError, match="curvature condition"):
        bfgs_update(B, s, -y)


def test_figures_take_a_window_log_steps_and_linestyles():
    rosen = cl.rosenbrock()
    newton_run = cl.run(rosen, cl.newton(), [-1.2, 1.0], tol=1e-10)
    figure = compare_paths_figure(
        rosen, [newton_run], ["Newton"], "t", window=((-2, 2), (-3.5, 3)), log_steps=True
    )
    path_ax, loss_ax = figure.axes[:2]
    assert path_ax.get_ylim()[0] <= newton_run.xs[:, 1].min()
    assert loss_ax.get_xscale() == "log"
    assert loss_ax.get_lines()[0].get_xdata()[0] == 1.0
    bowl = cl.rotated_bowl(100, 45)
    runs = [cl.run(bowl, cl.gradient_descent(2 / 101), [1.2, 0.4], maxiter=100)] * 2
    figure = paths_on_bowls_figure([bowl], [runs], ["a", "b"], ["t"], linestyles=["-", "--"])
    lines = figure.axes[0].get_lines()[-2:]
    assert [line.get_linestyle() for line in lines] == ["-", "--"]


def test_most_negative_curvature_matches_a_pointwise_loop():
    himmelblau = cl.himmelblau()
    axis = np.linspace(-5, 5, 21)
    expected = min(np.linalg.eigvalsh(himmelblau.hessian([x, y]))[0] for x in axis for y in axis)
    assert most_negative_curvature(himmelblau, axis, axis) == pytest.approx(expected, rel=1e-12)
    assert most_negative_curvature(cl.bowl(10.0), axis, axis) == pytest.approx(1.0)


def _indefinite_quadratic(eigenvalues, angle):
    c, s = np.cos(angle), np.sin(angle)
    Q = np.array([[c, -s], [s, c]])
    H = Q @ np.diag(eigenvalues) @ Q.T
    return Q, Objective(
        "indefinite quadratic", 2, lambda x: 0.5 * x @ H @ x, lambda x: H @ x, lambda x: H
    )


@pytest.mark.parametrize("mu", [3.0, 9.0, 20.0, 30.0, 60.0])
def test_shifted_newton_factors_match_one_shifted_step_along_each_eigenvector(mu):
    eigenvalues = np.array([-45.61, 16.07])
    Q, objective = _indefinite_quadratic(eigenvalues, 0.4)
    factors = shifted_newton_factors(eigenvalues, mu)
    for i in range(2):
        start = 0.3 * Q[:, i]
        after = cl.run(objective, cl.levenberg_marquardt(mu), start, maxiter=1, tol=1e-300).xs[1]
        assert after == pytest.approx(factors[i] * start, rel=1e-10, abs=1e-14)


def test_shift_behaviour_agrees_with_runs_on_the_saddle():
    # x² − y²: along y, λ = −2; the run's y-coordinate shows what the factor predicts.
    saddle = cl.saddle()
    for mu, expected in ((0.9, "attracts"), (1.1, "overshoots"), (3.0, "repels monotonically")):
        factor = shifted_newton_factors([2.0, -2.0], mu)[1]
        assert shift_behaviour(factor) == expected
        ys = cl.run(saddle, cl.levenberg_marquardt(mu), [0.5, 0.1], maxiter=8).xs[:8, 1]
        ratios = ys[1:] / ys[:-1]
        assert ratios == pytest.approx(np.full(ratios.size, factor), rel=1e-9)
        if expected == "attracts":
            assert abs(ys[-1]) < abs(ys[0])
        else:
            assert abs(ys[-1]) > abs(ys[0])
    assert shift_behaviour(-1.0) == "neutral"


def test_shifted_newton_factors_refuse_a_singular_shift_and_bad_damping():
    with pytest.raises(ValueError, match="singular"):
        shifted_newton_factors([-2.0, 1.0], 2.0)
    with pytest.raises(ValueError, match="damping"):
        shifted_newton_factors([-2.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="factor"):
        shift_behaviour(float("nan"))
