r"""The GOE positive-definite probability against its large-deviation law, at small :math:`n`.

Dean & Majumdar (2006) show :math:`P_n = P(\text{GOE matrix} \succ 0) = e^{-\theta n^2 + o(n^2)}`
with :math:`\theta = \tfrac14\ln 3`. The :math:`o(n^2)` is not small at :math:`n \le 6`, so
:math:`e^{-\theta n^2}` alone is not a prediction of :math:`P_n` there. What the law claims is
the limit

.. math:: r_n = \frac{-\ln P_n}{n^2} \;\longrightarrow\; \theta ,

which measured probabilities can be compared with, with their confidence intervals mapped
through the same (decreasing) function. Reference: Dean & Majumdar (2006), "Large deviations of
extreme eigenvalues of random matrices", Phys. Rev. Lett. 97, 160201.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from curvlab.core.validation import as_positive_float

__all__ = ["RateEstimates", "leading_order_ratios", "rate_estimates"]


class RateEstimates(NamedTuple):
    r""":math:`-\ln P/n^2` for each measured dimension (only those with at least one hit).

    ``rate`` from the measured fraction, ``low`` and ``high`` from the upper and lower ends of
    its confidence interval.
    """

    n: np.ndarray
    rate: np.ndarray
    low: np.ndarray
    high: np.ndarray


def _fields(estimates: Sequence[Any]) -> tuple[np.ndarray, ...]:
    if len(estimates) == 0:
        raise ValueError("estimates must not be empty")
    try:
        n = np.array([int(e.n) for e in estimates])
        hits = np.array([int(e.hits) for e in estimates])
        fraction = np.array([float(e.fraction) for e in estimates])
        low = np.array([float(e.low) for e in estimates])
        high = np.array([float(e.high) for e in estimates])
    except AttributeError as error:
        raise TypeError("estimates must have fields n, hits, fraction, low, high") from error
    return n, hits, fraction, low, high


def rate_estimates(estimates: Sequence[Any]) -> RateEstimates:
    r"""Map measured probabilities (fields ``n, hits, fraction, low, high``) to :math:`-\ln P/n^2`.

    Dimensions with no hit are left out: their rate has no finite estimate.

    Examples
    --------
    >>> from types import SimpleNamespace as E
    >>> r = rate_estimates([E(n=1, hits=5, fraction=0.5, low=0.4, high=0.6)])
    >>> round(float(r.rate[0]), 4)
    0.6931
    """
    n, hits, fraction, low, high = _fields(estimates)
    seen = hits > 0
    n2 = n[seen].astype(float) ** 2
    return RateEstimates(
        n[seen],
        -np.log(fraction[seen]) / n2,
        -np.log(high[seen]) / n2,
        -np.log(low[seen]) / n2,
    )


def leading_order_ratios(estimates: Sequence[Any], theta: float) -> np.ndarray:
    r"""Return :math:`e^{-\theta n^2} / P_n` for each estimate (``inf`` where none was seen).

    A ratio far from 1 says that the leading-order law, without its :math:`o(n^2)` correction,
    does not predict the probability at that :math:`n`.
    """
    theta = as_positive_float(theta, "theta")
    n, hits, fraction, _, _ = _fields(estimates)
    with np.errstate(divide="ignore"):
        return np.where(hits > 0, np.exp(-theta * n.astype(float) ** 2) / fraction, np.inf)
