"""Chapter 5's exploration frames as a learner meets them: legible, keyed, nothing clipped, each
control changes the frame, the axes fixed per surface, and the basin budget long enough."""

import json
import pathlib
import re

import numpy as np
import pytest

from curvlab.core.runner import Status
from curvlab.curvature.critical_points import Kind, find_critical_points
from curvlab.experiments.newton.compute import (
    METHODS,
    NEWTON_SETUPS,
    BasinMap,
    basin_map,
    frame_window,
    gradient_newton_runs,
    shifted_newton_factors,
    sorted_by_kind,
)
from curvlab.experiments.newton.explore import (
    BASIN_BUDGET,
    DAMPINGS,
    GRADIENT_NEWTON_CASES,
    METHOD_LABELS,
    basin_explorer,
    gradient_newton_explorer,
)
from curvlab.experiments.newton.figures import (
    GRADIENT_NORM_LIMITS,
    STEP_LIMITS,
    BasinMapFrame,
    GradientNewtonFrame,
    coordinates_text,
    describe_basins,
    share_text,
)
from curvlab.plotting.render import (
    FRAME_DPI,
    FRAME_WIDTH,
    clipped_texts,
    figure_alt,
    png_bytes,
    smallest_text_px,
)
from curvlab.problems.surfaces import himmelblau

BOOK = pathlib.Path(__file__).resolve().parents[2] / "book"
MIN_TEXT_PX = 10 * FRAME_DPI / 72 - 1e-9
AXIS = np.linspace(-5.0, 5.0, 41)


def _assert_legible(figure):
    assert figure.dpi == pytest.approx(FRAME_DPI)
    assert figure.get_figwidth() == pytest.approx(FRAME_WIDTH)
    assert smallest_text_px(figure) >= MIN_TEXT_PX
    assert clipped_texts(figure) == []


def _inside(box, outer, tolerance=1.0):
    return (
        box.x0 >= outer.x0 - tolerance
        and box.x1 <= outer.x1 + tolerance
        and box.y0 >= outer.y0 - tolerance
        and box.y1 <= outer.y1 + tolerance
    )


def _overlaps(box, other):
    return box.x0 < other.x1 and other.x0 < box.x1 and box.y0 < other.y1 and other.y0 < box.y1


@pytest.fixture(scope="module")
def points():
    return sorted_by_kind(find_critical_points(himmelblau()))


# ----------------------------------------------------------------------- gradient descent vs Newton


def test_every_surface_and_start_is_one_named_position_of_the_menu():
    exploration = gradient_newton_explorer(static=False)
    (menu,) = exploration.controls
    assert len(menu.options) == sum(len(starts) for _, starts in NEWTON_SETUPS.values())
    for label, (surface, index) in menu.options:
        x, y = NEWTON_SETUPS[surface][1][index]
        assert label.startswith(surface)
        assert coordinates_text([x, y], "g") in label
        assert "#" not in label


@pytest.mark.parametrize("case", GRADIENT_NEWTON_CASES)
def test_gradient_newton_frame_is_legible_with_its_key_outside_the_data(case):
    frame = GradientNewtonFrame()
    runs = gradient_newton_runs(*case)
    figure = frame.draw(runs)
    _assert_legible(figure)
    panels = frame._panels[runs.surface]
    renderer = figure.canvas.get_renderer()
    key = panels._key.get_window_extent(renderer)
    for ax in (panels.ax_path, panels.ax_loss):
        assert not _overlaps(key, ax.get_window_extent(renderer))
    assert _inside(key, figure.bbox)
    texts = [t.get_text() for t in panels._key.get_texts()]
    assert texts[0].startswith(f"gradient descent, η = {runs.lr:.3g}:")
    assert texts[1].startswith("Newton: ")
    # η to three significant digits: 2/51 is printed 0.0392, never 0.0392157
    assert "0.0392157" not in " ".join(texts)


