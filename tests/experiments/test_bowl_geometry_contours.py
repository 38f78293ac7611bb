"""Contour ellipses of a bowl: on the level set, semi-axes √(2c/λ), gradient normal to them."""

import numpy as np
import pytest

from curvlab import rotated_bowl
from curvlab.experiments.bowl_geometry.compute import (
    contour_ellipse,
    contour_tangents,
    gradient_contour_cosines,
    semi_axes,
)


@pytest.mark.parametrize(("kappa", "angle"), [(1.0, 0.0), (8.0, 30.0), (50.0, -70.0)])
def test_points_lie_on_the_level_set_and_axes_scale_like_one_over_sqrt_lambda(kappa, angle):
    bowl = rotated_bowl(kappa, angle)
    points = contour_ellipse(bowl.A, 0.7, 200)
    np.testing.assert_allclose([bowl.value(p) for p in points], 0.7, rtol=1e-12)
    radii = np.linalg.norm(points, axis=1)
    axes = semi_axes(bowl.A, 0.7)
    assert radii.max() == pytest.approx(axes.max(), rel=1e-3)
    assert radii.min() == pytest.approx(axes.min(), rel=1e-3)
    assert axes[0] / axes[1] == pytest.approx(np.sqrt(kappa))


def test_tangents_match_finite_differences_and_gradients_are_normal():
    bowl = rotated_bowl(8.0, 30.0)
    count = 360
    points = contour_ellipse(bowl.A, 0.5, count)
    tangents = contour_tangents(bowl.A, 0.5, count)
    dt = 2 * np.pi / count
    centred = (np.roll(points, -1, axis=0) - np.roll(points, 1, axis=0)) / (2 * dt)
    np.testing.assert_allclose(centred, tangents, rtol=0, atol=1e-4)
    assert np.abs(gradient_contour_cosines(bowl.A, points, tangents)).max() < 1e-12
    # a direction that is not tangent (towards the centre) is not normal to the gradient
    assert np.abs(gradient_contour_cosines(bowl.A, points, -points)).min() > 0.3


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="positive definite"):
        semi_axes(np.diag([1.0, -1.0]), 1.0)
    with pytest.raises(ValueError, match="level"):
        semi_axes(np.eye(2), 0.0)
    with pytest.raises(ValueError, match="count"):
        contour_ellipse(np.eye(2), 1.0, 2)
    with pytest.raises(ValueError, match="non-zero"):
        gradient_contour_cosines(np.eye(2), [[0.0, 0.0]], [[1.0, 0.0]])
