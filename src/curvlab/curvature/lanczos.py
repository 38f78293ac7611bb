r"""Extreme eigenvalues of a symmetric operator from its products: Lanczos and power iteration.

**Lanczos.** From a unit vector :math:`q_1`, the recurrence

.. math::

    \beta_j q_{j+1} = H q_j - \alpha_j q_j - \beta_{j-1} q_{j-1},
    \qquad \alpha_j = q_j^\top H q_j,

builds an orthonormal basis :math:`Q_m = [q_1, \dots, q_m]` of the Krylov space
:math:`\operatorname{span}\{q_1, Hq_1, \dots, H^{m-1}q_1\}` in which :math:`H` is the tridiagonal
:math:`T_m = Q_m^\top H Q_m`. An eigenpair :math:`T_m s = \theta s` gives the Ritz pair
:math:`(\theta, y = Q_m s)`, whose residual is known without another product:
:math:`\|Hy - \theta y\| = \beta_m |s_m|`. In floating point the :math:`q_j` lose orthogonality
as Ritz values converge (Paige), so every new vector is orthogonalized against all previous
ones, twice (classical Gram–Schmidt repeated). One product per step; the memory is
:math:`m` vectors.

**Power iteration** :math:`v \leftarrow Hv/\|Hv\|` with the stopping rule that popular Hessian
toolkits use (stop when the Rayleigh quotient changes by less than ``tol`` relative to the
previous one) is included to show what that rule misses: when the top two eigenvalues are close
the quotient creeps, so it "converges" early, below the true eigenvalue.

References
----------
Lanczos, J. Res. Nat. Bur. Standards 45 (1950); Parlett, *The Symmetric Eigenvalue Problem*
(SIAM 1998), ch. 13; Golub & Van Loan, *Matrix Computations*, 4th ed., §10.1; Yao, Gholami,
Keutzer & Mahoney, "PyHessian", IEEE Big Data (2020).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy.linalg import eigh_tridiagonal

from curvlab.core.validation import as_choice, as_int, as_positive_float, check_random_state
from curvlab.curvature.operators import as_operator

__all__ = [
    "LanczosRecurrence",
    "LanczosResult",
    "PowerIterationResult",
    "lanczos",
    "power_iteration",
]


@dataclass(frozen=True, eq=False)
class LanczosResult:
    r"""The Ritz pairs a Lanczos run found, and how far each is from an eigenpair.

    Attributes
    ----------
    eigenvalues : ndarray, shape (k,)
        Ritz values: largest first (``which="largest"``) or smallest first (``"smallest"``).
    eigenvectors : ndarray, shape (n, k)
        Unit Ritz vectors, column ``i`` for ``eigenvalues[i]``.
    residual_norms : ndarray, shape (k,)
        :math:`\|H y_i - \theta_i y_i\|`.
    converged : ndarray of bool, shape (k,)
        Whether ``residual_norms[i] <= tol * |eigenvalues[i]|``.
    n_products : int
        Matrix-vector products used (one per Lanczos step).
    which : str
        ``"largest"`` or ``"smallest"``.
    tol : float
        The relative residual asked for.
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    residual_norms: np.ndarray
    converged: np.ndarray
    n_products: int
    which: str
    tol: float

    @property
    def all_converged(self) -> bool:
        """Whether every requested Ritz pair met the tolerance."""
        return bool(np.all(self.converged))

    @property
    def relative_residuals(self) -> np.ndarray:
        r""":math:`\|Hy_i - \theta_i y_i\| / |\theta_i|`."""
        scale = np.maximum(np.abs(self.eigenvalues), np.finfo(float).tiny)
        return self.residual_norms / scale


@dataclass(frozen=True, eq=False)
class PowerIterationResult:
    r"""The outcome of a power iteration stopped by the relative-change rule.

    Attributes
    ----------
    eigenvalue : float
        The last Rayleigh quotient :math:`v^\top H v`.
    eigenvector : ndarray, shape (n,)
        The unit vector it belongs to.
    residual_norm : float
        :math:`\|Hv - (v^\top H v)\,v\|`: the honest measure the stopping rule ignores.
    stopped : bool
        Whether the rule fired before ``maxiter`` (it says nothing about accuracy).
    n_products : int
        Matrix-vector products used.
    history : ndarray
        The Rayleigh quotient after each product.
    """

    eigenvalue: float
    eigenvector: np.ndarray
    residual_norm: float
    stopped: bool
    n_products: int
    history: np.ndarray


