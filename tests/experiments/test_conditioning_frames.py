"""Chapter 4's two exploration frames as a learner meets them (issue 22): drawn to the text
column's width, text of at least 10 pt, nothing cut off, η* reachable, and every control
changes the frame; with the helpers behind them, each against an independent oracle."""

import itertools
import re

import numpy as np
import pytest

from curvlab.experiments.conditioning.compute import (
    SCALED_GRID,
    best_diagonal_scaling,
    bowl_step_study,
    start_step_study,
    unit_sweep,
)
from curvlab.experiments.conditioning.explore import (
    CONDITION_NUMBERS,
    PREPROCESSING,
    SCALED_STEPS,
    STEP_RULES,
    UNIT_FACTORS,
    condition_explorer,
)
from curvlab.experiments.conditioning.figures import (
    ConditioningFrame,
    RegressionScaleFrame,
    _dollars,
    _number,
    _rate,
)
from curvlab.plotting.render import (
    FRAME_COLUMN_PX,
    FRAME_DPI,
    FRAME_PIXEL_RATIO,
    clipped_texts,
    figure_alt,
    png_bytes,
    smallest_text_px,
)
from curvlab.problems.least_squares import (
    design_matrix,
    least_squares,
    standardize,
    synthetic_housing,
)
from curvlab.theory.rates import predicted_steps

TEN_POINTS = 10 * FRAME_DPI / 72 - 1e-9
"""10 pt in image pixels at the frames' dpi."""


def _legible(figure) -> None:
    width, _ = figure.canvas.get_width_height()
    assert width == round(FRAME_COLUMN_PX * FRAME_PIXEL_RATIO)
    assert smallest_text_px(figure) >= TEN_POINTS
    assert clipped_texts(figure) == []
    assert "\\" not in figure_alt(figure)  # words, not TeX


@pytest.fixture(scope="module")
def condition_frame():
    return ConditioningFrame()


CONDITION_DEFAULT = (10, 1.0, False)
CONDITION_POINTS = [
    CONDITION_DEFAULT,
    *itertools.product(
        (min(CONDITION_NUMBERS), max(CONDITION_NUMBERS)),
        (min(SCALED_STEPS), max(SCALED_STEPS)),
        (False, True),
    ),
]


@pytest.mark.parametrize(("kappa", "lr_scaled", "optimal"), CONDITION_POINTS)
def test_condition_frame_is_legible_at_the_default_and_every_extreme(
    condition_frame, kappa, lr_scaled, optimal
):
    figure = condition_frame.draw(bowl_step_study(kappa, lr_scaled, optimal, maxiter=500))
    _legible(figure)
    title = figure.get_suptitle()
    assert ("diverges" in title) == (lr_scaled >= 2.0 and not optimal)
    assert title.count("\n") == 1


def test_condition_frame_changes_with_every_control(condition_frame):
    def frame(kappa, lr_scaled, optimal):
        study = bowl_step_study(kappa, lr_scaled, optimal, maxiter=500)
        return png_bytes(condition_frame.draw(study))

    default = frame(*CONDITION_DEFAULT)
    kappa, lr_scaled, optimal = CONDITION_DEFAULT
    next_kappa = CONDITION_NUMBERS[CONDITION_NUMBERS.index(kappa) + 1]
    next_step = SCALED_STEPS[SCALED_STEPS.index(lr_scaled) + 1]
    assert frame(next_kappa, lr_scaled, optimal) != default
    assert frame(kappa, next_step, optimal) != default
    assert frame(kappa, lr_scaled, not optimal) != default
    assert frame(*CONDITION_DEFAULT) == default  # and coming back restores it


