"""The network's gradient, Hessian-vector and Gauss–Newton products against independent oracles."""

import numpy as np
import pytest
import sympy as sp

from curvlab import Objective
from curvlab.problems.mlp import MLP, one_hot

CASES = [(a, loss) for a in ("tanh", "relu") for loss in ("mse", "cross_entropy")]


def problem(activation, loss, sizes=(5, 7, 6, 3), N=11, seed=0):
    rng = np.random.default_rng(seed)
    net = MLP(list(sizes), activation, loss)
    theta = net.init(rng)
    X = rng.standard_normal((N, sizes[0]))
    Y = one_hot(rng.integers(0, sizes[-1], N), sizes[-1])
    return net, theta, X, Y, rng


@pytest.mark.parametrize(("activation", "loss"), CASES)
def test_gradient_matches_central_differences(activation, loss):
    net, theta, X, Y, rng = problem(activation, loss)
    g = net.gradient(theta, X, Y)
    value, g_again = net.loss_and_gradient(theta, X, Y)
    assert value == net.loss(theta, X, Y)
    np.testing.assert_array_equal(g_again, g)
    h = 1e-6
    for _ in range(3):
        e = rng.standard_normal(net.n_params)
        fd = (net.loss(theta + h * e, X, Y) - net.loss(theta - h * e, X, Y)) / (2 * h)
        assert abs(fd - g @ e) <= 1e-7 * max(1.0, abs(fd))


@pytest.mark.parametrize(("activation", "loss"), CASES)
def test_hvp_matches_central_differences_of_the_gradient(activation, loss):
    net, theta, X, Y, rng = problem(activation, loss)
    v = rng.standard_normal(net.n_params)
    h = 1e-5
    fd = (net.gradient(theta + h * v, X, Y) - net.gradient(theta - h * v, X, Y)) / (2 * h)
    hv = net.hvp(theta, v, X, Y)
    assert np.linalg.norm(hv - fd) <= 1e-6 * np.linalg.norm(fd)


def symbolic_hessian(net, theta, X, Y):
    """The exact Hessian of a ReLU network's loss by sympy, independent of the R-operator code.

    For ReLU the activation pattern at ``theta`` is fixed (it is constant in a neighbourhood),
    so the network is a masked linear map there and sympy differentiates that exactly.
    """
    symbols = sp.symbols(f"t0:{net.n_params}")
    params = net.unpack(np.array(symbols, dtype=object))
    numeric = net.unpack(theta)
    a = sp.Matrix(X)
    a_num = X
    for layer, ((W, b), (Wn, bn)) in enumerate(zip(params, numeric, strict=True)):
        z = a * sp.Matrix(W).T + sp.ones(a.rows, 1) * sp.Matrix(b).T
        z_num = a_num @ Wn.T + bn
        if layer < len(params) - 1:
            if net.activation == "tanh":
                a = z.applyfunc(sp.tanh)
                a_num = np.tanh(z_num)
            else:
                mask = (z_num > 0).astype(int)
                a = z.multiply_elementwise(sp.Matrix(mask))
                a_num = z_num * mask
    N = X.shape[0]
    if net.loss_name == "mse":
        loss = sum((z[i, j] - Y[i, j]) ** 2 for i in range(N) for j in range(z.cols)) / (2 * N)
    else:
        loss = 0
        for i in range(N):
            log_z = sp.log(sum(sp.exp(z[i, j]) for j in range(z.cols)))
            loss += log_z - sum(Y[i, j] * z[i, j] for j in range(z.cols))
        loss = loss / N
    gradient = [sp.diff(loss, s) for s in symbols]
    hessian = [[sp.diff(g, s) for s in symbols] for g in gradient]
    return np.array(sp.lambdify(symbols, hessian, "numpy", cse=True)(*theta), dtype=float)


def complex_step_hessian(net, theta, X, Y):
    """The dense Hessian by complex-step differentiation of backpropagation (tanh is analytic):
    column j is Im ∇L(θ + i h e_j) / h with h = 1e-30, exact to round-off and independent of the
    R-operator code."""
    h = 1e-30
    columns = []
    for e in np.eye(net.n_params):
        point = net._point(theta + 1j * h * e, X, Y)
        columns.append(net.pack(point["grads"]).imag / h)
    return np.column_stack(columns)


@pytest.mark.parametrize(("activation", "loss"), CASES)
def test_hvp_matches_an_independent_dense_hessian_of_a_tiny_network(activation, loss):
    net, theta, X, Y, rng = problem(activation, loss, sizes=(2, 2, 2), N=3, seed=1)
    if activation == "relu":
        H = symbolic_hessian(net, theta, X, Y)
    else:
        H = complex_step_hessian(net, theta, X, Y)
        big = problem(activation, loss, sizes=(4, 5, 3), N=7, seed=2)
        H_big = complex_step_hessian(*big[:4])
        v = big[4].standard_normal(big[0].n_params)
        hv = big[0].hvp(big[1], v, big[2], big[3])
        assert np.linalg.norm(hv - H_big @ v) <= 1e-10 * np.linalg.norm(H_big @ v)
    for _ in range(3):
        v = rng.standard_normal(net.n_params)
        assert np.linalg.norm(net.hvp(theta, v, X, Y) - H @ v) <= 1e-10 * np.linalg.norm(H @ v)


