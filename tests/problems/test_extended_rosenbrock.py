"""curvlab.problems.extended_rosenbrock: derivatives against sympy, its Hessian-vector product at
scale."""

import numpy as np
import pytest
import sympy as sp

from curvlab.problems.extended_rosenbrock import MAX_DENSE_DIM, extended_rosenbrock
from curvlab.problems.surfaces import (
    rosenbrock,
)
from curvlab.problems.symbolic import symbolic_objective


def test_extended_rosenbrock_matches_sympy_and_its_own_hvp():
    n = 5
    names = " ".join(f"x{i}" for i in range(n))
    symbols = sp.symbols(names)
    expr = sum(
        100 * (symbols[i + 1] - symbols[i] ** 2) ** 2 + (1 - symbols[i]) ** 2 for i in range(n - 1)
    )
    oracle = symbolic_objective(expr, names)
    f = extended_rosenbrock(n)
    rng = np.random.default_rng(0)
    for _ in range(3):
        x, v = rng.standard_normal(n), rng.standard_normal(n)
        assert f.value(x) == pytest.approx(oracle.value(x), rel=1e-12)
        np.testing.assert_allclose(f.gradient(x), oracle.gradient(x), rtol=1e-12)
        np.testing.assert_allclose(f.hessian(x), oracle.hessian(x), rtol=1e-12)
        np.testing.assert_allclose(
            f.hessian_vector_product(x, v), oracle.hessian(x) @ v, rtol=1e-10, atol=1e-10
        )
    np.testing.assert_allclose(
        extended_rosenbrock(2).hessian([0.3, 0.1]), rosenbrock().hessian([0.3, 0.1])
    )


def test_extended_rosenbrock_refuses_a_dense_hessian_at_scale_but_not_an_hvp():
    f = extended_rosenbrock(MAX_DENSE_DIM + 1)
    x = np.full(f.dim, 0.5)
    with pytest.raises(ValueError, match="dense"):
        f.hessian(x)
    assert f.hessian_vector_product(x, np.ones(f.dim)).shape == (f.dim,)
    with pytest.raises(ValueError, match="n must be at least 2"):
        extended_rosenbrock(1)