@pytest.mark.parametrize("kappa", CONDITION_NUMBERS)
def test_the_eta_star_switch_lands_on_the_green_line(condition_frame, kappa):
    """Oracle: η* = 2/(1 + κ) on diag(1, κ), so η*·λmax = 2κ/(1 + κ); the count is the closed
    form's at that step, and the run reaches it."""
    study = bowl_step_study(kappa, 0.1, True)
    assert study.lr == pytest.approx(2.0 / (1.0 + kappa), rel=1e-14)
    assert study.lr_scaled == pytest.approx(2.0 * kappa / (1.0 + kappa), rel=1e-14)
    closed = predicted_steps(np.diag([1.0, kappa]), 2.0 / (1.0 + kappa), [1.0, 1.0], 1e-6) + 1
    assert study.evaluations == closed
    condition_frame.draw(study)
    (x,), (y,) = condition_frame._marker.get_data()
    assert x == pytest.approx(2.0 * kappa / (1.0 + kappa)) and y == closed
    line = condition_frame._bowls[float(kappa)][1]  # the green line η*·λmax of this κ
    assert line.get_visible() and line.get_xdata()[0] == pytest.approx(x)
    assert "η* = 2/(1 + κ)" in condition_frame.figure.get_suptitle()


def test_step_positions_are_in_value_order_and_eta_star_is_a_switch():
    assert list(SCALED_STEPS) == sorted(SCALED_STEPS)
    assert [value for _, value in STEP_RULES] == [False, True]
    exploration = condition_explorer(static=False)
    _, step, rule = exploration.controls
    assert [v for _, v in step.options] == list(SCALED_STEPS)
    assert rule.value is False


def test_scaled_grid_resolves_the_cliff_below_two():
    """The cost curve's grid is increasing and reaches within 1e-4 of 2, so that η*·λmax at
    κ = 3000 (1.99933) lies between two grid points less than 1e-4 apart."""
    assert np.all(np.diff(SCALED_GRID) > 0)
    best = 2 * 3000 / 3001
    below, above = SCALED_GRID[SCALED_GRID < best].max(), SCALED_GRID[SCALED_GRID > best].min()
    assert above - below < 1e-4


@pytest.fixture(scope="module")
def regression_frame():
    data = synthetic_housing(80, np.random.default_rng(1))
    fine = np.geomspace(min(UNIT_FACTORS), max(UNIT_FACTORS), 61)
    curves = {
        label: unit_sweep(data.features, data.target, fine, center=c, scale=s)
        for label, (c, s) in PREPROCESSING.items()
    }
    return RegressionScaleFrame(curves)


@pytest.mark.parametrize(
    ("factor", "preprocessing"),
    [
        (1.0, "raw features"),
        *itertools.product((min(UNIT_FACTORS), max(UNIT_FACTORS)), list(PREPROCESSING)),
    ],
)
def test_regression_frame_is_legible_at_the_default_and_every_extreme(
    regression_frame, factor, preprocessing
):
    figure = regression_frame.draw(factor, preprocessing)
    _legible(figure)
    assert figure.get_suptitle().startswith(preprocessing)


def test_regression_frame_changes_with_every_control(regression_frame):
    default = png_bytes(regression_frame.draw(1.0, "raw features"))
    moved = UNIT_FACTORS[UNIT_FACTORS.index(1.0) + 1]
    assert png_bytes(regression_frame.draw(moved, "raw features")) != default
    assert png_bytes(regression_frame.draw(1.0, "centered only")) != default
    assert png_bytes(regression_frame.draw(1.0, "raw features")) == default
    with pytest.raises(ValueError, match="preprocessing"):
        regression_frame.draw(1.0, "whitened")


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


@pytest.mark.parametrize("value", [1.1, 39.47, 431.0, 1891.2, 99_999.0, 157_065.3, 9.96e5, 2.4e12])
def test_numbers_read_back_to_their_value(value):
    """Oracle: parse the text back (commas, "× 10ⁿ") and compare with the value."""
    text = _number(value)
    match = re.fullmatch(r"([\d.,]+)(?: × 10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+))?", text)
    assert match, text
    mantissa = float(match.group(1).replace(",", ""))
    exponent = int(match.group(2).translate(_SUPERSCRIPT_DIGITS)) if match.group(2) else 0
    parsed = mantissa * 10.0**exponent
    digits = 3 if value < 1e5 else 2
    assert parsed == pytest.approx(value, rel=0.5 * 10.0 ** (1 - digits) + 1e-12)
    assert 1.0 <= mantissa < 10.0 or exponent == 0


