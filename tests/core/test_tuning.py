"""tune (a widening log-grid search) and counted_run (evaluation counts of one run)."""

import math

import numpy as np
import pytest

from curvlab import bowl, gradient_descent, quadratic, run
from curvlab.core.tuning import (
    counted_run,
    final_value,
    settled_value,
    steps_to_converge,
    tune,
    tuned_run,
)
from curvlab.optimizers import lbfgs, sophia


def parabola_in_log(centre: float):
    """Score (log v − log centre)²: its minimizer over any geometric grid is the closest point."""
    return lambda v: (math.log(v) - math.log(centre)) ** 2


@pytest.mark.parametrize("centre", [1e-4, 0.03, 1.5, 7.0, 3e3])
def test_widens_until_the_optimum_is_bracketed(centre):
    grid = [0.1, 1.0, 10.0]
    result = tune(parabola_in_log(centre), grid, lambda s: s, max_widenings=20)
    # Oracle: the grid point 10^k closest to the centre in log, found by rounding.
    expected = 10.0 ** round(math.log10(centre))
    assert result.value == pytest.approx(expected)
    assert result.interior
    assert result.grid[0] < result.value < result.grid[-1]
    assert np.allclose(result.grid[1:] / result.grid[:-1], 10.0)
    assert result.scores == pytest.approx([parabola_in_log(centre)(v) for v in result.grid])
    inside = expected == 1.0  # the middle of the starting grid: nothing to widen
    assert (result.widenings == 0) == inside


def test_reports_an_edge_optimum_when_the_bound_stops_it():
    result = tune(parabola_in_log(1e6), [0.1, 1.0, 10.0], lambda s: s, max_widenings=2)
    assert not result.interior
    assert result.widenings == 2
    assert result.value == pytest.approx(1e3) == result.grid[-1]
    limited = tune(parabola_in_log(1e6), [0.1, 1.0], lambda s: s, limits=(0.0, 5.0))
    assert not limited.interior and limited.widenings == 0 and limited.value == 1.0


def test_failures_everywhere_widen_both_ends_and_are_not_interior():
    tried = []

    def fails(v):
        tried.append(v)
        return math.inf

    result = tune(fails, [1.0, 2.0], lambda s: s, max_widenings=4)
    assert not result.interior and result.score == math.inf
    assert sorted(tried) == pytest.approx([0.25, 0.5, 1.0, 2.0, 4.0, 8.0])


def test_tunes_the_step_of_gradient_descent_like_a_dense_scan():
    # Oracle: every step on a fine geometric grid run one by one, best count read off directly.
    f = bowl(10.0)
    grid = 0.01 * 2.0 ** np.arange(8)  # 0.01 ... 1.28; 2/L = 0.2 diverges beyond
    counts = {lr: run(f, gradient_descent(lr), [1.0, 1.0]).nit for lr in grid}
    counts = {
        lr: (n if run(f, gradient_descent(lr), [1.0, 1.0]).success else math.inf)
        for lr, n in counts.items()
    }
    result = tune(lambda lr: run(f, gradient_descent(lr), [1.0, 1.0]), grid[:2])
    assert result.value == pytest.approx(min(counts, key=counts.get))
    assert result.score == min(counts.values())
    assert result.interior
    assert result.result.nit == result.score


def test_steps_to_converge():
    f = bowl(10.0)
    assert steps_to_converge(run(f, gradient_descent(0.1), [1.0, 1.0])) < math.inf
    assert steps_to_converge(run(f, gradient_descent(0.3), [1.0, 1.0])) == math.inf
    assert steps_to_converge(run(f, gradient_descent(0.001), [1.0, 1.0], maxiter=5)) == math.inf
    with pytest.raises(TypeError, match="trajectory"):
        steps_to_converge(3)


def test_final_value():
    f = bowl(10.0)
    short = run(f, gradient_descent(0.01), [1.0, 1.0], maxiter=5)
    assert final_value(short) == pytest.approx(f.value(short.xs[-1]))
    assert final_value(run(f, gradient_descent(0.3), [1.0, 1.0])) == math.inf
    with pytest.raises(TypeError, match="trajectory"):
        final_value(None)


def test_bad_arguments():
    with pytest.raises(ValueError, match="grid"):
        tune(abs, [1.0, 2.0, 5.0], lambda s: s)
    with pytest.raises(ValueError, match="grid"):
        tune(abs, [-1.0, 1.0], lambda s: s)
    with pytest.raises(ValueError, match="factor"):
        tune(abs, [1.0], lambda s: s)
    with pytest.raises(ValueError, match="factor"):
        tune(abs, [1.0], lambda s: s, factor=0.5)
    with pytest.raises(ValueError, match="limits"):
        tune(abs, [1.0, 2.0], lambda s: s, limits=(0.0, 1.5))
    with pytest.raises(TypeError, match="run_at"):
        tune(3, [1.0, 2.0], lambda s: s)
    with pytest.raises(ValueError, match="max_widenings"):
        tune(abs, [1.0, 2.0], lambda s: s, max_widenings=-1)


def test_counted_run_counts_each_kind_of_call():
    f = quadratic(np.diag([1.0, 4.0, 9.0]))
    x0 = np.ones(3)
    t, counts = counted_run(f, gradient_descent(0.1), x0)
    assert t.nit == run(f, gradient_descent(0.1), x0).nit
    assert counts.gradients == t.nit + 1 == counts.gradient_equivalents
    assert counts.values == counts.hessian_vector_products == counts.hessians == 0
    # Sophia draws one probe at steps 1, 1 + k, 1 + 2k, ...: ceil(nit / k) products.
    t, counts = counted_run(f, sophia(0.05, gamma=0.05, k=7), x0, maxiter=50)
    assert counts.hessian_vector_products == math.ceil(t.nit / 7)
    assert counts.gradient_equivalents == counts.gradients + 2 * counts.hessian_vector_products
    # L-BFGS's line search evaluates f at least once per step.
    t, counts = counted_run(f, lbfgs(), x0)
    assert t.success and counts.values >= t.nit
    assert counts.gradient_equivalents == counts.gradients + counts.values
    with pytest.raises(TypeError, match="objective"):
        counted_run("f", gradient_descent(0.1), x0)


def test_settled_value_is_the_median_of_the_last_values():
    f = bowl(10.0)
    t = run(f, gradient_descent(0.199), [1.0, 1.0], maxiter=40)  # rattles across the valley
    # Oracle: the values recomputed from the iterates, then their median by sorting.
    values = sorted(f.value(x) for x in t.xs[-7:])
    assert settled_value(t, window=7) == pytest.approx(values[3])
    assert settled_value(t, window=1000) == pytest.approx(np.median([f.value(x) for x in t.xs]))
    assert settled_value(run(f, gradient_descent(0.3), [1.0, 1.0])) == math.inf
    with pytest.raises(ValueError, match="window"):
        settled_value(t, window=0)


def test_tuned_run_reports_a_best_step_at_the_edge_of_its_grid():
    # Oracle: on bowl(10) steps up to 2/L = 0.2 converge, faster the larger (below 1/L = 0.1),
    # so on a grid that stops at 0.02 the best step is its largest value: at the edge.
    f = bowl(10.0)
    edge = tuned_run(f, gradient_descent, [0.01, 0.02], [1.0, 1.0], max_widenings=0)
    assert not edge.interior and edge.value == 0.02 == edge.grid[-1]
    widened = tuned_run(f, gradient_descent, [0.01, 0.02], [1.0, 1.0])
    assert widened.interior and widened.grid[0] < widened.value < widened.grid[-1]
