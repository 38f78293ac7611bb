"""Adagrad, RMSProp and Adam, step by step against updates computed by hand."""

import numpy as np
import pytest

from curvlab import bowl, quadratic, rotated_bowl, run, saddle
from curvlab.core.runner import Status
from curvlab.optimizers.adaptive import AdamState, adagrad, adam, rmsprop

G1 = np.array([3.0, -0.5, 0.0])
G2 = np.array([-1.0, 2.0, 4.0])


def two_steps(optimizer):
    x = np.zeros(3)
    state = optimizer.init(x)
    step1, state = optimizer.update(G1, state, x, None)
    step2, state = optimizer.update(G2, state, x + step1, None)
    return step1, step2, state


def test_adam_first_step_is_lr_times_gradient_over_its_magnitude():
    lr, eps = 1e-3, 1e-8
    step1, _, _ = two_steps(adam())
    np.testing.assert_allclose(step1, -lr * G1 / (np.abs(G1) + eps), rtol=1e-12, atol=0)
    assert step1[2] == 0.0  # a zero gradient gives no step, thanks to ε


def test_adam_second_step_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    _, step2, state = two_steps(adam(lr, b1, b2, eps))
    m = 0.9 * (0.1 * G1) + 0.1 * G2
    v = 0.999 * (0.001 * G1**2) + 0.001 * G2**2
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    np.testing.assert_allclose(step2, -lr * m_hat / (np.sqrt(v_hat) + eps), rtol=1e-12)
    assert state.t == 2
    np.testing.assert_allclose(state.m, m)
    np.testing.assert_allclose(state.v, v)
    corrected_m, corrected_v = state.corrected(b1, b2)
    np.testing.assert_allclose(corrected_v, v_hat)
    np.testing.assert_allclose(corrected_m, m_hat)


def test_adam_eps_is_added_after_the_square_root():
    # With g = 1e-8 and ε = 1e-8: after the root, step = lr·g/(g + ε) = lr/2;
    # inside the root it would be lr·g/sqrt(g² + ε) ≈ lr·1e-4.
    optimizer = adam(lr=1.0, eps=1e-8)
    x = np.zeros(1)
    step, _ = optimizer.update(np.array([1e-8]), optimizer.init(x), x, None)
    assert step[0] == pytest.approx(-0.5, rel=1e-12)


def test_adam_defaults_are_the_papers():
    assert adam().hyperparameters == {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


def test_adam_state_before_first_step_has_no_corrected_moments():
    with pytest.raises(ValueError, match="t = 0"):
        AdamState(0, np.zeros(2), np.zeros(2)).corrected(0.9, 0.999)


def test_adam_step_is_invariant_to_rescaling_the_gradient():
    # Per-coordinate normalization: scaling f by 1000 leaves Adam's path unchanged (up to ε).
    f = bowl(10.0)
    g = quadratic(1000.0 * f.A)
    a = run(f, adam(0.05), [1.0, -0.7], maxiter=50, tol=1e-300)
    b = run(g, adam(0.05), [1.0, -0.7], maxiter=50, tol=1e-300)
    np.testing.assert_allclose(a.xs, b.xs, atol=1e-6)


def test_rmsprop_two_steps_by_hand():
    lr, rho, eps = 0.01, 0.9, 1e-8
    step1, step2, state = two_steps(rmsprop(lr, rho, eps))
    s1 = 0.1 * G1**2
    np.testing.assert_allclose(step1, -lr * G1 / (np.sqrt(s1) + eps), rtol=1e-12)
    # No bias correction: the first step is lr/sqrt(1 - rho) ≈ 3.16 lr per coordinate.
    assert abs(step1[0]) == pytest.approx(lr / np.sqrt(0.1), rel=1e-6)
    s2 = 0.9 * s1 + 0.1 * G2**2
    np.testing.assert_allclose(step2, -lr * G2 / (np.sqrt(s2) + eps), rtol=1e-12)
    np.testing.assert_allclose(state, s2)


def test_adagrad_two_steps_by_hand():
    lr, eps = 0.5, 1e-10
    step1, step2, state = two_steps(adagrad(lr, eps))
    np.testing.assert_allclose(step1, -lr * G1 / (np.abs(G1) + eps), rtol=1e-12)
    total = G1**2 + G2**2
    np.testing.assert_allclose(step2, -lr * G2 / (np.sqrt(total) + eps), rtol=1e-12)
    np.testing.assert_allclose(state, total)


def test_adagrad_on_a_constant_gradient_takes_steps_lr_over_root_k():
    optimizer = adagrad(lr=1.0, eps=1e-12)
    x = np.zeros(1)
    state = optimizer.init(x)
    for k in range(1, 6):
        step, state = optimizer.update(np.array([2.0]), state, x, None)
        assert step[0] == pytest.approx(-1.0 / np.sqrt(k), rel=1e-9)


def test_adam_converges_on_the_rotated_and_axis_aligned_bowls():
    for f in (bowl(100.0), rotated_bowl(100.0, 45.0)):
        trajectory = run(f, adam(0.1), [-1.5, 1.0], maxiter=5000)
        assert trajectory.success, trajectory.message


def test_diverging_adaptive_run_is_reported_not_nan():
    # On the saddle x² − y² the iterate runs down the y direction, each step about lr long.
    for optimizer in (adam(1e9), rmsprop(1e9), adagrad(1e9)):
        trajectory = run(saddle(), optimizer, [1.0, 1.0], maxiter=100)
        assert trajectory.status is Status.DIVERGED
        assert np.all(np.isfinite(trajectory.xs))
        assert np.all(np.isfinite(trajectory.fun))


@pytest.mark.parametrize(
    ("make", "kwargs", "name"),
    [
        (adam, {"beta1": 1.0}, "beta1"),
        (adam, {"beta1": -0.1}, "beta1"),
        (adam, {"beta2": 1.0}, "beta2"),
        (adam, {"beta2": 1.2}, "beta2"),
        (adam, {"eps": 0.0}, "eps"),
        (adam, {"eps": -1e-8}, "eps"),
        (adam, {"lr": 0.0}, "lr"),
        (adam, {"lr": -1e-3}, "lr"),
        (rmsprop, {"rho": 1.0}, "rho"),
        (rmsprop, {"eps": 0.0}, "eps"),
        (rmsprop, {"lr": 0.0}, "lr"),
        (adagrad, {"eps": 0.0}, "eps"),
        (adagrad, {"lr": -1.0}, "lr"),
    ],
)
def test_bad_hyperparameters_are_rejected(make, kwargs, name):
    with pytest.raises(ValueError, match=name):
        make(**kwargs)


def test_non_numeric_hyperparameter_is_a_type_error():
    with pytest.raises(TypeError, match="beta2"):
        adam(beta2="0.999")
