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
