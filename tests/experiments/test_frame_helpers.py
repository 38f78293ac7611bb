"""Helpers behind chapters 1-3's frames (issue 22), each against an independent oracle."""

import numpy as np
import pytest

from curvlab.experiments.gradient_descent.compute import first_step_within, lab_run
from curvlab.experiments.gradient_descent.figures import rate_text
from curvlab.experiments.hessian.figures import segment_half_length


def test_first_step_within_matches_a_plain_loop():
    rng = np.random.default_rng(7)
    for _ in range(20):
        xs = rng.normal(size=(30, 2)) * np.geomspace(1.0, 1e-3, 30)[:, None]
        target = rng.normal(size=2) * 1e-3
        tol = 10.0 ** rng.uniform(-3, 0)
        expected = None
        for k, x in enumerate(xs):  # oracle: walk the path
            if np.sqrt(np.sum((x - target) ** 2)) < tol:
                expected = k
                break
        assert first_step_within(xs, target, tol) == expected
    with pytest.raises(ValueError, match="xs"):
        first_step_within(np.zeros(3), np.zeros(2), 1.0)
    with pytest.raises(ValueError, match="tol"):
        first_step_within(np.zeros((3, 2)), np.zeros(2), 0.0)


def test_the_lab_reports_both_finish_lines():
    """On the bowl ½(x² + κy²) the minimizer is 0, so the distance is the iterate's norm."""
    run = lab_run(0.9, 10)
    norms = np.linalg.norm(run.trajectory.xs, axis=1)
    assert run.close_at == int(np.flatnonzero(norms < 1e-6)[0])
    assert np.linalg.norm(run.objective.gradient(run.trajectory.x)) < 1e-6
    assert lab_run(0.9, 10, optimal=True).lr == pytest.approx(2 / 11)


@pytest.mark.parametrize(
    ("rate", "text"),
    [(0.8182, "0.818"), (0.99998, "1 − 2.0e-05"), (1.0, "1"), (1.0000004, "1 + 4.0e-07"),
     (0.9996, "1 − 4.0e-04"), (1.04, "1.040")],
)  # fmt: skip
def test_rate_text_never_prints_one_for_a_rate_that_is_not_one(rate, text):
    assert rate_text(rate) == text


def test_segments_stay_in_the_window_and_are_symmetric():
    """Oracle: both ends of the segment lie in the window, and a longer one would not."""
    rng = np.random.default_rng(3)
    window = ((-2.0, 2.0), (-1.0, 3.0))
    for _ in range(200):
        p = np.array([rng.uniform(-2, 2), rng.uniform(-1, 3)])
        angle = rng.uniform(0, np.pi)
        q = np.array([np.cos(angle), np.sin(angle)])
        length = rng.uniform(0.1, 4.0)
        half = segment_half_length(p, q, length, window)
        assert 0.0 <= half <= length
        for end in (p - half * q, p + half * q):
            assert -2 - 1e-9 <= end[0] <= 2 + 1e-9 and -1 - 1e-9 <= end[1] <= 3 + 1e-9
        if half < length:  # shortened: a little longer leaves the window
            longer = [p - 1.01 * half * q, p + 1.01 * half * q]
            assert any(not (-2 <= e[0] <= 2 and -1 <= e[1] <= 3) for e in longer)
    assert segment_half_length(np.array([5.0, 0.0]), np.array([1.0, 0.0]), 1.0, window) == 0.0
