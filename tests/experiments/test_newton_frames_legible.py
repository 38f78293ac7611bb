"""Chapter 5's exploration frames as a learner meets them: legible, keyed, nothing clipped, each
control changes the frame, the axes fixed per surface, and the basin budget long enough."""

import json
import pathlib
import re

import numpy as np
import pytest

from curvlab.curvature.critical_points import Kind, find_critical_points
from curvlab.experiments.newton.compute import (
    METHODS,
    NEWTON_SETUPS,
    basin_map,
    gradient_newton_runs,
    shifted_newton_factors,
    sorted_by_kind,
)
from curvlab.experiments.newton.explore import (
    BASIN_BUDGET,
    DAMPINGS,
    GRADIENT_NEWTON_CASES,
    basin_explorer,
    gradient_newton_explorer,
)
from curvlab.experiments.newton.figures import (
    GRADIENT_NORM_LIMITS,
    STEP_LIMITS,
    BasinMapFrame,
    GradientNewtonFrame,
    coordinates_text,
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


def test_newton_end_names_the_critical_point_it_reached(points):
    # Independent oracle: the nearest of Himmelblau's nine critical points, found and
    # classified by find_critical_points.
    for index in range(len(NEWTON_SETUPS["Himmelblau"][1])):
        runs = gradient_newton_runs("Himmelblau", index)
        nearest = min(points, key=lambda p: np.linalg.norm(p.x - runs.newton.x))
        assert np.linalg.norm(nearest.x - runs.newton.x) < 1e-6
        assert runs.newton_end is nearest.kind
    assert gradient_newton_runs("Himmelblau", 0).newton_end is Kind.MAXIMUM
    assert gradient_newton_runs("saddle x²−y²", 0).newton_end is Kind.SADDLE


def test_a_singular_hessian_is_said_in_the_key():
    frame = GradientNewtonFrame()
    runs = gradient_newton_runs("Rosenbrock", 0)._replace(newton=None, newton_end=None)
    figure = frame.draw(runs)
    _assert_legible(figure)
    newton_text = frame._panels["Rosenbrock"]._key.get_texts()[1].get_text()
    assert "singular" in newton_text


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
    # direction each step multiplies the error by μ/(λ + μ), close to 1.
    mu = max(DAMPINGS)
    minima = [p for p in points if p.kind is Kind.MINIMUM]
    slowest = max(
        float(shifted_newton_factors(p.classification.eigenvalues, mu).max()) for p in minima
    )
    assert 0.8 < slowest < 0.9
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
    a, b, c = rng.standard_normal((3, 500)) * rng.choice([1e-3, 1.0, 1e3], size=(3, 500))
    # with the awkward cases: diagonal, a multiple of I, a = c, zero
    a = np.append(a, [2.0, 3.0, 1.0, 0.0, -4.0])
    b = np.append(b, [0.0, 0.0, 5.0, 0.0, 0.0])
    c = np.append(c, [-1.0, 3.0, 1.0, 0.0, 7.0])
    low, high, (w0, w1), (u0, u1) = _symmetric_eigen_2x2(a, b, c)
    H = np.stack([np.stack([a, b], -1), np.stack([b, c], -1)], -2)
    expected = np.linalg.eigvalsh(H)
    scale = np.abs(expected).max(axis=1) + 1e-300
    np.testing.assert_array_less(np.abs(low - expected[:, 0]) / scale, 1e-13)
    np.testing.assert_array_less(np.abs(high - expected[:, 1]) / scale, 1e-13)
    for lam, v0, v1 in ((low, w0, w1), (high, u0, u1)):
        np.testing.assert_allclose(v0 * v0 + v1 * v1, 1.0, rtol=1e-14)
        residual = np.hypot(a * v0 + b * v1 - lam * v0, b * v0 + c * v1 - lam * v1)
        np.testing.assert_array_less(residual / scale, 1e-13)
    np.testing.assert_allclose(w0 * u0 + w1 * u1, 0.0, atol=1e-15)