class LanczosRecurrence:
    r"""The Lanczos recurrence with full reorthogonalization, one product per :meth:`step`.

    The one implementation of the three-term recurrence in the package: :func:`lanczos` uses it
    for extreme eigenvalues, :func:`curvlab.curvature.density.slq` for Gauss quadrature. Each
    :meth:`step` multiplies the current basis vector :math:`q_j` by :math:`H`, records
    :math:`\alpha_j = q_j^\top H q_j`, orthogonalizes the remainder against every stored
    :math:`q_i` twice and returns its norm :math:`\beta_j`; :meth:`advance` then takes
    :math:`q_{j+1} = r_j/\beta_j`, or a supplied fresh direction after a breakdown (recorded as
    :math:`\beta_j = 0`, so :math:`T` splits into blocks).

    Parameters
    ----------
    operator : LinearOperator-like
        The symmetric operator :math:`H`, already checked by :func:`as_operator`.
    start : ndarray, shape (n,)
        The unit start vector :math:`q_1`.
    capacity : int
        The most steps that will be taken (rows of the stored basis).
    """

    def __init__(self, operator: Any, start: np.ndarray, capacity: int) -> None:
        n = start.shape[0]
        self._H = operator
        self.basis = np.empty((capacity, n))
        self.alphas: list[float] = []
        self.betas: list[float] = []
        self._q, self._previous, self._beta = start, np.zeros(n), 0.0
        self._remainder = np.zeros(n)

    @property
    def n_steps(self) -> int:
        """Steps taken, i.e. the size of :math:`T`."""
        return len(self.alphas)

    def step(self) -> float:
        r"""One product: store :math:`q_j`, append :math:`\alpha_j`, return :math:`\beta_j`."""
        j = len(self.alphas)
        q = self._q
        self.basis[j] = q
        w = self._H @ q
        alpha = float(q @ w)
        w = w - alpha * q - self._beta * self._previous
        for _ in range(2):
            w -= self.basis[: j + 1].T @ (self.basis[: j + 1] @ w)
        self.alphas.append(alpha)
        self._beta = float(np.linalg.norm(w))
        self._remainder = w
        return self._beta

    def advance(self, fresh: np.ndarray | None = None) -> None:
        """Move to the next basis vector: the normalized remainder, or ``fresh`` (then β = 0)."""
        self._previous = self._q
        if fresh is None:
            self._q = self._remainder / self._beta
        else:
            self._q, self._beta = fresh, 0.0
        self.betas.append(self._beta)

    def ritz(self) -> tuple[np.ndarray, np.ndarray]:
        r"""Eigenvalues (ascending) and eigenvectors :math:`S` of :math:`T = S\Theta S^\top`."""
        return _ritz(self.alphas, self.betas)


def lanczos(
    operator: Any,
    k: int = 1,
    *,
    which: Literal["largest", "smallest"] = "largest",
    tol: float = 1e-6,
    maxiter: int | None = None,
    rng: np.random.Generator | int = 0,
) -> LanczosResult:
    r"""The ``k`` largest (or smallest) eigenvalues of a symmetric operator, by Lanczos.

    Runs the Lanczos recurrence with full reorthogonalization from a random Gaussian start
    until the ``k`` wanted Ritz pairs all satisfy :math:`\|Hy - \theta y\| \le tol\,|\theta|`,
    or ``maxiter`` products are spent (then ``converged`` is ``False`` where the tolerance was
    not met and the residuals say how far off each pair is). If the Krylov space becomes
    invariant before ``k`` values are found, the run continues from a fresh random vector
    orthogonal to it, and ends when a restart leaves the wanted values unchanged.

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric :math:`n\times n` matrix :math:`H` (see :func:`as_operator`).
    k : int
        How many eigenvalues, ``1 <= k <= n``.
    which : {"largest", "smallest"}
        The algebraically largest or smallest (most negative) end of the spectrum.
    tol : float
        The relative residual to reach.
    maxiter : int, optional
        The budget of products, at least ``k``; by default ``min(n, max(300, 10 k))``.
    rng : numpy.random.Generator or int
        The start vector's source (an int seeds a new Generator).

    Returns
    -------
    LanczosResult

    Raises
    ------
    TypeError, ValueError
        If ``operator`` is not a square finite operator, ``k > n``, the budget is zero or
        below ``k``, ``which`` is unknown, or a product is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> result = lanczos(np.diag(np.arange(1.0, 101.0)), k=2)
    >>> np.round(result.eigenvalues, 6), result.all_converged
    (array([100.,  99.]), True)
    """
    H = as_operator(operator)
    n = H.shape[0]
    k = as_int(k, "k")
    if k > n:
        raise ValueError(f"k must be at most n = {n}; got {k}")
    which = as_choice(which, "which", ("largest", "smallest"))
    tol = as_positive_float(tol, "tol")
    budget = min(n, max(300, 10 * k)) if maxiter is None else as_int(maxiter, "maxiter", 0)
    if budget < 1:
        raise ValueError(f"maxiter must be at least 1; got {budget}")
    if budget < k:
        raise ValueError(f"maxiter must be at least k = {k}; got {budget}")
    budget = min(budget, n)
    generator = check_random_state(rng)
    start = H.n_products

    recurrence = LanczosRecurrence(H, _unit(generator.standard_normal(n)), budget)
    previous_exact = None
    for j in range(budget):
        beta = recurrence.step()
        values, vectors = recurrence.ritz()
        scale = max(float(np.max(np.abs(values))), np.finfo(float).tiny)
        wanted = _select(values, k, which)
        residuals = beta * np.abs(vectors[-1, wanted])
        breakdown = beta <= 1e-13 * scale
        done = len(wanted) == k and np.all(residuals <= tol * np.abs(values[wanted]))
        if breakdown:
            # The Krylov space is invariant: its Ritz values are exact, but a repeated
            # eigenvalue shows only once per space. Restart, and stop only when a restart
            # leaves the wanted values unchanged.
            residuals = np.zeros_like(residuals)
            seen = values[wanted]
            done = (
                done
                and previous_exact is not None
                and np.allclose(seen, previous_exact, rtol=tol, atol=tol * scale)
            )
            previous_exact = seen
        if done or j + 1 == budget:
            break
        fresh = _fresh_direction(recurrence.basis[: j + 1], generator) if breakdown else None
        recurrence.advance(fresh)

    eigenvectors = recurrence.basis[: recurrence.n_steps].T @ vectors[:, wanted]
    eigenvectors /= np.linalg.norm(eigenvectors, axis=0)
    return LanczosResult(
        eigenvalues=values[wanted],
        eigenvectors=eigenvectors,
        residual_norms=residuals,
        converged=residuals <= tol * np.abs(values[wanted]),
        n_products=H.n_products - start,
        which=which,
        tol=tol,
    )


