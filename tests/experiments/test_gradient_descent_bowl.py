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


def test_comparison_figure_draws_one_labelled_path_per_run():
    runs = bowl_runs(10, [0.19, 0.21], maxiter=400)
    figure = step_size_comparison_figure(runs)
    legend = [t.get_text() for t in figure.axes[1].get_legend().get_texts()]
    assert legend[0].startswith("η = 0.19: converged") and "diverged" in legend[1]
    assert "2/κ = 0.2" in figure.get_suptitle()
