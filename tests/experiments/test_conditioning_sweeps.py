"""Chapter 4: iterations against κ, η and n, checked against the closed-form theory."""

import numpy as np
import pytest

from curvlab.core.runner import Status
from curvlab.experiments.conditioning.compute import (
    KAPPA_METHODS,
    bowl_step_study,
    contraction_after,
    kappa_sweep,
    random_kappa_sweep,
    step_sweep,
)
from curvlab.problems.quadratic import bowl, random_spd_matrix
from curvlab.theory.rates import optimal_step, predicted_steps


def test_kappa_sweep_reproduces_the_classic_counts():
    assert kappa_sweep([1, 10, 50]).evaluations().tolist() == [2, 82, 445]


def test_on_a_diagonal_bowl_from_one_one_the_contraction_bound_is_exact():
    # At η* both components shrink by exactly (κ-1)/(κ+1) each step, so |g_k| = ρ^k |g_0|.
    sweep = kappa_sweep([2, 7, 30, 300])
    np.testing.assert_array_equal(sweep.nit["gradient descent"], sweep.bound["gradient descent"])
    np.testing.assert_allclose(
        sweep.rate["gradient descent"], (sweep.kappa - 1) / (sweep.kappa + 1)
    )


def test_cost_grows_like_kappa():
    sweep = kappa_sweep([100, 1000])
    ratio = sweep.evaluations()[1] / sweep.evaluations()[0]
    assert 9.0 < ratio < 11.5


def test_random_spd_runs_never_exceed_the_two_extreme_bound():
    rng = np.random.default_rng(3)
    kappas, counts = random_kappa_sweep(12, [10, 100], rng, trials=3)
    for kappa, row in zip(kappas, counts, strict=True):
        rate = (kappa - 1) / (kappa + 1)
        # start is a unit vector, so |g0| <= λmax = κ
        bound = 1 + int(np.ceil(np.log(kappa / 1e-6) / np.log(1 / rate)))
        assert np.all(row <= bound)
        assert np.all(row >= 0.3 * bound)


def test_step_sweep_counts_match_the_closed_form_and_diverge_past_the_bound():
    A = np.diag([1.0, 20.0])
    x0 = np.array([1.0, 1.0])
    lrs = np.array([0.01, 0.05, optimal_step(A), 0.099, 0.1001, 0.12])
    sweep = step_sweep(A, lrs, x0)
    for lr, count, status in zip(sweep.lr, sweep.evaluations, sweep.status, strict=True):
        expected = predicted_steps(A, float(lr), x0, 1e-6)
        if expected is None:
            assert status is Status.DIVERGED
            assert np.isnan(count)
        else:
            assert status is Status.CONVERGED
            assert count == expected + 1
    # the closed-form curve the figure draws: the same function on a grid of step sizes
    fine = predicted_steps(A, sweep.fine_lr, x0, 1e-6)
    np.testing.assert_array_equal(sweep.predicted, fine + 1)
    assert sweep.bound == pytest.approx(2 / 20) and sweep.kappa == pytest.approx(20)


def test_the_best_step_on_a_fine_grid_is_the_formula():
    rng = np.random.default_rng(0)
    A = random_spd_matrix(4, 30.0, rng)
    x0 = rng.standard_normal(4)
    best = optimal_step(A)
    lrs = np.linspace(0.5 * best, 1.02 * best, 53)
    counts = predicted_steps(A, lrs, x0, 1e-10)
    assert counts.tolist() == [predicted_steps(A, float(lr), x0, 1e-10) for lr in lrs]
    winner = lrs[int(np.argmin(counts))]
    assert abs(winner - best) / best < 0.05


def test_contraction_after_matches_the_worked_example():
    assert contraction_after(0.5, 5) == pytest.approx(0.03125)
    assert contraction_after(1 - 5e-5, 10_000) == pytest.approx(np.exp(-0.5), rel=1e-4)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: kappa_sweep([0.5]), ValueError),
        (lambda: kappa_sweep([10], x0=[1.0]), ValueError),
        (lambda: kappa_sweep([1000], maxiter=10), ValueError),
        (lambda: step_sweep(np.diag([1.0, -1.0]), [0.1], [1.0, 1.0]), ValueError),
        (lambda: step_sweep(np.eye(2), [0.0], [1.0, 1.0]), ValueError),
        (lambda: step_sweep([[1.0, 2.0], [0.0, 1.0]], [0.1], [1.0, 1.0]), ValueError),
        (lambda: random_kappa_sweep(3, [10], rng=None), TypeError),
        (lambda: random_kappa_sweep(1, [10], np.random.default_rng(0)), ValueError),
        (lambda: contraction_after("half", 3), TypeError),
        (lambda: contraction_after(0.5, 0), ValueError),
    ],
)
def test_bad_input_is_rejected(call, error):
    with pytest.raises(error):
        call()


def test_prediction_is_none_beyond_the_stability_bound_and_nan_on_a_grid():
    assert predicted_steps(bowl(10.0).A, 0.21, [1.0, 1.0], 1e-6) is None
    grid = predicted_steps(bowl(10.0).A, [0.1, 0.21], [1.0, 1.0], 1e-6)
    assert grid[0] == predicted_steps(bowl(10.0).A, 0.1, [1.0, 1.0], 1e-6)
    assert np.isnan(grid[1])


def test_momentum_follows_the_root_kappa_law_and_gradient_descent_the_kappa_law():
    sweep = kappa_sweep([10.0, 100.0], methods=KAPPA_METHODS, maxiter=20_000)
    assert sweep.nit["gradient descent"].tolist() == [81, 922]
    # Gradient descent's bound from its rate is within a step or two of the measurement.
    np.testing.assert_allclose(sweep.bound["gradient descent"], [81, 922], atol=2)
    for name in ("heavy ball", "Nesterov"):
        ratio = sweep.nit[name][1] / sweep.nit[name][0]
        assert 2.0 < ratio < 6.0, name  # about sqrt(10)
    with pytest.raises(ValueError, match="methods"):
        kappa_sweep([10.0], methods=("Adam",))


def test_bowl_step_study_matches_a_direct_run_and_the_closed_form():
    study = bowl_step_study(10.0, 1.0)
    assert study.lr == pytest.approx(0.1)
    assert study.evaluations == predicted_steps(np.diag([1.0, 10.0]), 0.1, [1.0, 1.0], 1e-6) + 1
    assert study.trajectory.n_grad == study.evaluations
    assert study.rate == pytest.approx(0.9)
    assert study.bound == pytest.approx(0.2) and study.lr_star == pytest.approx(2 / 11)
    assert bowl_step_study(10.0, 2.2).evaluations is None
    # the curve is computed once per κ: a second study at another step reuses it
    assert bowl_step_study(10.0, 0.5).curve is study.curve


def test_step_sweep_figure_draws_the_curve_it_is_given():
    from curvlab.experiments.conditioning.figures import step_sweep_figure

    A = np.diag([1.0, 20.0])
    sweep = step_sweep(A, [0.01, 0.05, 0.1001], [1.0, 1.0])
    figure = step_sweep_figure(sweep)
    curve = figure.axes[0].lines[0]
    np.testing.assert_array_equal(curve.get_xdata(), sweep.fine_lr)
    np.testing.assert_array_equal(curve.get_ydata(), sweep.predicted)
