"""Chapters 3, 5 and 6 take their steps and starts on a named surface from its spec.

Each table is the spec's reference step 1/L times a stated factor; the oracle for the factors'
claims is the Hessian at the surface's minima (numpy): every step is stable there.
"""

import numpy as np
import pytest

from curvlab.experiments.critical_points.explore import RUN_STEP_FACTORS, RUN_SURFACES
from curvlab.experiments.momentum.compute import RACE_STEP_FACTORS, RACE_SURFACES
from curvlab.experiments.newton.compute import NEWTON_SETUPS, NEWTON_STEP_FACTORS
from curvlab.problems.surfaces import SURFACES

MINIMA = {
    "Rosenbrock": [(1.0, 1.0)],
    "Himmelblau": [
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848126),
    ],
    "double well": [(0.0, 1.0), (0.0, -1.0)],
    "axis-aligned bowl κ=50": [(0.0, 0.0)],
    "rotated bowl κ=50": [(0.0, 0.0)],
    "rotated bowl κ=500": [(0.0, 0.0)],
    "bowl κ=50 rotated 30°": [(0.0, 0.0)],
}
"""The minima with positive curvature (Himmelblau's to six decimals)."""


def _steps():
    yield from (("chapter 3", name, step) for name, step in RUN_SURFACES.items())
    yield from (("chapter 5", name, step) for name, (step, _) in NEWTON_SETUPS.items())
    yield from (("chapter 6", name, spec.gd_lr) for name, spec in RACE_SURFACES.items())


def test_every_step_is_the_specs_reference_step_times_its_factor():
    for name, step in RUN_SURFACES.items():
        assert step == RUN_STEP_FACTORS[name] * SURFACES[name].step
    for name, (step, starts) in NEWTON_SETUPS.items():
        surface = SURFACES[name]
        expected = (
            NEWTON_STEP_FACTORS[name] * surface.step
            if name in NEWTON_STEP_FACTORS
            else 2.0 / (1.0 + surface.curvature)
        )
        assert step == expected
        assert starts == list(surface.starts["newton"])
    for name, spec in RACE_SURFACES.items():
        assert spec.gd_lr == RACE_STEP_FACTORS.get(name, 1.0) * SURFACES[name].step
        assert spec.x0 == SURFACES[name].starts["race"][0]


@pytest.mark.parametrize(
    ("chapter", "name", "step"), [entry for entry in _steps() if entry[1] in MINIMA]
)
def test_every_gradient_descent_step_is_stable_at_the_minima(chapter, name, step):
    """(The saddles have no minimum; their factors' claim is the escape rate, tested below.)"""
    objective = SURFACES[name]()
    for point in MINIMA[name]:
        assert np.linalg.norm(objective.gradient(point)) < 1e-3
        largest = np.linalg.eigvalsh(objective.hessian(point))[-1]
        assert step * largest < 2.0, (chapter, name, point)


def test_the_himmelblau_factor_keeps_the_step_below_two_over_its_sharpest_minimum():
    objective = SURFACES["Himmelblau"]()
    sharpest = max(np.linalg.eigvalsh(objective.hessian(p))[-1] for p in MINIMA["Himmelblau"])
    assert round(float(sharpest), 1) == 133.8  # the value the factors' docstrings quote
    assert round(1.5 / SURFACES["Himmelblau"].curvature * sharpest, 2) == 1.34


def test_the_saddle_steps_escape_by_the_stated_factor_a_step():
    # On x² − y² and the double well, gradient descent multiplies y near the saddle by
    # 1 + η|λ|: 1.2 and 1.1 with the steps of the tables (one step from y = 1e-6).
    for name, step, rate in [
        ("saddle x²−y²", RUN_SURFACES["saddle x²−y²"], 1.2),
        ("saddle x²−y²", NEWTON_SETUPS["saddle x²−y²"][0], 1.2),
        ("saddle x²−y²", RACE_SURFACES["saddle x²−y²"].gd_lr, 1.2),
        ("double well", RUN_SURFACES["double well"], 1.1),
    ]:
        objective = SURFACES[name]()
        point = np.array([0.0, 1e-6])
        moved = point - step * objective.gradient(point)
        assert moved[1] / point[1] == pytest.approx(rate, rel=1e-9)
