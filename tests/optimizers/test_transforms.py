"""The optimizer pieces, each against a hand computation or a closed form."""

from __future__ import annotations

import numpy as np
import pytest

from curvlab.optimizers.muon import orthogonalize
from curvlab.optimizers.preconditioned import precondition
from curvlab.optimizers.sam import sharpness_aware
from curvlab.optimizers.sophia import CurvatureState, scale_by_hutchinson_curvature
from curvlab.optimizers.transforms import (
    EmaState,
    Transform,
    as_optimizer,
    chain,
    clip,
    ema,
    named_state,
    normalize,
    scale,
    scale_by_rms,
    scale_by_root_sum_of_squares,
    trace,
)
from curvlab.problems.quadratic import quadratic

X = np.array([1.0, -2.0, 0.5])


def apply(transform: Transform, grads, x=X, derivatives=None):
    """Feed ``grads`` through ``transform`` (each as both updates and gradient)."""
    state = transform.init(x)
    outputs = []
    for g in grads:
        g = np.asarray(g, dtype=float)
        out, state = transform.update(g, state, g, x, derivatives)
        outputs.append(out)
    return outputs, state


G1, G2, G3 = np.array([1.0, 2.0, -3.0]), np.array([-0.5, 4.0, 1.0]), np.array([2.0, 0.0, 1.0])


def test_scale_multiplies():
    (out,), state = apply(scale(-0.1), [G1])
    np.testing.assert_allclose(out, -0.1 * G1)
    assert state is None and not scale(2.0).stateful


def test_trace_sums_geometrically():
    beta = 0.5
    outputs, velocity = apply(trace(beta), [G1, G2, G3])
    np.testing.assert_allclose(outputs[-1], beta**2 * G1 + beta * G2 + G3)
    np.testing.assert_allclose(velocity, outputs[-1])
    nesterov, _ = apply(trace(beta, nesterov=True), [G1, G2])
    np.testing.assert_allclose(nesterov[-1], beta * (beta * G1 + G2) + G2)


def test_ema_is_unbiased_on_a_constant_stream():
    outputs, state = apply(ema(0.9, debias=True), [G1, G1, G1])
    for out in outputs:
        np.testing.assert_allclose(out, G1, rtol=1e-15)
    assert isinstance(state, EmaState) and state.t == 3
    np.testing.assert_allclose(state.mean, (1 - 0.9**3) * G1)
    plain, _ = apply(ema(0.9), [G1])
    np.testing.assert_allclose(plain[0], 0.1 * G1)


def test_scale_by_rms_divides_by_the_root_mean_square():
    rho, eps = 0.8, 1e-8
    (_, second), s = apply(scale_by_rms(rho, eps), [G1, G2])
    s1 = (1 - rho) * G1**2
    s2 = rho * s1 + (1 - rho) * G2**2
    np.testing.assert_allclose(second, G2 / (np.sqrt(s2) + eps))
    np.testing.assert_allclose(s, s2)
    (debiased,), state = apply(scale_by_rms(rho, eps, debias=True), [G1])
    np.testing.assert_allclose(debiased, G1 / (np.abs(G1) + eps))
    assert state.t == 1


def test_root_sum_of_squares_accumulates():
    outputs, total = apply(scale_by_root_sum_of_squares(1e-10), [G1, G2])
    np.testing.assert_allclose(total, G1**2 + G2**2)
    np.testing.assert_allclose(outputs[1], G2 / (np.sqrt(G1**2 + G2**2) + 1e-10))


def test_normalize_and_clip():
    (out,), _ = apply(normalize(), [G1])
    np.testing.assert_allclose(np.linalg.norm(out), 1.0)
    (zero,), _ = apply(normalize(), [np.zeros(3)])
    assert np.array_equal(zero, np.zeros(3))
    (clipped,), _ = apply(clip(1.5), [G1])
    np.testing.assert_array_equal(clipped, [1.0, 1.5, -1.5])


