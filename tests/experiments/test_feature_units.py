"""Chapter 4's feature-units study: κ and the cost of gradient descent as one unit changes."""

import numpy as np
import pytest

from curvlab.experiments.conditioning.compute import rescale_feature, unit_sweep
from curvlab.problems.least_squares import (
    synthetic_housing,
)


@pytest.fixture(scope="module")
def data():
    return synthetic_housing(150, np.random.default_rng(7))


def test_unit_sweep_kappa_and_cost_move_together_and_normalization_removes_units(data):
    factors = np.array([0.1, 1.0, 10.0])
    _, raw_kappa, raw_cost = unit_sweep(data.features, data.target, factors)
    assert np.all(np.diff(raw_kappa) > 0) and np.all(np.diff(raw_cost) > 0)
    _, std_kappa, std_cost = unit_sweep(
        data.features, data.target, factors, center=True, scale=True
    )
    np.testing.assert_allclose(std_kappa, std_kappa[0])
    assert np.all(std_cost == std_cost[0])


def test_rescale_feature_changes_one_column_only(data):
    scaled = rescale_feature(data.features, 0, 1000.0)
    np.testing.assert_allclose(scaled[:, 0], 1000.0 * data.features[:, 0])
    np.testing.assert_array_equal(scaled[:, 1], data.features[:, 1])
