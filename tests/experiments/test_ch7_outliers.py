"""Chapter 7: why a classifier's Hessian has C - 1 outliers (class-mean gradients), and counts."""

import numpy as np
import pytest

from curvlab.experiments import network_curvature as nc
from curvlab.plotting.render import png_bytes

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def small():
    problem, theta = nc.trained_relu_classifier(3, 0, hidden=4, n_steps=100)
    return problem, theta


def test_inputs_are_transformed_with_training_statistics():
    raw, _ = nc.trained_relu_classifier(3, 0, hidden=4, n_steps=0)
    X = raw.X
    std = X.std(axis=0)
    centred, _ = nc.trained_relu_classifier(3, 0, "centred", hidden=4, n_steps=0)
    scaled, _ = nc.trained_relu_classifier(3, 0, "scaled", hidden=4, n_steps=0)
    shifted, _ = nc.trained_relu_classifier(3, 0, "standardized + 1", hidden=4, n_steps=0)
    assert np.allclose(centred.X.mean(axis=0), 0.0, atol=1e-12)
    assert np.allclose(centred.X + X.mean(axis=0), X)
    live = std > 0
    assert np.allclose(scaled.X[:, live].std(axis=0), 1.0)
    assert np.allclose(scaled.X[:, ~live], X[:, ~live])
    assert np.allclose(shifted.X[:, live].mean(axis=0), 1.0)
    with pytest.raises(ValueError, match="inputs"):
        nc.trained_relu_classifier(3, 0, "whitened")
    with pytest.raises(ValueError, match="n_classes"):
        nc.trained_relu_classifier(11)


def test_a_kept_network_equals_a_fresh_training_and_cannot_be_changed_through_a_caller():
    # The oracle is the training written out: full-batch gradient descent from net.init(seed).
    problem, theta = nc.trained_relu_classifier(3, 1, "centred", hidden=4, n_steps=30)
    expected = problem.net.init(1)
    for _ in range(30):
        expected = expected - 0.3 * problem.net.gradient(expected, problem.X, problem.Y)
    np.testing.assert_array_equal(theta, expected)
    theta[:] = 0.0  # a caller's copy
    again, theta_again = nc.trained_relu_classifier(3, 1, "centred", hidden=4, n_steps=30)
    np.testing.assert_array_equal(theta_again, expected)
    assert again is problem  # the second call trains nothing


def test_outlier_count_matches_the_dense_spectrum(small):
    problem, theta = small
    values = np.linalg.eigvalsh(problem.net.hessian(theta, problem.X, problem.Y))[::-1][:10]
    ratios = values[:-1] / values[1:]
    k, ratio = nc.count_outliers(problem, theta, 3)
    assert k == int(np.argmax(ratios)) + 1 and ratio == pytest.approx(np.max(ratios), rel=1e-5)


def test_class_mean_mechanism_against_dense_matrices(small):
    problem, theta = small
    net, X, Y = problem.net, problem.X, problem.Y
    m = nc.class_mean_mechanism(problem, theta, n_top=5, slq_steps=20, slq_probes=2)
    labels = np.argmax(Y, axis=1)
    # The class means, weighted by the class shares, sum to the full gradient.
    assert np.allclose(m.class_means @ m.class_weights, net.gradient(theta, X, Y), atol=1e-12)
    assert m.gradient_norm == pytest.approx(np.linalg.norm(net.gradient(theta, X, Y)))
    assert m.class_weights == pytest.approx(np.bincount(labels) / len(labels))
    # Principal angles from a dense eigensolver and an SVD of Q1^T Q2.
    H = net.hessian(theta, X, Y)
    values, vectors = np.linalg.eigh(H)
    top = vectors[:, ::-1][:, :2]
    Q2 = np.linalg.qr(m.class_means)[0]
    cosines = np.sort(np.linalg.svd(top.T @ Q2, compute_uv=False))
    assert m.cosines == pytest.approx(cosines, abs=1e-6)
    least = np.linalg.lstsq(m.class_means, vectors[:, ::-1][:, :5], rcond=None)[0]
    projections = np.linalg.norm(m.class_means @ least, axis=0)
    assert m.projections == pytest.approx(projections, abs=1e-6)
    assert m.hessian_top == pytest.approx(values[::-1][:5], rel=1e-6)
    G = np.column_stack([net.ggn_vp(theta, e, X, Y) for e in np.eye(net.n_params)])
    assert m.ggn_top == pytest.approx(np.linalg.eigvalsh(G)[::-1][:5], rel=1e-6)
    weighted = m.class_means * np.sqrt(m.class_weights)
    singular = np.linalg.svd(weighted, compute_uv=False)
    assert m.singular_values == pytest.approx(singular / singular[0])
    assert png_bytes(nc.mechanism_figure(m)).startswith(PNG)


