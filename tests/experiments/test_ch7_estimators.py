"""Chapter 7: trace estimators over many seeds, stopping rules, SLQ outlier masses, zero atom."""

import numpy as np
import pytest

from curvlab.curvature.density import SpectralDensity
from curvlab.experiments import network_curvature as nc
from curvlab.plotting.render import png_bytes

PNG = b"\x89PNG"


def test_spectral_trace_study_against_closed_forms():
    rng = np.random.default_rng(0)
    lam = np.concatenate([[50.0, 40.0, 30.0], rng.uniform(0.0, 1.0, 97)])
    study = nc.spectral_trace_study(lam, [9, 30], 400)
    assert study.exact == pytest.approx(lam.sum())
    assert study.frobenius == pytest.approx(np.linalg.norm(lam))
    assert study.crossover == pytest.approx((np.abs(lam).sum() / np.linalg.norm(lam)) ** 2)
    # Hutchinson with Gaussian probes: RMS error sqrt(2/m) |H|_F / tr H, within sampling error.
    exact = study.hutchinson_exact(study.products)
    assert study.rms("hutchinson") == pytest.approx(exact, rel=0.12)
    assert np.mean(study.samples) == pytest.approx(lam.sum(), rel=0.02)  # unbiased
    bound = 3 * np.abs(lam).sum() / (np.sqrt(2) * study.products * lam.sum())
    assert study.hutch_plus_plus_bound(study.products) == pytest.approx(bound)
    ratio, low, high = study.ratio_interval(1)
    assert low <= ratio <= high and ratio > 1  # three large outliers: Hutch++ wins at 30
    assert study.slope("hutchinson") == pytest.approx(-0.5, abs=0.1)
    # A rank-2 matrix is captured exactly by a sketch of 3 columns: Hutch++ is exact.
    low_rank = nc.spectral_trace_study(np.r_[3.0, -1.0, np.zeros(20)], [9], 5)
    assert np.max(np.abs(low_rank.hutch_plus_plus)) < 1e-12
    with pytest.raises(ValueError, match="non-zero sum"):
        nc.spectral_trace_study([1.0, -1.0], [9], 3)
    with pytest.raises(ValueError, match="products"):
        nc.spectral_trace_study(lam, [2], 3)


def test_stopping_rules_on_constructed_sequences():
    samples = np.array([[4.0, 4.0, 4.0, 4.0, 4.0], [1.0, 3.0, 2.0, 2.0, 2.0]])
    fixed, by_se = nc.stopping_rules(samples, 2.0, change_tol=1e-3, rtol=0.05, min_probes=3)
    # Row 0: the running mean never moves, so the fixed rule stops at 2 probes with error 100 %.
    assert fixed.stops[0] == 2 and fixed.errors[0] == pytest.approx(1.0)
    # Row 1: means 1, 2, 2, 2, 2: the change is 0 first between probes 2 and 3.
    assert fixed.stops[1] == 3 and fixed.errors[1] == pytest.approx(0.0)
    # Standard-error rule: row 0 has zero spread, so it stops at min_probes; row 1's spread keeps
    # its standard error above 5 % of the mean through 5 probes, so it uses them all.
    assert by_se.stops[0] == 3 and by_se.stops[1] == 5
    se = np.std([1, 3, 2, 2, 2], ddof=1) / np.sqrt(5)
    assert se > 0.05 * 2.0 and by_se.covered[1] == (abs(2.0 - 2.0) <= 2 * se)
    assert not by_se.covered[0]  # zero standard error, 100 % off: the interval misses
    with pytest.raises(ValueError, match="rtol"):
        nc.stopping_rules(samples, 2.0, rtol=0.0)


def test_spectral_trace_figure_renders():
    study = nc.spectral_trace_study(np.linspace(0.1, 1.0, 30), [3, 9], 5)
    rules = nc.stopping_rules(study.samples, study.exact, rtol=0.5, min_probes=2)
    assert png_bytes(nc.spectral_trace_figure({"test": study}, rules)).startswith(PNG)


