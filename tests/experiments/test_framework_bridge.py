"""JAX's curvature products against curvlab's R-operator and a finite-difference oracle."""

import os
from math import comb

import numpy as np
import pytest

pytest.importorskip("jax")

from curvlab.experiments import framework_bridge as fb
from curvlab.problems.mlp import MLP, one_hot


def tiny(activation, loss, seed=0):
    net = MLP([3, 4, 3], activation, loss)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((7, 3))
    Y = (
        one_hot(rng.integers(0, 3, 7), 3)
        if loss == "cross_entropy"
        else rng.standard_normal((7, 3))
    )
    return net, X, Y, net.init(seed) + 0.1 * rng.standard_normal(net.n_params)


def fd_hessian(net, theta, X, Y, h=1e-5):
    """Central differences of curvlab's backpropagated gradient, column by column."""
    columns = []
    for i in range(net.n_params):
        e = np.zeros(net.n_params)
        e[i] = h
        columns.append((net.gradient(theta + e, X, Y) - net.gradient(theta - e, X, Y)) / (2 * h))
    H = np.array(columns).T
    return (H + H.T) / 2


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_jax_products_match_curvlab_and_finite_differences(activation, loss):
    net, X, Y, theta = tiny(activation, loss)
    jnet = fb.JaxNetwork(net, X, Y)
    H_fd = fd_hessian(net, theta, X, Y)
    scale = np.abs(H_fd).max()
    for i, v in enumerate(np.eye(net.n_params)):
        ours = net.hvp(theta, v, X, Y)
        for mode in ("reverse_over_reverse", "forward_over_reverse"):
            theirs = jnet.product(theta, v, mode)
            assert np.allclose(theirs, ours, atol=1e-12 * scale, rtol=0)
        assert np.allclose(ours, H_fd[:, i], atol=1e-6 * scale, rtol=0)
        assert np.allclose(
            jnet.product(theta, v, "ggn"), net.ggn_vp(theta, v, X, Y), atol=1e-12 * scale
        )
    assert np.isclose(jnet.loss(theta), net.loss(theta, X, Y), rtol=1e-13)
    assert np.allclose(jnet.gradient(theta), net.gradient(theta, X, Y), atol=1e-13)


def test_float32_product_is_accurate_to_single_precision():
    net, X, Y, theta = tiny("tanh", "cross_entropy", 1)
    v = np.random.default_rng(2).standard_normal(net.n_params)
    ours = net.hvp(theta, v, X, Y)
    single = fb.JaxNetwork(net, X, Y, "float32").product(theta, v)
    error = np.linalg.norm(single - ours) / np.linalg.norm(ours)
    assert 1e-10 < error < 1e-5


def test_deflated_power_iteration_matches_eigh():
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((40, 40)))
    values = np.concatenate([[10.0, 7.0, 5.0, 3.0], rng.uniform(0.0, 1.0, 36)])
    A = (Q * values) @ Q.T
    result = fb.deflated_power_iteration(A, 4, tol=1e-12, maxiter=2000, rng=1)
    exact = np.linalg.eigh(A)[0][::-1][:4]
    assert np.allclose(result.eigenvalues, exact, rtol=1e-8)
    assert result.n_products == result.products.sum()
    overlaps = np.abs(result.eigenvectors.T @ np.linalg.eigh(A)[1][:, ::-1][:, :4])
    assert np.allclose(np.diag(overlaps), 1.0, atol=1e-5)


def test_loose_tolerance_stops_early():
    A = np.diag([1.0, 0.99, 0.5, 0.1])
    result = fb.deflated_power_iteration(A, 1, tol=1e-3, maxiter=100, rng=0)
    assert result.products[0] < 100


