r"""Trace and diagonal of a symmetric operator from its products: Hutchinson and Hutch++.

For a Rademacher vector :math:`u` (independent :math:`\pm1` entries), :math:`E[u u^\top] = I`,
so :math:`E[u^\top H u] = \operatorname{tr} H` and :math:`E[u \odot Hu] = \operatorname{diag} H`.
One probe's variance is :math:`2\sum_{i\ne j} H_{ij}^2 = 2(\|H\|_F^2 - \sum_i H_{ii}^2)`, so the
average of :math:`m` probes has error :math:`O(\|H\|_F/\sqrt m)`: a slope of :math:`-1/2` on a
log-log plot of error against products.

**Hutch++** spends a third of the products on a sketch :math:`Q` of the range of
:math:`HS` (:math:`S` random), takes :math:`\operatorname{tr}(Q^\top H Q)` exactly, and applies
Hutchinson only to the deflated remainder :math:`(I - QQ^\top) H (I - QQ^\top)`, whose Frobenius
norm is small when the spectrum decays. Its error is :math:`O(\|H\|_*/m)` for positive
semidefinite :math:`H`: slope :math:`-1`.

References
----------
Hutchinson, Commun. Stat. Simul. Comput. 19 (1990); Avron & Toledo, J. ACM 58 (2011);
Meyer, Musco, Musco & Woodruff, "Hutch++: optimal stochastic trace estimation", SOSA (2021);
Bekas, Kokiopoulou & Saad, Appl. Numer. Math. 57 (2007) (the diagonal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from curvlab.core.validation import as_int, as_positive_float, check_random_state
from curvlab.curvature.operators import as_operator

__all__ = ["TraceEstimate", "hutch_plus_plus", "hutchinson_diagonal", "hutchinson_trace"]


@dataclass(frozen=True, eq=False)
class TraceEstimate:
    """A stochastic trace estimate with its standard error.

    Attributes
    ----------
    estimate : float
        The estimate of :math:`\\operatorname{tr} H`.
    standard_error : float
        The sample standard deviation of the random part divided by the square root of its
        number of probes (``nan`` with fewer than two probes).
    n_products : int
        Matrix-vector products used.
    converged : bool
        Whether the stopping rule on the standard error fired (``False`` for a fixed budget
        that ran out, and always ``False`` without a rule).
    samples : ndarray
        The per-probe values of the random part, :math:`u^\\top H u`.
    """

    estimate: float
    standard_error: float
    n_products: int
    converged: bool
    samples: np.ndarray


def rademacher(shape: int | tuple[int, ...], rng: np.random.Generator | int) -> np.ndarray:
    """Independent random signs ±1 of the given shape.

    Raises
    ------
    TypeError
        If ``rng`` is neither a ``numpy.random.Generator`` nor a seed (see
        :func:`~curvlab.core.validation.check_random_state`).
    """
    rng = check_random_state(rng)
    return rng.choice(np.array([-1.0, 1.0]), size=shape)


def hutchinson_trace(
    operator: Any,
    maxiter: int,
    *,
    rtol: float | None = None,
    min_probes: int = 10,
    rng: np.random.Generator | int = 0,
) -> TraceEstimate:
    r"""Hutchinson's estimate :math:`\frac1m\sum_{s=1}^m u_s^\top H u_s`, Rademacher :math:`u_s`.

    With ``rtol`` the probes stop as soon as, after at least ``min_probes`` of them, the
    standard error :math:`\hat\sigma/\sqrt m` is at most ``rtol`` times the estimate's modulus:
    a rule on the quantity the reader cares about, not on the change between iterates (which
    shrinks like :math:`1/m` whether or not the estimate is accurate).

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric matrix :math:`H`.
    maxiter : int
        The budget of probes (one product each).
    rtol : float, optional
        Stop when the standard error is below ``rtol * |estimate|``.
    min_probes : int
        Probes before the rule may fire (at least 2).
    rng : numpy.random.Generator or int
        The probes' source.

    Returns
    -------
    TraceEstimate

    Raises
    ------
    TypeError, ValueError
        For a bad operator, a budget of zero, ``min_probes < 2`` or a non-positive ``rtol``.
    """
    H = as_operator(operator)
    maxiter = as_int(maxiter, "maxiter")
    min_probes = as_int(min_probes, "min_probes", 2)
    tol = None if rtol is None else as_positive_float(rtol, "rtol")
    generator = check_random_state(rng)
    start = H.n_products
    n = H.shape[0]
    if tol is None:
        # A fixed budget: all probes in one block product (the same probes, drawn row by row).
        U = rademacher((maxiter, n), generator).T
        samples = np.einsum("ij,ij->j", U, H @ U)
        return TraceEstimate(
            estimate=float(samples.mean()),
            standard_error=_standard_error(samples),
            n_products=H.n_products - start,
            converged=False,
            samples=samples,
        )
    values: list[float] = []
    converged = False
    for _ in range(maxiter):
        u = rademacher(n, generator)
        values.append(float(u @ (H @ u)))
        m = len(values)
        if m >= min_probes:
            error = float(np.std(values, ddof=1)) / np.sqrt(m)
            if error <= tol * abs(float(np.mean(values))):
                converged = True
                break
    samples = np.array(values)
    return TraceEstimate(
        estimate=float(samples.mean()),
        standard_error=_standard_error(samples),
        n_products=H.n_products - start,
        converged=converged,
        samples=samples,
    )


def hutch_plus_plus(
    operator: Any, maxiter: int, *, rng: np.random.Generator | int = 0
) -> TraceEstimate:
    r"""Hutch++ with ``maxiter`` products (Meyer, Musco, Musco, Woodruff 2021, Algorithm 1).

    With :math:`s = \lfloor m/3 \rfloor` sketch columns (the remaining products go to
    the Hutchinson part): draw Rademacher :math:`S \in \mathbb{R}^{n\times s}`, orthonormalize
    :math:`Q = \operatorname{qr}(HS)`, and with :math:`g = m - 2s` Rademacher columns :math:`G`,

    .. math::

        \widehat{\operatorname{tr}} = \operatorname{tr}(Q^\top H Q)
        + \frac1g \operatorname{tr}\bigl(G^\top (I - QQ^\top) H (I - QQ^\top) G\bigr).

    Products: :math:`s` for :math:`HS`, :math:`s` for :math:`HQ`, :math:`g` for the rest.

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric matrix :math:`H`.
    maxiter : int
        The total number of products, at least 3.
    rng : numpy.random.Generator or int
        The random matrices' source.

    Returns
    -------
    TraceEstimate
        ``standard_error`` is that of the Hutchinson part alone (the sketch part is exact
        given :math:`Q`); ``converged`` is ``False`` (a fixed budget has no stopping rule).

    Raises
    ------
    TypeError, ValueError
        For a bad operator or a budget below 3.
    """
    H = as_operator(operator)
    maxiter = as_int(maxiter, "maxiter", 3)
    generator = check_random_state(rng)
    start = H.n_products
    n = H.shape[0]
    sketch = min(maxiter // 3, n)
    rest = maxiter - 2 * sketch
    Q, _ = np.linalg.qr(H @ rademacher((n, sketch), generator))
    exact = float(np.trace(Q.T @ (H @ Q)))
    G = rademacher((n, rest), generator)
    G = G - Q @ (Q.T @ G)
    HG = H @ G
    HG = HG - Q @ (Q.T @ HG)
    samples = np.einsum("ij,ij->j", G, HG)
    return TraceEstimate(
        estimate=exact + float(samples.mean()),
        standard_error=_standard_error(samples),
        n_products=H.n_products - start,
        converged=False,
        samples=samples,
    )


def hutchinson_diagonal(
    operator: Any, samples: int, rng: np.random.Generator | int = 0
) -> np.ndarray:
    r"""Estimate :math:`\operatorname{diag}(H)` as :math:`\frac1S\sum_s u_s \odot (H u_s)`.

    Entry :math:`i` of one probe is :math:`H_{ii} + \sum_{j\ne i} H_{ij} u_i u_j`: unbiased, with
    variance :math:`\sum_{j\ne i} H_{ij}^2`, so one probe is exact for a diagonal matrix.

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric matrix :math:`H`.
    samples : int
        The number :math:`S` of Rademacher probes (one product each).
    rng : numpy.random.Generator or int
        The probes' source.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        For a bad operator or a number of samples below 1.
    """
    H = as_operator(operator)
    samples = as_int(samples, "samples")
    generator = check_random_state(rng)
    n = H.shape[0]
    total = np.zeros(n)
    for _ in range(samples):
        u = rademacher(n, generator)
        total += u * (H @ u)
    return total / samples


def _standard_error(samples: np.ndarray) -> float:
    if len(samples) < 2:
        return float("nan")
    return float(np.std(samples, ddof=1) / np.sqrt(len(samples)))
