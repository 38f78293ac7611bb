"""Chapter 4's additions: the κ/2 factor, the extreme-component count, CG, whitening."""

import numpy as np
import pytest
import sympy as sp

from curvlab.core.runner import run
from curvlab.experiments.conditioning.compute import (
    cg_a_norm_steps,
    cg_bound_gap,
    cg_conversion_slack,
    cg_rate,
    conjugate_gradient,
    extreme_component_steps,
    krylov_gap,
    krylov_race,
    load_diabetes,
    preprocessing_study,
    random_kappa_sweep,
    random_start_study,
    step_sweep,
    steps_per_log_factor,
    whiten,
)
from curvlab.experiments.conditioning.figures import step_sweep_figure
from curvlab.optimizers import gradient_descent
from curvlab.problems.quadratic import quadratic, random_spd_matrix
from curvlab.theory.rates import optimal_step, predicted_steps


def test_steps_per_log_factor_matches_its_series_from_sympy():
    k = sp.symbols("kappa", positive=True)
    u = sp.symbols("u", positive=True)  # u = 1/κ
    series = sp.series(1 / sp.log((1 + u) / (1 - u)), u, 0, 4).removeO()
    expected = sp.expand(series.subs(u, 1 / k))
    assert sp.simplify(expected - (k / 2 - 1 / (6 * k) - 2 / (45 * k**3))) == 0
    for kappa in (3.0, 10.0, 100.0):
        exact = float(1 / sp.log(sp.Rational(kappa + 1) / sp.Rational(kappa - 1)))
        assert steps_per_log_factor(kappa) == pytest.approx(exact, rel=1e-13)
    assert steps_per_log_factor(1e4) == pytest.approx(5e3 - 1 / 6e4, rel=1e-13)
    with pytest.raises(ValueError, match="kappa"):
        steps_per_log_factor(1.0)


def test_extreme_component_count_is_exact_with_two_eigenvalues():
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    eigenvalues = np.array([1.0, 1.0, 1.0, 40.0, 40.0, 40.0])
    A = (q * eigenvalues) @ q.T
    A = (A + A.T) / 2
    for _ in range(3):
        x0 = rng.standard_normal(6)
        expected = predicted_steps(A, optimal_step(A), x0, 1e-6)
        assert extreme_component_steps(A, x0, 1e-6) == expected
    with pytest.raises(ValueError, match="distinct"):
        extreme_component_steps(np.eye(3), np.ones(3))


def test_extreme_component_count_tracks_runs_on_random_bowls():
    rng = np.random.default_rng(11)
    A = random_spd_matrix(30, 300.0, rng)
    x0 = rng.standard_normal(30)
    measured = run(quadratic(A), gradient_descent(optimal_step(A)), x0, maxiter=100_000).nit
    assert abs(extreme_component_steps(A, x0) - measured) <= 0.01 * measured


def test_random_start_study_draws_what_random_kappa_sweep_draws():
    kappas, counts = random_kappa_sweep(10, [10, 100], np.random.default_rng(5), trials=2)
    study = random_start_study(10, [10, 100], np.random.default_rng(5), trials=2)
    np.testing.assert_array_equal(study.evaluations, counts)
    np.testing.assert_array_equal(study.kappa, kappas)
    assert study.two_eigenvalue.tolist() == [82, 923]
    assert np.all(np.abs(study.extreme - study.evaluations) <= 0.1 * study.evaluations)


@pytest.mark.parametrize("n, kappa", [(5, 10.0), (40, 1e3)])
def test_conjugate_gradient_agrees_with_numpy_solve(n, kappa):
    rng = np.random.default_rng(n)
    A = random_spd_matrix(n, kappa, rng)
    b = rng.standard_normal(n)
    result = conjugate_gradient(A, b, tol=1e-10)
    assert result.success
    np.testing.assert_allclose(result.x, np.linalg.solve(A, b), rtol=1e-7, atol=1e-9)
    assert result.residual_norms.size == result.nit + 1
    assert np.linalg.norm(b - A @ result.x) < 1e-10


def test_conjugate_gradient_minimizes_the_a_norm_over_the_krylov_space():
    # Oracle: the A-norm-optimal point of the Krylov space, by a dense least-squares solve.
    rng = np.random.default_rng(2)
    A = random_spd_matrix(8, 50.0, rng)
    b = rng.standard_normal(8)
    x_star = np.linalg.solve(A, b)
    root = np.linalg.cholesky(A).T  # ||v||_A = ||root v||
    for k in (1, 2, 3, 4):
        cg = conjugate_gradient(A, b, maxiter=k, tol=1e-300)
        krylov = np.column_stack([np.linalg.matrix_power(A, j) @ b for j in range(k)])
        coefficients, *_ = np.linalg.lstsq(root @ krylov, root @ x_star, rcond=None)
        np.testing.assert_allclose(cg.x, krylov @ coefficients, rtol=1e-6, atol=1e-9)


