r"""Closed-form theory of gradient descent on a quadratic.

On :math:`f(x) = \tfrac12 x^\top A x - b^\top x` with symmetric positive definite ``A``,
gradient descent with step :math:`\eta` is linear:

.. math:: x_{k+1} - x^* = (I - \eta A)(x_k - x^*), \qquad g_{k+1} = (I - \eta A)\, g_k,

where :math:`g_k = \nabla f(x_k)`. In the eigenbasis :math:`A = Q\Lambda Q^\top` the iteration
decouples: the component along eigenvector :math:`q_i` is multiplied by :math:`1 - \eta\lambda_i`
at every step, so it shrinks by the *contraction factor* :math:`|1 - \eta\lambda_i|`.

* Stability: every factor is below 1 iff :math:`0 < \eta < 2/\lambda_{\max}`.
* The optimal fixed step :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})` equalizes the two
  extreme factors at :math:`(\kappa - 1)/(\kappa + 1)`, where
  :math:`\kappa = \lambda_{\max}/\lambda_{\min}`.

Every function takes ``A`` as a symmetric matrix, a :class:`~curvlab.core.spectrum.Spectrum`,
or a :class:`~curvlab.problems.quadratic.Quadratic` (which carries its spectrum), so that one
eigendecomposition serves them all (:func:`curvlab.core.spectrum.as_spectrum`).

Reference: Nocedal & Wright, *Numerical Optimization* (2006), §3.3.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.spectrum import Spectrum, as_spectrum
from curvlab.core.validation import (
    as_finite_float,
    as_positive_float,
    as_vector,
    require_positive_definite,
)

__all__ = [
    "contraction_factors",
    "convergence_rate",
    "optimal_rate",
    "optimal_step",
    "predicted_steps",
    "stability_bound",
    "steps_bound",
]


def stability_bound(A: ArrayLike) -> float:
    r"""Return :math:`2/\lambda_{\max}(A)`: gradient descent converges iff :math:`\eta` is below it.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric or its largest eigenvalue is not positive (then no step
        size is stable).
    """
    largest = float(as_spectrum(A, "A").eigenvalues[-1])
    if largest <= 0.0:
        raise ValueError(f"A must have a positive eigenvalue; its largest is {largest:.3g}")
    return 2.0 / largest


def optimal_step(A: ArrayLike) -> float:
    r"""Return :math:`\eta^* = 2/(\lambda_{\min} + \lambda_{\max})`, the best fixed step size.

    It minimizes :math:`\max_i |1 - \eta\lambda_i|` over :math:`\eta`.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite.
    """
    eigenvalues = as_spectrum(A, "A").eigenvalues
    require_positive_definite(eigenvalues, "A")
    return 2.0 / float(eigenvalues[0] + eigenvalues[-1])


def optimal_rate(A: ArrayLike) -> float:
    r"""Return :math:`(\kappa - 1)/(\kappa + 1)`, the contraction factor at the optimal step."""
    eigenvalues = as_spectrum(A, "A").eigenvalues
    require_positive_definite(eigenvalues, "A")
    low, high = float(eigenvalues[0]), float(eigenvalues[-1])
    return (high - low) / (high + low)


def contraction_factors(A: ArrayLike, lr: float) -> np.ndarray:
    r"""Return :math:`|1 - \eta\lambda_i|` for each eigenvalue of ``A`` (ascending eigenvalues).

    Raises
    ------
    ValueError
        If ``A`` is not symmetric and finite, or ``lr`` is not a positive finite number.
    """
    lr = as_positive_float(lr, "lr")
    return np.abs(1.0 - lr * as_spectrum(A, "A").eigenvalues)


def convergence_rate(A: ArrayLike, lr: float) -> float:
    r"""Return the spectral radius :math:`\max_i |1 - \eta\lambda_i|` of ``I - lr * A``."""
    return float(np.max(contraction_factors(A, lr)))


def _gradient_coordinates(A: Any, x0: ArrayLike, b: ArrayLike | None) -> tuple:
    eigenvalues, eigenvectors = as_spectrum(A, "A")
    n = eigenvalues.size
    start = as_vector(x0, "x0", n)
    if b is None:
        b = getattr(A, "b", None)
    linear = np.zeros(n) if b is None else as_vector(b, "b", n)
    if isinstance(A, Spectrum):
        # g0 = Q Λ Qᵀ x0 - b, in the eigenbasis
        return eigenvalues, eigenvalues * (eigenvectors.T @ start) - eigenvectors.T @ linear
    matrix = A.A if isinstance(getattr(A, "spectrum", None), Spectrum) else A
    g0 = np.asarray(matrix, dtype=float) @ start - linear
    return eigenvalues, eigenvectors.T @ g0


def predicted_steps(
    A: ArrayLike, lr: float | ArrayLike, x0: ArrayLike, tol: float, b: ArrayLike | None = None
) -> int | np.ndarray | None:
    r"""Return the exact number of gradient-descent steps until :math:`\|\nabla f(x_k)\| < tol`.

    The one step-count prediction of curvlab. It uses the closed form
    :math:`\|g_k\|^2 = \sum_i (1 - \eta\lambda_i)^{2k} c_i^2` with :math:`c = Q^\top g_0`, which is
    non-increasing in :math:`k` when every factor with :math:`c_i \ne 0` is below 1, and bisects
    for the first ``k`` below ``tol``. It does not iterate the dynamics, so it is an independent
    check on :func:`curvlab.run`. The number of gradient *evaluations* is one more: the last one
    confirms convergence.

    Parameters
    ----------
    A : array_like of shape (n, n), Spectrum, or Quadratic
        The symmetric Hessian of :math:`\tfrac12 x^\top A x - b^\top x`, its
        :class:`~curvlab.core.spectrum.Spectrum`, or the quadratic itself (whose ``b`` is then
        the default linear term).
    lr : float or array_like of float
        One step size, or several (then ``A`` is decomposed once for all of them).
    x0 : array_like, shape (n,)
        The starting point.
    tol : float
        The gradient-norm tolerance.
    b : array_like, shape (n,), optional
        The linear term (zero by default, or the quadratic's ``b`` when ``A`` is one).

    Returns
    -------
    int or None, or ndarray of float
        For one step size, the number of steps, or ``None`` if the run never converges (a
        factor ``>= 1`` acts on a non-zero component). For several, an array of counts with
        ``nan`` where the run never converges.
    """
    tol = as_positive_float(tol, "tol")
    eigenvalues, coefficients = _gradient_coordinates(A, x0, b)
    if np.ndim(lr) == 0:
        return _steps(eigenvalues, coefficients, as_positive_float(lr, "lr"), tol)
    lrs = as_vector(lr, "lr")
    if np.any(lrs <= 0.0):
        raise ValueError(f"lr must be positive; smallest is {lrs.min():g}")
    return _steps_many(eigenvalues, coefficients, lrs, tol)


def _steps(eigenvalues: np.ndarray, coefficients: np.ndarray, lr: float, tol: float) -> int | None:
    factors = np.abs(1.0 - lr * eigenvalues)
    active = coefficients != 0.0
    if np.any(factors[active] >= 1.0):
        return None
    weights = coefficients[active] ** 2
    factors = factors[active]

    def gradient_norm_squared(k: int) -> float:
        return float(np.sum(weights * factors ** (2 * k)))

    if gradient_norm_squared(0) < tol**2:
        return 0
    high = steps_bound(float(np.sqrt(gradient_norm_squared(0))), float(np.max(factors)), tol)
    low = 0  # invariant: norm(low) >= tol, norm(high) < tol
    while high - low > 1:
        middle = (low + high) // 2
        if gradient_norm_squared(middle) < tol**2:
            high = middle
        else:
            low = middle
    return high


def _steps_many(
    eigenvalues: np.ndarray, coefficients: np.ndarray, lrs: np.ndarray, tol: float
) -> np.ndarray:
    """:func:`_steps` for every step size of ``lrs`` at once (``nan`` where it returns None).

    The same bisection, run on all step sizes together: each one's norms are the same
    operations on the same numbers (a row of ``factors`` raised to one integer power, weighted,
    summed along the row), so every count equals :func:`_steps`'s, at a fraction of the cost of
    one Python loop per step size (tests/theory compare them on more than a million cases)."""
    active = coefficients != 0.0
    weights = coefficients[active] ** 2
    factors = np.abs(1.0 - lrs[:, None] * eigenvalues[active][None, :])
    counts = np.full(lrs.size, np.nan)
    stable = np.flatnonzero(~np.any(factors >= 1.0, axis=1))
    start = float(np.sum(weights))  # the squared gradient norm at k = 0, for every step size
    if start < tol**2:
        counts[stable] = 0.0
        return counts
    factors = np.ascontiguousarray(factors[stable])
    grad0 = float(np.sqrt(start))
    high = np.array([steps_bound(grad0, float(np.max(row)), tol) for row in factors], dtype=int)
    low = np.zeros_like(high)  # invariant: norm(low) >= tol, norm(high) < tol
    while True:
        rows = np.flatnonzero(high - low > 1)
        if rows.size == 0:
            break
        middle = (low[rows] + high[rows]) // 2
        norms = np.sum(weights * factors[rows] ** (2 * middle)[:, None], axis=1)
        below = norms < tol**2
        high[rows[below]] = middle[below]
        low[rows[~below]] = middle[~below]
    counts[stable] = high
    return counts


def steps_bound(grad0_norm: float, rate: float, tol: float) -> int:
    r"""Return the smallest ``k`` with :math:`\rho^k \|g_0\| < tol`: an upper bound on the steps.

    Since :math:`\|g_k\| \le \rho^k \|g_0\|` for the spectral radius :math:`\rho < 1`, ``k`` steps
    always suffice. For large :math:`\kappa` at the optimal step,
    :math:`\log(1/\rho) \approx 2/\kappa`, so ``k`` grows like
    :math:`\tfrac{\kappa}{2} \log(\|g_0\|/tol)`.

    Raises
    ------
    ValueError
        If ``rate`` is not in ``[0, 1)`` or the norms are not positive.
    """
    grad0_norm = as_positive_float(grad0_norm, "grad0_norm")
    tol = as_positive_float(tol, "tol")
    rate = as_finite_float(rate, "rate")
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"rate must lie in [0, 1); got {rate}")
    if grad0_norm < tol:
        return 0
    if rate == 0.0:
        return 1
    k = max(1, math.ceil(math.log(grad0_norm / tol) / math.log(1.0 / rate)))
    while rate**k * grad0_norm >= tol:  # guard the rounding of the logarithms
        k += 1
    return k
