"""The matrix-free protocol: conversion, product counting, and bad input."""

import numpy as np
import pytest
from scipy.sparse.linalg import LinearOperator, aslinearoperator

from curvlab.curvature.operators import CountingOperator, as_operator, as_rng


class Duck:
    shape = (3, 3)

    def matvec(self, v):
        return np.array([1.0, 2.0, 3.0]) * v


def test_dense_operator_and_duck_all_become_counting_operators():
    A = np.diag([1.0, 2.0, 3.0])
    v = np.array([1.0, -1.0, 2.0])
    for source in (A, aslinearoperator(A), Duck(), A.tolist()):
        H = as_operator(source)
        assert isinstance(H, CountingOperator) and isinstance(H, LinearOperator)
        np.testing.assert_array_equal(H @ v, A @ v)
        np.testing.assert_array_equal(H @ np.eye(3), A)
        assert H.n_products == 4  # one vector, then a block of three
        H.reset()
        assert H.n_products == 0
    H = as_operator(A)
    assert as_operator(H) is H


def test_bad_operators_name_the_argument():
    with pytest.raises(ValueError, match="H must be square"):
        as_operator(np.ones((2, 3)), "H")
    with pytest.raises(ValueError, match="operator must be square"):
        as_operator(LinearOperator((2, 3), matvec=lambda v: v[:2], dtype=float))
    with pytest.raises(ValueError, match="finite"):
        as_operator(np.array([[1.0, np.nan], [np.nan, 1.0]]))
    with pytest.raises(ValueError, match="symmetric"):
        as_operator(np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(TypeError, match="shape and matvec"):
        as_operator(lambda v: v)
    with pytest.raises(TypeError, match="shape and matvec"):
        as_operator("matrix")
    bad = as_operator(LinearOperator((2, 2), matvec=lambda v: v * np.inf, dtype=float))
    with pytest.raises(ValueError, match="non-finite product"):
        bad @ np.ones(2)


def test_rng_is_explicit():
    assert isinstance(as_rng(3), np.random.Generator)
    g = np.random.default_rng(1)
    assert as_rng(g) is g
    for bad in (None, 1.5, True):
        with pytest.raises(TypeError, match="rng"):
            as_rng(bad)
    with pytest.raises(ValueError, match="rng"):
        as_rng(-1)