def test_conjugate_gradient_ends_in_as_many_steps_as_distinct_eigenvalues():
    rng = np.random.default_rng(4)
    q, _ = np.linalg.qr(rng.standard_normal((9, 9)))
    A = (q * np.repeat([1.0, 5.0, 30.0], 3)) @ q.T
    A = (A + A.T) / 2
    assert conjugate_gradient(A, rng.standard_normal(9), tol=1e-9).nit == 3
    with pytest.raises(ValueError, match="b must have length 9"):
        conjugate_gradient(A, np.ones(3))


def test_whitening_gives_identity_covariance_and_kappa_one():
    rng = np.random.default_rng(1)
    mixing = np.array([[1.0, 0.9, 0.0], [0.0, 0.3, 2.0], [0.0, 0.0, 5.0]])
    features = rng.standard_normal((200, 3)) @ mixing + [3.0, -1.0, 10.0]
    z = whiten(features)
    np.testing.assert_allclose(np.cov(z, rowvar=False, bias=True), np.eye(3), atol=1e-12)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-12)
    with pytest.raises(ValueError, match="non-singular"):
        whiten(np.column_stack([features[:, 0], 2 * features[:, 0]]))


def test_preprocessing_study_on_the_diabetes_data():
    features, target = load_diabetes()
    assert features.shape == (442, 10) and target.shape == (442,)
    raw, standardized, whitened = preprocessing_study(features, target)
    # oracles: numpy's condition number of the second-moment matrix, and of the correlation matrix
    design = np.column_stack([features, np.ones(442)])
    assert raw.kappa == pytest.approx(np.linalg.cond(design.T @ design / 442), rel=1e-6)
    correlation = np.corrcoef(features, rowvar=False)
    # standardized: A = blockdiag(C, 1), and λmax(C) > 1 > λmin(C) here, so κ = κ(C)
    assert standardized.kappa == pytest.approx(np.linalg.cond(correlation), rel=1e-9)
    assert standardized.max_correlation == pytest.approx(
        np.abs(correlation - np.eye(10)).max(), rel=1e-12
    )
    assert whitened.kappa == pytest.approx(1.0, abs=1e-9)
    assert whitened.evaluations == 2
    assert raw.evaluations > standardized.evaluations > whitened.evaluations


def test_krylov_race_counts_agree_with_direct_runs():
    race = krylov_race(30, [10.0, 300.0], np.random.default_rng(9))
    rng = np.random.default_rng(9)
    for i, kappa in enumerate((10.0, 300.0)):
        A = random_spd_matrix(30, kappa, rng)
        x0 = rng.standard_normal(30)
        x0 /= np.linalg.norm(x0)
        gd = run(quadratic(A), gradient_descent(optimal_step(A)), x0, maxiter=100_000)
        assert race.gd[i] == gd.nit
        assert race.cg[i] == conjugate_gradient(A, np.zeros(30), x0).nit
    assert np.all(race.cg <= race.cg_bound)
    assert np.all(race.cg < race.gd)


def test_step_sweep_figure_marks_diverged_runs_on_the_top_edge_not_at_a_count():
    A = np.diag([1.0, 20.0])
    sweep = step_sweep(A, [0.05, 0.09, 0.105, 0.11], np.array([1.0, 1.0]))
    figure = step_sweep_figure(sweep)
    ax = figure.axes[0]
    (marks,) = [line for line in ax.get_lines() if line.get_label().startswith("diverged")]
    np.testing.assert_allclose(marks.get_xdata(), [0.105, 0.11])
    np.testing.assert_allclose(marks.get_ydata(), 0.97)
    assert marks.get_transform() == ax.get_xaxis_transform()


def _krylov_optimum_reductions(A, x0, k):
    # Dense oracle: minimize ||x||_A over x0 + span{g0, A g0, ...} (k vectors, Lanczos-style basis
    # orthogonalized twice), as CG's k-th iterate does in exact arithmetic. Accurate while k is
    # small: once the Krylov space is nearly invariant, rounding adds directions it does not hold.
    basis = []
    v = A @ x0
    for _ in range(k):
        for _ in range(2):
            for u in basis:
                v = v - (u @ v) * u
        basis.append(v / np.linalg.norm(v))
        v = A @ basis[-1]
    V = np.array(basis).T
    y = -np.linalg.solve(V.T @ A @ V, V.T @ A @ x0)
    x = x0 + V @ y
    return np.sqrt(x @ A @ x / (x0 @ A @ x0)), np.linalg.norm(A @ x) / np.linalg.norm(A @ x0)


