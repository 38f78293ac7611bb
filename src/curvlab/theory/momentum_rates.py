r"""Closed-form theory of heavy-ball and Nesterov momentum on a quadratic.

On :math:`f(x) = \tfrac12 x^\top A x - b^\top x` both methods are linear, and in the eigenbasis of
``A`` they decouple into one two-term recurrence per eigenvalue :math:`\lambda`. Writing
:math:`e_k` for the error component along that eigenvector,

* heavy ball (Polyak 1964), :math:`x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1})`:

  .. math:: \begin{pmatrix} e_{k+1} \\ e_k \end{pmatrix} =
            \begin{pmatrix} 1 + \beta - \alpha\lambda & -\beta \\ 1 & 0 \end{pmatrix}
            \begin{pmatrix} e_k \\ e_{k-1} \end{pmatrix};

* Nesterov (1983), :math:`y_k = x_k + \beta(x_k - x_{k-1})`,
  :math:`x_{k+1} = y_k - \alpha\nabla f(y_k)`:

  .. math:: \begin{pmatrix} e_{k+1} \\ e_k \end{pmatrix} =
            \begin{pmatrix} (1 + \beta)(1 - \alpha\lambda) & -\beta(1 - \alpha\lambda) \\
            1 & 0 \end{pmatrix}
            \begin{pmatrix} e_k \\ e_{k-1} \end{pmatrix}.

Each 2×2 matrix has characteristic polynomial :math:`z^2 - t z + d` (``t`` its trace, ``d`` its
determinant); the error shrinks asymptotically by the larger root modulus, the spectral radius.
The Jury conditions for both roots inside the unit circle give the stability limits
:math:`0 < \alpha\lambda < 2(1+\beta)` (heavy ball) and
:math:`0 < \alpha\lambda < (2+2\beta)/(1+2\beta)` (Nesterov), for :math:`0 \le \beta < 1`.

References: Polyak (1964); Nesterov (1983); Goh, "Why Momentum Really Works", Distill (2017).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.spectrum import spectrum
from curvlab.core.validation import (
    as_finite_float,
    as_fraction,
    as_positive_float,
    as_vector,
    require_positive_definite,
)

__all__ = [
    "MOMENTUM_METHODS",
    "REGIMES",
    "MomentumParameters",
    "RateMap",
    "characteristic_roots",
    "iteration_matrix",
    "momentum_rate",
    "optimal_heavy_ball",
    "optimal_nesterov",
    "rate_map",
    "regime",
    "stability_limit",
    "standard_nesterov",
]

MOMENTUM_METHODS = ("heavy ball", "nesterov")
"""The two momentum methods this module knows."""

REGIMES = ("divergent", "overdamped", "optimal", "oscillating", "overshooting")
r"""Names of the regimes of :func:`regime`, in the order of their integer codes.

* ``divergent``: spectral radius at least 1;
* ``overdamped`` (too slow): the slowest mode has real positive roots, it creeps monotonically;
* ``optimal``: within 10 % of the fewest iterations possible on this spectrum;
* ``oscillating``: the slowest mode has complex roots, the error spirals with modulus
  :math:`\sqrt{\beta}` (heavy ball);
* ``overshooting``: the slowest mode has a real negative root, the step is too long for the
  steepest direction.
"""


class MomentumParameters(NamedTuple):
    """A step size, a momentum coefficient and the rate they achieve on a spectrum."""

    lr: float
    beta: float
    rate: float


def _check_method(method: str) -> str:
    if method not in MOMENTUM_METHODS:
        raise ValueError(f"method must be one of {MOMENTUM_METHODS}; got {method!r}")
    return method


def _trace_det(lam, lr, beta, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Trace and determinant of the iteration matrix; the arguments broadcast together."""
    if method == "heavy ball":
        return 1.0 + beta - lr * lam, beta + 0.0 * lam
    shrink = 1.0 - lr * lam
    return (1.0 + beta) * shrink, beta * shrink