@pytest.mark.parametrize(
    "rate", [0.8182, 0.9, 1.2, 1 - 0.1 / 3000, 2999 / 3001, 1 + 4e-7, 1 - 0.02 / 3000, 0.5]
)
def test_rates_never_print_as_one_unless_they_are(rate):
    """Oracle: the printed number, read back, is within half a unit of its last decimal of the
    rate and on the same side of 1."""
    text = _rate(rate)
    decimals = len(text.split(".")[1])
    assert decimals >= 3
    assert abs(float(text) - rate) <= 0.5 * 10.0**-decimals + 1e-15
    assert np.sign(float(text) - 1.0) == np.sign(rate - 1.0)
    assert _rate(1.0) == "1"


def test_dollars_are_counted_in_words():
    assert _dollars(1.0) == "1 dollar"
    assert _dollars(1000.0 / 10**2.5) == "3.16 dollars"
    assert _dollars(1e6) == "1,000,000 dollars"


def _grid_kappa(A: np.ndarray, centre: np.ndarray, grid: np.ndarray) -> tuple[float, np.ndarray]:
    """The smallest κ(DAD) over d = (e^(c₀+a), e^(c₁+b), 1), a and b on ``grid``, and its
    log-scales: an exhaustive search (batched eigenvalues of every grid point)."""
    a, b = np.meshgrid(grid, grid, indexing="ij")
    logs = np.stack([centre[0] + a.ravel(), centre[1] + b.ravel()], axis=1)
    d = np.column_stack([np.exp(logs), np.ones(len(logs))])
    values = np.linalg.eigvalsh(A[None, :, :] * d[:, :, None] * d[:, None, :])
    kappas = values[:, -1] / values[:, 0]
    best = int(np.argmin(kappas))
    return float(kappas[best]), logs[best]


def _brute_force_kappa(A: np.ndarray) -> float:
    """An exhaustive two-stage grid: 81 × 81 log-scalings, ±2 around the unit-diagonal one
    (steps of 0.05), then 101 × 101 steps of 0.001 around the best of them."""
    start = np.log(np.sqrt(A[-1, -1] / np.diag(A)[:2]))
    _, coarse = _grid_kappa(A, start, np.linspace(-2.0, 2.0, 81))
    fine, _ = _grid_kappa(A, coarse, np.linspace(-0.05, 0.05, 101))
    return fine


def _check_against_the_grid(A: np.ndarray, rtol: float) -> None:
    found = best_diagonal_scaling(A)
    d = found.scales
    values = np.linalg.eigvalsh(A * np.outer(d, d))
    assert found.kappa == pytest.approx(values[-1] / values[0])
    assert d[-1] == 1.0
    jacobi = A / np.sqrt(np.outer(np.diag(A), np.diag(A)))
    assert found.unit_diagonal_kappa == pytest.approx(np.linalg.cond(jacobi))
    brute = _brute_force_kappa(A)
    assert found.kappa <= brute * (1 + 1e-9)
    assert brute <= found.kappa * (1 + rtol)  # the fine grid comes within its resolution
    # the tolerance is below the gap that a search stuck at the unit diagonal would leave
    assert found.unit_diagonal_kappa > brute * (1 + rtol)
    # van der Sluis (1969): the unit diagonal is within a factor n of the best
    assert found.kappa <= found.unit_diagonal_kappa <= 3 * found.kappa


