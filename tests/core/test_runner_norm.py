"""The runner's 2-norm is numpy's, bit for bit (it only skips np.linalg.norm's dispatch)."""

from __future__ import annotations

import numpy as np
import pytest

from curvlab.core.runner import _norm


@pytest.mark.parametrize("n", [1, 2, 3, 64, 5000])
def test_the_norm_is_numpys_to_the_last_bit(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(200):
        v = rng.standard_normal(n) * 10.0 ** rng.uniform(-150, 150)
        assert _norm(v) == float(np.linalg.norm(v))


def test_infinite_and_nan_vectors_keep_their_norm() -> None:
    assert _norm(np.array([np.inf, 1.0])) == np.inf
    assert np.isnan(_norm(np.array([np.nan, 1.0])))
