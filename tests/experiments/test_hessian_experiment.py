"""Chapter 2's experiment: the Hessian at a point and the finite-difference figure."""

import itertools

import numpy as np
import pytest

from curvlab.curvature.finite_differences import hessian_error
from curvlab.experiments.hessian.compute import (
    finite_difference_errors,
    flow_end_sharpness,
    hessian_at,
    rounding_line,
    rounding_split,
)
from curvlab.experiments.hessian.explore import HESSIAN_SURFACES, POSITIONS
from curvlab.experiments.hessian.figures import HessianPointFrame, finite_difference_error_figure
from curvlab.plotting.render import png_bytes
from curvlab.problems.surfaces import (
    rosenbrock,
)


def test_finite_difference_figure_draws():
    result = finite_difference_errors(rosenbrock(), [0.5, 0.5], [1e-2, 1e-5, 1e-8])
    np.testing.assert_array_equal(
        result.errors["central"], hessian_error(rosenbrock(), [0.5, 0.5], result.h, "central")
    )
    figure = finite_difference_error_figure(result)
    assert len(figure.axes[0].lines) == 5


@pytest.mark.parametrize("surface", list(HESSIAN_SURFACES))
def test_hessian_frame_survives_every_corner(surface):
    frame = HessianPointFrame()
    for fx, fy in itertools.product([min(POSITIONS), max(POSITIONS)], repeat=2):
        figure = frame.draw(hessian_at(surface, fx, fy))
        assert "λ =" in figure.get_suptitle()
        assert png_bytes(figure).startswith(b"\x89PNG")


def test_hessian_frame_at_the_monkey_saddle_origin_has_zero_curvature():
    h = hessian_at("monkey saddle", 0.0, 0.0)
    np.testing.assert_array_equal(h.eigenvalues, [0.0, 0.0])
    figure = HessianPointFrame().draw(h)
    assert "λ = 0, 0" in figure.get_suptitle().replace("-0", "0")


def test_hessian_at_slices_agree_with_the_taylor_model_and_numpy():
    h = hessian_at("Himmelblau", 0.5, -0.5)
    np.testing.assert_allclose(h.eigenvalues, np.linalg.eigvalsh(h.objective.hessian(h.point)))
    for i in range(2):
        q = h.eigenvectors[:, i]
        model = [h.model.value(h.point + t * q) - h.model.value(h.point) for t in h.t]
        np.testing.assert_allclose(h.quadratic[i], model, atol=1e-9)
        assert h.along[i][50] == pytest.approx(0.0, abs=1e-12)  # t = 0 is the point itself


def test_rounding_line_is_epsilon_times_the_gradient_size_over_h_and_an_order_of_magnitude_model():
    steps = np.logspace(-12, -1, 12)
    result = finite_difference_errors(rosenbrock(), [0.5, 0.5], steps)
    assert result.gradient_scale == pytest.approx(51.0)  # ∇f(0.5, 0.5) = (-51, 50)
    figure = finite_difference_error_figure(result)
    rounding = next(line for line in figure.axes[0].lines if "rounding" in line.get_label())
    expected = np.finfo(float).eps * 51.0 / steps
    np.testing.assert_allclose(rounding.get_ydata(), expected)
    np.testing.assert_allclose(rounding_line(result), expected)
    # at the three smallest h rounding dominates both schemes: within a factor 10 of the model
    for scheme in ("forward", "central"):
        ratios = result.errors[scheme][:3] / expected[:3]
        assert np.all((ratios > 0.1) & (ratios < 10.0))
    # it is not a bound: where the gradient is small the errors lie far above it
    small_gradient = finite_difference_errors(rosenbrock(), [0.9, 0.81], [1e-12, 1e-11])
    assert np.all(small_gradient.errors["forward"] > 10 * rounding_line(small_gradient))


def _rosenbrock_gradient(x, y):
    """Exact gradient of (1 − x)² + 100 (y − x²)² (works on Fractions)."""
    return (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))