def test_best_diagonal_scaling_beats_an_exhaustive_grid_and_obeys_van_der_sluis():
    rng = np.random.default_rng(11)
    for _ in range(3):
        features = rng.normal(size=(60, 3)) + rng.normal(size=3) * 3  # uncentered columns
        _check_against_the_grid(features.T @ features / 60, rtol=1e-3)


def test_best_diagonal_scaling_of_the_chapters_regression():
    """The chapter's scaled-only Hessian (synthetic housing, N = 200, seed 4): the search ends
    within 1 % of an exhaustive grid, well below its gap to the unit diagonal."""
    data = synthetic_housing(200, np.random.default_rng(4))
    z = standardize(data.features, center=False, scale=True).features
    A = least_squares(design_matrix(z), data.target).A
    assert np.allclose(np.diag(A), 1.0)  # scaled only: the unit diagonal
    _check_against_the_grid(A, rtol=0.01)


def test_best_diagonal_scaling_rejects_what_it_cannot_scale():
    with pytest.raises(ValueError, match="A"):
        best_diagonal_scaling(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="2 × 2"):
        best_diagonal_scaling(np.eye(1))


def test_with_eta_star_on_the_step_slider_is_set_aside(monkeypatch):
    """explore's same_frame: with η* switched on, every slider position of one κ is one frame,
    so the static grid draws one η* frame per κ; and those frames do not depend on the slider."""
    from curvlab.widgets import core

    captured = {}

    def capture(title, draw, points, labels, alt):
        captured.update(points=points, draw=draw)
        return [core.Frame(f"placeholder {i}", "") for i in range(len(points))]

    monkeypatch.setattr(core, "render_frames", capture)
    exploration = condition_explorer(static=True)
    points = captured["points"]
    on = [p for p in points if p["optimal"]]
    off = [p for p in points if not p["optimal"]]
    assert sorted(p["kappa"] for p in on) == sorted(CONDITION_NUMBERS)
    assert len(off) == len(CONDITION_NUMBERS) * len(SCALED_STEPS)
    urls = exploration.frame_urls
    assert len(urls) == len(CONDITION_NUMBERS) * len(SCALED_STEPS) * len(STEP_RULES)
    assert len(set(urls)) == len(points)
    # the frame of an η* point is the same whatever the slider says
    frame = ConditioningFrame()
    kappa = CONDITION_NUMBERS[-2]
    pictures = {
        png_bytes(frame.draw(bowl_step_study(kappa, step, True, maxiter=200)))
        for step in (min(SCALED_STEPS), max(SCALED_STEPS))
    }
    assert len(pictures) == 1


def test_a_diverging_path_ends_where_it_leaves_the_window(condition_frame):
    """Oracle: the exit point lies on the segment between the last iterate inside the window
    and the first one outside, on the window's edge."""
    study = bowl_step_study(10, max(SCALED_STEPS), maxiter=500)
    condition_frame.draw(study)
    xs, _ = condition_frame._path.get_data()
    (ex,), (ey,) = condition_frame._end.get_data()
    reach = ConditioningFrame.REACH
    assert max(abs(ex), abs(ey)) == pytest.approx(reach)
    assert condition_frame._end.get_marker() == "X"
    iterates = study.trajectory.xs
    i = len(xs) - 1  # the iterates drawn before the exit point
    assert np.all(np.abs(iterates[:i]) <= reach) and np.any(np.abs(iterates[i]) > reach)
    inside, beyond = iterates[i - 1], iterates[i]
    t = (np.array([ex, ey]) - inside) / (beyond - inside)
    assert t[0] == pytest.approx(t[1]) and 0.0 <= t[0] <= 1.0


