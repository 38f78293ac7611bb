r"""Hutchinson's estimator of a matrix diagonal from matrix-vector products.

For a random vector :math:`u` with independent Rademacher entries (:math:`\pm 1` with equal
probability), :math:`E[u \odot (H u)]_i = \sum_j H_{ij} E[u_i u_j] = H_{ii}`. Averaging
:math:`u \odot Hu` over samples therefore estimates :math:`\operatorname{diag}(H)` using only
Hessian-vector products, which cost about two gradients each and never form :math:`H`. The
variance of one sample's entry :math:`i` is :math:`\sum_{j \ne i} H_{ij}^2`: a diagonal matrix is
recovered exactly from a single sample.

References: Hutchinson, Commun. Stat. Simul. Comput. 19 (1990); Bekas, Kokiopoulou & Saad,
"An estimator for the diagonal of a matrix", Appl. Numer. Math. 57 (2007).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from curvlab.core.validation import as_callable, as_generator, as_positive_int

__all__ = ["hutchinson_diagonal", "rademacher"]


def rademacher(n: int, rng: np.random.Generator) -> np.ndarray:
    """Return a vector of ``n`` independent random signs ±1."""
    n = as_positive_int(n, "n")
    as_generator(rng)
    return rng.choice(np.array([-1.0, 1.0]), size=n)


def hutchinson_diagonal(
    matvec: Callable[[np.ndarray], np.ndarray], n: int, samples: int, rng: np.random.Generator
) -> np.ndarray:
    r"""Estimate :math:`\operatorname{diag}(H)` as :math:`\frac1S\sum_s u_s \odot (H u_s)`.

    Parameters
    ----------
    matvec : callable
        ``matvec(u) -> H u`` for vectors of shape ``(n,)`` (a Hessian-vector product).
    n : int
        The dimension.
    samples : int
        The number :math:`S` of Rademacher probes.
    rng : numpy.random.Generator
        The source of the probes.

    Returns
    -------
    ndarray, shape (n,)
        The unbiased estimate.

    Raises
    ------
    TypeError, ValueError
        If ``matvec`` is not callable, a size is not a positive integer, ``rng`` is not a
        Generator, or ``matvec`` returns the wrong shape.
    """
    as_callable(matvec, "matvec")
    n = as_positive_int(n, "n")
    samples = as_positive_int(samples, "samples")
    total = np.zeros(n)
    for _ in range(samples):
        probe = rademacher(n, rng)
        product = np.asarray(matvec(probe), dtype=float)
        if product.shape != (n,):
            raise ValueError(f"matvec must return shape ({n},); got {product.shape}")
        total += probe * product
    return total / samples