def test_counts_over_seeds_and_inputs_label_their_networks():
    counts = nc.outlier_counts([2], seeds=(0, 1))
    assert [(c.n_classes, c.seed, c.inputs) for c in counts] == [
        (2, 0, "raw pixels / 16"),
        (2, 1, "raw pixels / 16"),
    ]
    assert all(c.n_outliers == 1 and c.gap_ratio > 3 for c in counts)
    by_input = nc.outliers_by_input(2, variants=("centred",))
    assert by_input[0].inputs == "centred" and by_input[0].gap_ratio >= 1.0


def test_label_split_sums_to_the_dense_gauss_newton_matrix(small):
    problem, theta = small
    net, X, Y = problem.net, problem.X, problem.Y
    G = np.column_stack([net.ggn_vp(theta, e, X, Y) for e in np.eye(net.n_params)])
    V = np.linalg.eigh(G)[1][:, ::-1][:, :3]
    split = nc.ggn_label_split(problem, theta, V)
    assert split.trace_own + split.trace_cross == pytest.approx(np.trace(G), rel=1e-10)
    assert split.own + split.cross == pytest.approx(np.einsum("ik,ij,jk->k", V, G, V), rel=1e-10)
    # The true-label part from the per-example gradients, formed a second way (one batch per class).
    labels = np.argmax(Y, axis=1)
    logits = net.predict(theta, X)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    own = sum(
        p[i, labels[i]] * np.linalg.norm(net.gradient(theta, X[i : i + 1], Y[i : i + 1])) ** 2
        for i in range(len(X))
    ) / len(X)
    assert split.trace_own == pytest.approx(own, rel=1e-10)
    assert 0.0 < split.own_share < 1.0
    with pytest.raises(ValueError, match="vectors"):
        nc.ggn_label_split(problem, theta, np.ones(net.n_params))
    with pytest.raises(ValueError, match="theta"):
        nc.ggn_label_split(problem, theta[:-1], V)


def test_mean_input_alignment_on_constructed_directions(small):
    problem, _ = small
    net = problem.net
    rng = np.random.default_rng(0)
    x = rng.random(net.sizes[0]) + 0.1
    x_hat = x / np.linalg.norm(x)
    shapes = net.shapes
    zero = [(np.zeros(s), np.zeros(s[0])) for s in shapes]
    u = rng.standard_normal(shapes[0][0])
    along = [(np.outer(u, x_hat), np.zeros(shapes[0][0])), *zero[1:]]
    W = rng.standard_normal(shapes[0])
    across = [(W - np.outer(W @ x_hat, x_hat), np.zeros(shapes[0][0])), *zero[1:]]
    later = [(np.outer(np.ones(shapes[0][0]), x_hat), np.zeros(shapes[0][0]))] + [
        (np.ones(s), np.ones(s[0])) for s in shapes[1:]
    ]
    V = np.column_stack([net.pack(d) for d in (along, across, later)])
    a = nc.mean_input_alignment(net, V, 3.0 * x)
    later_first = shapes[0][0] / (shapes[0][0] + sum(s[0] * s[1] + s[0] for s in shapes[1:]))
    assert a.first_layer == pytest.approx([1.0, 1.0, later_first])
    assert a.along_mean == pytest.approx([1.0, 0.0, 1.0], abs=1e-12)
    with pytest.raises(ValueError, match="mean_input"):
        nc.mean_input_alignment(net, V, np.zeros(net.sizes[0]))
    with pytest.raises(ValueError, match="vectors"):
        nc.mean_input_alignment(net, V[:-1], x)
