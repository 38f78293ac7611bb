r"""The spectral density of a symmetric operator by stochastic Lanczos quadrature (SLQ).

The spectral density :math:`\phi(t) = \frac1n \sum_i \delta(t - \lambda_i)` satisfies, for a
random vector :math:`v` with :math:`E[vv^\top] = I/n`,
:math:`\frac1n\operatorname{tr} f(H) = E[v^\top f(H) v]`. For one unit :math:`v`, :math:`m` Lanczos
steps from :math:`v` give the tridiagonal :math:`T_m = S \Theta S^\top`, and the Gauss quadrature

.. math::

    v^\top f(H)\, v \approx \sum_{j=1}^m \tau_j^2 f(\theta_j), \qquad \tau_j = S_{1j},

is exact for polynomials of degree up to :math:`2m - 1`. Averaging the nodes :math:`\theta_j` with
weights :math:`\tau_j^2` over :math:`n_v` probes gives a discrete measure that approximates
:math:`\phi`; convolving it with a Gaussian of stated width :math:`\sigma` gives a smooth density
that can be compared with the same smoothing of the exact eigenvalues.

References
----------
Golub & Meurant, *Matrices, Moments and Quadrature with Applications* (2010); Lin, Saad & Yang,
SIAM Review 58 (2016); Ubaru, Chen & Saad, SIAM J. Matrix Anal. Appl. 38 (2017); Ghorbani,
Krishnan & Xiao, "An investigation into neural net optimization via Hessian eigenvalue density",
ICML (2019).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

from curvlab.core.validation import as_int, as_positive_float, check_random_state
from curvlab.curvature.lanczos import LanczosRecurrence
from curvlab.curvature.operators import as_operator
from curvlab.curvature.trace import rademacher

__all__ = [
    "SpectralDensity",
    "exact_density",
    "kolmogorov_distance",
    "slq",
]


@dataclass(frozen=True, eq=False)
class SpectralDensity:
    r"""A discrete spectral measure :math:`\sum_j w_j \delta(t - \theta_j)`, :math:`\sum_j w_j = 1`.

    Attributes
    ----------
    nodes : ndarray, shape (p,)
        The support points (Ritz values of every probe, or exact eigenvalues).
    weights : ndarray, shape (p,)
        Their masses, summing to 1.
    n_products : int
        Matrix-vector products spent (0 for a dense spectrum).
    """

    nodes: np.ndarray
    weights: np.ndarray
    n_products: int

    def density(self, grid: ArrayLike, width: float) -> np.ndarray:
        r"""The Gaussian-smoothed density :math:`\sum_j w_j\, \mathcal N(t; \theta_j, \sigma^2)`.

        Parameters
        ----------
        grid : array_like, shape (g,)
            Where to evaluate it.
        width : float
            The standard deviation :math:`\sigma` of the Gaussian kernel.
        """
        t, sigma = _grid(grid), as_positive_float(width, "width")
        z = (t[:, None] - self.nodes[None, :]) / sigma
        return np.exp(-0.5 * z**2) @ self.weights / (sigma * np.sqrt(2.0 * np.pi))

    def cdf(self, grid: ArrayLike, width: float) -> np.ndarray:
        r"""The smoothed distribution :math:`\sum_j w_j\, \Phi((t - \theta_j)/\sigma)`."""
        t, sigma = _grid(grid), as_positive_float(width, "width")
        return ndtr((t[:, None] - self.nodes[None, :]) / sigma) @ self.weights

    def mass_below(self, threshold: float) -> float:
        """The total weight of nodes below ``threshold`` (unsmoothed)."""
        return float(self.weights[self.nodes < threshold].sum())


def slq(
    operator: Any,
    *,
    n_steps: int = 80,
    n_probes: int = 10,
    rng: np.random.Generator | int = 0,
) -> SpectralDensity:
    r"""Stochastic Lanczos quadrature with Rademacher probes and full reorthogonalization.

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric matrix :math:`H`.
    n_steps : int
        Lanczos steps per probe, :math:`m` (capped at ``n``).
    n_probes : int
        Random probes :math:`n_v`; the cost is :math:`m \cdot n_v` products.
    rng : numpy.random.Generator or int
        The probes' source.

    Returns
    -------
    SpectralDensity
        :math:`m\,n_v` nodes with weights :math:`\tau_j^2/n_v`.

    Raises
    ------
    TypeError, ValueError
        For a bad operator, ``n_steps`` or ``n_probes`` below 1, or a non-finite product.
    """
    H = as_operator(operator)
    n_steps = min(as_int(n_steps, "n_steps"), H.shape[0])
    n_probes = as_int(n_probes, "n_probes")
    generator = check_random_state(rng)
    start = H.n_products
    nodes, weights = [], []
    for _ in range(n_probes):
        v = rademacher(H.shape[0], generator)
        theta, tau = _gauss_quadrature(H, v / np.linalg.norm(v), n_steps)
        nodes.append(theta)
        weights.append(tau / n_probes)
    return SpectralDensity(np.concatenate(nodes), np.concatenate(weights), H.n_products - start)


def exact_density(eigenvalues: ArrayLike) -> SpectralDensity:
    """The spectral measure of known eigenvalues, each with mass ``1/n``."""
    values = _grid(eigenvalues)
    return SpectralDensity(values, np.full(len(values), 1.0 / len(values)), 0)


def kolmogorov_distance(
    first: SpectralDensity, second: SpectralDensity, width: float, grid_points: int = 4001
) -> float:
    r""":math:`\sup_t |F_1(t) - F_2(t)|` between two smoothed distributions (same width).

    The supremum is taken on a uniform grid of ``grid_points`` spanning both supports widened
    by five widths.
    """
    sigma = as_positive_float(width, "width")
    points = as_int(grid_points, "grid_points", 2)
    lo = min(first.nodes.min(), second.nodes.min()) - 5 * sigma
    hi = max(first.nodes.max(), second.nodes.max()) + 5 * sigma
    grid = np.linspace(lo, hi, points)
    return float(np.max(np.abs(first.cdf(grid, sigma) - second.cdf(grid, sigma))))


def _gauss_quadrature(H: Any, v: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the ``steps``-point Gauss rule of the measure that ``v`` sees."""
    recurrence = LanczosRecurrence(H, v, steps)
    for j in range(steps):
        beta = recurrence.step()
        if j + 1 == steps or beta <= 1e-12 * max(abs(a) for a in recurrence.alphas):
            break
        recurrence.advance()
    theta, S = recurrence.ritz()
    return theta, S[0] ** 2


def _grid(values: ArrayLike) -> np.ndarray:
    array = np.asarray(values, dtype=float).reshape(-1)
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("the grid (or eigenvalues) must be a non-empty finite array")
    return array
