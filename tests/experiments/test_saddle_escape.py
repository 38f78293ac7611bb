"""Chapter 3's experiment: escaping saddles, against the closed-form escape time; its figures and
frame."""

import itertools
import math

import numpy as np
import pytest

from curvlab.core.runner import Status, run
from curvlab.curvature.critical_points import (
    Kind,
    classify_critical_point,
    find_critical_points,
)
from curvlab.curvature.random_matrices import positive_definite_fraction
from curvlab.experiments.critical_points.compute import (
    critical_point_run,
    escape_step,
    linear_escape_steps,
    perturb,
    predicted_escape_steps,
)
from curvlab.experiments.critical_points.explore import (
    RUN_SURFACES,
    STARTS_X,
    STARTS_Y,
    critical_point_explorer,
)
from curvlab.experiments.critical_points.figures import (
    CriticalPointRunFrame,
    critical_points_figure,
    escape_time_figure,
    positive_definite_figure,
    saddle_run_figure,
)
from curvlab.optimizers import gradient_descent
from curvlab.plotting.render import png_bytes
from curvlab.problems.quadratic import quadratic
from curvlab.problems.surfaces import (
    double_well,
    himmelblau,
)
from curvlab.problems.symbolic import symbolic_objective

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


# --- the classifier -----------------------------------------------------------------------


# --- finding critical points two ways -----------------------------------------------------


def _x4_plus_y2():
    return symbolic_objective("x**4 + y**2", window=((-1.5, 1.5), (-1.5, 1.5)))


# --- random symmetric matrices ------------------------------------------------------------


# --- gradient descent near a saddle -------------------------------------------------------


def test_escape_from_a_quadratic_saddle_follows_the_closed_form():
    lam, lr, radius = 2.0, 0.05, 1.0
    f = quadratic(np.diag([1.0, -lam]))
    for delta in (1e-2, 1e-5, 1e-9):
        trajectory = run(f, gradient_descent(lr), [1.0, delta], maxiter=2_000, max_norm=1e3)
        steps = escape_step(trajectory, [0.0, 0.0], [0.0, 1.0], radius)
        assert steps == math.ceil(predicted_escape_steps(lr, -lam, delta, radius) - 1e-9)


def test_linear_escape_steps_match_a_run_on_the_quadratic_saddle_and_the_ceiling():
    """Oracles: gradient descent on ½(x² − |λ₋|y²) counted by escape_step, and ⌈law⌉."""
    lr, radius = 0.1, 0.5
    for lam in (0.5, 1.0, 2.0):
        f = quadratic(np.diag([1.0, -lam]))
        for delta in 10.0 ** -np.arange(2, 13, 2):
            trajectory = run(f, gradient_descent(lr), [1.0, delta], tol=1e-14, maxiter=5_000,
                             max_norm=1e3)  # fmt: skip
            steps = linear_escape_steps(lr, -lam, delta, radius)
            assert steps == escape_step(trajectory, [0.0, 0.0], [0.0, 1.0], radius)
            assert steps == math.ceil(predicted_escape_steps(lr, -lam, delta, radius) - 1e-9)
    with pytest.raises(ValueError, match="radius"):
        linear_escape_steps(0.1, -1.0, 2.0, 1.0)


def test_escape_study_linear_offsets_are_under_one_step_and_below_the_double_wells():
    from curvlab.experiments.critical_points import escape_study

    study = escape_study((1.0, 2.0), 10.0 ** -np.arange(2, 13, 2))
    for curvature, offset in study.linear_offsets.items():
        assert 0.0 <= offset < 1.0
        assert study.offsets[curvature] > offset


def test_escape_from_the_double_well_grows_like_log_one_over_delta():
    f, lr = double_well(1.0), 0.1
    deltas = np.array([1e-3, 1e-6, 1e-9])
    steps = [
        escape_step(
            run(f, gradient_descent(lr), [1.0, d], tol=1e-14, maxiter=3_000), [0, 0], [0, 1], 0.5
        )
        for d in deltas
    ]
    slope = np.polyfit(np.log(1 / deltas), steps, 1)[0]
    assert slope == pytest.approx(1 / math.log1p(lr * 1.0), rel=0.02)


def test_start_on_the_stable_manifold_converges_to_the_saddle_and_a_kick_frees_it():
    f = double_well(1.0)
    stuck = run(f, gradient_descent(0.1), [1.0, 0.0])
    assert stuck.status is Status.CONVERGED
    assert classify_critical_point(f, stuck.x, grad_tol=1e-6).kind is Kind.SADDLE
    freed = run(f, gradient_descent(0.1), perturb([1.0, 0.0], 1e-6, np.random.default_rng(0)))
    assert freed.status is Status.CONVERGED
    assert abs(freed.x[1]) == pytest.approx(1.0, abs=1e-5)


def test_saddle_escape_arguments_are_checked():
    with pytest.raises(ValueError, match="distance must not exceed radius"):
        predicted_escape_steps(0.1, -1.0, 2.0, 1.0)
    with pytest.raises(ValueError, match="negative_curvature must be non-zero"):
        predicted_escape_steps(0.1, 0.0, 0.1, 1.0)
    trajectory = run(double_well(), gradient_descent(0.1), [1.0, 0.0], maxiter=5)
    with pytest.raises(ValueError, match="direction must be non-zero"):
        escape_step(trajectory, [0, 0], [0, 0], 1.0)
    assert escape_step(trajectory, [0, 0], [0, 1], 1.0) is None
    with pytest.raises(TypeError, match="rng"):
        perturb([0.0, 0.0], 1e-3, None)
    with pytest.raises(ValueError, match="negative_curvature must be positive"):
        double_well(-1.0)