def test_outlier_masses_of_a_constructed_density():
    density = SpectralDensity(
        np.array([0.0, 0.1, 4.9, 5.1, 9.0]), np.array([0.5, 0.2, 0.1, 0.05, 0.15]), 0
    )
    masses = nc.outlier_masses(density, [9.0, 5.0, 0.2], 2, 10)
    assert masses == pytest.approx([1.5, 1.5])  # 0.15 near 9; 0.1 + 0.05 near 5; times n = 10
    with pytest.raises(ValueError, match="n_outliers"):
        nc.outlier_masses(density, [9.0, 5.0], 2, 10)


def test_zero_atom_counts_against_the_dense_spectrum_and_its_null_directions():
    problem, theta = nc.trained_relu_classifier(3, 0, hidden=4, n_steps=50)
    net = problem.net
    H = net.hessian(theta, problem.X, problem.Y)
    values = np.linalg.eigvalsh(H)
    atom = nc.zero_atom(problem, theta, values)
    scale = np.max(np.abs(values))
    assert atom.exact_zero == np.sum(np.abs(values) <= 1e-12 * scale)
    assert atom.tiny == np.sum(np.abs(values) < 1e-4 * scale)
    assert atom.silent_pixels == np.sum(np.all(problem.X == 0, axis=0))
    assert atom.softmax_shifts == 4 + 1
    # The softmax shift directions are null vectors of H (an independent check of the count).
    for j in range(5):
        params = [(np.zeros_like(W), np.zeros_like(b)) for W, b in net.unpack(theta)]
        W2, b2 = params[1]
        if j < 4:
            W2[:, j] = 1.0
        else:
            b2[:] = 1.0
        v = net.pack(params)
        assert np.linalg.norm(H @ v) < 1e-10 * scale * np.linalg.norm(v)
    assert atom.exact_zero >= atom.silent_pixels * 4 + atom.softmax_shifts


def test_gradient_product_seconds_is_a_positive_time():
    assert nc.gradient_product_seconds((8, 4, 3), 20, repeats=3) > 0
    with pytest.raises(ValueError, match="N"):
        nc.gradient_product_seconds((8, 4, 3), 0)


def test_spectral_trace_study_draws_extra_hutchinson_samples():
    study = nc.spectral_trace_study(np.linspace(0.1, 1.0, 30), [3, 9], 4, n_samples=20)
    assert study.samples.shape == (4, 20)
    means = np.cumsum(study.samples, axis=1)[:, [2, 8]] / [3, 9]
    assert np.allclose(study.hutchinson.T, (means - study.exact) / study.exact)
    with pytest.raises(ValueError, match="n_samples"):
        nc.spectral_trace_study(np.linspace(0.1, 1.0, 30), [3, 9], 4, n_samples=5)


def test_probe_deviation_against_enumeration_and_eigenvalues():
    import itertools

    rng = np.random.default_rng(3)
    A = rng.standard_normal((5, 5))
    H = A + A.T + 2.0 * np.eye(5)
    d = nc.probe_deviation(H)
    # Rademacher: the exact variance over all 2^5 sign vectors.
    samples = np.array([u @ H @ u for u in itertools.product((-1.0, 1.0), repeat=5)])
    assert d.rademacher == pytest.approx(samples.std() / abs(np.trace(H)), rel=1e-12)
    # Gaussian: in the eigenbasis u^T H u = sum lambda_i z_i^2, variance 2 sum lambda_i^2.
    values = np.linalg.eigvalsh(H)
    assert d.gaussian == pytest.approx(np.sqrt(2 * np.sum(values**2)) / abs(values.sum()))
    assert d.crossover_gaussian == pytest.approx((np.abs(values).sum() ** 2) / np.sum(values**2))
    assert d.rademacher**2 / d.gaussian**2 == pytest.approx(1 - d.diagonal_share)
    assert d.probes_for(0.1) == pytest.approx((d.rademacher / 0.1) ** 2)
    assert nc.probe_deviation(np.diag([1.0, 2.0])).rademacher == 0.0
    with pytest.raises(ValueError, match="H"):
        nc.probe_deviation(np.ones((2, 3)))
    with pytest.raises(ValueError, match="kind"):
        d.probes_for(0.1, "sphere")
