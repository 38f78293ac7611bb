"""Basin maps of Newton-type iterations, checked point by point against curvlab.run."""

import numpy as np
import pytest

from curvlab.core.runner import run
from curvlab.curvature.critical_points import Kind, find_critical_points
from curvlab.experiments.newton.compute import basin_map, slowest_start, sorted_by_kind
from curvlab.optimizers.newton import (
    SingularHessianError,
    levenberg_marquardt,
    newton,
    saddle_free_newton,
)
from curvlab.problems.surfaces import himmelblau, saddle


@pytest.fixture(scope="module")
def himmelblau_points():
    return sorted_by_kind(find_critical_points(himmelblau()))


def test_himmelblau_has_four_minima_four_saddles_and_one_maximum(himmelblau_points):
    kinds = [p.kind for p in himmelblau_points]
    assert kinds == [Kind.MINIMUM] * 4 + [Kind.SADDLE] * 4 + [Kind.MAXIMUM]
    objective = himmelblau()
    for point in himmelblau_points:
        assert np.linalg.norm(objective.gradient(point.x)) < 1e-8
    minima = np.array([p.x for p in himmelblau_points[:4]])
    assert any(np.allclose(m, [3.0, 2.0]) for m in minima)
    np.testing.assert_allclose([objective.value(m) for m in minima], 0.0, atol=1e-14)
    maximum = himmelblau_points[-1].x
    np.testing.assert_allclose(maximum, [-0.270845, -0.923039], atol=1e-6)
    assert objective.value(maximum) == pytest.approx(181.617, abs=1e-3)


@pytest.mark.parametrize(
    ("method", "damping", "optimizer"),
    [
        ("newton", 0.0, newton()),
        ("newton", 12.0, levenberg_marquardt(12.0)),
        ("saddle_free", 0.0, saddle_free_newton(1e-12)),
    ],
)
def test_vectorized_map_agrees_with_single_runs(himmelblau_points, method, damping, optimizer):
    objective = himmelblau()
    axis = np.linspace(-4.7, 4.3, 7)
    basins = basin_map(
        objective, himmelblau_points, axis, axis, method=method, damping=damping, maxiter=80
    )
    for i, y in enumerate(axis):
        for j, x in enumerate(axis):
            try:
                trajectory = run(objective, optimizer, [x, y], tol=1e-8, maxiter=80)
            except SingularHessianError:
                assert basins.labels[i, j] == -1
                continue
            label = basins.labels[i, j]
            if trajectory.success:
                assert label >= 0
                np.testing.assert_allclose(trajectory.x, himmelblau_points[label].x, atol=1e-4)
            else:
                assert label == -1


def test_pure_newton_reaches_saddles_and_saddle_free_newton_reaches_only_minima(himmelblau_points):
    axis = np.linspace(-5.0, 5.0, 41)
    objective = himmelblau()
    plain = basin_map(objective, himmelblau_points, axis, axis).fractions()
    free = basin_map(objective, himmelblau_points, axis, axis, method="saddle_free").fractions()
    assert plain["saddle"] > 0.2 and plain["maximum"] > 0.02
    assert free["saddle"] == 0.0 and free["maximum"] == 0.0 and free["minimum"] > 0.95
    assert sum(plain.values()) == pytest.approx(1.0)


def test_every_start_on_the_quadratic_saddle_goes_to_the_saddle_in_one_step():
    points = find_critical_points(saddle())
    assert [p.kind for p in points] == [Kind.SADDLE]
    axis = np.linspace(-1.0, 1.0, 9)
    basins = basin_map(saddle(), points, axis, axis)
    assert np.all(basins.labels == 0)
    assert basins.iterations.max() == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"method": "adam"}, ValueError),
        ({"damping": -1.0}, ValueError),
        ({"maxiter": 0}, ValueError),
    ],
)
def test_bad_basin_arguments_are_rejected(himmelblau_points, kwargs, error):
    axis = np.linspace(-1.0, 1.0, 3)
    with pytest.raises(error):
        basin_map(himmelblau(), himmelblau_points, axis, axis, **kwargs)


