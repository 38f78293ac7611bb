"""Least squares as a quadratic and feature normalization, against numpy's own solvers."""

import numpy as np
import pytest

from curvlab.core.runner import run
from curvlab.core.spectrum import condition_number
from curvlab.experiments.conditioning.compute import rescale_feature, unit_sweep
from curvlab.optimizers.descent import gradient_descent
from curvlab.problems.least_squares import (
    design_matrix,
    least_squares,
    standardize,
    synthetic_housing,
)
from curvlab.theory.rates import optimal_step


@pytest.fixture(scope="module")
def data():
    return synthetic_housing(150, np.random.default_rng(7))


def test_minimizer_is_numpys_least_squares_solution(data):
    X = design_matrix(data.features)
    loss = least_squares(X, data.target)
    expected, *_ = np.linalg.lstsq(X, data.target, rcond=None)
    np.testing.assert_allclose(loss.minimizer, expected, rtol=1e-8)
    np.testing.assert_allclose(loss.A, X.T @ X / X.shape[0])
    w = np.array([1.0, -2.0, 3.0])
    assert loss.value(w) == pytest.approx(np.sum((X @ w - data.target) ** 2) / (2 * X.shape[0]))


def test_standardized_features_have_zero_mean_and_unit_variance(data):
    z = standardize(data.features).features
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1.0)


def test_standardized_hessian_is_the_correlation_matrix_bordered_by_one(data):
    z = standardize(data.features).features
    A = least_squares(design_matrix(z), data.target).A
    correlation = np.corrcoef(data.features.T)
    np.testing.assert_allclose(A[:2, :2], correlation, atol=1e-12)
    np.testing.assert_allclose(A[2], [0.0, 0.0, 1.0], atol=1e-12)
    rho = abs(correlation[0, 1])
    assert condition_number(A) == pytest.approx((1 + rho) / (1 - rho))


def test_centering_decouples_the_intercept_and_scaling_equalizes_the_diagonal(data):
    centered = least_squares(
        design_matrix(standardize(data.features, scale=False).features), 0 * data.target
    )
    np.testing.assert_allclose(centered.A[:2, 2], 0.0, atol=1e-10)
    scaled = least_squares(
        design_matrix(standardize(data.features, center=False).features), data.target
    )
    np.testing.assert_allclose(np.diag(scaled.A), 1.0)
    assert scaled.A[0, 2] > 0.8  # the mean still couples income to the intercept


def test_closed_form_cost_matches_an_actual_run_after_standardization(data):
    z = standardize(data.features).features
    loss = least_squares(design_matrix(z), data.target)
    trajectory = run(loss, gradient_descent(optimal_step(loss.A)), np.zeros(3))
    _, _, cost = unit_sweep(data.features, data.target, [1.0], center=True, scale=True)
    assert trajectory.success
    assert trajectory.n_grad == cost[0]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: synthetic_housing(2, np.random.default_rng(0)), ValueError),
        (lambda: synthetic_housing(10, None), TypeError),
        (lambda: design_matrix(np.ones(5)), ValueError),
        (lambda: design_matrix([[1.0, np.nan], [2.0, 3.0]]), ValueError),
        (lambda: standardize([[1.0, 2.0], [1.0, 3.0]]), ValueError),
        (lambda: least_squares(np.ones((4, 2)), np.ones(3)), ValueError),
        (lambda: rescale_feature(np.ones((4, 2)), 2, 1.0), ValueError),
        (lambda: rescale_feature(np.ones((4, 2)), 0, -1.0), ValueError),
        (lambda: unit_sweep(np.ones((4, 2)) + np.eye(4, 2), np.ones(4), [0.0]), ValueError),
    ],
)
def test_bad_input_is_rejected(call, error):
    with pytest.raises(error):
        call()