# --- figures and the exploration ----------------------------------------------------------


def test_static_figures_draw():
    found = [find_critical_points(himmelblau())]
    assert len(critical_points_figure([himmelblau()], found).axes) == 1
    estimates = [positive_definite_fraction(n, 2_000, np.random.default_rng(n)) for n in (1, 2, 6)]
    assert png_bytes(positive_definite_figure(estimates)).startswith(b"\x89PNG")
    figure = escape_time_figure([1e-2, 1e-4], {1.0: [40, 90]}, {1.0: [41, 89]})
    assert len(figure.axes[0].lines) == 2


@pytest.mark.parametrize("surface", list(RUN_SURFACES))
def test_run_frame_survives_every_corner(surface):
    frame = CriticalPointRunFrame()
    for fx, fy in itertools.product([min(STARTS_X), max(STARTS_X)], [min(STARTS_Y), max(STARTS_Y)]):
        figure = frame.draw(critical_point_run(surface, fx, fy, lr=RUN_SURFACES[surface]))
        title = figure.get_suptitle()
        run = critical_point_run(surface, fx, fy, lr=RUN_SURFACES[surface])
        if run.trajectory.status.name == "DIVERGED":  # no "nearest" point 1e10 away
            assert "towards infinity" in title and "from the" not in title
        else:
            assert f"from the {run.nearest.kind.value}" in title
        assert png_bytes(figure).startswith(b"\x89PNG")


def test_run_frame_on_the_stable_manifold_ends_at_the_saddle():
    result = critical_point_run("double well", 0.8, 0.0, lr=RUN_SURFACES["double well"])
    title = CriticalPointRunFrame().draw(result).get_suptitle()
    assert "converged" in title and "saddle" in title


def test_a_perturbed_start_on_the_stable_manifold_escapes_to_a_minimum():
    """The exploration's perturbation control: the same start, kicked by 1e-6, leaves the saddle."""
    lr = RUN_SURFACES["double well"]
    stuck = critical_point_run("double well", 0.8, 0.0, lr=lr)
    freed = critical_point_run("double well", 0.8, 0.0, lr=lr, perturbation=1e-6)
    assert stuck.nearest.kind.value == "saddle"
    assert freed.nearest.kind.value == "minimum" and freed.trajectory.success
    title = CriticalPointRunFrame().draw(freed).get_suptitle()
    assert "kicked by 1e-06" in title and "minimum" in title


def test_a_larger_step_escapes_the_plateau_sooner():
    """Escape takes about ln(r/δ)/ln(1 + η|λ₋|) steps: doubling η shortens it."""
    lr = RUN_SURFACES["double well"]
    steps = [
        critical_point_run("double well", 0.8, 0.001, lr=factor * lr).trajectory.nit
        for factor in (0.5, 1.0, 2.0)
    ]
    assert steps[0] > steps[1] > steps[2]


def test_saddle_figure_marks_the_saddle_and_keeps_a_run_that_follows_another_visible():
    well = double_well(1.0)
    on = run(well, gradient_descent(0.1), [1.0, 0.0], tol=1e-10)
    kicked = run(well, gradient_descent(0.1), perturb([1.0, 0.0], 1e-6, np.random.default_rng(7)),
                 tol=1e-10)  # fmt: skip
    figure = saddle_run_figure(
        [on, kicked], ["on", "kicked"], well, points=find_critical_points(well)
    )
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["on", "kicked"] and "saddle (1)" in labels and "minimum (2)" in labels
    first, second = (line for line in ax.lines if line.get_label() in ("on", "kicked"))
    assert first.get_linewidth() > second.get_linewidth()  # the later run is drawn on top, thinner
    assert second.get_zorder() > first.get_zorder()


def test_the_exploration_has_step_and_kick_controls_and_moves_x_only_with_a_kernel():
    """Issue 12's step-size and perturbation controls; issue 11's nine positions per continuous
    slider. The kernel-free page leaves x out so that its grid stays within the frame budget."""
    live = critical_point_explorer(static=False)
    names = [c.description for c in live.controls]
    assert names == [
        "surface",
        "start x (fraction)",
        "start y (fraction)",
        "step × surface's η",
        "perturb the start",
    ]
    assert [len(c.options) for c in live.controls[1:]] == [9, 10, 9, 2]
    assert live.controls[2].value == 0.0 and live.controls[3].value == 1.0
    assert "curvlab-discrete" in live.controls[4]._dom_classes
    static = critical_point_explorer({"double well": 0.1}, step_factors=(1.0, 2.0), static=True)
    assert [c.description for c in static.controls] == [n for n in names if n != names[1]]


def test_escape_figure_names_the_curvature_of_every_law_line():
    figure = escape_time_figure(
        [1e-2, 1e-4], {0.5: [80, 170], 1.0: [40, 90]}, {0.5: [81, 169], 1.0: [41, 89]}
    )
    labels = [line.get_label() for line in figure.axes[0].lines]
    laws = [label for label in labels if "law" in label]
    assert len(laws) == 2 and len(set(laws)) == 2
    assert all("|λ₋| =" in label and "ln(1 + η|λ₋|)" in label for label in laws)
    assert "ln(r/δ)/ln(1 + η|λ₋|)" in figure.axes[0].get_title()