def iteration_matrix(lam: float, lr: float, beta: float, method: str = "heavy ball") -> np.ndarray:
    r"""Return the 2×2 matrix that maps :math:`(e_k, e_{k-1})` to :math:`(e_{k+1}, e_k)`.

    Parameters
    ----------
    lam : float
        An eigenvalue :math:`\lambda` of the Hessian (any real number).
    lr : float
        The step size :math:`\alpha > 0`.
    beta : float
        The momentum coefficient :math:`\beta \in [0, 1)`.
    method : {"heavy ball", "nesterov"}
        Which recurrence (see the module docstring).

    Raises
    ------
    TypeError, ValueError
        If an argument is not a number in its range, or ``method`` is unknown.
    """
    lam_value = np.array([as_finite_float(lam, "lam")])
    lr, beta = as_positive_float(lr, "lr"), as_fraction(beta, "beta")
    trace, det = _trace_det(lam_value, lr, beta, _check_method(method))
    return np.array([[trace[0], -det[0]], [1.0, 0.0]])


def characteristic_roots(
    eigenvalues: ArrayLike, lr: float, beta: float, method: str = "heavy ball"
) -> np.ndarray:
    r"""Return the two roots of :math:`z^2 - t z + d` for each eigenvalue, shape ``(m, 2)``.

    The roots are complex (a conjugate pair) when :math:`t^2 < 4d`; the first column holds the
    root of larger modulus.
    """
    lam = as_vector(np.atleast_1d(np.asarray(eigenvalues, dtype=float)), "eigenvalues")
    lr, beta = as_positive_float(lr, "lr"), as_fraction(beta, "beta")
    trace, det = _trace_det(lam, lr, beta, _check_method(method))
    return _roots(trace, det)


def _roots(trace: np.ndarray, det: np.ndarray) -> np.ndarray:
    root = np.sqrt((trace**2 - 4.0 * det).astype(complex))
    first, second = (trace + root) / 2.0, (trace - root) / 2.0
    swap = np.abs(second) > np.abs(first)
    big = np.where(swap, second, first)
    small = np.where(swap, first, second)
    return np.stack([big, small], axis=-1)


def _rates(lam: np.ndarray, lr: float, beta: float, method: str) -> np.ndarray:
    trace, det = _trace_det(lam, lr, beta, method)
    return np.abs(_roots(trace, det)[..., 0])


def momentum_rate(
    eigenvalues: ArrayLike, lr: float, beta: float, method: str = "heavy ball"
) -> float:
    r"""Return the spectral radius :math:`\max_\lambda \rho(T_\lambda)` over the given eigenvalues.

    With :math:`\beta = 0` both methods reduce to gradient descent and this is
    :math:`\max_i |1 - \alpha\lambda_i|`. The error shrinks asymptotically by this factor per
    step (up to a polynomial factor when a matrix has a double root).

    Raises
    ------
    TypeError, ValueError
        If an argument is not a number in its range, or ``method`` is unknown.
    """
    lam = as_vector(np.atleast_1d(np.asarray(eigenvalues, dtype=float)), "eigenvalues")
    lr, beta = as_positive_float(lr, "lr"), as_fraction(beta, "beta")
    return float(np.max(_rates(lam, lr, beta, _check_method(method))))


def stability_limit(beta: float, method: str = "heavy ball") -> float:
    r"""Return the largest stable :math:`\alpha\lambda` for momentum ``beta``.

    It is :math:`2(1+\beta)` for heavy ball, :math:`(2+2\beta)/(1+2\beta)` for Nesterov.

    Both roots of every mode lie inside the unit circle iff :math:`0 < \alpha\lambda` is below
    this for every eigenvalue (Jury's criterion on :math:`z^2 - t z + d`: :math:`|d| < 1`,
    :math:`1 - t + d > 0`, :math:`1 + t + d > 0`).
    """
    beta = as_fraction(beta, "beta")
    if _check_method(method) == "heavy ball":
        return 2.0 * (1.0 + beta)
    return (2.0 + 2.0 * beta) / (1.0 + 2.0 * beta)


