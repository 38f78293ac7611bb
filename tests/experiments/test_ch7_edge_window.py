"""Chapter 7's step-by-step edge-of-stability window and its catapult summary."""

import numpy as np
import pytest

from curvlab.experiments import edge_of_stability as eos
from curvlab.experiments.network_curvature import compute as nc
from curvlab.plotting.render import png_bytes

PNG = b"\x89PNG"


def test_edge_window_matches_a_dense_eigensolver_and_a_plain_loop():
    problem = nc.digits_problem((6,), loss="mse", n_train=80)
    net, X, Y = problem.net, problem.X, problem.Y
    lr = 0.3
    window = eos.edge_window(lr, 3, 8, problem=problem, sharpness_tol=1e-10)
    theta = net.init(0, scale=0.5)
    for step in range(9):
        value, grad = net.loss_and_gradient(theta, X, Y)
        if step >= 3:
            i = step - 3
            values, vectors = np.linalg.eigh(net.hessian(theta, X, Y))
            cosine = abs(grad @ vectors[:, -1]) / np.linalg.norm(grad)
            assert window.steps[i] == step
            assert window.loss[i] == pytest.approx(value, rel=1e-12)
            assert window.sharpness[i] == pytest.approx(values[-1], rel=1e-8)
            assert window.cosine[i] == pytest.approx(cosine, abs=1e-6)
            assert window.grad_norm[i] == pytest.approx(np.linalg.norm(grad), rel=1e-12)
        theta = theta - lr * grad
    assert window.n_grad == 9 and window.n_hvp > 0 and window.threshold == pytest.approx(2 / lr)
    with pytest.raises(ValueError, match="stop"):
        eos.edge_window(lr, 5, 5, problem=problem)


def _synthetic(sharpness, loss, cosine, lr=0.5):
    m = len(loss)
    return eos.EdgeWindow(
        lr,
        np.arange(100, 100 + m),
        np.array(loss, dtype=float),
        np.array(sharpness, dtype=float),
        np.array(cosine, dtype=float),
        np.ones(m),
        100 + m,
        0,
    )


def test_catapult_summary_reads_a_constructed_window():
    m = 120
    ratio = np.concatenate([np.linspace(0.9, 1.3, 50), np.full(m - 50, 1.02)])  # × 2/η = 4
    loss = np.concatenate([np.linspace(1.0, 0.5, 45), [0.6, 2.0, 1.0], np.full(m - 48, 0.4)])
    cosine = np.geomspace(1e-6, 1.0, m)
    s = eos.catapult_summary(_synthetic(4.0 * ratio, loss, cosine))
    crossing = int(np.flatnonzero(ratio >= 1.0)[0])
    assert s.crossing_step == 100 + crossing
    assert s.quiet_cosine == pytest.approx(np.max(cosine[crossing : crossing + 31]))
    assert s.loss_min_step == 144 and s.spike_step == 146
    assert s.spike == pytest.approx(2.0 / 0.5)
    assert s.peak_ratio == pytest.approx(1.3) and s.peak_step == 149
    assert s.settled_low == pytest.approx(1.02) and s.settled_high == pytest.approx(1.02)
    # The gradient's component along v1 (cosine × norm 1) from 25 to 5 steps before the spike:
    assert s.growth_measured == pytest.approx(cosine[39] / cosine[19])
    expected = np.prod(np.abs(1.0 - 0.5 * 4.0 * ratio[19:39]))
    assert s.growth_predicted == pytest.approx(expected)
    with pytest.raises(ValueError, match="never reaches"):
        eos.catapult_summary(_synthetic(np.ones(m), loss, cosine))
    with pytest.raises(ValueError, match="never rises"):
        eos.catapult_summary(_synthetic(4.0 * ratio, np.linspace(1, 0.5, m), cosine))


def test_catapult_figure_renders():
    m = 120
    ratio = np.concatenate([np.linspace(0.9, 1.3, 50), np.full(m - 50, 1.02)])
    loss = np.concatenate([np.linspace(1.0, 0.5, 45), [0.6, 2.0, 1.0], np.full(m - 48, 0.4)])
    window = _synthetic(4.0 * ratio, loss, np.linspace(0, 1, m))
    problem = nc.digits_problem((6,), loss="mse", n_train=80)
    runs = eos.edge_runs([0.5], n_steps=20, sharpness_every=10, problem=problem)
    figure = eos.catapult_figure(window, eos.catapult_summary(window), {"squared loss": runs[0]})
    assert png_bytes(figure).startswith(PNG)