def test_a_chain_applies_its_pieces_in_order_and_keeps_their_states():
    # heavy ball by hand: v1 = -lr g1, v2 = beta v1 - lr g2
    lr, beta = 0.1, 0.5
    outputs, velocity = apply(chain(scale(-lr), trace(beta)), [G1, G2])
    np.testing.assert_allclose(outputs[1], beta * (-lr * G1) - lr * G2)
    np.testing.assert_allclose(velocity, outputs[1])  # one stateful piece: its state alone
    assert apply(chain(scale(1.0), normalize()), [G1])[1] is None
    _, both = apply(chain(ema(0.9), scale_by_rms(0.9, 1e-8)), [G1])
    assert isinstance(both, tuple) and len(both) == 2


def test_a_chain_refuses_what_is_not_a_piece():
    with pytest.raises(ValueError, match="transforms"):
        chain()
    with pytest.raises(TypeError, match=r"transforms\[1\]"):
        chain(scale(1.0), lambda g: g)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: scale(float("nan")), "factor"),
        (lambda: trace(1.0), "beta"),
        (lambda: ema(-0.1), "beta"),
        (lambda: scale_by_rms(0.9, 0.0), "eps"),
        (lambda: clip(0.0), "limit"),
    ],
)
def test_a_piece_checks_its_arguments(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def test_named_state_shows_a_state_of_its_own():
    piece = named_state(trace(0.5), lambda v: {"velocity": v}, lambda d: d["velocity"])
    _, state = apply(piece, [G1, G2])
    np.testing.assert_allclose(state["velocity"], 0.5 * G1 + G2)
    optimizer = as_optimizer("test", piece, {})
    step, _ = optimizer.update(G1, optimizer.init(X), X, None)
    np.testing.assert_allclose(step, G1)


def test_precondition_solves_with_its_matrix():
    P = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 2.0]])
    (out,), _ = apply(precondition(P), [G1])
    np.testing.assert_allclose(out, np.linalg.solve(P, G1), rtol=1e-12)
    with pytest.raises(ValueError, match="x0 has length"):
        precondition(np.eye(2)).init(X)


def test_sharpness_aware_takes_the_gradient_at_the_perturbed_point():
    f = quadratic(np.diag([1.0, 4.0, 9.0]))
    g = f.gradient(X)
    (out,), _ = apply(sharpness_aware(0.1), [g], x=X, derivatives=f.unchecked)
    np.testing.assert_allclose(out, f.gradient(X + 0.1 * g / np.linalg.norm(g)))
    (same,), _ = apply(sharpness_aware(0.0), [g], x=X, derivatives=f.unchecked)
    assert np.array_equal(same, g)


def test_hutchinson_curvature_is_exact_on_a_diagonal_hessian():
    # one Rademacher probe u gives u * (D u) = diag(D) exactly, since u_i^2 = 1
    D = np.array([1.0, 4.0, 9.0])
    f = quadratic(np.diag(D))
    piece = scale_by_hutchinson_curvature(0.5, 1.0, 1e-12, 2, seed=0)
    outputs, state = apply(piece, [G1, G2, G3], derivatives=f.unchecked)
    assert isinstance(state, CurvatureState) and state.t == 3
    h1 = 0.5 * D  # refreshed at step 1
    np.testing.assert_allclose(outputs[0], G1 / h1)
    np.testing.assert_allclose(outputs[1], G2 / h1)  # not refreshed at step 2
    np.testing.assert_allclose(outputs[2], G3 / (0.5 * h1 + 0.5 * D))  # refreshed at step 3


def test_orthogonalize_flattens_the_singular_values():
    U = np.array([[3.0, 1.0], [1.0, 2.0], [0.0, 1.0]])
    (out,), _ = apply(orthogonalize((3, 2), 10), [U.ravel()], x=np.zeros(6))
    singular = np.linalg.svd(out.reshape(3, 2), compute_uv=False)
    # Muon's quintic maps every singular value into a band around 1, not onto it
    assert np.all((singular > 0.6) & (singular < 1.3)), singular
    left, _, right = np.linalg.svd(U, full_matrices=False)
    polar = left @ right
    assert np.sum(out.reshape(3, 2) * polar) > 0.9 * np.linalg.norm(polar) ** 2
