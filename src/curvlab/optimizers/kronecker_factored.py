r"""Kronecker-factored preconditioners for a matrix parameter: K-FAC and Shampoo.

Both keep two small matrices, :math:`L` (``m × m``) and :math:`R` (``n × n``), for a parameter
:math:`W \in \mathbb{R}^{m\times n}` and precondition the matrix gradient from both sides,
:math:`L^{-p}\,\nabla_W f\,R^{-p}`, which on :math:`\operatorname{vec}(W)` (row-major) is the
preconditioner :math:`(L \otimes R)^{-p}`: :math:`m^2 + n^2` numbers stand in for the
:math:`m^2 n^2` of a full matrix. They differ in what the factors measure:

* K-FAC (Martens & Grosse 2015), :math:`p = 1`: curvature. :math:`L` is the second moment of the
  back-propagated output gradients and :math:`R` that of the layer's inputs, so that
  :math:`L \otimes R` approximates the Fisher (here, the Hessian).
* Shampoo (Gupta, Koren & Singer 2018), :math:`p = 1/4`: gradient statistics,
  :math:`L_t = \varepsilon I + \sum_s G_s G_s^\top`,
  :math:`R_t = \varepsilon I + \sum_s G_s^\top G_s`,
  a Kronecker-factored version of full-matrix Adagrad.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Derivatives
from curvlab.core.validation import (
    as_positive_float,
    as_spd_matrix,
    as_symmetric_matrix,
)
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.matrix_shape import as_shape, check_size

__all__ = ["ShampooState", "kfac", "matrix_power", "shampoo"]


def _power(matrix: np.ndarray, exponent: float) -> np.ndarray:
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * values**exponent) @ vectors.T


def matrix_power(S: ArrayLike, exponent: float) -> np.ndarray:
    r"""Return :math:`S^p = Q \Lambda^p Q^\top` for a symmetric positive definite ``S``.

    Raises
    ------
    ValueError
        If ``S`` is not symmetric positive definite.
    """
    return _power(as_spd_matrix(S, "S"), float(exponent))


def _factor(matrix: ArrayLike, size: int, name: str) -> np.ndarray:
    symmetric = as_symmetric_matrix(matrix, name)
    if symmetric.shape[0] != size:
        raise ValueError(
            f"shape mismatch: {name} must be {size} × {size} for this shape; got {symmetric.shape}"
        )
    return as_spd_matrix(symmetric, name)


def kfac(left: ArrayLike, right: ArrayLike, shape: tuple[int, int], lr: float = 1.0) -> Optimizer:
    r"""K-FAC with fixed Kronecker factors.

    .. math:: W \leftarrow W - \eta\, L^{-1} \nabla_W f\, R^{-1}.

    Real K-FAC re-estimates :math:`L` and :math:`R` from mini-batches (with damping) every few
    steps; on :func:`~curvlab.problems.kronecker.kronecker_least_squares` the factors are the
    problem's
    own :math:`G` and :math:`A`, and then the step is exactly Newton's.

    Parameters
    ----------
    left, right : array_like
        Symmetric positive definite factors, ``m × m`` and ``n × n``.
    shape : (int, int)
        The parameter's shape ``(m, n)``.
    lr : float
        The step size :math:`\eta > 0`.

    Raises
    ------
    ValueError
        If a factor is not SPD or its size does not match ``shape``; during a run, if ``x0``
        does not hold ``m * n`` numbers.
    """
    m, n = as_shape(shape)
    left_inverse = np.linalg.inv(_factor(left, m, "left"))
    right_inverse = np.linalg.inv(_factor(right, n, "right"))
    lr = as_positive_float(lr, "lr")

    def init(x0: np.ndarray) -> None:
        check_size(x0, (m, n))

    def update(
        grad: np.ndarray, state: None, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, None]:
        step = -lr * left_inverse @ grad.reshape(m, n) @ right_inverse
        return step.ravel(), None

    return Optimizer(f"K-FAC (η={lr:g})", init, update, {"lr": lr})


class ShampooState(NamedTuple):
    """Shampoo's accumulated factors."""

    left: np.ndarray
    right: np.ndarray


def shampoo(shape: tuple[int, int], lr: float = 1.0, eps: float = 1e-4) -> Optimizer:
    r"""Shampoo (Gupta, Koren & Singer 2018, Algorithm 1) for one matrix parameter.

    .. math::
        L_t = L_{t-1} + G_t G_t^\top, \quad R_t = R_{t-1} + G_t^\top G_t, \quad
        W_{t+1} = W_t - \eta\, L_t^{-1/4} G_t R_t^{-1/4},

    with :math:`L_0 = \varepsilon I_m`, :math:`R_0 = \varepsilon I_n` and
    :math:`G_t = \nabla_W f(W_t)`.

    Raises
    ------
    TypeError, ValueError
        If ``shape`` is not a pair of positive integers or ``lr``, ``eps`` are not positive;
        during a run, if ``x0`` does not hold ``m * n`` numbers.
    """
    m, n = as_shape(shape)
    lr = as_positive_float(lr, "lr")
    eps = as_positive_float(eps, "eps")

    def init(x0: np.ndarray) -> ShampooState:
        check_size(x0, (m, n))
        return ShampooState(eps * np.eye(m), eps * np.eye(n))

    def update(
        grad: np.ndarray, state: ShampooState, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, ShampooState]:
        G = grad.reshape(m, n)
        left = state.left + G @ G.T
        right = state.right + G.T @ G
        step = -lr * _power(left, -0.25) @ G @ _power(right, -0.25)
        return step.ravel(), ShampooState(left, right)

    return Optimizer(f"Shampoo (η={lr:g})", init, update, {"lr": lr, "eps": eps})