def test_newton_steps_are_readable_on_a_log_step_axis():
    frame = GradientNewtonFrame()
    runs = gradient_newton_runs("bowl κ=50 rotated 30°", 0)
    frame.draw(runs)
    ax = frame._panels[runs.surface].ax_loss
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    gd_line, newton_line = ax.get_lines()[:2]
    # step k is drawn at k + 1, one marker per Newton step
    np.testing.assert_array_equal(newton_line.get_xdata(), np.arange(1, runs.newton.nit + 2))
    assert newton_line.get_marker() == "o"
    np.testing.assert_array_equal(
        gd_line.get_ydata(), np.maximum(runs.gradient_descent.grad_norm, 1e-16)
    )
    # the one Newton step spans a visible share of the axis: log10(2) of log10(5000 / 0.8)
    low, high = np.log10(STEP_LIMITS)
    assert (np.log10(2.0) - low) / (high - low) > 0.1


def test_axis_limits_depend_only_on_the_surface():
    frame = GradientNewtonFrame()
    surface = "Himmelblau"
    limits, figures = [], []
    for index in range(len(NEWTON_SETUPS[surface][1])):
        figure = frame.draw(gradient_newton_runs(surface, index))
        panels = frame._panels[surface]
        figures.append(figure)
        limits.append(
            (panels.ax_path.get_xlim(), panels.ax_path.get_ylim(), panels.ax_loss.get_xlim(),
             panels.ax_loss.get_ylim(), tuple(panels.ax_path.get_position().bounds))
        )  # fmt: skip
    assert all(f is figures[0] for f in figures)  # one figure per surface, updated in place
    assert all(entry == limits[0] for entry in limits)
    assert limits[0][2] == pytest.approx(STEP_LIMITS)
    assert limits[0][3] == pytest.approx(GRADIENT_NORM_LIMITS)


def test_every_run_fits_the_fixed_gradient_norm_axis():
    low, high = GRADIENT_NORM_LIMITS
    for case in GRADIENT_NEWTON_CASES:
        runs = gradient_newton_runs(*case)
        for run in (runs.gradient_descent, runs.newton):
            norms = np.maximum(run.grad_norm, low)
            assert norms.max() < high, case
            assert run.nit + 1 < STEP_LIMITS[1], case


def _kind_from_eigenvalues(objective, x):
    """An oracle independent of classify_hessian: the signs of numpy's eigenvalues."""
    eigenvalues = np.linalg.eigvalsh(objective.hessian(x))
    if np.all(eigenvalues > 0):
        return Kind.MINIMUM
    if np.all(eigenvalues < 0):
        return Kind.MAXIMUM
    return Kind.SADDLE if eigenvalues.min() < 0 < eigenvalues.max() else Kind.DEGENERATE


def test_newton_end_names_the_critical_point_it_reached():
    ends = []
    for case in GRADIENT_NEWTON_CASES:
        runs = gradient_newton_runs(*case)
        assert runs.newton.success, case
        assert runs.newton_end is _kind_from_eigenvalues(runs.objective, runs.newton.x), case
        if case[0] == "Himmelblau":
            ends.append(runs.newton_end)
    # the book says: on Himmelblau, two of the four starts end at saddles, one at the maximum
    assert ends.count(Kind.SADDLE) == 2 and ends.count(Kind.MAXIMUM) == 1
    assert gradient_newton_runs("saddle x²−y²", 0).newton_end is Kind.SADDLE


def test_every_newton_iterate_is_inside_the_frame_window():
    # On Rosenbrock Newton's second iterate from (−1.2, 1) is at y = −3.18: the surface's own
    # window (y ≥ −1) would cut it off, the frame's (y ≥ −3.5) shows it.
    assert frame_window("Rosenbrock")[1][0] <= -3.5
    for case in GRADIENT_NEWTON_CASES:
        runs = gradient_newton_runs(*case)
        (x_lo, x_hi), (y_lo, y_hi) = frame_window(case[0])
        for trajectory in (runs.newton, runs.gradient_descent):
            xs = trajectory.xs
            inside = (
                (xs[:, 0] >= x_lo) & (xs[:, 0] <= x_hi) & (xs[:, 1] >= y_lo) & (xs[:, 1] <= y_hi)
            )
            if trajectory.status is Status.DIVERGED:  # it leaves the window, as the key says
                assert not inside[-1], case
            else:
                assert inside.all(), case
    frame = GradientNewtonFrame()
    frame.draw(gradient_newton_runs("Rosenbrock", 0))
    assert frame._panels["Rosenbrock"].ax_path.get_ylim() == pytest.approx((-3.5, 3.0))
    with pytest.raises(KeyError):
        frame_window("no such surface")


