r"""Reading the order of convergence off a run.

With errors :math:`e_k = \|x_k - x^*\|`, linear convergence means :math:`e_{k+1} \approx \rho\, e_k`
(a fixed number of correct digits gained per step) and quadratic convergence means
:math:`e_{k+1} \approx C e_k^2` (the number of correct digits doubles). The order :math:`q` is
estimated from three consecutive errors by

.. math:: q_k = \frac{\log(e_{k+1}/e_k)}{\log(e_k/e_{k-1})}.

Reference: Nocedal & Wright, *Numerical Optimization* (2006), §2.2 (rates of convergence).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.runner import Trajectory, as_trajectory
from curvlab.core.validation import as_vector

__all__ = ["convergence_orders", "convergence_ratios", "correct_digits", "errors_to"]


def errors_to(trajectory: Trajectory, x_star: ArrayLike) -> np.ndarray:
    r"""Return :math:`e_k = \|x_k - x^*\|_2` for every recorded iterate.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a :class:`~curvlab.core.runner.Trajectory`.
    ValueError
        If ``x_star`` does not match the iterates' dimension.
    """
    as_trajectory(trajectory)
    target = as_vector(x_star, "x_star", trajectory.xs.shape[1])
    return np.linalg.norm(trajectory.xs - target, axis=1)


def correct_digits(errors: ArrayLike, scale: float = 1.0) -> np.ndarray:
    r"""Return :math:`-\log_{10}(e_k / \text{scale})`, the correct significant digits.

    A zero error (exact arrival) gives ``inf``.

    Raises
    ------
    ValueError
        If an error is negative or not finite.
    """
    values = as_vector(errors, "errors")
    if np.any(values < 0.0):
        raise ValueError("errors must be non-negative")
    digits = np.full(values.shape, np.inf)
    positive = values > 0.0
    digits[positive] = -np.log10(values[positive] / scale)
    return digits


def convergence_orders(errors: ArrayLike) -> np.ndarray:
    r"""Return :math:`q_k = \log(e_{k+1}/e_k) / \log(e_k/e_{k-1})` for ``k = 1 … m-2``.

    Entries are ``nan`` where an error is zero or two consecutive errors are equal.

    Raises
    ------
    ValueError
        If there are fewer than three errors or one is negative or not finite.
    """
    values = as_vector(errors, "errors")
    if values.size < 3:
        raise ValueError(f"errors must hold at least 3 entries; got {values.size}")
    if np.any(values < 0.0):
        raise ValueError("errors must be non-negative")
    orders = np.full(values.size - 2, np.nan)
    for k in range(1, values.size - 1):
        before, now, after = values[k - 1], values[k], values[k + 1]
        if before > 0.0 and now > 0.0 and after > 0.0 and before != now:
            orders[k - 1] = np.log(after / now) / np.log(now / before)
    return orders


def convergence_ratios(errors: ArrayLike, order: float = 1.0) -> np.ndarray:
    r"""Return :math:`e_{k+1} / e_k^{q}` for ``k = 0 … m-2`` (``nan`` where :math:`e_k = 0`).

    With ``order=1`` a ratio that settles at :math:`\rho < 1` is linear convergence (a ratio
    tending to 0 is superlinear); with ``order=2`` a ratio that stays bounded is quadratic.

    Raises
    ------
    ValueError
        If there are fewer than two errors, one is negative or not finite, or ``order < 1``.
    """
    values = as_vector(errors, "errors")
    if values.size < 2:
        raise ValueError(f"errors must hold at least 2 entries; got {values.size}")
    if np.any(values < 0.0):
        raise ValueError("errors must be non-negative")
    if isinstance(order, bool) or not isinstance(order, (int, float)) or not order >= 1.0:
        raise ValueError(f"order must be a number >= 1; got {order!r}")
    ratios = np.full(values.size - 1, np.nan)
    positive = values[:-1] > 0.0
    ratios[positive] = values[1:][positive] / values[:-1][positive] ** order
    return ratios
