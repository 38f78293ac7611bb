"""−ln P / n² of the GOE positive-definite probability, against the exact P₂ = (2 − √2)/4."""

from types import SimpleNamespace

import numpy as np
import pytest

from curvlab.curvature.random_matrices import DEAN_MAJUMDAR_THETA, positive_definite_fraction
from curvlab.experiments.critical_points.figures import rate_limit_figure
from curvlab.experiments.goe_rate.compute import leading_order_ratios, rate_estimates


def test_rates_of_exact_probabilities():
    exact = [
        SimpleNamespace(n=1, hits=1, fraction=0.5, low=0.45, high=0.55),
        SimpleNamespace(n=2, hits=1, fraction=(2 - np.sqrt(2)) / 4, low=0.1, high=0.2),
        SimpleNamespace(n=3, hits=0, fraction=0.0, low=0.0, high=1e-3),
    ]
    rates = rate_estimates(exact)
    assert rates.n.tolist() == [1, 2]
    np.testing.assert_allclose(rates.rate, [np.log(2), -np.log((2 - np.sqrt(2)) / 4) / 4])
    np.testing.assert_allclose(rates.low, [-np.log(0.55), -np.log(0.2) / 4])
    assert np.all(rates.low <= rates.rate) and np.all(rates.rate <= rates.high)
    ratios = leading_order_ratios(exact, DEAN_MAJUMDAR_THETA)
    assert ratios[0] == pytest.approx(np.exp(-np.log(3) / 4) / 0.5)
    assert np.isinf(ratios[2])


def test_measured_rates_lie_above_theta_and_fall_with_n():
    rng = np.random.default_rng(11)
    estimates = [positive_definite_fraction(n, 100_000, rng) for n in (2, 3, 4)]
    rates = rate_estimates(estimates)
    assert np.all(rates.rate > DEAN_MAJUMDAR_THETA)
    assert np.all(np.diff(rates.rate) < 0)
    assert len(rate_limit_figure(estimates, DEAN_MAJUMDAR_THETA).axes) == 1


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="empty"):
        rate_estimates([])
    with pytest.raises(TypeError, match="fields"):
        rate_estimates([object()])
    with pytest.raises(ValueError, match="theta"):
        leading_order_ratios([SimpleNamespace(n=1, hits=1, fraction=0.5, low=0.4, high=0.6)], 0.0)
