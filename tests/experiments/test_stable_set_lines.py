"""The discrete stable set of the double well's saddle against sympy and actual runs."""

import numpy as np
import pytest
import sympy as sp

from curvlab import gradient_descent, run
from curvlab.experiments.stable_set.compute import stable_lines, two_cycle_height, well_map
from curvlab.problems import double_well


@pytest.mark.parametrize(("lr", "b"), [(0.1, 1.0), (0.05, 2.0), (0.3, 0.5)])
def test_first_level_is_plus_minus_sqrt_one_plus_one_over_eta_b(lr, b):
    levels = stable_lines(lr, b, 1)
    np.testing.assert_allclose(levels[1], [-np.sqrt(1 + 1 / (lr * b)), np.sqrt(1 + 1 / (lr * b))])


def test_every_line_maps_to_the_level_below_and_matches_sympy():
    lr, b = 0.1, 1.0
    levels = stable_lines(lr, b, 3)
    for k in range(1, 4):
        for c in levels[k]:
            image = well_map(c, lr, b)
            assert np.min(np.abs(levels[k - 1] - image)) < 1e-9 * max(1.0, abs(c))
    y = sp.symbols("y", real=True)
    step = y * (1 - sp.Rational(1, 10) * (y**2 - 1))
    level2 = set()
    for target in (sp.sqrt(11), -sp.sqrt(11)):
        level2 |= {float(r) for r in sp.solve(sp.Eq(step, target), y) if r.is_real}
    np.testing.assert_allclose(levels[2], sorted(level2), rtol=1e-12)


def test_runs_from_the_lines_converge_to_the_saddle_and_others_do_not():
    well = double_well(1.0)
    for c in stable_lines(0.1, 1.0, 2)[1]:
        trajectory = run(well, gradient_descent(0.1), [1.0, c], maxiter=5_000)
        assert trajectory.success
        assert np.linalg.norm(trajectory.x) < 1e-5
    off = run(well, gradient_descent(0.1), [1.0, np.sqrt(11.0) + 1e-3], maxiter=5_000)
    assert abs(abs(off.x[1]) - 1.0) < 1e-5


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="lr"):
        stable_lines(0.0)
    with pytest.raises(ValueError, match="levels"):
        stable_lines(0.1, 1.0, -1)
    with pytest.raises(ValueError, match="curvature"):
        well_map(1.0, 0.1, -1.0)


@pytest.mark.parametrize(("lr", "b"), [(0.1, 1.0), (0.05, 2.0), (0.3, 0.5)])
def test_the_lines_pile_up_at_the_two_cycle_and_runs_beyond_it_diverge(lr, b):
    height = two_cycle_height(lr, b)
    assert well_map(height, lr, b) == pytest.approx(-height, rel=1e-12)  # T(c) = −c
    tops = [level.max() for level in stable_lines(lr, b, 8)[1:]]
    assert np.all(np.diff(tops) > 0) and tops[-1] < height  # increasing, from below
    assert height - tops[-1] < 1e-2 * (height - tops[0])  # and closing in
    y = height * (1 + 1e-3)
    for _ in range(60):
        y = well_map(y, lr, b)
        if abs(y) > 1e6:
            break
    assert abs(y) > 1e6


def test_runs_beyond_the_two_cycle_diverge_and_runs_inside_do_not():
    well = double_well(1.0)
    height = two_cycle_height(0.1, 1.0)
    assert run(well, gradient_descent(0.1), [1.0, height + 0.01], maxiter=5_000).status.name == (
        "DIVERGED"
    )
    inside = run(well, gradient_descent(0.1), [1.0, height - 0.01], maxiter=5_000)
    assert inside.success
