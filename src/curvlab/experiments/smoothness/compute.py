r"""Beyond quadratics: an empirical risk, its convexity, and the descent lemma.

A model is trained by minimizing its **empirical risk**, the average loss over the :math:`N`
training examples,

.. math:: L(w) = \frac1N \sum_{i=1}^N \ell(w; x_i, y_i).

For logistic regression with labels :math:`y_i = \pm 1`,
:math:`\ell = \log(1 + e^{-y_i x_i^\top w})`, so with the margins :math:`m_i = y_i x_i^\top w`
and :math:`\sigma(t) = 1/(1 + e^{-t})`,

.. math::

    \nabla L = -\frac1N \sum_i \sigma(-m_i)\, y_i x_i, \qquad
    \nabla^2 L = \frac1N \sum_i \sigma(m_i)\,\sigma(-m_i)\, x_i x_i^\top \succeq 0 .

The Hessian is positive semidefinite everywhere (the risk is convex), and since
:math:`\sigma(1-\sigma) \le \tfrac14` it never exceeds
:math:`L = \lambda_{\max}(X^\top X)/(4N)`: the gradient is :math:`L`-Lipschitz. An
:math:`L`-smooth function lies below the quadratic upper model
:math:`f(y) \le f(x) + \nabla f(x)^\top (y - x) + \tfrac L2 \|y - x\|^2`, and the
gradient step :math:`y = x - \eta\nabla f(x)` then gives the **descent lemma**

.. math:: f(x - \eta\nabla f(x)) \le f(x) - \eta\left(1 - \tfrac{L\eta}{2}\right)\|\nabla f(x)\|^2,

a guaranteed decrease for every :math:`0 < \eta < 2/L`, largest at :math:`\eta = 1/L`. This is
the stability bound :math:`2/\lambda_{\max}` of the quadratic, carried to any :math:`L`-smooth
function. References: Nesterov (2018), *Lectures on Convex Optimization*, Lemma 1.2.3 and §2.1;
Bottou, Curtis & Nocedal (2018), "Optimization methods for large-scale machine learning",
SIAM Review 60(2), §4.1.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.validation import as_generator, as_positive_float

__all__ = [
    "Classification",
    "descent_lemma_gaps",
    "hessian_eigenvalue_range",
    "logistic_risk",
    "smoothness_constant",
    "synthetic_classification",
]


class Classification(NamedTuple):
    """A labelled data set: features ``X`` of shape ``(N, d)`` and labels ``y`` in ``{-1, +1}``."""

    X: np.ndarray
    y: np.ndarray


def synthetic_classification(
    n_samples: int, rng: np.random.Generator, *, separation: float = 1.0
) -> Classification:
    r"""Two overlapping Gaussian classes in the plane, labels :math:`\pm 1`, no intercept.

    Class :math:`\pm 1` has mean :math:`\pm(\text{separation}, \text{separation}/2)` and
    covariance :math:`\mathrm{diag}(1, 0.25)`; the classes overlap, so the data are not linearly
    separable and the logistic risk has a finite minimizer.

    Raises
    ------
    TypeError, ValueError
        If ``rng`` is not a ``numpy.random.Generator``, ``n_samples`` is not an integer of at
        least 2 or ``separation`` is not a positive finite number.
    """
    rng = as_generator(rng, "rng")
    if isinstance(n_samples, bool) or not isinstance(n_samples, int | np.integer) or n_samples < 2:
        raise ValueError(f"n_samples must be an integer >= 2; got {n_samples!r}")
    separation = as_positive_float(separation, "separation")
    y = np.where(rng.random(n_samples) < 0.5, -1.0, 1.0)
    mean = np.array([separation, 0.5 * separation])
    X = y[:, None] * mean + rng.standard_normal((n_samples, 2)) * np.array([1.0, 0.5])
    return Classification(X, y)


def _as_data(data: Classification) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(data.X, dtype=float)
    y = np.asarray(data.y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or not np.all(np.isfinite(X)):
        raise ValueError(
            f"data must hold X of shape (N, d) and y of shape (N,); got {X.shape}, {y.shape}"
        )
    if not np.all(np.abs(y) == 1.0):
        raise ValueError("labels y must be -1 or +1")
    return X, y


def _sigmoid(t: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * t))  # never overflows


def logistic_risk(data: Classification) -> Objective:
    r"""The empirical risk :math:`\frac1N\sum_i \log(1 + e^{-y_i x_i^\top w})` as an ``Objective``.

    Examples
    --------
    >>> data = Classification(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, -1.0]))
    >>> round(logistic_risk(data).value([0.0, 0.0]), 6)  # log 2
    0.693147
    """
    X, y = _as_data(data)
    n = X.shape[0]
    signed = y[:, None] * X

    def fun(w: np.ndarray) -> np.ndarray | float:
        margins = np.tensordot(signed, w, axes=(1, 0))  # shape (N, ...)
        return np.mean(np.logaddexp(0.0, -margins), axis=0)

    def grad(w: np.ndarray) -> np.ndarray:
        return -(signed.T @ _sigmoid(-(signed @ w))) / n

    def hess(w: np.ndarray) -> np.ndarray:
        margins = signed @ w
        weights = _sigmoid(margins) * _sigmoid(-margins)
        return (X.T * weights) @ X / n

    return Objective(
        f"logistic risk (N = {n})",
        X.shape[1],
        fun,
        grad,
        hess,
        formula=r"\frac1N\sum_i \log(1 + e^{-y_i x_i^\top w})",
    )


def smoothness_constant(data: Classification) -> float:
    r"""Return :math:`L = \lambda_{\max}(X^\top X)/(4N)`, a Lipschitz constant of the gradient.

    Every Hessian :math:`\frac1N X^\top \mathrm{diag}(\sigma_i(1-\sigma_i)) X` is below
    :math:`\frac1{4N} X^\top X` in the positive semidefinite order.
    """
    X, _ = _as_data(data)
    return float(np.linalg.eigvalsh(X.T @ X / (4.0 * X.shape[0]))[-1])


def descent_lemma_gaps(
    objective: Objective, smoothness: float, points: ArrayLike, lr: float
) -> np.ndarray:
    r"""Return :math:`f(x - \eta g) - [f(x) - \eta(1 - L\eta/2)\|g\|^2]` at every point.

    The descent lemma says each gap is :math:`\le 0` when the gradient is ``smoothness``-Lipschitz.

    Parameters
    ----------
    objective : Objective
    smoothness : float
        The constant :math:`L > 0`.
    points : array_like, shape (m, n)
    lr : float
        The step :math:`\eta > 0`.

    Raises
    ------
    ValueError
        If ``smoothness`` or ``lr`` is not positive, or ``points`` has the wrong shape.
    """
    smoothness, lr = float(smoothness), float(lr)
    if not (np.isfinite(smoothness) and smoothness > 0.0 and np.isfinite(lr) and lr > 0.0):
        raise ValueError(f"smoothness and lr must be positive; got {smoothness}, {lr}")
    stack = np.asarray(points, dtype=float)
    if stack.ndim != 2 or stack.shape[1] != objective.dim:
        raise ValueError(f"points must have shape (m, {objective.dim}); got {stack.shape}")
    gaps = np.empty(len(stack))
    for j, x in enumerate(stack):
        g = objective.gradient(x)
        bound = objective.value(x) - lr * (1.0 - 0.5 * smoothness * lr) * float(g @ g)
        gaps[j] = objective.value(x - lr * g) - bound
    return gaps


def hessian_eigenvalue_range(objective: Objective, points: ArrayLike) -> tuple[float, float]:
    """Return the smallest and the largest Hessian eigenvalue over ``points`` (shape ``(m, n)``)."""
    stack = np.asarray(points, dtype=float)
    if stack.ndim != 2 or stack.shape[1] != objective.dim:
        raise ValueError(f"points must have shape (m, {objective.dim}); got {stack.shape}")
    eigenvalues = np.array([np.linalg.eigvalsh(objective.hessian(x)) for x in stack])
    return float(eigenvalues.min()), float(eigenvalues.max())