@pytest.mark.parametrize(("activation", "loss"), CASES)
def test_dense_hessian_from_products_is_symmetric_and_ggn_is_psd(activation, loss):
    net, theta, X, Y, _ = problem(activation, loss)
    H = net.hessian(theta, X, Y)
    assert np.max(np.abs(H - H.T)) <= 1e-12 * np.max(np.abs(H))
    G = np.column_stack([net.ggn_vp(theta, e, X, Y) for e in np.eye(net.n_params)])
    assert np.max(np.abs(G - G.T)) <= 1e-12 * np.max(np.abs(G))
    assert np.linalg.eigvalsh((G + G.T) / 2).min() >= -1e-12 * np.abs(G).max()


@pytest.mark.parametrize(("activation", "loss"), CASES)
@pytest.mark.parametrize(
    ("sizes", "N"), [((5, 7, 6, 3), 11), ((6, 40, 3), 700), ((3, 4, 5, 6, 2), 30)]
)
def test_dense_hessian_and_ggn_equal_one_product_per_unit_vector(activation, loss, sizes, N):
    # The oracle is the matrix-vector path: hvp / ggn_vp with each column of the identity, one
    # at a time. 40 hidden units and 700 examples give several blocks of examples and more than
    # one group of 16 columns per layer; four layers test the passes below and above a layer.
    net, theta, X, Y, rng = problem(activation, loss, sizes, N)
    if loss == "mse":
        Y = rng.standard_normal(Y.shape)
    identity = np.eye(net.n_params)
    for dense, product in ((net.hessian, net.hvp), (net.ggn, net.ggn_vp)):
        M = dense(theta, X, Y)
        oracle = np.column_stack([product(theta, e, X, Y) for e in identity])
        assert np.max(np.abs(M - oracle)) <= 1e-12 * np.max(np.abs(oracle))
        np.testing.assert_array_equal(M == 0.0, oracle == 0.0)  # exact zeros stay exact


def test_ggn_equals_hessian_where_the_squared_error_fit_is_exact():
    # With targets equal to the outputs, the residual term of H = G + Σ r ∇²z vanishes.
    net, theta, X, _, rng = problem("tanh", "mse")
    Y = net.predict(theta, X)
    v = rng.standard_normal(net.n_params)
    hv, gv = net.hvp(theta, v, X, Y), net.ggn_vp(theta, v, X, Y)
    assert np.linalg.norm(hv - gv) <= 1e-12 * np.linalg.norm(hv)
    Y_off = Y + 0.5
    assert np.linalg.norm(net.hvp(theta, v, X, Y_off) - net.ggn_vp(theta, v, X, Y_off)) > 1e-3


def test_operators_and_objective_agree_with_the_methods():
    net, theta, X, Y, rng = problem("tanh", "cross_entropy")
    v = rng.standard_normal(net.n_params)
    H, G = net.hessian_operator(theta, X, Y), net.ggn_operator(theta, X, Y)
    assert H.shape == (net.n_params, net.n_params)
    np.testing.assert_allclose(H @ v, net.hvp(theta, v, X, Y), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(G @ v, net.ggn_vp(theta, v, X, Y), rtol=1e-13, atol=1e-15)
    objective = net.objective(X, Y)
    assert isinstance(objective, Objective)
    assert objective.value(theta) == pytest.approx(net.loss(theta, X, Y), rel=1e-14)
    np.testing.assert_allclose(objective.gradient(theta), net.gradient(theta, X, Y), rtol=1e-13)
    np.testing.assert_allclose(
        objective.hessian_vector_product(theta, v), net.hvp(theta, v, X, Y), rtol=1e-13
    )
    stack = np.stack([theta, 2 * theta, 3 * theta], axis=1)
    np.testing.assert_allclose(
        objective.unchecked.fun(stack), [net.loss(t * theta, X, Y) for t in (1, 2, 3)], rtol=1e-14
    )


def test_relu_rescaling_keeps_the_function():
    net, theta, X, _, _ = problem("relu", "mse", sizes=(5, 7, 3))
    (W1, b1), (W2, b2) = net.unpack(theta.copy())
    scaled = net.pack([(4.0 * W1, 4.0 * b1), (W2 / 4.0, b2)])
    np.testing.assert_allclose(net.predict(scaled, X), net.predict(theta, X), rtol=1e-13)


def test_cross_entropy_matches_a_direct_formula_and_accuracy_counts():
    net, theta, X, Y, _ = problem("tanh", "cross_entropy")
    z = net.predict(theta, X)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert net.loss(theta, X, Y) == pytest.approx(-np.mean(np.log(p[Y == 1])), rel=1e-13)
    labels = np.argmax(Y, axis=1)
    assert net.accuracy(theta, X, labels) == pytest.approx(np.mean(z.argmax(1) == labels))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda net, t, X, Y: net.loss(t[:-1], X, Y), "theta"),
        (lambda net, t, X, Y: net.loss(t, X[:, :-1], Y), "X"),
        (lambda net, t, X, Y: net.loss(t, X, Y[:-1]), "Y"),
        (lambda net, t, X, Y: net.hvp(t, t[:-1], X, Y), "v"),
        (lambda net, t, X, Y: net.loss(t, np.where(X > 1, np.nan, X), Y), "X"),
        (lambda net, t, X, Y: net.gradient(np.full_like(t, np.inf), X, Y), "theta"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    net, theta, X, Y, _ = problem("tanh", "mse")
    with pytest.raises(ValueError, match=match):
        call(net, theta, X, Y)


def test_bad_architecture():
    with pytest.raises(ValueError, match="sizes"):
        MLP([3])
    with pytest.raises(ValueError, match="sizes"):
        MLP([3, 0, 2])
    with pytest.raises(ValueError, match="activation"):
        MLP([3, 2], activation="sigmoid")
    with pytest.raises(ValueError, match="loss"):
        MLP([3, 2], loss="hinge")
    with pytest.raises(ValueError, match="labels"):
        one_hot([0, 3], 3)