def test_basin_map_says_how_it_was_made(himmelblau_points):
    axis = np.linspace(-1.0, 1.0, 3)
    basins = basin_map(himmelblau(), himmelblau_points, axis, axis, damping=2.0)
    assert (basins.method, basins.damping) == ("newton", 2.0)


def test_gradient_newton_runs_match_single_runs_and_flag_a_singular_start():
    from curvlab.experiments.newton.compute import NEWTON_SETUPS, gradient_newton_runs

    runs = gradient_newton_runs("Rosenbrock", 0)
    lr, starts = NEWTON_SETUPS["Rosenbrock"]
    direct = run(runs.objective, newton(), starts[0], maxiter=100)
    np.testing.assert_array_equal(runs.newton.xs, direct.xs)
    assert runs.lr == lr and runs.gradient_descent.n_grad > runs.newton.n_grad
    # Himmelblau's start #0 is the origin, where Newton's step is defined (the maximum attracts)
    assert gradient_newton_runs("Himmelblau", 0).newton is not None


def test_slowest_start_of_the_damped_map_is_explained_by_a_saddle_and_the_minimum_factor():
    objective = himmelblau()
    points = sorted_by_kind(find_critical_points(objective))
    axis = np.linspace(-5.0, 5.0, 101)
    mu = 120.0
    basins = basin_map(objective, points, axis, axis, damping=mu, maxiter=300)
    slow = slowest_start(objective, basins)
    # second algorithm: the single run (numpy.linalg.solve) takes as many steps as the map's
    # slowest start (closed-form 2×2 eigendecompositions)
    arrived = basins.iterations[basins.labels >= 0]
    assert slow.run.nit == arrived.max()
    row, col = np.argwhere(basins.iterations == arrived.max())[0]
    np.testing.assert_array_equal(slow.start, [axis[col], axis[row]])
    np.testing.assert_allclose(slow.run.x, slow.minimum.x, atol=1e-6)
    # factors from numpy's eigenvalues of the Hessians at the saddle and the minimum
    saddle_low = np.linalg.eigvalsh(objective.hessian(slow.saddle.x)).min()
    assert saddle_low < 0 < saddle_low + mu
    assert slow.saddle_factor == pytest.approx(mu / (mu + saddle_low), rel=1e-9)
    minimum_low = np.linalg.eigvalsh(objective.hessian(slow.minimum.x)).min()
    assert slow.minimum_factor == pytest.approx(mu / (mu + minimum_low), rel=1e-9)
    expected = np.log(1e-8 / slow.run.grad_norm[0]) / np.log(mu / (mu + minimum_low))
    assert slow.factor_steps == pytest.approx(expected)
    # the run lingers at the saddle: the factor alone falls well short of the steps taken
    first, last = slow.near_saddle
    assert 0 < first < last and last - first > 20
    assert slow.factor_steps < slow.run.nit - (last - first) / 2
    distances = [np.hypot(*(x - slow.saddle.x)) for x in slow.run.xs]
    assert distances[first] < 0.1 and distances[last] < 0.1 and distances[last + 1] >= 0.1
    arrive = next(k for k, x in enumerate(slow.run.xs) if np.hypot(*(x - slow.minimum.x)) < 1.0)
    assert slow.final_steps == slow.run.nit - arrive


def test_slowest_start_refuses_maps_it_cannot_explain():
    objective = himmelblau()
    points = sorted_by_kind(find_critical_points(objective))
    axis = np.linspace(-5.0, 5.0, 5)
    with pytest.raises(ValueError, match="shifted Newton"):
        slowest_start(objective, basin_map(objective, points, axis, axis, maxiter=5))
    with pytest.raises(ValueError, match="shifted Newton"):
        free = basin_map(objective, points, axis, axis, method="saddle_free", damping=1.0)
        slowest_start(objective, free)
    with pytest.raises(ValueError, match="saddle"):
        minima = tuple(p for p in points if p.kind.value == "minimum")
        slowest_start(objective, basin_map(objective, minima, axis, axis, damping=1.0))
