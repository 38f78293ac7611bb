r"""Linear least squares as a quadratic bowl, and what feature normalization does to it.

For a design matrix :math:`X \in \mathbb{R}^{N \times p}` (one row per example, a column of ones
for the intercept) and targets :math:`y`, the mean squared error

.. math:: L(w) = \frac{1}{2N}\|Xw - y\|^2
          = \tfrac12 w^\top \underbrace{\tfrac1N X^\top X}_{A} w
          - \underbrace{\tfrac1N X^\top y}_{b}{}^\top w + \tfrac{1}{2N}\|y\|^2

is exactly the quadratic of :mod:`curvlab.problems.quadratic` with Hessian :math:`A = X^\top X /
N`, the
(uncentered) second-moment matrix of the features. A feature measured in large units makes its
diagonal entry huge (scaling); a feature with a large mean couples it to the intercept through
the off-diagonal entry :math:`\bar{x}_j` (centering). Standardizing,
:math:`z_j = (x_j - \bar{x}_j)/s_j`, cures both: :math:`A` becomes the features' correlation
matrix bordered by a 1 for the intercept.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_positive_int, as_vector, check_random_state
from curvlab.problems.quadratic import Quadratic, quadratic

__all__ = [
    "HousingData",
    "Standardization",
    "design_matrix",
    "least_squares",
    "standardize",
    "synthetic_housing",
]


class HousingData(NamedTuple):
    """A small synthetic regression problem with features on very different scales.

    Attributes
    ----------
    features : ndarray, shape (N, 2)
        Column 0: household income in thousands of dollars; column 1: a fraction in [0, 1]
        (say, the share of the lot that is garden).
    target : ndarray, shape (N,)
        The response (a price, in thousands of dollars).
    names : tuple of str
        Column names.
    true_weights : ndarray, shape (3,)
        The (income, fraction, intercept) weights that generated the data before noise.
    """

    features: np.ndarray
    target: np.ndarray
    names: tuple[str, str]
    true_weights: np.ndarray


class Standardization(NamedTuple):
    """Standardized features and the shift and scale behind them: ``z = (x - shift)/scale``."""

    features: np.ndarray
    shift: np.ndarray
    scale: np.ndarray


def synthetic_housing(n_samples: int, rng: np.random.Generator | int) -> HousingData:
    r"""Draw ``n_samples`` examples of a price driven by income and a fraction.

    The model is :math:`y = 2.5\,x_{\text{income}} + 40\,x_{\text{frac}} + 30 + \varepsilon`.

    Income is uniform on 20 to 150 (thousands of dollars), the fraction uniform on [0, 1] and
    :math:`\varepsilon \sim \mathcal{N}(0, 10^2)`.

    Raises
    ------
    TypeError
        If ``rng`` is neither a ``numpy.random.Generator`` nor a seed (see
        :func:`~curvlab.core.validation.check_random_state`).
    ValueError
        If ``n_samples < 3`` (fewer examples than weights).
    """
    n_samples = as_positive_int(n_samples, "n_samples")
    if n_samples < 3:
        raise ValueError(f"n_samples must be at least 3; got {n_samples}")
    rng = check_random_state(rng)
    income = rng.uniform(20.0, 150.0, n_samples)
    fraction = rng.uniform(0.0, 1.0, n_samples)
    weights = np.array([2.5, 40.0, 30.0])
    noise = rng.normal(0.0, 10.0, n_samples)
    target = weights[0] * income + weights[1] * fraction + weights[2] + noise
    features = np.column_stack([income, fraction])
    return HousingData(features, target, ("income (k$)", "garden fraction"), weights)


def as_features(features: ArrayLike) -> np.ndarray:
    array = np.asarray(features, dtype=float) if not isinstance(features, str) else None
    if array is None or array.ndim != 2 or array.shape[0] < 2 or array.shape[1] < 1:
        shape = None if array is None else array.shape
        raise ValueError(f"features must be a 2-D array (N ≥ 2 examples, p ≥ 1); got shape {shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError("features must be finite")
    return array


def design_matrix(features: ArrayLike, *, intercept: bool = True) -> np.ndarray:
    """Return ``[features, 1]``: the features with a column of ones appended for the intercept.

    Raises
    ------
    ValueError
        If ``features`` is not a finite 2-D array with at least two rows.
    """
    array = as_features(features)
    if not intercept:
        return array.copy()
    return np.column_stack([array, np.ones(array.shape[0])])


def standardize(features: ArrayLike, *, center: bool = True, scale: bool = True) -> Standardization:
    r"""Return :math:`z_j = (x_j - m_j)/s_j` column by column.

    ``m_j`` is the column mean if ``center`` (else 0) and ``s_j`` the root mean square of
    :math:`x_j - m_j` if ``scale`` (else 1): the standard deviation when centered. With both,
    every column has mean 0 and variance 1.

    Raises
    ------
    ValueError
        If ``features`` is not a finite 2-D array or a column is constant (it cannot be scaled).
    """
    array = as_features(features)
    shift = array.mean(axis=0) if center else np.zeros(array.shape[1])
    spread = np.sqrt(np.mean((array - shift) ** 2, axis=0)) if scale else np.ones(array.shape[1])
    if np.any(spread == 0.0):
        column = int(np.flatnonzero(spread == 0.0)[0])
        raise ValueError(f"features column {column} is constant and cannot be scaled")
    return Standardization((array - shift) / spread, shift, spread)


def least_squares(X: ArrayLike, y: ArrayLike, *, name: str = "least squares") -> Quadratic:
    r"""Return the mean squared error :math:`\frac{1}{2N}\|Xw - y\|^2` as a :class:`Quadratic`.

    Its Hessian is :math:`A = X^\top X/N`, its linear term :math:`b = X^\top y / N` and its
    constant :math:`\|y\|^2/(2N)`; the minimizer solves the normal equations
    :math:`X^\top X w = X^\top y`.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array or ``y`` does not have one entry per row of ``X``.
    """
    design = as_features(X)
    target = as_vector(y, "y", design.shape[0])
    n = design.shape[0]
    return quadratic(
        design.T @ design / n,
        design.T @ target / n,
        float(target @ target) / (2.0 * n),
        name=name,
    )