@pytest.mark.parametrize("kappa", [300, 1000, 3000])
def test_the_zoom_shows_the_dip_below_eta_star(condition_frame, kappa):
    """At large κ the fewest evaluations from (1, 1) lie just below η*, in the zoom's window,
    apart from η* on its log axis of 2 − η·λmax; the curve is drawn above the η* line."""
    condition_frame.draw(bowl_step_study(kappa, 1.0, True, maxiter=200))
    _, line, curve, _, zoom_line, zoom_curve, zoom_fewest = condition_frame._bowls[kappa]
    assert curve.get_zorder() > line.get_zorder() and line.get_linestyle() == "--"
    assert zoom_curve.get_zorder() > zoom_line.get_zorder()
    (gap_fewest,), _ = zoom_fewest.get_data()
    gap_star = zoom_line.get_xdata()[0]
    assert gap_star == pytest.approx(2.0 / (1.0 + kappa))
    low, high = sorted(ConditioningFrame.ZOOM_LIMITS)
    assert low <= gap_star < gap_fewest <= high
    assert np.log10(gap_fewest / gap_star) > 0.15  # apart on the zoom's axis
    (x,), _ = condition_frame._zoom_marker.get_data()
    assert condition_frame._zoom_marker.get_visible() and x == pytest.approx(gap_star)


def test_the_rates_of_eta_star_and_a_step_near_it_print_apart():
    """At κ = 1000, η* and η·λmax = 1.98 have rates 1 − 2/1001 and 1 − 0.00198: different
    numbers that must read differently, in the right order."""
    star, near = 1.0 - 2.0 / 1001.0, 1.0 - 0.00198
    assert float(_rate(star)) < float(_rate(near))


def _simulated_evaluations(kappa: float, lr_scaled: float, start, tol: float = 1e-6) -> int:
    """Gradient evaluations of plain gradient descent on diag(1, κ) until |∇f| < tol, counted by
    running it (an oracle independent of the closed form)."""
    A = np.diag([1.0, kappa])
    x = np.array(start, dtype=float)
    g = A @ x
    evaluations = 1
    while np.linalg.norm(g) >= tol:
        x = x - (lr_scaled / kappa) * g
        g = A @ x
        evaluations += 1
    return evaluations


def test_start_step_study_counts_match_running_gradient_descent():
    study = start_step_study(100, steps=(1.5, 1.9, 1.98))
    for step, count in zip(study.steps, study.evaluations, strict=True):
        assert count == _simulated_evaluations(100, step, (1.0, 1.0))
    assert study.optimal_scaled == pytest.approx(200.0 / 101.0)
    assert study.optimal_evaluations == _simulated_evaluations(100, 200.0 / 101.0, (1.0, 1.0))
    # from (1, 1) the steps just above beats_from win against η*, the grid step below loses
    start = study.beats_from
    assert start is not None and start < study.optimal_scaled
    assert _simulated_evaluations(100, start, (1.0, 1.0)) < study.optimal_evaluations
    assert _simulated_evaluations(100, start - 2e-4, (1.0, 1.0)) >= study.optimal_evaluations
    assert study.fewest_evaluations == _simulated_evaluations(100, study.fewest_scaled, (1, 1))
    assert study.fewest_evaluations <= min(study.evaluations)


def test_from_the_flat_direction_no_step_below_eta_star_wins():
    """Oracle: from (κ, 0) only the flat factor 1 − η counts, and it is larger than ρ for every
    η below η*; the counts, run, agree."""
    study = start_step_study(100, (100.0, 0.0), steps=(0.5, 1.5, 1.98))
    assert study.beats_from is None
    for step, count in zip(study.steps, study.evaluations, strict=True):
        assert count == _simulated_evaluations(100, step, (100.0, 0.0))
        assert count >= study.optimal_evaluations
    assert start_step_study(100, steps=(2.2,)).evaluations.tolist() == [-1]  # diverges


def test_start_step_study_rejects_what_it_cannot_count():
    with pytest.raises(ValueError, match="kappa"):
        start_step_study(1.0)
    with pytest.raises(ValueError, match="start"):
        start_step_study(10, (0.0, 0.0))
    with pytest.raises(ValueError, match="grid"):
        start_step_study(10, grid=10)
    with pytest.raises(ValueError, match="steps"):
        start_step_study(10, steps=(-1.0,))
