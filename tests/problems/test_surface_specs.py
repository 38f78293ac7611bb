"""The surface registry's specs: curvature scales computed from the Hessians, windows, starts."""

import numpy as np
import pytest
from scipy.optimize import minimize

from curvlab.problems.surfaces import SURFACES, Surface


def _largest_eigenvalue(objective, point):
    return float(np.linalg.eigvalsh(objective.hessian(point))[-1])


def _minima(objective, starts):
    """Distinct local minima reached by scipy's trust-region Newton from ``starts``."""
    found = []
    for start in starts:
        result = minimize(
            objective.value,
            start,
            jac=objective.gradient,
            hess=objective.hessian,
            method="trust-exact",
            options={"gtol": 1e-10},
        )
        if np.all(np.linalg.eigvalsh(objective.hessian(result.x)) > 0) and not any(
            np.allclose(result.x, seen, atol=1e-6) for seen in found
        ):
            found.append(result.x)
    return found


def test_every_entry_is_a_surface_that_builds_its_objective_and_window():
    for name, surface in SURFACES.items():
        assert isinstance(surface, Surface)
        objective = surface()
        assert objective.dim == 2
        assert surface.window == objective.window
        assert surface.window is not None, name


@pytest.mark.parametrize(
    ("name", "seeds", "count"),
    [
        ("Rosenbrock", [(-1.2, 1.0), (0.0, 0.0)], 1),
        ("Himmelblau", [(3.0, 3.0), (-3.0, 3.0), (-3.0, -3.0), (3.0, -3.0)], 4),
        ("double well", [(0.5, 0.5), (0.5, -0.5)], 2),
        ("10x² + y²", [(1.0, 1.0)], 1),
        ("axis-aligned bowl κ=50", [(1.0, 1.0)], 1),
        ("rotated bowl κ=50", [(1.0, 1.0)], 1),
        ("rotated bowl κ=500", [(1.0, 1.0)], 1),
        ("bowl κ=50 rotated 30°", [(1.0, 1.0)], 1),
    ],
)
def test_curvature_is_a_round_value_of_the_largest_eigenvalue_at_the_minima(name, seeds, count):
    # Oracle: the minima found by scipy, their Hessians' eigenvalues by numpy.
    surface = SURFACES[name]
    objective = surface()
    minima = _minima(objective, seeds)
    assert len(minima) == count
    largest = max(_largest_eigenvalue(objective, point) for point in minima)
    # L rounds the largest eigenvalue: at most 0.2 % below it (Rosenbrock) and 15 % above.
    assert largest <= surface.curvature * (1 + 2e-3)
    assert surface.curvature <= 1.15 * largest
    assert surface.step == 1.0 / surface.curvature


def test_curvature_of_the_saddles():
    saddle = SURFACES["saddle x²−y²"]
    assert np.abs(np.linalg.eigvalsh(saddle().hessian([0.3, -0.7]))).max() == saddle.curvature
    # The monkey saddle has no minimum: its curvature 6r lies between the largest on the
    # window's inscribed circle and the largest at its corners (a grid over the window).
    monkey = SURFACES["monkey saddle"]
    objective = monkey()
    (x0, x1), (y0, y1) = monkey.window
    points = [(x, y) for x in np.linspace(x0, x1, 31) for y in np.linspace(y0, y1, 31)]
    spectral = [np.abs(np.linalg.eigvalsh(objective.hessian(p))).max() for p in points]
    inside = [s for s, p in zip(spectral, points, strict=True) if np.hypot(*p) <= x1]
    assert max(inside) <= monkey.curvature <= max(spectral)


def test_a_surface_without_a_curvature_scale_has_no_step():
    with pytest.raises(ValueError, match="curvature"):
        _ = SURFACES["quartic x⁴+y⁴"].step


def test_starts_lie_in_the_window():
    for name, surface in SURFACES.items():
        (x0, x1), (y0, y1) = surface.window
        for lesson, starts in surface.starts.items():
            for x, y in starts:
                assert x0 <= x <= x1 and y0 <= y <= y1, (name, lesson, (x, y))
