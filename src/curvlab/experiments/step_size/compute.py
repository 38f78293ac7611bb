r"""The step size on a quadratic, as curves: the rate :math:`\rho(\eta)` and each eigen-component.

Gradient descent on :math:`f(x) = \tfrac12 x^\top A x` multiplies the coordinate :math:`z_i =
q_i^\top x` along the eigenvector :math:`q_i` of :math:`A` by :math:`1 - \eta\lambda_i` at every
step, so :math:`z_{k,i} = (1 - \eta\lambda_i)^k z_{0,i}` and the run converges at the rate

.. math:: \rho(\eta) = \max_i |1 - \eta\lambda_i|
          = \max(|1 - \eta\lambda_{\min}|,\ |1 - \eta\lambda_{\max}|),

a V-shaped curve in :math:`\eta`: it falls along :math:`1 - \eta\lambda_{\min}`, rises along
:math:`\eta\lambda_{\max} - 1`, has its minimum :math:`(\kappa - 1)/(\kappa + 1)` at
:math:`\eta^\star = 2/(\lambda_{\min} + \lambda_{\max})`, and crosses 1 at :math:`2/\lambda_{\max}`.
The same crossing decides which direction is slowest: the steep factor
:math:`|1 - \eta\lambda_{\max}|` is below the flat one :math:`1 - \eta\lambda_{\min}` exactly when
:math:`\eta < \eta^\star`. Reference: Goh (2017), "Why momentum really works", Distill, which draws
the same per-component decay; Nocedal & Wright (2006), *Numerical Optimization*, §3.3.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_positive_float, as_positive_int, as_symmetric_matrix
from curvlab.theory.rates import optimal_step

__all__ = [
    "EigenDecay",
    "crossover_step",
    "eigen_component_decay",
    "rate_curve",
    "slowest_direction",
]


def _eigenvalues(eigenvalues: ArrayLike) -> np.ndarray:
    values = np.sort(np.asarray(eigenvalues, dtype=float).ravel())
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"eigenvalues must be a non-empty finite array; got {eigenvalues!r}")
    if values[0] <= 0.0:
        raise ValueError(f"eigenvalues must be positive (a bowl); the smallest is {values[0]:g}")
    return values


def rate_curve(eigenvalues: ArrayLike, lrs: ArrayLike) -> np.ndarray:
    r"""Return :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|` for every step size in ``lrs``.

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        The (positive) eigenvalues :math:`\lambda_i` of the Hessian.
    lrs : array_like, shape (m,)
        Step sizes :math:`\eta \ge 0`.

    Returns
    -------
    ndarray, shape (m,)

    Raises
    ------
    ValueError
        If an eigenvalue is not positive or a step size is negative or not finite.

    Examples
    --------
    >>> rate_curve([1.0, 10.0], [0.0, 2 / 11, 0.2]).round(4).tolist()
    [1.0, 0.8182, 1.0]
    """
    values = _eigenvalues(eigenvalues)
    steps = np.asarray(lrs, dtype=float).ravel()
    if not np.all(np.isfinite(steps)) or np.any(steps < 0.0):
        raise ValueError("lrs must be finite and non-negative")
    # Only the extreme eigenvalues matter: |1 - ηλ| is convex in λ.
    return np.maximum(np.abs(1.0 - steps * values[0]), np.abs(1.0 - steps * values[-1]))


def crossover_step(eigenvalues: ArrayLike) -> float:
    r"""Return :math:`2/(\lambda_{\min} + \lambda_{\max})`: below it the steep direction is faster.

    For :math:`0 < \eta \le 1/\lambda_{\max}` both factors are positive and
    :math:`1 - \eta\lambda_{\max} < 1 - \eta\lambda_{\min}`; beyond, the steep factor is
    :math:`\eta\lambda_{\max} - 1`, which is smaller than :math:`1 - \eta\lambda_{\min}` iff
    :math:`\eta < 2/(\lambda_{\min} + \lambda_{\max})`. The crossover is the optimal step
    :math:`\eta^\star`, and is computed as one (:func:`curvlab.theory.rates.optimal_step` of
    the diagonal matrix of these eigenvalues).

    Raises
    ------
    ValueError
        If an eigenvalue is not positive.

    Examples
    --------
    >>> round(crossover_step([1.0, 10.0]), 6)
    0.181818
    """
    return optimal_step(np.diag(_eigenvalues(eigenvalues)))


def slowest_direction(eigenvalues: ArrayLike, lr: float) -> str:
    r"""Say which extreme direction contracts more slowly at step ``lr``: ``"flat"``,
    ``"steep"`` or ``"tie"`` (exactly at :math:`\eta^\star`, up to round-off).

    Raises
    ------
    ValueError
        If an eigenvalue is not positive or ``lr`` is not a positive finite number.

    Examples
    --------
    >>> slowest_direction([1.0, 10.0], 0.15), slowest_direction([1.0, 10.0], 0.19)
    ('flat', 'steep')
    """
    values = _eigenvalues(eigenvalues)
    lr = as_positive_float(lr, "lr")
    flat, steep = abs(1.0 - lr * values[0]), abs(1.0 - lr * values[-1])
    if abs(flat - steep) <= 1e-12 * max(flat, steep, 1.0):
        return "tie"
    return "steep" if steep > flat else "flat"


class EigenDecay(NamedTuple):
    r"""Gradient descent on :math:`\tfrac12 x^\top A x` in the eigenbasis of :math:`A`.

    Attributes
    ----------
    steps : ndarray, shape (m,)
        :math:`k = 0, \dots, m - 1`.
    measured : ndarray, shape (m, n)
        :math:`|z_{k,i}|`, the eigen-coordinates of the iterates :math:`x_{k+1} = x_k - \eta A x_k`.
    predicted : ndarray, shape (m, n)
        :math:`|1 - \eta\lambda_i|^k\, |z_{0,i}|`, the closed form.
    eigenvalues, factors : ndarray, shape (n,)
        :math:`\lambda_i` (ascending) and :math:`1 - \eta\lambda_i`.
    lr : float
    signs : ndarray, shape (m, n)
        The sign (+1, −1 or 0) of each :math:`z_{k,i}`, which ``measured`` drops: a negative factor
        flips it at every step.
    """

    steps: np.ndarray
    measured: np.ndarray
    predicted: np.ndarray
    eigenvalues: np.ndarray
    factors: np.ndarray
    lr: float
    signs: np.ndarray


def eigen_component_decay(A: ArrayLike, lr: float, x0: ArrayLike, n_steps: int) -> EigenDecay:
    r"""Iterate gradient descent on :math:`\tfrac12 x^\top A x` and record each eigen-component.

    The iterates come from the recursion :math:`x_{k+1} = x_k - \eta A x_k` in the original
    coordinates; the prediction from :math:`(1 - \eta\lambda_i)^k z_{0,i}`. They are two
    computations of the same numbers, so their agreement checks the decoupling.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite.
    lr : float
        The step size :math:`\eta > 0`.
    x0 : array_like, shape (n,)
        The start.
    n_steps : int
        Steps to take (the record has ``n_steps + 1`` rows).

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite, ``lr`` not positive, ``x0`` of the wrong
        length or ``n_steps`` not a positive integer.
    """
    matrix = as_symmetric_matrix(A, "A")
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    _eigenvalues(eigenvalues)
    lr = as_positive_float(lr, "lr")
    start = np.asarray(x0, dtype=float).ravel()
    if start.shape != (matrix.shape[0],) or not np.all(np.isfinite(start)):
        raise ValueError(f"x0 must be a finite vector of length {matrix.shape[0]}")
    n_steps = as_positive_int(n_steps, "n_steps")
    path = np.empty((n_steps + 1, start.size))
    path[0] = start
    for k in range(n_steps):
        path[k + 1] = path[k] - lr * (matrix @ path[k])
    steps = np.arange(n_steps + 1)
    factors = 1.0 - lr * eigenvalues
    z0 = eigenvectors.T @ start
    predicted = np.abs(factors) ** steps[:, None] * np.abs(z0)
    coordinates = path @ eigenvectors
    return EigenDecay(
        steps, np.abs(coordinates), predicted, eigenvalues, factors, lr, np.sign(coordinates)
    )
