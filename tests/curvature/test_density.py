"""Stochastic Lanczos quadrature against the dense spectrum."""

import numpy as np
import pytest

from curvlab.curvature.density import exact_density, kolmogorov_distance, slq


def matrix_with_spectrum(values, seed):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((len(values), len(values))))
    return (Q * values) @ Q.T


def test_quadrature_reproduces_moments_exactly():
    # Gauss quadrature with m nodes is exact for polynomials of degree < 2m: with one probe v,
    # sum_j tau_j^2 theta_j^p = v^T H^p v for p < 2m.
    rng = np.random.default_rng(0)
    H = matrix_with_spectrum(rng.standard_normal(40), 1)
    density = slq(H, n_steps=6, n_probes=1, rng=5)
    v = np.random.default_rng(5).integers(0, 2, 40) * 2.0 - 1.0
    v /= np.linalg.norm(v)
    for p in range(12):
        moment = v @ np.linalg.matrix_power(H, p) @ v
        assert density.weights @ density.nodes**p == pytest.approx(moment, rel=1e-9, abs=1e-12)
    assert density.n_products == 6


def test_slq_matches_the_dense_density_with_a_bulk_and_outliers():
    rng = np.random.default_rng(2)
    values = np.concatenate([rng.normal(0.0, 0.1, 395), [2.0, 3.0, 4.0, 6.0, 9.0]])
    H = matrix_with_spectrum(values, 3)
    estimate = slq(H, n_steps=60, n_probes=10, rng=4)
    exact = exact_density(values)
    width = 0.05
    assert kolmogorov_distance(estimate, exact, width) < 0.05
    assert estimate.weights.sum() == pytest.approx(1.0, rel=1e-12)
    grid = np.linspace(-1, 10, 2001)
    dens = estimate.density(grid, width)
    assert np.sum(dens) * (grid[1] - grid[0]) == pytest.approx(1.0, abs=1e-3)
    assert estimate.nodes.max() == pytest.approx(9.0, rel=1e-8)  # outliers are found exactly
    # the exact density's smoothed CDF is the average of normal CDFs
    assert exact.cdf([0.0], width)[0] == pytest.approx(np.mean(values < 0.0), abs=0.05)


def test_bad_input():
    with pytest.raises(ValueError, match="n_steps"):
        slq(np.eye(3), n_steps=0)
    with pytest.raises(ValueError, match="n_probes"):
        slq(np.eye(3), n_probes=0)
    with pytest.raises(ValueError, match="width"):
        exact_density([1.0]).density([0.0], 0.0)
    with pytest.raises(ValueError, match="square"):
        slq(np.ones((3, 2)))
