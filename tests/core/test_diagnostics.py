"""Trajectory diagnostics against the closed-form dynamics of gradient descent."""

import numpy as np
import pytest

from curvlab import bowl, gradient_descent, rotated_bowl, run
from curvlab.core.diagnostics import eigen_coordinates, observed_rate, sign_flip_fraction


def test_eigen_coordinates_follow_the_decoupled_recursion():
    objective = rotated_bowl(8.0, 30.0)
    lr = 0.15
    trajectory = run(objective, gradient_descent(lr), [1.0, -0.5], maxiter=40, tol=1e-14)
    eigenvalues, q = objective.spectrum
    z = eigen_coordinates(trajectory, q)
    k = np.arange(len(z))[:, None]
    assert np.allclose(z, z[0] * (1.0 - lr * eigenvalues) ** k, atol=1e-13)


def test_zigzag_happens_exactly_when_the_factor_is_negative():
    steady = run(bowl(5.0), gradient_descent(0.15), [1.0, 1.0])  # 1 - 0.75 > 0
    zigzag = run(bowl(10.0), gradient_descent(0.15), [1.0, 1.0])  # 1 - 1.5 < 0
    assert sign_flip_fraction(steady, [0.0, 1.0]) == 0.0
    assert sign_flip_fraction(zigzag, [0.0, 1.0]) > 0.9
    assert sign_flip_fraction(zigzag, [1.0, 0.0]) == 0.0


def test_observed_rate_recovers_a_geometric_sequence():
    assert observed_rate(3.0 * 0.8 ** np.arange(20)) == pytest.approx(0.8)
    assert observed_rate(1.0 + 0.5 ** np.arange(10), floor=1.0) == pytest.approx(0.5)


def test_bad_input():
    trajectory = run(bowl(2.0), gradient_descent(0.1), [1.0, 1.0])
    with pytest.raises(ValueError, match="direction must be non-zero"):
        sign_flip_fraction(trajectory, [0.0, 0.0])
    with pytest.raises(ValueError, match="direction must have length 2"):
        sign_flip_fraction(trajectory, [1.0])
    with pytest.raises(ValueError, match="at least two"):
        observed_rate([1.0])
    with pytest.raises(ValueError, match="above floor"):
        observed_rate([1.0, 0.5], floor=2.0)
    with pytest.raises(ValueError, match="eigenvectors must be 2×2"):
        eigen_coordinates(trajectory, np.eye(3))
    standing = run(bowl(2.0), gradient_descent(0.1), [0.0, 0.0])
    with pytest.raises(ValueError, match="at least one step"):
        sign_flip_fraction(standing, [1.0, 0.0])