def test_a_singular_hessian_is_said_in_the_key():
    frame = GradientNewtonFrame()
    runs = gradient_newton_runs("Rosenbrock", 0)._replace(newton=None, newton_end=None)
    figure = frame.draw(runs)
    _assert_legible(figure)
    newton_text = frame._panels["Rosenbrock"]._key.get_texts()[1].get_text()
    assert "singular" in newton_text
    assert "at the start" not in newton_text  # the singular Hessian may come at any step


def test_gradient_newton_default_frame_differs_from_other_positions():
    frame = GradientNewtonFrame()
    default = png_bytes(frame.draw(gradient_newton_runs(*GRADIENT_NEWTON_CASES[0])))
    for case in (GRADIENT_NEWTON_CASES[1], GRADIENT_NEWTON_CASES[-1]):
        assert png_bytes(frame.draw(gradient_newton_runs(*case))) != default


def test_coordinates_text_uses_true_minus_signs_and_no_negative_zero():
    assert coordinates_text([-1.2, 1.0], "g") == "(−1.2, 1)"
    assert coordinates_text([-3.7793, 0.0867]) == "(−3.78, 0.09)"
    assert coordinates_text([-1e-17, -0.0]) == "(0.00, 0.00)"


# ------------------------------------------------------------------------------------- basin map


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("damping", [min(DAMPINGS), max(DAMPINGS)])
def test_basin_frame_is_legible_with_a_key_beside_the_map(points, method, damping):
    frame = BasinMapFrame(himmelblau())
    basins = basin_map(
        himmelblau(), points, AXIS, AXIS, method=method, damping=damping, maxiter=BASIN_BUDGET
    )
    figure = frame.draw(basins)
    _assert_legible(figure)
    renderer = figure.canvas.get_renderer()
    key = frame._key.get_window_extent(renderer)
    assert not _overlaps(key, frame.ax.get_window_extent(renderer))
    assert _inside(key, figure.bbox)
    labels = [t.get_text() for t in frame._key.get_texts()]
    # one entry per stationary point (its kind and coordinates), one for "none", the contours
    assert len(labels) == len(points) + 2
    for label, point in zip(labels, points, strict=False):
        assert label == f"{point.kind.value} {coordinates_text(point.x)}"
    assert labels[-2:] == [f"none within {BASIN_BUDGET} steps", "contours of f"]
    # each entry's colour is the colour its basin is painted in
    cmap = frame._image.get_cmap()
    for i, handle in enumerate(frame._key.legend_handles[: len(points) + 1]):
        assert tuple(handle.get_facecolor()) == pytest.approx(cmap(i + 1 if i < len(points) else 0))
    assert f"{BASIN_BUDGET} steps per start" in figure.get_suptitle()
    assert "\\" not in figure_alt(figure)


def test_basin_frame_default_differs_from_another_position_of_each_control(points):
    frame = BasinMapFrame(himmelblau())

    def drawn(method, damping):
        basins = basin_map(
            himmelblau(), points, AXIS, AXIS, method=method, damping=damping, maxiter=BASIN_BUDGET
        )
        return png_bytes(frame.draw(basins))

    default = drawn(METHODS[0], DAMPINGS[0])
    assert drawn(METHODS[1], DAMPINGS[0]) != default
    assert drawn(METHODS[0], DAMPINGS[-1]) != default


def test_basin_explorer_uses_the_budget_and_its_default_is_plain_newton():
    exploration = basin_explorer((0.0, 120.0), resolution=15, static=True)
    method, damping = exploration.controls
    assert method.index == 0 and damping.index == 0
    assert len(set(exploration.frame_urls)) == 4
    assert all(px >= MIN_TEXT_PX for px in exploration.frame_text_px)
    assert all(f"{BASIN_BUDGET} steps per start" in alt for alt in exploration.frame_alts)


