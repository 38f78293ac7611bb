"""curvlab.problems.surfaces.double_well against sympy."""

import numpy as np

from curvlab.problems.surfaces import (
    double_well,
)
from curvlab.problems.symbolic import symbolic_objective

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


# --- the classifier -----------------------------------------------------------------------


# --- finding critical points two ways -----------------------------------------------------


def _x4_plus_y2():
    return symbolic_objective("x**4 + y**2", window=((-1.5, 1.5), (-1.5, 1.5)))


# --- random symmetric matrices ------------------------------------------------------------


# --- gradient descent near a saddle -------------------------------------------------------


def test_double_well_matches_sympy():
    oracle = symbolic_objective("x**2/2 + 3*(y**2 - 1)**2/4")
    f = double_well(3.0)
    for p in ([0.3, -0.2], [1.0, 1.5]):
        np.testing.assert_allclose(f.gradient(p), oracle.gradient(p), atol=1e-12)
        np.testing.assert_allclose(f.hessian(p), oracle.hessian(p), atol=1e-12)


# --- figures and the exploration ----------------------------------------------------------
