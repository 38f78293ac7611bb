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
from curvlab.problems.least_squares import synthetic_housing
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
    _, _, line = condition_frame._bowls[float(kappa)]  # the green line η*·λmax of this κ
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


def _brute_force_kappa(A: np.ndarray, centre: np.ndarray, grid: np.ndarray) -> float:
    """The smallest κ(DAD) over d = (e^(c₀+a), e^(c₁+b), 1), a and b on ``grid``: an
    exhaustive search."""
    best = np.inf
    for a, b in itertools.product(grid, grid):
        d = np.array([np.exp(centre[0] + a), np.exp(centre[1] + b), 1.0])
        values = np.linalg.eigvalsh(A * np.outer(d, d))
        best = min(best, values[-1] / values[0])
    return float(best)


def test_best_diagonal_scaling_beats_an_exhaustive_grid_and_obeys_van_der_sluis():
    rng = np.random.default_rng(11)
    for _ in range(3):
        features = rng.normal(size=(60, 3)) + rng.normal(size=3) * 3  # uncentered columns
        A = features.T @ features / 60
        found = best_diagonal_scaling(A)
        d = found.scales
        values = np.linalg.eigvalsh(A * np.outer(d, d))
        assert found.kappa == pytest.approx(values[-1] / values[0])
        assert d[-1] == 1.0
        jacobi = A / np.sqrt(np.outer(np.diag(A), np.diag(A)))
        assert found.unit_diagonal_kappa == pytest.approx(np.linalg.cond(jacobi))
        # a grid of 81 × 81 scalings, ±2 in log around the unit-diagonal one, steps of 0.05
        start = np.log(np.sqrt(A[-1, -1] / np.diag(A)[:2]))
        brute = _brute_force_kappa(A, start, np.linspace(-2.0, 2.0, 81))
        assert found.kappa <= brute * (1 + 1e-9)
        assert brute <= found.kappa * 1.1  # the grid comes within its resolution
        # van der Sluis (1969): the unit diagonal is within a factor n of the best
        assert found.kappa <= found.unit_diagonal_kappa <= 3 * found.kappa


def test_best_diagonal_scaling_rejects_what_it_cannot_scale():
    with pytest.raises(ValueError, match="A"):
        best_diagonal_scaling(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="2 × 2"):
        best_diagonal_scaling(np.eye(1))