def test_the_budget_lets_the_largest_damping_converge_from_the_minima(points):
    # At the largest μ the step is nearly gradient descent: near the minimum with the flattest
    # direction each step multiplies the error by μ/(λ + μ), close to 1. Oracle: the Hessian of
    # Himmelblau at (3, 2) is [[74, 20], [20, 34]], eigenvalues 54 ∓ √800.
    mu = max(DAMPINGS)
    minima = [p for p in points if p.kind is Kind.MINIMUM]
    hessian = himmelblau().hessian([3.0, 2.0])
    np.testing.assert_allclose(hessian, [[74.0, 20.0], [20.0, 34.0]], rtol=1e-12)
    flat = np.linalg.eigvalsh(hessian).min()
    assert flat == pytest.approx(54.0 - np.sqrt(800.0), rel=1e-12)
    assert mu / (mu + flat) == pytest.approx(0.8235, abs=1e-4)
    # the minimum with the smallest flat eigenvalue is the slowest, and it is (3, 2)
    slowest = min(minima, key=lambda p: np.linalg.eigvalsh(himmelblau().hessian(p.x)).min())
    np.testing.assert_allclose(slowest.x, [3.0, 2.0], atol=1e-8)
    library = shifted_newton_factors(slowest.classification.eigenvalues, mu).max()
    assert library == pytest.approx(mu / (mu + flat), rel=1e-9)
    objective = himmelblau()
    starts = np.array([p.x for p in minima]) + 0.5  # half a unit off each minimum
    for start in starts:
        basins = basin_map(
            objective, points, [start[0]], [start[1]], damping=mu, maxiter=BASIN_BUDGET
        )
        assert points[int(basins.labels[0, 0])].kind is Kind.MINIMUM, start
        assert basins.iterations[0, 0] < BASIN_BUDGET
    full = basin_map(objective, points, AXIS, AXIS, damping=mu, maxiter=BASIN_BUDGET)
    assert full.maxiter == BASIN_BUDGET
    assert full.fractions()["none"] == 0.0
    assert full.iterations.max() < BASIN_BUDGET
    short = basin_map(objective, points, AXIS, AXIS, damping=mu, maxiter=80)
    assert short.fractions()["none"] > 0.25  # the old budget left much of the map white


# ------------------------------------------------------------------------------------- alt text

TEX = re.compile(r"[$\\{}]|\^\{|_\{")


def test_gradient_newton_alt_text_is_words():
    frame = GradientNewtonFrame()
    for case in (GRADIENT_NEWTON_CASES[0], GRADIENT_NEWTON_CASES[-1]):
        alt = figure_alt(frame.draw(gradient_newton_runs(*case)))
        assert not TEX.search(alt), alt
        assert "gradient descent, η = " in alt and "Newton: " in alt


def test_chapter_5_stores_no_tex_in_its_alt_texts():
    notebook = json.loads((BOOK / "05_newton.ipynb").read_text(encoding="utf-8"))
    alts = [
        value["alt"]
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        for value in output.get("metadata", {}).values()
        if isinstance(value, dict) and "alt" in value
    ]
    assert len(alts) >= 4
    assert [alt for alt in alts if TEX.search(alt)] == []


# ------------------------------------------------------------------------ the 2×2 eigensolver