def test_cg_bound_gap_against_a_dense_krylov_optimum_and_closed_forms():
    rng = np.random.default_rng(3)
    A = random_spd_matrix(40, 100.0, rng)
    x0 = rng.standard_normal(40)
    tol = 1.0  # a short run: the dense oracle's basis is accurate only for a few vectors
    gap = cg_bound_gap(A, x0, tol=tol)
    assert 5 <= gap.iterations <= 15
    a_norm, gradient = _krylov_optimum_reductions(A, x0, gap.iterations)
    assert gap.a_norm_reduction == pytest.approx(a_norm, rel=1e-6)
    assert gap.tolerance_reduction == pytest.approx(tol / np.linalg.norm(A @ x0), rel=1e-15)
    assert gradient < gap.tolerance_reduction  # it stopped on the tolerance
    eigenvalues = np.linalg.eigvalsh(A)
    kappa = eigenvalues[-1] / eigenvalues[0]
    sigma = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    g0 = np.linalg.norm(A @ x0)
    ks = np.arange(2_000)
    assert gap.bound == ks[2 * np.sqrt(kappa) * sigma**ks * g0 < tol][0]
    assert gap.bound_without_conversion == ks[sigma**ks * g0 < tol][0]
    assert gap.a_norm_count == ks[2 * sigma**ks <= gap.a_norm_reduction][0]
    # the A-norm theorem holds at CG's last iterate, so its count cannot be below the iterations
    assert gap.iterations <= gap.a_norm_count <= gap.bound
    # the conversion slack from the two reductions, up to the counts' roundings up (within 1)
    ratio = gap.a_norm_reduction / gap.tolerance_reduction
    slack = np.log(np.sqrt(kappa) * ratio) / np.log(1 / sigma)
    assert -1 < gap.bound - gap.a_norm_count - slack <= 1
    root_kappa_part, tolerance_part = cg_conversion_slack(
        kappa, gap.a_norm_reduction, gap.tolerance_reduction
    )
    assert root_kappa_part == pytest.approx(np.log(np.sqrt(kappa)) / np.log(1 / sigma), rel=1e-12)
    assert root_kappa_part + tolerance_part == pytest.approx(slack, rel=1e-12)
    with pytest.raises(ValueError, match="identity"):
        cg_bound_gap(np.eye(3), np.ones(3))
    with pytest.raises(ValueError, match="x0"):
        cg_bound_gap(A, np.zeros(40))


@pytest.mark.parametrize("kappa", [1.5, 10.0, 1_000.0, 1e6])
@pytest.mark.parametrize("reduction", [1.9, 0.5, 1.4e-8, 1e-12])
def test_cg_a_norm_steps_is_the_smallest_k_with_2_sigma_to_the_k_below_the_reduction(
    kappa, reduction
):
    sigma = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    ks = np.arange(200_000)
    assert cg_a_norm_steps(kappa, reduction) == ks[2 * sigma**ks <= reduction][0]


def test_cg_rate_against_sympy_and_its_arguments():
    k = sp.symbols("kappa", positive=True)
    sigma = (sp.sqrt(k) - 1) / (sp.sqrt(k) + 1)
    for kappa in (1, 4, 10, 1_000, 10**6):
        assert cg_rate(kappa) == pytest.approx(float(sigma.subs(k, kappa)), rel=1e-15, abs=0)
    assert cg_rate(1.0) == 0.0  # CG's one step on a multiple of the identity
    with pytest.raises(ValueError, match="kappa"):
        cg_rate(0.5)
    with pytest.raises(ValueError, match="kappa"):
        cg_conversion_slack(1.0, 1e-8, 1e-9)
    with pytest.raises(ValueError, match="tolerance_reduction"):
        cg_conversion_slack(10.0, 1e-8, -1.0)


def test_cg_a_norm_steps_checks_its_arguments():
    assert cg_a_norm_steps(10.0, 2.0) == 0  # 2σ⁰ = 2: no iteration needed
    with pytest.raises(ValueError, match="kappa"):
        cg_a_norm_steps(1.0, 1e-8)
    with pytest.raises(ValueError, match="reduction"):
        cg_a_norm_steps(10.0, 0.0)
    with pytest.raises(ValueError, match="reduction"):
        cg_a_norm_steps(10.0, float("nan"))


def test_krylov_gap_analyses_the_race_run():
    race = krylov_race(60, [300.0], np.random.default_rng(11))
    gap = krylov_gap(60, 300.0, np.random.default_rng(11))
    assert (gap.iterations, gap.bound) == (race.cg[0], race.cg_bound[0])
    with pytest.raises(ValueError, match="kappa"):
        krylov_gap(60, 1.0, np.random.default_rng(11))


def test_random_start_study_top_component_by_power_iteration():
    study = random_start_study(6, [100.0], np.random.default_rng(12), trials=2)
    rng = np.random.default_rng(12)
    for j in range(2):
        A = random_spd_matrix(6, 100.0, rng)
        x0 = rng.standard_normal(6)
        x0 /= np.linalg.norm(x0)
        q = np.ones(6)
        for _ in range(200):
            q = A @ q
            q /= np.linalg.norm(q)
        assert study.c_max[0, j] == pytest.approx(abs(q @ x0), rel=1e-8)
        # the saving against (1, 1) on diag(1, κ) is log(1/c_max)/log(1/ρ), up to the ceilings
        rho = 99.0 / 101.0
        saving = study.two_eigenvalue[0] - study.extreme[0, j]
        assert saving == pytest.approx(np.log(1 / study.c_max[0, j]) / np.log(1 / rho), abs=2.5)
