"""Chapter 2's experiment: the Hessian at a point and the finite-difference figure."""

import itertools

import numpy as np
import pytest

from curvlab.curvature.finite_differences import hessian_error
from curvlab.experiments.hessian.compute import finite_difference_errors, hessian_at
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


def test_rounding_line_is_epsilon_times_the_gradient_size_over_h_and_meets_the_data():
    steps = np.logspace(-12, -1, 12)
    result = finite_difference_errors(rosenbrock(), [0.5, 0.5], steps)
    assert result.gradient_scale == pytest.approx(51.0)  # ∇f(0.5, 0.5) = (-51, 50)
    figure = finite_difference_error_figure(result)
    rounding = next(line for line in figure.axes[0].lines if "rounding" in line.get_label())
    expected = np.finfo(float).eps * 51.0 / steps
    np.testing.assert_allclose(rounding.get_ydata(), expected)
    # at the smallest h rounding dominates both schemes, within a factor 10 of the model
    for scheme in ("forward", "central"):
        assert 0.1 < result.errors[scheme][0] / expected[0] < 10


def test_each_eigen_direction_has_its_own_colour_and_the_sign_its_line_style():
    frame = HessianPointFrame()
    frame.draw(hessian_at("10x² + y²", 0.3, 0.3))  # both curvatures positive
    first, second = frame._axes_lines
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() == second.get_linestyle() == "-"
    frame.draw(hessian_at("Himmelblau", 0.0, 0.0))  # near the maximum: both negative
    assert frame._axes_lines[0].get_linestyle() != "-"
    labels = [t.get_text() for t in frame.ax_map.get_legend().get_texts()]
    assert all("curving down" in label for label in labels)