@pytest.mark.parametrize("point", [(0.5, 0.5), (-0.7, 0.3), (1.2, 2.2)])
def test_rounding_split_matches_exact_rational_arithmetic(point):
    """Oracle: the two parts in exact rational arithmetic (Fractions of the floats involved)."""
    from fractions import Fraction

    objective = rosenbrock()
    steps = [1e-12, 1e-11, 1e-10]
    split = rounding_split(objective, point, steps)
    np.testing.assert_array_equal(split.measured, hessian_error(objective, point, steps, "forward"))
    x = [Fraction(v) for v in point]
    exact_h = [[Fraction(v) for v in row] for row in objective.hessian(np.array(point))]
    g0_exact = _rosenbrock_gradient(*x)
    g0_float = [Fraction(v) for v in objective.gradient(np.array(point))]
    for k, h in enumerate(steps):
        step_part, gradient_part = [], []
        for j in range(2):
            shifted = np.array(point, dtype=float)
            shifted[j] = shifted[j] + h  # the rounded point the quotient evaluates
            xs = [Fraction(v) for v in shifted]
            g_exact = _rosenbrock_gradient(*xs)
            g_float = [Fraction(v) for v in objective.gradient(shifted)]
            for i in range(2):
                exact_quotient = (g_exact[i] - g0_exact[i]) / Fraction(h)
                float_quotient = (g_float[i] - g0_float[i]) / Fraction(h)
                step_part.append(abs(exact_quotient - exact_h[i][j]))
                gradient_part.append(abs(float_quotient - exact_quotient))
        assert split.step[k] == pytest.approx(float(max(step_part)), rel=1e-2)
        assert split.gradient[k] == pytest.approx(float(max(gradient_part)), rel=1e-2)
        assert split.step[k] <= split.step_bound[k] * (1 + 1e-9)
    # dividing by the step actually taken leaves only the gradient part
    np.testing.assert_allclose(split.actual_step, split.gradient, rtol=1e-2)


def test_rounding_split_refuses_bad_steps():
    with pytest.raises(ValueError, match="steps"):
        rounding_split(rosenbrock(), [0.5, 0.5], [1e-12, 0.0])
    with pytest.raises(TypeError, match="objective"):
        rounding_split("rosenbrock", [0.5, 0.5], [1e-12])


def test_each_eigen_direction_has_its_own_colour_and_the_sign_its_line_style():
    frame = HessianPointFrame()
    frame.draw(hessian_at("10x² + y²", 0.3, 0.3))  # both curvatures positive
    first, second = frame._axes_lines
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() == second.get_linestyle() == "-"
    frame.draw(hessian_at("Himmelblau", 0.0, 0.0))  # near the maximum: both negative
    assert frame._axes_lines[0].get_linestyle() != "-"
    labels = [t.get_text() for t in frame.figure.legends[0].get_texts()][:2]
    assert all("curving down" in label for label in labels)
    keys = frame.figure.legends[0].legend_handles[:2]
    assert [k.get_linestyle() for k in keys] == [line.get_linestyle() for line in frame._axes_lines]


def test_flow_end_sharpness_matches_an_integrated_gradient_flow():
    """Oracle: integrate ẇ = −∇f with scipy's solve_ivp to the valley, take λmax there."""
    from scipy.integrate import solve_ivp

    from curvlab.problems import flat_valley

    f = flat_valley()
    for w0 in ([3.0, 0.05], [0.4, 0.2], [-2.0, -1.5], [0.5, 3.0]):
        solution = solve_ivp(lambda t, w: -f.gradient(w), (0.0, 200.0), w0, rtol=1e-11, atol=1e-12,
                             method="LSODA")  # fmt: skip
        end = solution.y[:, -1]
        assert end[0] * end[1] == pytest.approx(1.0, abs=1e-8)
        sharpness = np.linalg.eigvalsh(f.hessian(end))[-1]
        assert flow_end_sharpness(w0) == pytest.approx(sharpness, rel=1e-7)
    with pytest.raises(ValueError, match="w0"):
        flow_end_sharpness([1.0, -1.0])
    with pytest.raises(ValueError, match="w0"):
        flow_end_sharpness([1.0, 2.0, 3.0])


def test_arrow_lengths_grow_like_the_square_root_and_keep_small_directions_visible():
    from curvlab.experiments.hessian.figures import ARROW_FLOOR, arrow_fractions

    h = hessian_at("Rosenbrock", 0.6, 0.6)  # (1.2, 2.2): λ ≈ −54.7 and 1.1e3
    fractions = arrow_fractions(h.eigenvalues)
    ratio = abs(h.eigenvalues[0]) / abs(h.eigenvalues[1])
    np.testing.assert_allclose(fractions, [np.sqrt(ratio), 1.0])
    assert fractions[0] > 4 * ratio  # four times what a length ∝ |λ| would show
    np.testing.assert_allclose(arrow_fractions(np.array([1e-6, 1.0])), [ARROW_FLOOR, 1.0])
    frame = HessianPointFrame()
    frame.draw(h)
    x, y = frame._axes_lines[0].get_data()
    assert np.hypot(x[1] - x[0], y[1] - y[0]) == pytest.approx(2 * h.reach * fractions[0])
    assert frame._axes_lines[0].get_linestyle() != "-"  # curving down: dotted
    assert "√|λ|" in frame.figure.legends[0].get_title().get_text()