def _extremes(A: ArrayLike) -> tuple[float, float]:
    eigenvalues = spectrum(A, "A").eigenvalues
    require_positive_definite(eigenvalues, "A")
    return float(eigenvalues[0]), float(eigenvalues[-1])


def optimal_heavy_ball(A: ArrayLike) -> MomentumParameters:
    r"""Return Polyak's optimal heavy-ball parameters for the spectrum of ``A``.

    .. math:: \alpha^* = \frac{4}{(\sqrt{L} + \sqrt{\mu})^2}, \qquad
              \beta^* = \Bigl(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Bigr)^2, \qquad
              \rho^* = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1},

    with :math:`\mu, L` the extreme eigenvalues and :math:`\kappa = L/\mu`. At these values both
    extreme modes have a double root of modulus :math:`\sqrt{\beta^*}` and every mode in between
    is complex with the same modulus.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite.
    """
    mu, big = _extremes(A)
    root_kappa = math.sqrt(big / mu)
    rate = (root_kappa - 1.0) / (root_kappa + 1.0)
    return MomentumParameters(4.0 / (math.sqrt(big) + math.sqrt(mu)) ** 2, rate**2, rate)


def standard_nesterov(A: ArrayLike) -> MomentumParameters:
    r"""Return the textbook Nesterov parameters for the spectrum of ``A``.

    They are :math:`\alpha = 1/L` and :math:`\beta = (\sqrt\kappa-1)/(\sqrt\kappa+1)`.

    For these the slowest mode (:math:`\lambda = \mu`) has a double root
    :math:`1 - 1/\sqrt\kappa`, which is the returned rate: slower than optimal heavy ball on a
    quadratic, but Nesterov's method keeps its rate on every smooth strongly convex function,
    where heavy ball can fail to converge (Lessard, Recht & Packard 2016).
    """
    mu, big = _extremes(A)
    root_kappa = math.sqrt(big / mu)
    beta = (root_kappa - 1.0) / (root_kappa + 1.0)
    lr = 1.0 / big
    rate = float(np.max(_rates(np.array([mu, big]), lr, beta, "nesterov")))
    return MomentumParameters(lr, beta, rate)


def optimal_nesterov(A: ArrayLike) -> MomentumParameters:
    r"""Return Nesterov's parameters tuned for a quadratic with the spectrum of ``A``.

    .. math:: \alpha = \frac{4}{3L + \mu}, \qquad
              \beta = \frac{\sqrt{3\kappa + 1} - 2}{\sqrt{3\kappa + 1} + 2}, \qquad
              \rho = 1 - \frac{2}{\sqrt{3\kappa + 1}},

    the tuning of Lessard, Recht & Packard (2016, Proposition 1) that minimizes the spectral
    radius of Nesterov's iteration over every quadratic with eigenvalues in :math:`[\mu, L]`. The
    returned rate is the spectral radius at these parameters, computed from the iteration
    matrices of :math:`\mu` and :math:`L` (it equals :math:`\rho`). It lies between optimal
    heavy ball's :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)` and the textbook parameters'
    :math:`1 - 1/\sqrt\kappa` (:func:`standard_nesterov`).

    Raises
    ------
    ValueError
        If ``A`` is not symmetric positive definite.

    References
    ----------
    L. Lessard, B. Recht, A. Packard, "Analysis and design of optimization algorithms via
    integral quadratic constraints", SIAM J. Optim. 26 (2016), Proposition 1 (the quadratic case).
    """
    mu, big = _extremes(A)
    root = math.sqrt(3.0 * big / mu + 1.0)
    lr = 4.0 / (3.0 * big + mu)
    beta = (root - 2.0) / (root + 2.0)
    rate = float(np.max(_rates(np.array([mu, big]), lr, beta, "nesterov")))
    return MomentumParameters(lr, beta, rate)


