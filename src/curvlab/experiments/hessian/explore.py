"""Chapter 2's exploration: the Hessian at a point, its eigenvectors and the quadratic model."""

from __future__ import annotations

from collections.abc import Sequence

from curvlab.experiments.hessian.compute import hessian_at
from curvlab.experiments.hessian.figures import HessianPointFrame
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["HESSIAN_SURFACES", "POSITIONS", "hessian_explorer"]

POSITIONS = (-0.6, -0.45, -0.3, -0.15, 0.0, 0.15, 0.3, 0.45, 0.6)
"""Slider grid (nine positions): the point's offset from the window's centre, as a fraction of
the half-width."""


HESSIAN_SURFACES = ("Himmelblau", "Rosenbrock", "monkey saddle", "10x² + y²")
"""Names (from :data:`curvlab.problems.surfaces.SURFACES`) offered by :func:`hessian_explorer`,
the first shown first: Himmelblau's Hessian changes from point to point (four minima, four
saddles and a maximum), while the quadratic 10x² + y², offered last for comparison, has the same
Hessian everywhere, so that moving the point moves only the dot."""


def hessian_explorer(
    surfaces: Sequence[str] = HESSIAN_SURFACES,
    positions: Sequence[float] = POSITIONS,
    *,
    static: bool | None = None,
) -> Exploration:
    """Pick a surface and a point; see the eigenvectors scaled by curvature and the Taylor model.

    Parameters
    ----------
    surfaces : sequence of str
        Names from :data:`curvlab.problems.surfaces.SURFACES` (each objective needs a window).
    positions : sequence of float
        Grid of the x and y sliders, as fractions of the window's half-widths.
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    frame = HessianPointFrame()
    start = positions[-1]
    controls = [
        Control("surface", "surface", tuple((name, name) for name in surfaces), kind="dropdown"),
        Control.numbers("fx", "x, of half-width", positions, start),
        Control.numbers("fy", "y, of half-height", positions, start),
    ]
    return explore(
        "the Hessian at a point", frame.draw, controls, compute=hessian_at, static=static
    )
