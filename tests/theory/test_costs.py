"""curvlab.theory.costs: bytes and flops of dense Hessians and Newton solves, and fitted power
laws."""

import numpy as np
import pytest

from curvlab.theory.costs import (
    cholesky_flops,
    cholesky_multiply_adds,
    cubic_extrapolation,
    eigendecomposition_flops,
    fit_power_law,
    format_bytes,
    hessian_bytes,
    time_solves,
    vector_bytes,
)


def test_hessian_of_a_million_parameters_needs_4_terabytes():
    count = hessian_bytes(1_000_000, itemsize=np.dtype(np.float32).itemsize)
    assert count == 4 * 10**12
    assert format_bytes(count) == "4 TB (3.64 TiB)"
    assert vector_bytes(1_000_000) == 4 * 10**6
    assert format_bytes(512) == "512 B"
    assert format_bytes(2**30) == "1.07 GB (1 GiB)"


def test_cost_arguments_are_checked():
    with pytest.raises(ValueError, match="n must be at least 1"):
        hessian_bytes(0)
    with pytest.raises(TypeError, match="n must be an integer"):
        hessian_bytes(1.5)
    assert eigendecomposition_flops(10) == pytest.approx(9000.0)
    assert eigendecomposition_flops(10, vectors=False) == pytest.approx(4000.0 / 3.0)


def test_power_law_fit_recovers_an_exact_law_and_extrapolates_cubically():
    ns = np.array([100.0, 200.0, 400.0, 800.0])
    law = fit_power_law(ns, 3e-10 * ns**2.7)
    assert law.exponent == pytest.approx(2.7)
    assert law.coefficient == pytest.approx(3e-10)
    assert cubic_extrapolation(1_000.0, 0.1, 1_000_000.0) == pytest.approx(1e8)
    assert cholesky_flops(1) == pytest.approx(1.0)
    assert cholesky_flops(300) == pytest.approx(300**3 / 3 + 300**2 / 2 + 300 / 6)


def test_time_solves_returns_positive_times_for_each_size():
    sizes, seconds = time_solves([8, 16], np.random.default_rng(0), repeats=1)
    assert sizes.tolist() == [8, 16]
    assert np.all(seconds > 0)
    with pytest.raises(ValueError):
        time_solves([1.5], np.random.default_rng(0))
    with pytest.raises(ValueError):
        fit_power_law([10.0], [1.0])


def _counted_cholesky(A):
    """A textbook Cholesky that counts its operations: an oracle independent of the formulas."""
    n = A.shape[0]
    L = np.zeros_like(A)
    counts = {"multiply_adds": 0, "divisions": 0, "roots": 0}
    for j in range(n):
        s = A[j, j]
        for k in range(j):
            s -= L[j, k] * L[j, k]
            counts["multiply_adds"] += 1
        L[j, j] = np.sqrt(s)
        counts["roots"] += 1
        for i in range(j + 1, n):
            s = A[i, j]
            for k in range(j):
                s -= L[i, k] * L[j, k]
                counts["multiply_adds"] += 1
            L[i, j] = s / L[j, j]
            counts["divisions"] += 1
    return L, counts


@pytest.mark.parametrize("n", [1, 2, 3, 7, 20])
def test_cholesky_counts_match_an_instrumented_factorization(n):
    rng = np.random.default_rng(n)
    m = rng.standard_normal((n, n))
    A = m @ m.T + n * np.eye(n)
    L, counts = _counted_cholesky(A)
    np.testing.assert_allclose(L, np.linalg.cholesky(A), rtol=1e-12, atol=1e-12)
    assert cholesky_multiply_adds(n) == counts["multiply_adds"]
    flops = 2 * counts["multiply_adds"] + counts["divisions"] + counts["roots"]
    assert cholesky_flops(n) == pytest.approx(flops, rel=1e-15)
    # the leading terms: n³/6 multiply-adds, n³/3 flops
    assert cholesky_multiply_adds(10**6) == pytest.approx(10**18 / 6, rel=1e-11)
    assert cholesky_flops(10**6) == pytest.approx(2 * cholesky_multiply_adds(10**6), rel=1e-5)