def regime(A: ArrayLike, lr: float, beta: float, method: str = "heavy ball") -> str:
    r"""Classify ``(lr, beta)`` on the spectrum of ``A`` into one of :data:`REGIMES`.

    "optimal" means needing at most 10 % more iterations than the best rate for ``method`` on
    this spectrum (iterations scale like :math:`1/\log(1/\rho)`).
    """
    mu, big = _extremes(A)
    lr, beta = as_positive_float(lr, "lr"), as_fraction(beta, "beta")
    method = _check_method(method)
    return REGIMES[int(_regime_codes(mu, big, np.array([lr]), np.array([beta]), method)[0])]


def _best_rate(mu: float, big: float, method: str) -> float:
    if method == "heavy ball":
        root_kappa = math.sqrt(big / mu)
        return (root_kappa - 1.0) / (root_kappa + 1.0)
    lrs = np.linspace(0.5, 1.5, 201) / big
    betas = np.linspace(0.0, 0.999, 400)
    grid_lr, grid_beta = np.meshgrid(lrs, betas)
    return float(np.min(_grid_rates(mu, big, grid_lr, grid_beta, method)))


def _grid_rates(mu, big, grid_lr, grid_beta, method) -> np.ndarray:
    lam = np.array([mu, big]).reshape((2,) + (1,) * grid_lr.ndim)
    trace, det = _trace_det(lam, grid_lr, grid_beta, method)
    return np.max(np.abs(_roots(trace, det)[..., 0]), axis=0)


def _regime_codes(mu, big, grid_lr, grid_beta, method) -> np.ndarray:
    lam = np.array([mu, big]).reshape((2,) + (1,) * grid_lr.ndim)
    trace, det = _trace_det(lam, grid_lr, grid_beta, method)
    roots = _roots(trace, det)[..., 0]
    moduli = np.abs(roots)
    rate = np.max(moduli, axis=0)
    slowest = np.argmax(moduli, axis=0)
    dominant = np.take_along_axis(roots, slowest[None], axis=0)[0]
    codes = np.where(
        np.abs(dominant.imag) > 1e-12,
        REGIMES.index("oscillating"),
        np.where(dominant.real >= 0.0, REGIMES.index("overdamped"), REGIMES.index("overshooting")),
    )
    best = _best_rate(mu, big, method)
    with np.errstate(divide="ignore"):
        near_best = np.log(rate) <= np.log(best) / 1.1 if best > 0 else rate <= 1e-12
    codes = np.where(near_best, REGIMES.index("optimal"), codes)
    return np.where(rate >= 1.0, REGIMES.index("divergent"), codes)


class RateMap(NamedTuple):
    """Spectral radius and regime on a grid of step sizes (columns) and momenta (rows)."""

    lrs: np.ndarray
    betas: np.ndarray
    rate: np.ndarray
    regime: np.ndarray


def rate_map(A: ArrayLike, lrs: ArrayLike, betas: ArrayLike, method: str = "heavy ball") -> RateMap:
    r"""Return the spectral radius and regime code for every ``(lr, beta)`` pair on a grid.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A symmetric positive definite matrix; only its extreme eigenvalues matter, since the
        rate of each mode is largest at an end of the spectrum.
    lrs, betas : array_like
        The step sizes (positive) and momenta (in ``[0, 1)``) of the grid.
    method : {"heavy ball", "nesterov"}

    Returns
    -------
    RateMap
        ``rate`` and ``regime`` have shape ``(len(betas), len(lrs))``; ``regime`` holds indices
        into :data:`REGIMES`.
    """
    mu, big = _extremes(A)
    step_sizes = as_vector(lrs, "lrs")
    momenta = as_vector(betas, "betas")
    if np.any(step_sizes <= 0.0):
        raise ValueError("lrs must all be positive")
    if np.any((momenta < 0.0) | (momenta >= 1.0)):
        raise ValueError("betas must all lie in [0, 1)")
    method = _check_method(method)
    grid_lr, grid_beta = np.meshgrid(step_sizes, momenta)
    rates = _grid_rates(mu, big, grid_lr, grid_beta, method)
    codes = _regime_codes(mu, big, grid_lr, grid_beta, method)
    return RateMap(step_sizes, momenta, rates, codes)
