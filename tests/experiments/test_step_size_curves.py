"""ρ(η) and the per-eigen-component decay against closed forms and the package's runner."""

import numpy as np
import pytest

from curvlab import contraction_factors, optimal_rate, optimal_step, random_spd_matrix
from curvlab.experiments.gradient_descent.figures import eigen_decay_figure, rate_curve_figure
from curvlab.experiments.step_size.compute import (
    crossover_step,
    eigen_component_decay,
    rate_curve,
    slowest_direction,
)


def test_rate_curve_is_the_largest_contraction_factor():
    A = random_spd_matrix(5, 30.0, np.random.default_rng(1))
    eigenvalues = np.linalg.eigvalsh(A)
    lrs = np.linspace(0.0, 3.0 / eigenvalues.max(), 97)
    expected = [contraction_factors(A, lr).max() if lr > 0 else 1.0 for lr in lrs]
    np.testing.assert_allclose(rate_curve(eigenvalues, lrs), expected, rtol=1e-12)


@pytest.mark.parametrize("kappa", [1.0, 4.0, 10.0, 1e3])
def test_minimum_of_the_v_is_eta_star_with_rate_kappa_minus_one_over_kappa_plus_one(kappa):
    eigenvalues = np.array([1.0, kappa])
    lrs = np.linspace(0.0, 2.0 / kappa, 200_001)
    curve = rate_curve(eigenvalues, lrs)
    assert lrs[np.argmin(curve)] == pytest.approx(2 / (1 + kappa), rel=1e-4)
    assert curve.min() == pytest.approx((kappa - 1) / (kappa + 1), abs=1e-6)
    A = np.diag(eigenvalues)
    assert crossover_step(eigenvalues) == pytest.approx(optimal_step(A))
    assert rate_curve(eigenvalues, [optimal_step(A)])[0] == pytest.approx(
        optimal_rate(A), abs=1e-15
    )
    assert rate_curve(eigenvalues, [2.0 / kappa])[0] == pytest.approx(1.0)


def test_steep_direction_is_slowest_exactly_beyond_the_crossover():
    eigenvalues = [1.0, 10.0]
    star = crossover_step(eigenvalues)
    for lr in np.linspace(0.01, 0.199, 60):
        flat, steep = abs(1 - lr), abs(1 - 10 * lr)
        expected = "steep" if steep > flat else "flat"
        if abs(lr - star) > 1e-6:
            assert slowest_direction(eigenvalues, lr) == expected
            assert (expected == "steep") == (lr > star)
    assert slowest_direction(eigenvalues, star) == "tie"


def test_eigen_decay_matches_the_closed_form_and_a_rotated_run():
    A = np.array([[4.0, 1.5], [1.5, 2.0]])
    decay = eigen_component_decay(A, 0.3, [1.0, -0.5], 60)
    np.testing.assert_allclose(decay.measured, decay.predicted, rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(decay.eigenvalues, np.linalg.eigvalsh(A))
    np.testing.assert_allclose(np.abs(decay.factors), contraction_factors(A, 0.3))
    assert decay.measured.shape == (61, 2)


def test_figures_draw_and_bad_input_is_refused():
    assert len(rate_curve_figure([1.0, 10.0]).axes) == 1
    decay = eigen_component_decay(np.diag([1.0, 10.0]), 0.19, [-1.5, 1.0], 20)
    lines = eigen_decay_figure(decay).axes[0].lines
    assert len(lines) == 2 * 3 + 2  # per direction: the closed form, z > 0, z < 0; two keys
    with pytest.raises(ValueError, match="positive"):
        rate_curve([-1.0, 2.0], [0.1])
    with pytest.raises(ValueError, match="lrs"):
        rate_curve([1.0, 2.0], [-0.1])
    with pytest.raises(ValueError, match="lr"):
        slowest_direction([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="symmetric"):
        eigen_component_decay([[1.0, 2.0], [0.0, 1.0]], 0.1, [1.0, 1.0], 3)
    with pytest.raises(ValueError, match="n_steps"):
        eigen_component_decay(np.eye(2), 0.1, [1.0, 1.0], 0)


def test_eigen_decay_signs_follow_the_sign_of_the_factor():
    """sign(z_k) = sign(1 − ηλ)^k sign(z_0): a negative factor flips it at every step."""
    decay = eigen_component_decay(np.diag([1.0, 10.0]), 0.19, [-1.5, 1.0], 20)
    k = np.arange(21)
    np.testing.assert_array_equal(decay.signs[:, 0], -np.ones(21))  # factor +0.81, z0 = −1.5
    np.testing.assert_array_equal(decay.signs[:, 1], (-1.0) ** k)  # factor −0.9, z0 = +1
