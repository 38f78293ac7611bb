"""JAX's curvature products against curvlab's R-operator and a finite-difference oracle."""

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
