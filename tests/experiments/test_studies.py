"""The chapters' studies, moved out of notebook cells, against the pieces they are built from."""

import numpy as np
import pytest

from curvlab import run
from curvlab.experiments.adaptive import (
    bowl_comparison,
    fisher_study,
    layer_race,
    quadratic_second_moment,
    replay_states,
)
from curvlab.experiments.adaptive.compute import logistic_hessian, logistic_problem
from curvlab.experiments.critical_points import escape_step, escape_study, predicted_escape_steps
from curvlab.optimizers import adam, gradient_descent, newton
from curvlab.problems import double_well, random_kronecker_least_squares, rotated_bowl


def test_escape_study_is_escape_step_of_single_runs_and_its_slope():
    distances = np.array([1e-2, 1e-6])
    study = escape_study((1.0,), distances)
    single = [
        escape_step(
            run(double_well(1.0), gradient_descent(0.1), [1.0, d], tol=1e-14, maxiter=5_000),
            [0, 0],
            [0, 1],
            0.5,
        )
        for d in distances
    ]
    assert study.measured[1.0] == single
    assert study.predicted[1.0] == [predicted_escape_steps(0.1, -1.0, d, 0.5) for d in distances]
    slope = (single[1] - single[0]) / np.log(1e4)
    assert study.slopes[1.0] == pytest.approx(slope)


def test_bowl_comparison_newton_takes_one_step_and_rotation_hurts_adam_only():
    rows = bowl_comparison((100,), [0.3, 0.1], [-1.5, 1.0])
    axis, rotated = rows
    assert (axis.label, rotated.label) == ("axis", "rotated")
    assert axis.newton == rotated.newton == 1
    assert rotated.adam > axis.adam  # Adam rescales coordinates: a rotation costs it steps
    direct = run(rotated_bowl(100, 45), newton(), [-1.5, 1.0])
    assert rotated.newton == direct.nit


def test_fisher_study_draws_in_the_chapter_order():
    study = fisher_study(2_000, [0.5, 2.0], np.random.default_rng(1), n_steps=200)
    again = logistic_problem(2_000, [0.5, 2.0], np.random.default_rng(1))
    np.testing.assert_array_equal(study.problem.X, again.X)
    np.testing.assert_allclose(study.curvature, np.diag(logistic_hessian(again, again.theta_true)))
    assert np.all(study.v_b1 > 0) and study.v_b16.shape == study.v_away.shape == (2,)


def test_quadratic_second_moment_replays_adam():
    moment = quadratic_second_moment([0.5, 2.0], early=2)
    states = replay_states(moment.objective, adam(0.1), moment.trajectory)
    np.testing.assert_array_equal(moment.v_early, states[2].corrected(0.9, 0.999)[1])


def test_layer_race_runs_every_optimizer_on_the_layer():
    layer = random_kronecker_least_squares(3, 4, 5.0, 5.0, np.random.default_rng(0))
    contenders = layer_race(layer, np.zeros(layer.dim), maxiter=200)
    assert len(contenders) == 8
    assert contenders[-1].trajectory.nit == 1  # K-FAC with the exact factors is Newton: one step
