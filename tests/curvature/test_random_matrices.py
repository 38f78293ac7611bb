"""curvlab.curvature.random_matrices: GOE variances and how often a random Hessian is definite."""

import math

import numpy as np
import pytest

from curvlab.curvature.random_matrices import goe_matrices, positive_definite_fraction
from curvlab.problems.symbolic import symbolic_objective

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


# --- the classifier -----------------------------------------------------------------------


# --- finding critical points two ways -----------------------------------------------------


def _x4_plus_y2():
    return symbolic_objective("x**4 + y**2", window=((-1.5, 1.5), (-1.5, 1.5)))


# --- random symmetric matrices ------------------------------------------------------------


def test_goe_has_the_right_variances():
    A = goe_matrices(3, 40_000, np.random.default_rng(1))
    assert np.var(A[:, 0, 0]) == pytest.approx(1.0, rel=0.03)
    assert np.var(A[:, 0, 1]) == pytest.approx(0.5, rel=0.03)
    np.testing.assert_array_equal(A, np.swapaxes(A, 1, 2))


def test_two_by_two_goe_probability_matches_the_closed_form():
    # P(H > 0) = P(m > sqrt(u² + b²)) with m, u, b i.i.d. N(0, 1/2): (1 − 1/√2) / 2.
    exact = (2.0 - math.sqrt(2.0)) / 4.0
    estimate = positive_definite_fraction(2, 200_000, np.random.default_rng(2))
    assert estimate.low < exact < estimate.high
    one = positive_definite_fraction(1, 100_000, np.random.default_rng(3))
    assert one.low < 0.5 < one.high


def test_positive_definite_fraction_falls_faster_than_coin_flips():
    estimate = positive_definite_fraction(4, 100_000, np.random.default_rng(4))
    assert estimate.high < 2.0**-4 / 4


def test_random_matrix_arguments_are_checked():
    with pytest.raises(TypeError, match="rng"):
        positive_definite_fraction(2, 10, None)
    with pytest.raises(ValueError, match="samples must be at least 1"):
        positive_definite_fraction(2, 0, np.random.default_rng())


# --- gradient descent near a saddle -------------------------------------------------------


# --- figures and the exploration ----------------------------------------------------------
