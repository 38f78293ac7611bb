"""Chapter 2's exploration: the Hessian at a point, its eigenvectors and the quadratic model."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from curvlab.explore.core import Control, Exploration, explore
from curvlab.figures.hessian_view import HessianPointFrame
from curvlab.objective import Objective
from curvlab.surfaces import himmelblau, monkey_saddle, rosenbrock
from curvlab.symbolic import symbolic_objective

__all__ = ["HESSIAN_SURFACES", "POSITIONS", "hessian_explorer", "ten_to_one_bowl"]

POSITIONS = (-0.5, 0.0, 0.5)
"""Slider grid: the point's offset from the window's centre, as a fraction of the half-width."""


def ten_to_one_bowl() -> Objective:
    """The bowl :math:`10x^2 + y^2` of the chapter's worked example, derived by sympy."""
    return symbolic_objective("10*x**2 + y**2", name="10x² + y²", window=((-1.5, 1.5), (-1.5, 1.5)))


HESSIAN_SURFACES: Mapping[str, Callable[[], Objective]] = {
    "10x² + y²": ten_to_one_bowl,
    "Himmelblau": himmelblau,
    "Rosenbrock": rosenbrock,
    "monkey saddle": monkey_saddle,
}
"""The surfaces offered by :func:`hessian_explorer`."""


def hessian_explorer(
    surfaces: Mapping[str, Callable[[], Objective]] = HESSIAN_SURFACES,
    positions: Sequence[float] = POSITIONS,
    *,
    static: bool | None = None,
) -> Exploration:
    """Pick a surface and a point; see the eigenvectors scaled by curvature and the Taylor model.

    Parameters
    ----------
    surfaces : mapping of str to callable
        Name to objective factory (each objective needs a window).
    positions : sequence of float
        Grid of the x and y sliders, as fractions of the window's half-widths.
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.explore`).
    """
    frame = HessianPointFrame(surfaces)
    start = positions[-1]
    controls = [
        Control("surface", "surface", tuple((name, name) for name in surfaces), kind="dropdown"),
        Control.numbers("fx", "x (fraction)", positions, start),
        Control.numbers("fy", "y (fraction)", positions, start),
    ]
    return explore("the Hessian at a point", frame.draw, controls, static=static)
