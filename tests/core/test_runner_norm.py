"""The runner's 2-norm is numpy's, bit for bit (it only skips np.linalg.norm's dispatch), and so is
its test that a vector is finite, which it reads off the norm."""

from __future__ import annotations

import numpy as np
import pytest

from curvlab import Objective, Status, gradient_descent, run
from curvlab.core.runner import _finite, _norm


@pytest.mark.parametrize("n", [1, 2, 3, 64, 5000])
def test_the_norm_is_numpys_to_the_last_bit(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(200):
        v = rng.standard_normal(n) * 10.0 ** rng.uniform(-150, 150)
        assert _norm(v) == float(np.linalg.norm(v))


def test_infinite_and_nan_vectors_keep_their_norm() -> None:
    assert _norm(np.array([np.inf, 1.0])) == np.inf
    assert np.isnan(_norm(np.array([np.nan, 1.0])))


@pytest.mark.parametrize(
    ("v", "finite"),
    [
        ([1.0, -2.0], True),
        ([1e200, -1e200], True),  # entries finite, norm overflows: the entries decide
        ([np.inf, 1.0], False),
        ([np.nan, 1.0], False),
        ([1e200, np.nan], False),
        ([-np.inf, 1e200], False),
    ],
)
def test_finiteness_from_the_norm_is_numpys(v: list[float], finite: bool) -> None:
    v = np.array(v)
    with np.errstate(all="ignore"):  # as in the runner
        norm = _norm(v)
    assert _finite(v, norm) is finite
    assert finite is bool(np.all(np.isfinite(v)))


def _plane(grad, fun=lambda x: float(x[0])) -> Objective:
    return Objective("plane", 2, fun, grad, lambda x: np.zeros((2, 2)))


def test_a_gradient_too_large_for_its_norm_is_finite() -> None:
    """The runner takes its finiteness test from the gradient's norm; a finite gradient whose
    norm overflows keeps the run going, as numpy's test would."""
    objective = _plane(lambda x: np.array([1e200, 0.0]), fun=lambda x: 1e200 * x[0])
    huge = run(objective, gradient_descent(1e-300), [1.0, 0.0], maxiter=3)
    assert huge.status is Status.MAXITER
    assert huge.grad_norm.tolist() == [np.inf] * 4


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_a_non_finite_gradient_in_the_loop_stops_the_run_there(bad: float) -> None:
    objective = _plane(lambda x: np.array([bad if x[0] < 0.5 else 1.0, 0.0]))
    trajectory = run(objective, gradient_descent(0.3), [1.0, 0.0], maxiter=10)
    assert trajectory.status is Status.DIVERGED
    assert trajectory.message == "diverged at step 2: f or ∇f is no longer finite"
    assert trajectory.nit == 1
    assert trajectory.n_grad == 3  # x0, x1 and the point where ∇f stopped being finite


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_a_start_whose_gradient_is_not_finite_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="x0 must be a point where plane and its gradient"):
        run(_plane(lambda x: np.array([bad, 1.0])), gradient_descent(0.1), [1.0, 0.0])


def test_the_point_past_the_bound_is_recorded_with_its_gradient_norm() -> None:
    """A finite iterate beyond max_norm is evaluated once, recorded, and ends the run."""
    trajectory = run(
        _plane(lambda x: -np.array([3.0, 4.0])), gradient_descent(1.0), [0.0, 0.0], max_norm=12.0
    )
    assert trajectory.status is Status.DIVERGED
    assert trajectory.nit == 3  # |x| = 5, 10, then 15 > 12
    assert trajectory.grad_norm.tolist() == [5.0] * 4
    assert trajectory.xs[-1].tolist() == [9.0, 12.0]
    assert trajectory.n_grad == 4


@pytest.mark.parametrize("shape", [(2, 1), (1, 2), (3,), ()])
@pytest.mark.parametrize("entry", [1.0, np.nan])
def test_a_gradient_of_the_wrong_shape_is_named(shape: tuple[int, ...], entry: float) -> None:
    objective = _plane(lambda x: np.full(shape, entry))
    with pytest.raises(ValueError, match=r"the gradient of plane must have shape \(2,\); got"):
        run(objective, gradient_descent(0.1), [1.0, 0.0])
