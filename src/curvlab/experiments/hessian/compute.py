"""Chapter 2's worked example: the bowl 10x² + y², derived by sympy."""

from __future__ import annotations

from curvlab.core.objective import Objective
from curvlab.problems.symbolic import symbolic_objective

__all__ = ["seed_bowl"]


def seed_bowl() -> Objective:
    """The bowl :math:`10x^2 + y^2` of the chapter's worked example, derived by sympy."""
    return symbolic_objective("10*x**2 + y**2", name="10x² + y²", window=((-1.5, 1.5), (-1.5, 1.5)))
