"""Chapter 7's studies computed side by side (curvlab.core.parallel.fork_map) give exactly what
one process gives.

Oracle: the same call with ``CURVLAB_WORKERS=1``, where fork_map is a plain loop. Every array
and number of the two results must be equal, not close: the chapter prints them rounded, and
a training run near the edge of stability turns a last-digit difference into another step.
A spy on each module's fork_map checks that the two-worker call did hand its items to workers.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import curvlab.experiments.edge_of_stability.compute as eos_compute
import curvlab.experiments.network_curvature.compute as nc_compute
import curvlab.experiments.sharpness.compute as sharpness_compute
from curvlab.core import parallel
from curvlab.core.parallel import WORKERS_ENV
from curvlab.experiments import edge_of_stability as eos
from curvlab.experiments import sharpness as sh
from curvlab.experiments.network_curvature import compute as nc


def _leaves(value):
    """Every array and number inside ``value`` (dataclasses, named tuples, lists), in order."""
    if isinstance(value, np.ndarray):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f.name for f in dataclasses.fields(value) if f.name != "problem"]
        return [leaf for name in fields for leaf in _leaves(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, (bool, int, float, str, np.number)):
        return [np.asarray(value)]
    return []


def _same(first, second) -> None:
    a, b = _leaves(first), _leaves(second)
    assert len(a) == len(b) and a
    for x, y in zip(a, b, strict=True):
        assert x.dtype == y.dtype and x.shape == y.shape
        assert np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")


@pytest.fixture
def both_ways(monkeypatch):
    """Run a call with one worker, then with two, and return both results and how many items
    the two-worker call gave to fork_map."""

    def run(module, call):
        handed = []

        def spy(function, items, **options):
            items = list(items)
            handed.append(len(items))
            return parallel.fork_map(function, items, **options)

        monkeypatch.setattr(module, "fork_map", spy)
        monkeypatch.setenv(WORKERS_ENV, "1")
        alone = call()
        handed.clear()
        monkeypatch.setenv(WORKERS_ENV, "2")
        side_by_side = call()
        assert handed and max(handed) >= 2, "nothing was handed to the workers"
        return alone, side_by_side

    return run


@pytest.fixture(scope="module")
def small():
    return nc.digits_problem((6,), loss="mse", n_train=80)


def test_edge_runs(both_ways, small):
    _same(
        *both_ways(
            eos_compute,
            lambda: eos.edge_runs([0.3, 0.5], n_steps=40, sharpness_every=10, problem=small),
        )
    )


def test_edge_window_measures_every_step_as_one_process_does(both_ways, small):
    _same(*both_ways(eos_compute, lambda: eos.edge_window(0.3, 3, 20, problem=small)))


def test_perturbed_catapults(both_ways):
    lr = eos.EOS_LEARNING_RATES[-1]
    _same(*both_ways(eos_compute, lambda: eos.perturbed_catapults([0.0, 1e-12], lr, 114, 300)))


def test_paired_sam_study(both_ways, small):
    _same(
        *both_ways(
            sharpness_compute,
            lambda: sh.paired_sam_study([0, 1, 2], lr=0.3, target_loss=0.2, problem=small),
        )
    )


def test_outliers_by_classes(both_ways):
    _same(
        *both_ways(
            nc_compute,
            lambda: nc.outliers_by_classes(
                [2, 3], standardize=False, n_steps=30, slq_steps=10, slq_probes=2
            ),
        )
    )


def test_class_mean_mechanism(both_ways):
    problem = nc.digits_problem((6,), activation="relu", classes=(0, 1, 2), n_train=90)
    theta = problem.net.init(0)
    for _ in range(30):
        theta = theta - 0.3 * problem.net.gradient(theta, problem.X, problem.Y)
    _same(
        *both_ways(
            nc_compute,
            lambda: nc.class_mean_mechanism(problem, theta, slq_steps=10, slq_probes=2),
        )
    )
