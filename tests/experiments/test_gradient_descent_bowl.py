"""Chapter 1's experiment: the runs on the bowl, computed once and drawn as given."""

import numpy as np
import pytest

from curvlab import bowl, gradient_descent, run
from curvlab.experiments.gradient_descent import (
    BOWL_START,
    bowl_run,
    bowl_runs,
    step_size_comparison_figure,
)


def test_bowl_run_is_the_runner_on_the_bowl_with_the_theory_beside_it():
    result = bowl_run(0.15, 8.0)
    direct = run(bowl(8.0), gradient_descent(0.15), BOWL_START, maxiter=2_000)
    np.testing.assert_array_equal(result.trajectory.xs, direct.xs)
    assert result.bound == pytest.approx(2 / 8)
    assert result.rate == pytest.approx(max(abs(1 - 0.15), abs(1 - 0.15 * 8)))
    with pytest.raises(ValueError, match="lr"):
        bowl_run(-0.1, 8.0)


def test_comparison_figure_gives_each_run_its_own_panel_and_a_legend():
    """No run hides another: the bouncing run at the bound has a panel of its own."""
    runs = bowl_runs(10, [0.19, 0.20, 0.21], maxiter=400)
    figure = step_size_comparison_figure(runs)
    *paths, loss = figure.axes
    assert len(paths) == 3
    titles = [ax.get_title() for ax in paths]
    assert titles[0].startswith("η = 0.19") and "converged" in titles[0]
    assert "not converged" in titles[1] and "diverged" in titles[2]
    ys = paths[1].lines[0].get_ydata()
    np.testing.assert_allclose(np.abs(ys), 1.0)  # y bounces between +1 and -1 for ever
    legend = [t.get_text() for t in loss.get_legend().get_texts()]
    assert legend == ["η = 0.19", "η = 0.2", "η = 0.21"]
    assert "2/κ = 0.2" in figure.get_suptitle()
