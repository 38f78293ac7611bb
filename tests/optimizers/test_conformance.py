"""One battery for every optimizer (after optax's alias test and scikit-learn's check_estimator).

Each entry of :data:`curvlab.optimizers.OPTIMIZERS` must: return steps of the iterate's shape;
run to finite values; reduce the conformance bowl's value a thousandfold; refuse a zero,
negative, NaN or infinite step size (and every other positive argument) by name; and keep no
state between runs. The registry itself is checked against the package: every public
constructor that returns an ``Optimizer`` must be registered.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import curvlab.optimizers as optimizers
from curvlab.core.optimizer import Optimizer
from curvlab.core.runner import Status, run
from curvlab.optimizers import OPTIMIZERS
from curvlab.optimizers.registry import CONFORMANCE_BOWL, CONFORMANCE_START, CONFORMANCE_STEPS
from curvlab.problems.quadratic import bowl, rotated_bowl

NAMES = sorted(OPTIMIZERS)


def constructors() -> set[str]:
    """Public callables of curvlab.optimizers annotated to return an Optimizer."""
    found = set()
    for name in optimizers.__all__:
        value = getattr(optimizers, name)
        if inspect.isfunction(value):
            returns = inspect.signature(value).return_annotation
            if returns in (Optimizer, "Optimizer"):
                found.add(name)
    return found


def test_every_constructor_is_registered():
    assert set(OPTIMIZERS) == constructors()
    for name, entry in OPTIMIZERS.items():
        assert entry.factory is getattr(optimizers, name)


@pytest.fixture(scope="module")
def runs():
    objective = bowl(CONFORMANCE_BOWL)
    return {
        name: run(objective, OPTIMIZERS[name](), CONFORMANCE_START, maxiter=CONFORMANCE_STEPS)
        for name in NAMES
    }


@pytest.mark.parametrize("name", NAMES)
def test_an_optimizer_is_a_named_pair_of_functions(name):
    optimizer = OPTIMIZERS[name]()
    assert isinstance(optimizer, Optimizer)
    assert isinstance(optimizer.name, str) and optimizer.name
    assert all(isinstance(key, str) for key in optimizer.hyperparameters)
    objective = bowl(CONFORMANCE_BOWL)
    x = np.array(CONFORMANCE_START)
    state = optimizer.init(x)
    derivatives = objective.unchecked
    for _ in range(3):
        step, state = optimizer.update(derivatives.grad(x), state, x, derivatives)
        assert isinstance(step, np.ndarray) and step.shape == x.shape and step.dtype == float
        x = x + step


@pytest.mark.parametrize("name", NAMES)
def test_a_run_has_consistent_shapes_and_finite_values(name, runs):
    t = runs[name]
    m = t.xs.shape[0]
    assert t.xs.shape == (m, 2) and t.fun.shape == (m,) and t.grad_norm.shape == (m,)
    assert t.step_norm.shape == (m - 1,)
    for values in (t.xs, t.fun, t.grad_norm, t.step_norm):
        assert np.all(np.isfinite(values))
    assert t.status is not Status.DIVERGED


@pytest.mark.parametrize("name", NAMES)
def test_the_default_hyperparameters_descend_the_bowl(name, runs):
    t = runs[name]
    # the oracle: the bowl's minimum is 0 at the origin
    assert t.fun[-1] <= 1e-3 * t.fun[0], f"{name}: f fell only to {t.fun[-1] / t.fun[0]:.1e}"
    assert np.linalg.norm(t.x) <= 0.1 * np.linalg.norm(CONFORMANCE_START)


POSITIVE = [(name, argument) for name in NAMES for argument in OPTIMIZERS[name].positive]


@pytest.mark.parametrize(("name", "argument"), POSITIVE)
@pytest.mark.parametrize("bad", [0.0, -0.1, float("nan"), float("inf")])
def test_a_bad_positive_argument_is_refused_by_name(name, argument, bad):
    with pytest.raises(ValueError, match=argument):
        OPTIMIZERS[name](**{argument: bad})


def test_only_the_newton_family_has_no_step_size():
    without = {name for name in NAMES if "lr" not in OPTIMIZERS[name].positive}
    assert without == {
        "damped_newton",
        "lbfgs",
        "levenberg_marquardt",
        "newton",
        "saddle_free_newton",
    }


@pytest.mark.parametrize("name", NAMES)
def test_no_state_leaks_between_runs(name):
    """Two runs of one Optimizer from one start are identical, whatever ran in between."""
    optimizer = OPTIMIZERS[name]()
    objective, other = bowl(CONFORMANCE_BOWL), rotated_bowl(CONFORMANCE_BOWL, 30.0)
    first = run(objective, optimizer, CONFORMANCE_START, maxiter=60)
    run(other, optimizer, [-0.7, 0.4], maxiter=60)
    again = run(objective, optimizer, CONFORMANCE_START, maxiter=60)
    fresh = run(objective, OPTIMIZERS[name](), CONFORMANCE_START, maxiter=60)
    assert np.array_equal(first.xs, again.xs)
    assert np.array_equal(first.xs, fresh.xs)
