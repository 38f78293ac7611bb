"""Chapter 7: adaptive sharpness (rescaling-invariant) and the paired SAM study."""

import numpy as np
import pytest

from curvlab.experiments import sharpness as sh
from curvlab.experiments.network_curvature import compute as nc
from curvlab.plotting.render import png_bytes

PNG = b"\x89PNG"


def test_adaptive_sharpness_is_a_dense_eigenvalue_and_rescaling_invariant():
    problem = nc.digits_problem((6,), activation="relu", loss="mse", n_train=80)
    net = problem.net
    theta = net.init(2)
    for _ in range(30):
        theta = theta - 0.2 * net.gradient(theta, problem.X, problem.Y)
    H = net.hessian(theta, problem.X, problem.Y)
    T = np.diag(np.abs(theta))
    dense = np.linalg.eigvalsh(T @ H @ T)[-1]
    assert sh.adaptive_sharpness(problem, theta, tol=1e-10) == pytest.approx(dense, rel=1e-8)
    plain, adaptive = [], []
    for alpha in (0.25, 1.0, 4.0):
        scaled = sh.rescale_relu(net, theta, alpha)
        plain.append(np.linalg.eigvalsh(net.hessian(scaled, problem.X, problem.Y))[-1])
        adaptive.append(sh.adaptive_sharpness(problem, scaled, tol=1e-10))
    assert max(plain) / min(plain) > 2  # lambda_max moves with the rescaling ...
    assert adaptive == pytest.approx([adaptive[1]] * 3, rel=1e-7)  # ... the adaptive one does not
    with pytest.raises(ValueError, match="theta"):
        sh.adaptive_sharpness(problem, theta[:-1])


def test_paired_study_counts_and_tests_by_hand():
    problem = nc.digits_problem((6,), loss="mse", n_train=80)
    study = sh.paired_sam_study([0, 1, 2], lr=0.3, target_loss=0.2, problem=problem)
    assert study.correct.shape == (2, 3) and study.n_test == len(problem.data.y_test)
    assert np.all(study.n_grad[1] > study.n_grad[0])  # SAM: two gradients a step
    d = (study.correct[1] - study.correct[0]).astype(float)
    mean, t, p = study.paired_test()
    assert mean == pytest.approx(d.mean())
    if d.std(ddof=1) > 0:
        assert t == pytest.approx(d.mean() / (d.std(ddof=1) / np.sqrt(3)))
        assert 0.0 <= p <= 1.0
    assert np.all(study.sharpness > 0) and np.all(study.adaptive > 0)
    assert png_bytes(sh.paired_figure(study)).startswith(PNG)
    with pytest.raises(ValueError, match="seeds"):
        sh.paired_sam_study([0], problem=problem)
