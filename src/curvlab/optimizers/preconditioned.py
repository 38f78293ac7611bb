r"""Preconditioned gradient descent: :math:`x_{k+1} = x_k - \eta P^{-1} \nabla f(x_k)`.

The convention is that of :mod:`curvlab.curvature.preconditioners`: the preconditioner :math:`P`
*approximates the Hessian*, and the gradient is divided by it. In the variables
:math:`z = P^{1/2}x` the iteration is plain gradient descent on a function with Hessian
:math:`P^{-1/2} H P^{-1/2}`, so its speed is set by that matrix's condition number. ``P = H``
gives Newton's method on a quadratic; ``P = diag(H)`` (Jacobi) rescales the axes only.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import (
    as_positive_float,
    as_symmetric_matrix,
    as_vector,
    require_positive_definite,
)
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.transforms import Transform, as_optimizer, chain, scale

__all__ = ["precondition", "preconditioned_gradient_descent"]


def _inverse_spd(P: ArrayLike) -> np.ndarray:
    array = np.asarray(P, dtype=float) if not isinstance(P, str) else None
    if array is not None and array.ndim == 1:
        diagonal = as_vector(array, "P")
        if np.any(diagonal <= 0.0):
            raise ValueError(
                f"P must have a positive diagonal; its smallest is {diagonal.min():.3g}"
            )
        return np.diag(1.0 / diagonal)
    matrix = as_symmetric_matrix(P, "P")
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    require_positive_definite(eigenvalues, "P")
    inverse = (eigenvectors / eigenvalues) @ eigenvectors.T
    return (inverse + inverse.T) / 2.0


def preconditioned_gradient_descent(P: ArrayLike, lr: float = 1.0, *, name: str = "") -> Optimizer:
    r"""Gradient descent with a fixed symmetric positive definite preconditioner ``P``.

    .. math:: x_{k+1} = x_k - \eta\, P^{-1} \nabla f(x_k).

    On a quadratic with Hessian :math:`A`, the error obeys
    :math:`e_{k+1} = (I - \eta P^{-1} A) e_k`, whose eigenvalues are :math:`1 - \eta\mu_i` with
    :math:`\mu_i` those of :math:`P^{-1/2} A P^{-1/2}`; with :math:`P = A` and :math:`\eta = 1`
    the first step lands on the minimizer.

    Parameters
    ----------
    P : array_like, shape (n, n) or (n,)
        A symmetric positive definite matrix, or a positive diagonal given as a vector.
    lr : float
        The step size :math:`\eta > 0`.
    name : str, optional
        A label (default ``"preconditioned GD (η=…)"``).

    Raises
    ------
    ValueError
        If ``P`` is not symmetric positive definite (or has a non-positive diagonal entry), if
        ``lr`` is not positive, or (at the start of a run) if ``P`` does not match ``x0``.
    """
    inverse = _inverse_spd(P)
    lr = as_positive_float(lr, "lr")
    transform = chain(_apply_inverse(inverse), scale(-lr))
    return as_optimizer(name or f"preconditioned GD (η={lr:g})", transform, {"lr": lr})


def precondition(P: ArrayLike) -> Transform:
    r"""The piece :math:`u \leftarrow P^{-1} u` for a fixed symmetric positive definite ``P``
    (a matrix, or a positive diagonal given as a vector).

    Raises
    ------
    ValueError
        If ``P`` is not symmetric positive definite, or (at ``init``) does not match ``x0``.
    """
    return _apply_inverse(_inverse_spd(P))


def _apply_inverse(inverse: np.ndarray) -> Transform:
    n = inverse.shape[0]

    def init(x0: np.ndarray) -> None:
        if x0.shape[0] != n:
            raise ValueError(f"P is {n}×{n} but x0 has length {x0.shape[0]}")
        return None

    def update(updates, state, grad, x, derivatives):
        return inverse @ updates, None

    return Transform(init, update, stateful=False)
