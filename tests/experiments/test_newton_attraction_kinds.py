"""Newton on the gradient: endpoints against sympy's critical points and a closed-form saddle."""

import numpy as np
import pytest

from curvlab import himmelblau, saddle
from curvlab.curvature import solve_critical_points
from curvlab.experiments.newton_attraction.compute import (
    endpoint_kinds,
    grid_starts,
    newton_endpoints,
)

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


def test_on_a_quadratic_saddle_every_start_lands_on_it():
    starts = np.random.default_rng(0).uniform(-3, 3, size=(20, 2))
    ends = newton_endpoints(saddle(), starts)
    assert ends.converged.all()
    np.testing.assert_allclose(ends.points, 0.0, atol=1e-12)
    assert endpoint_kinds(ends) == {"saddle": 20}


def test_himmelblau_endpoints_are_sympys_critical_points_of_every_kind():
    exact = solve_critical_points(HIMMELBLAU)
    starts = grid_starts(((-5, 5), (-5, 5)), 15)
    assert starts.shape == (225, 2) and starts.min() == -5 and starts.max() == 5
    ends = newton_endpoints(himmelblau(), starts)
    for point in ends.points[ends.converged]:
        assert np.min(np.linalg.norm(exact - point, axis=1)) < 1e-8
    counts = endpoint_kinds(ends)
    assert counts["minimum"] > 0 and counts["saddle"] > 0 and counts["maximum"] > 0
    assert sum(counts.values()) == 225


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="starts"):
        newton_endpoints(saddle(), [0.0, 1.0])
    with pytest.raises(ValueError, match="positive"):
        newton_endpoints(saddle(), [[0.0, 1.0]], tol=0.0)
    with pytest.raises(ValueError, match="window"):
        grid_starts(((1, -1), (0, 1)), 5)
    with pytest.raises(ValueError, match="per_axis"):
        grid_starts(((-1, 1), (0, 1)), 0)