def test_minibatch_sharpness_full_batch_equals_full():
    net, X, Y, theta = tiny("tanh", "mse", 3)
    study = fb.minibatch_sharpness(net, X, Y, theta, [7, 3], 2)
    exact = np.linalg.eigvalsh(fd_hessian(net, theta, X, Y))[-1]
    assert np.isclose(study.full, exact, rtol=1e-6)
    assert np.allclose(study.values[0], exact, rtol=1e-6)  # a batch of all N is the full batch
    assert study.mean.shape == study.std.shape == (2,)


def test_bad_arguments():
    net, X, Y, theta = tiny("tanh", "mse")
    with pytest.raises(TypeError, match="net"):
        fb.JaxNetwork("net", X, Y)
    with pytest.raises(ValueError, match="dtype"):
        fb.JaxNetwork(net, X, Y, "float16")
    with pytest.raises(ValueError, match="X"):
        fb.JaxNetwork(net, X[:, :2], Y)
    with pytest.raises(ValueError, match="mode"):
        fb.JaxNetwork(net, X, Y).product(theta, theta, "hessian")
    with pytest.raises(ValueError, match="k"):
        fb.deflated_power_iteration(np.eye(3), 4)
    with pytest.raises(ValueError, match="sizes"):
        fb.minibatch_sharpness(net, X, Y, theta, [8])


def test_example_shares_match_dense_per_example_hessians():
    net, X, Y, theta = tiny("tanh", "cross_entropy", 4)
    H_full = fd_hessian(net, theta, X, Y)
    values, vectors = np.linalg.eigh(H_full)
    u = vectors[:, -1]
    lmax, shares = fb.example_shares(net, X, Y, theta)
    assert np.isclose(lmax, values[-1], rtol=1e-6)
    expected = [
        u @ fd_hessian(net, theta, X[i : i + 1], Y[i : i + 1]) @ u / (len(X) * values[-1])
        for i in range(len(X))
    ]
    assert np.allclose(shares, expected, atol=1e-6)
    assert np.isclose(shares.sum(), 1.0, atol=1e-9)


def test_minibatch_rows_and_membership():
    net, X, Y, theta = tiny("tanh", "mse", 5)
    study = fb.minibatch_sharpness(net, X, Y, theta, [3, 7], 4)
    for seed in range(4):
        rows = np.random.default_rng(seed).choice(len(X), size=3, replace=False)
        assert np.array_equal(study.rows[0][seed], rows)
        # the examples whose membership is reported are exactly the batch's rows, as a set
        members = [example for example in range(len(X)) if study.contains(example)[0, seed]]
        assert members == sorted(rows.tolist())
    # every example is in exactly as many batches as the rows list it
    counts = sum(study.contains(example)[0].astype(int) for example in range(len(X)))
    assert counts.sum() == 4 * 3
    assert study.contains(0)[1].all()  # a batch of all N holds every example
    for median, values in zip(study.median, study.values, strict=True):
        # four values: the median is halfway between the middle two, so at least two are at
        # or below it and two at or above it (equal values, as in the full batch, are ties)
        low, high = np.sort(values)[1:3]
        assert median == pytest.approx((low + high) / 2, rel=1e-15)
        assert np.sum(values <= median) >= 2 and np.sum(values >= median) >= 2
    # a batch of all N: its four estimates are one number, up to the eigensolver's round-off
    full = study.values[1]
    assert np.ptp(full) <= 1e-9 * np.max(np.abs(full))


def test_batch_lmax_against_the_dense_hessian_of_the_batch():
    net, X, Y, theta = tiny("tanh", "cross_entropy", 7)
    for rows in ([2], [0, 3, 5], list(range(len(X)))):
        dense = fd_hessian(net, theta, X[rows], Y[rows])
        expected = np.linalg.eigvalsh((dense + dense.T) / 2)[-1]
        assert np.isclose(fb.batch_lmax(net, X, Y, theta, rows), expected, rtol=1e-5)
    with pytest.raises(ValueError, match="rows"):
        fb.batch_lmax(net, X, Y, theta, [])
    with pytest.raises(ValueError, match="rows"):
        fb.batch_lmax(net, X, Y, theta, [len(X)])


