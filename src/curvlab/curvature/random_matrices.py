r"""How often is a random symmetric matrix positive definite?

A minimum needs every one of the :math:`n` Hessian eigenvalues positive. If each sign were an
independent fair coin, a critical point would be a minimum with probability :math:`2^{-n}`.
Eigenvalues of a random symmetric matrix are not independent, they repel, and the measured
probability falls faster. For the Gaussian orthogonal ensemble (GOE),

.. math:: H = \tfrac12 (A + A^\top), \qquad A_{ij} \sim \mathcal N(0, 1) \text{ i.i.d.},

(diagonal variance 1, off-diagonal variance 1/2), Dean & Majumdar (2006) show
:math:`P(\text{all } \lambda_i > 0) = \exp(-\theta n^2 + o(n^2))` with
:math:`\theta = \tfrac14 \ln 3 \approx 0.2747`: Gaussian in :math:`n`, not geometric. For
:math:`n = 2` the probability is exactly :math:`(2 - \sqrt2)/4 \approx 0.146`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from curvlab.core.validation import as_positive_int, check_random_state

__all__ = [
    "DEAN_MAJUMDAR_THETA",
    "PositiveDefiniteEstimate",
    "goe_matrices",
    "positive_definite_fraction",
]

DEAN_MAJUMDAR_THETA = math.log(3.0) / 4.0
r""":math:`\theta = \ln 3 / 4`: :math:`P(\text{GOE positive definite}) \approx e^{-\theta n^2}`."""


class PositiveDefiniteEstimate(NamedTuple):
    """A Monte Carlo estimate of ``P(H > 0)`` with a 95 % Wilson score interval."""

    n: int
    samples: int
    hits: int
    fraction: float
    low: float
    high: float


def goe_matrices(n: int, count: int, rng: np.random.Generator | int) -> np.ndarray:
    r"""Draw ``count`` GOE matrices :math:`\tfrac12(A + A^\top)`, shape ``(count, n, n)``.

    Raises
    ------
    TypeError, ValueError
        If ``n`` or ``count`` is not a positive integer, or ``rng`` is neither a Generator
        nor a seed.
    """
    n = as_positive_int(n, "n")
    count = as_positive_int(count, "count")
    rng = check_random_state(rng)
    a = rng.standard_normal((count, n, n))
    return 0.5 * (a + np.swapaxes(a, -1, -2))


def _wilson(hits: int, samples: int, z: float = 1.959964) -> tuple[float, float]:
    p = hits / samples
    denominator = 1.0 + z * z / samples
    center = (p + z * z / (2 * samples)) / denominator
    half = z * math.sqrt(p * (1 - p) / samples + z * z / (4 * samples * samples)) / denominator
    return max(0.0, center - half), min(1.0, center + half)


def positive_definite_fraction(
    n: int, samples: int, rng: np.random.Generator | int, *, batch: int = 50_000
) -> PositiveDefiniteEstimate:
    """Estimate the probability that an ``n × n`` GOE matrix is positive definite.

    Draws ``samples`` matrices in batches, counts those whose smallest eigenvalue is positive,
    and returns the fraction with a 95 % Wilson score interval (which stays informative when
    the count is zero).

    Raises
    ------
    TypeError, ValueError
        If ``n``, ``samples`` or ``batch`` is not a positive integer, or ``rng`` is neither a
        Generator nor a seed.
    """
    n = as_positive_int(n, "n")
    samples = as_positive_int(samples, "samples")
    batch = as_positive_int(batch, "batch")
    rng = check_random_state(rng)
    hits = 0
    remaining = samples
    while remaining > 0:
        size = min(batch, remaining)
        smallest = np.linalg.eigvalsh(goe_matrices(n, size, rng))[:, 0]
        hits += int(np.count_nonzero(smallest > 0.0))
        remaining -= size
    low, high = _wilson(hits, samples)
    return PositiveDefiniteEstimate(n, samples, hits, hits / samples, low, high)