def power_iteration(
    operator: Any,
    *,
    tol: float = 1e-3,
    maxiter: int = 100,
    rng: np.random.Generator | int = 0,
) -> PowerIterationResult:
    r"""Power iteration stopped when the Rayleigh quotient's relative change is below ``tol``.

    From a random unit :math:`v_0`, compute :math:`\lambda_i = v_i^\top H v_i` and
    :math:`v_{i+1} = Hv_i/\|Hv_i\|`, and stop as soon as
    :math:`|\lambda_i - \lambda_{i-1}| < tol\,(|\lambda_{i-1}| + 10^{-6})` (the rule and the
    defaults ``tol = 1e-3``, ``maxiter = 100`` of PyHessian). The iteration converges to the
    eigenvalue of largest *modulus* at the rate :math:`|\lambda_2/\lambda_1|`; the rule measures
    only the step between iterates, so a slow rate makes it stop early and low. The residual
    :math:`\|Hv - \lambda v\|` is reported as the honest measure.

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric matrix :math:`H`.
    tol : float
        The relative-change threshold.
    maxiter : int
        The budget of products.
    rng : numpy.random.Generator or int
        The start vector's source.

    Returns
    -------
    PowerIterationResult

    Raises
    ------
    TypeError, ValueError
        For a bad operator, ``tol`` or ``maxiter``, or a non-finite product.
    """
    H = as_operator(operator)
    tol = as_positive_float(tol, "tol")
    maxiter = as_int(maxiter, "maxiter")
    generator = check_random_state(rng)
    start = H.n_products
    v = generator.standard_normal(H.shape[0])
    v /= np.linalg.norm(v)
    history: list[float] = []
    stopped = False
    for _ in range(maxiter):
        w = H @ v
        value = float(v @ w)
        residual = float(np.linalg.norm(w - value * v))
        if history and abs(value - history[-1]) < tol * (abs(history[-1]) + 1e-6):
            history.append(value)
            stopped = True
            break
        history.append(value)
        norm = float(np.linalg.norm(w))
        if norm == 0.0:
            break
        v_next = w / norm
        if len(history) < maxiter:
            v = v_next
    return PowerIterationResult(
        eigenvalue=history[-1],
        eigenvector=v,
        residual_norm=residual,
        stopped=stopped,
        n_products=H.n_products - start,
        history=np.array(history),
    )


def _ritz(alphas: list[float], betas: list[float]) -> tuple[np.ndarray, np.ndarray]:
    if len(alphas) == 1:
        return np.array(alphas), np.ones((1, 1))
    return eigh_tridiagonal(np.array(alphas), np.array(betas))


def _select(values: np.ndarray, k: int, which: str) -> np.ndarray:
    order = np.arange(len(values))
    chosen = order[::-1][:k] if which == "largest" else order[:k]
    return chosen


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _fresh_direction(basis: np.ndarray, generator: np.random.Generator) -> np.ndarray:
    q = generator.standard_normal(basis.shape[1])
    for _ in range(2):
        q -= basis.T @ (basis @ q)
    return q / np.linalg.norm(q)