def test_closed_form_2x2_eigen_matches_numpy_eigh():
    from curvlab.experiments.newton.compute import _symmetric_eigen_2x2

    rng = np.random.default_rng(22)
    n = 20_000
    # entries of any sign from 1e-200 to 1e200, each with its own scale: far beyond where
    # squaring them would overflow (1e154) or underflow (1e-154)
    a, b, c = rng.standard_normal((3, n)) * 10.0 ** rng.uniform(-200.0, 200.0, size=(3, n))
    # matrices whose three entries share one extreme scale
    shared = 10.0 ** rng.uniform(-200.0, 200.0, size=n)
    a = np.concatenate([a, rng.standard_normal(n) * shared])
    b = np.concatenate([b, rng.standard_normal(n) * shared])
    c = np.concatenate([c, rng.standard_normal(n) * shared])
    # with the awkward cases: diagonal, a multiple of I, a = c, zero, and the extremes
    a = np.append(a, [2.0, 3.0, 1.0, 0.0, -4.0, 1e160, 3e-170, 1e160, -2e-180])
    b = np.append(b, [0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 1e160, 5e-180])
    c = np.append(c, [-1.0, 3.0, 1.0, 0.0, 7.0, -1e160, -3e-170, 1e160, 1e-180])
    low, high, (w0, w1), (u0, u1) = _symmetric_eigen_2x2(a, b, c)
    H = np.stack([np.stack([a, b], -1), np.stack([b, c], -1)], -2)
    expected = np.linalg.eigvalsh(H)
    assert np.isfinite(expected).all()
    scale = np.abs(H).max(axis=(1, 2))
    scale = np.where(scale == 0.0, 1.0, scale)
    for found in (low, high, w0, w1, u0, u1):
        assert np.isfinite(found).all()
    np.testing.assert_array_less(np.abs(low - expected[:, 0]) / scale, 1e-13)
    np.testing.assert_array_less(np.abs(high - expected[:, 1]) / scale, 1e-13)
    assert low[-4] == -1e160 and high[-4] == 1e160
    assert low[-3] == -3e-170 and high[-3] == 3e-170  # not 0: no underflow
    for lam, v0, v1 in ((low, w0, w1), (high, u0, u1)):
        np.testing.assert_allclose(np.hypot(v0, v1), 1.0, rtol=1e-14)
        # residual of (H − λI)v = 0, on H scaled to entries of order 1 (no overflow in the check)
        r0 = (a / scale) * v0 + (b / scale) * v1 - (lam / scale) * v0
        r1 = (b / scale) * v0 + (c / scale) * v1 - (lam / scale) * v1
        np.testing.assert_array_less(np.hypot(r0, r1), 1e-13)


def test_closed_form_2x2_eigen_gives_nan_for_nan_input():
    from curvlab.experiments.newton.compute import _symmetric_eigen_2x2

    low, high, _, _ = _symmetric_eigen_2x2(
        np.array([np.nan, 1.0]), np.array([0.0, np.nan]), np.array([1.0, 1.0])
    )
    assert np.isnan(low).all() and np.isnan(high).all()


# ------------------------------------------------------------------------------- words on frames


def test_share_text_never_rounds_a_nonzero_share_to_zero_or_all():
    assert share_text(0.0) == "0%" and share_text(1.0) == "100%"
    assert share_text(1 / 40_401) == "<0.1%"
    assert share_text(1 - 1 / 40_401) == ">99.9%"
    assert share_text(0.998) == "99.8%"
    assert share_text(0.5801) == "58.0%"
    with pytest.raises(ValueError):
        share_text(1.5)
    # a map with one start in 10,000 that reached nothing says so
    labels = np.zeros((100, 100), dtype=int)
    labels[0, 0] = -1
    point = sorted_by_kind(find_critical_points(himmelblau()))[0]
    basins = BasinMap(
        np.arange(100.0),
        np.arange(100.0),
        labels,
        (point,),
        np.ones((100, 100), int),
        "newton",
        0.0,
        80,
    )
    assert describe_basins(basins) == "minima >99.9%, saddles 0%, maximum 0%, none <0.1%"


def test_the_method_has_one_name_in_the_control_and_the_title(points):
    assert "Levenberg" not in " ".join(METHOD_LABELS.values())
    frame = BasinMapFrame(himmelblau())
    for method in METHODS:
        basins = basin_map(himmelblau(), points, AXIS, AXIS, method=method, damping=10.0, maxiter=5)
        title = frame.draw(basins).get_suptitle()
        assert "shifted by μ" in METHOD_LABELS[method] and "shifted by μ" in title


def test_alt_texts_separate_the_title_lines_and_read_well(points):
    frame = GradientNewtonFrame()
    for case in GRADIENT_NEWTON_CASES:
        alt = figure_alt(frame.draw(gradient_newton_runs(*case)))
        assert "against Newton (gradient norm per step" in alt
        assert "|" not in alt and "(log scale), log scale" not in alt
    alt = figure_alt(frame.draw(gradient_newton_runs("saddle x²−y²", 0)))
    assert "(the gradient of f = 0, drawn at 10⁻¹⁶)" in alt
    basins = basin_map(himmelblau(), points, AXIS, AXIS, maxiter=80)
    alt = figure_alt(BasinMapFrame(himmelblau()).draw(basins))
    assert "(divide by λ + μ): minima " in alt