def test_difference_study_against_numpy_central_differences():
    net, X, Y, theta = tiny("tanh", "mse", 6)
    steps = [1e-1, 1e-3, 1e-5]
    study = fb.difference_study(net, X, Y, theta, steps, rng=3)
    v = np.random.default_rng(3).standard_normal(net.n_params)
    v /= np.linalg.norm(v)
    exact = net.hvp(theta, v, X, Y)
    for h, got in zip(steps, study.errors["float64"], strict=True):
        fd = (net.gradient(theta + h * v, X, Y) - net.gradient(theta - h * v, X, Y)) / (2 * h)
        assert np.isclose(got, np.linalg.norm(fd - exact) / np.linalg.norm(exact), rtol=1e-3)
    # the points rounded to float32, the gradients in numpy's float64
    for h, got in zip(steps, study.errors["float32 points"], strict=True):
        plus, minus = (np.float32(theta + s * h * v).astype(float) for s in (1, -1))
        fd = (net.gradient(plus, X, Y) - net.gradient(minus, X, Y)) / (2 * h)
        assert np.isclose(got, np.linalg.norm(fd - exact) / np.linalg.norm(exact), rtol=1e-3)
    # float32 cannot beat float64's best, and its error at the smallest step is round-off's
    assert study.best("float32")[1] > study.best("float64")[1]
    assert study.errors["float32"][-1] > study.errors["float64"][-1]
    with pytest.raises(ValueError, match="steps"):
        fb.difference_study(net, X, Y, theta, [0.0])


def test_installed_megabytes_sums_the_files_on_disk():
    from importlib import metadata

    files = [f for f in metadata.distribution("opt_einsum").files if f.size]
    on_disk = sum(os.path.getsize(f.locate()) for f in files)
    assert np.isclose(fb.installed_megabytes(["opt_einsum"]), on_disk / 1e6, rtol=1e-12)
    with pytest.raises(ValueError, match="distributions"):
        fb.installed_megabytes(["no-such-distribution-here"])


@pytest.mark.parametrize("n", [6, 10, 20, 31])
def test_median_interval_coverage_by_enumeration(n):
    x = np.random.default_rng(n).permutation(np.arange(float(n)))
    low, high, coverage = fb.median_interval(x, 0.95)
    j = int(low) + 1  # x holds 0..n-1, so x_(j) = j - 1
    assert high == n - j
    # the median lies in [x_(j), x_(n+1-j)] unless at most j-1 or at least n+1-j draws fall below it
    tail = sum(comb(n, i) for i in range(j)) / 2**n
    assert np.isclose(coverage, 1 - 2 * tail)
    assert coverage >= 0.95
    if j + 1 <= n // 2:  # j is the largest index that reaches 95 %
        assert 1 - 2 * sum(comb(n, i) for i in range(j + 1)) / 2**n < 0.95
    with pytest.raises(ValueError, match="values"):
        fb.median_interval(np.arange(5.0))


def test_median_interval_covers_the_median_as_often_as_it_claims():
    # Monte Carlo: 4,000 samples of 20 exponential draws, whose median is ln 2
    rng = np.random.default_rng(0)
    samples = rng.exponential(size=(4000, 20))
    hits, coverage = 0, None
    for sample in samples:
        low, high, coverage = fb.median_interval(sample, 0.95)
        hits += low <= np.log(2) <= high
    standard_error = np.sqrt(coverage * (1 - coverage) / len(samples))
    assert abs(hits / len(samples) - coverage) < 4 * standard_error


@pytest.mark.parametrize("value", [5.8e-5, 0.3, 2.3, 13.2, -4.4e-7])
def test_decade_brackets_the_value(value):
    words = fb.decade(value).split()
    low, high = float(words[1]), float(words[3])
    assert low <= abs(value) < high and np.isclose(high, 10 * low)
    with pytest.raises(ValueError, match="value"):
        fb.decade(0.0)
