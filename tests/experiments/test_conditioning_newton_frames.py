"""Chapters 4 and 5's frames at every corner of their controls."""

import itertools

import numpy as np
import pytest

from curvlab.experiments.conditioning.compute import bowl_step_study, unit_sweep
from curvlab.experiments.conditioning.explore import (
    CONDITION_NUMBERS,
    PREPROCESSING,
    SCALED_STEPS,
    UNIT_FACTORS,
)
from curvlab.experiments.conditioning.figures import ConditioningFrame, RegressionScaleFrame
from curvlab.experiments.newton.compute import NEWTON_SETUPS, gradient_newton_runs
from curvlab.experiments.newton.explore import (
    DAMPINGS,
    basin_explorer,
)
from curvlab.experiments.newton.figures import GradientNewtonFrame
from curvlab.plotting.render import png_bytes
from curvlab.problems.least_squares import synthetic_housing

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def housing():
    return synthetic_housing(80, np.random.default_rng(1))


@pytest.mark.parametrize(
    ("kappa", "lr_scaled"),
    list(
        itertools.product(
            [min(CONDITION_NUMBERS), max(CONDITION_NUMBERS)], [min(SCALED_STEPS), max(SCALED_STEPS)]
        )
    ),
)
def test_condition_frame_survives_every_corner(kappa, lr_scaled):
    figure = ConditioningFrame().draw(bowl_step_study(kappa, lr_scaled, maxiter=500))
    assert ("diverges" in figure.get_suptitle()) == (lr_scaled >= 2.0)
    assert png_bytes(figure).startswith(PNG)


@pytest.mark.parametrize(
    ("factor", "preprocessing"),
    list(itertools.product([min(UNIT_FACTORS), max(UNIT_FACTORS)], list(PREPROCESSING))),
)
def test_regression_frame_survives_every_corner(housing, factor, preprocessing):
    curves = {
        label: unit_sweep(housing.features, housing.target, UNIT_FACTORS, center=c, scale=s)
        for label, (c, s) in PREPROCESSING.items()
    }
    figure = RegressionScaleFrame(curves).draw(factor, preprocessing)
    assert preprocessing in figure.get_suptitle()
    assert png_bytes(figure).startswith(PNG)


@pytest.mark.parametrize(("surface", "start"), list(itertools.product(list(NEWTON_SETUPS), [0, 3])))
def test_gradient_newton_frame_survives_every_surface_and_end_start(surface, start):
    figure = GradientNewtonFrame().draw(gradient_newton_runs(surface, start, maxiter=300))
    assert png_bytes(figure).startswith(PNG)


def test_basin_explorer_static_builds_and_its_corners_draw():
    exploration = basin_explorer(
        (min(DAMPINGS), max(DAMPINGS)), resolution=25, maxiter=20, static=True
    )
    assert exploration.mode == "static"
    method, damping = exploration.controls
    assert len(method.options) * len(damping.options) == 4
    assert len(exploration.frame_urls) == 4


def test_paths_on_bowls_figure_draws_every_run_with_its_outcome():
    from curvlab import bowl, gradient_descent, rotated_bowl, run
    from curvlab.experiments.newton import paths_on_bowls_figure

    bowls = [bowl(10.0), rotated_bowl(10.0, 45.0)]
    runs = [[run(f, gradient_descent(0.1), [1.0, 0.5], maxiter=50)] for f in bowls]
    figure = paths_on_bowls_figure(bowls, runs, ["GD"], ["aligned", "rotated"])
    for ax, trajectories in zip(figure.axes, runs, strict=True):
        (line,) = ax.lines
        np.testing.assert_array_equal(line.get_xdata(), trajectories[0].xs[:, 0])
        assert line.get_label().startswith("GD: ")
