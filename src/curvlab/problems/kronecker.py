r"""A matrix-parameter least-squares problem whose Hessian is exactly a Kronecker product.

A linear layer :math:`W \in \mathbb{R}^{m\times n}` maps inputs :math:`a_i \in \mathbb{R}^n` to
outputs; with targets :math:`y_i = W^* a_i` and an output metric :math:`G` (symmetric positive
definite, :math:`m \times m`) the loss

.. math:: f(W) = \frac{1}{2N}\sum_i (W a_i - y_i)^\top G\, (W a_i - y_i)
               = \tfrac12 \operatorname{tr}\bigl(G\, E\, A\, E^\top\bigr), \qquad E = W - W^*,

with input second moment :math:`A = \frac1N \sum_i a_i a_i^\top`, has gradient
:math:`\nabla_W f = G E A` and, on the row-major vectorization :math:`\operatorname{vec}(W)`,
Hessian :math:`G \otimes A`. This is the structure K-FAC assumes for every layer
(Martens & Grosse 2015); here it holds exactly, so its two small factors (:math:`m^2 + n^2`
numbers instead of :math:`m^2 n^2`) carry all the curvature.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Derivatives
from curvlab.core.validation import (
    as_positive_float,
    as_positive_int,
    as_spd_matrix,
    check_random_state,
)
from curvlab.problems.quadratic import Quadratic, random_spd_matrix

__all__ = ["KroneckerQuadratic", "kronecker_least_squares", "random_kronecker_least_squares"]


class KroneckerQuadratic(Quadratic):
    """The loss of :func:`kronecker_least_squares`: a :class:`Quadratic` in ``vec(W)``.

    Attributes
    ----------
    shape : (int, int)
        The shape ``(m, n)`` of the matrix parameter; iterates are ``W.ravel()`` (row-major).
    left, right : ndarray
        The Kronecker factors ``G`` (``m × m``) and ``A`` (``n × n``): Hessian ``kron(G, A)``.
    W_star : ndarray, shape (m, n)
        The minimizer.
    """

    def __init__(self, left: np.ndarray, right: np.ndarray, W_star: np.ndarray) -> None:
        self.shape = W_star.shape
        self.left = left
        self.right = right
        self.W_star = W_star
        hessian = np.kron(left, right)
        target = W_star.ravel()
        super().__init__(
            hessian,
            hessian @ target,
            0.5 * float(target @ hessian @ target),
            name=f"Kronecker least squares {self.shape[0]}×{self.shape[1]}",
            formula=r"\tfrac12 \operatorname{tr}(G (W - W^*) A (W - W^*)^\top)",
        )
        # Evaluate f and its gradient from the residual x - x*: the expanded form
        # ½xᵀHx - bᵀx + c loses about 1e-13 to cancellation, which would stall a line search.
        quadratic = self.unchecked

        def fun(x: np.ndarray) -> np.ndarray | float:
            residual = x - target.reshape((-1,) + (1,) * (np.ndim(x) - 1))
            return 0.5 * np.einsum("i...,ij,j...->...", residual, hessian, residual)

        def grad(x: np.ndarray) -> np.ndarray:
            return hessian @ (x - target)

        self.unchecked = Derivatives(fun, grad, quadratic.hess, quadratic.hessp)

    def matrix_gradient(self, W: ArrayLike) -> np.ndarray:
        r"""Return :math:`\nabla_W f = G (W - W^*) A`, shape ``(m, n)``."""
        matrix = np.asarray(W, dtype=float)
        if matrix.shape != self.shape:
            raise ValueError(f"W must have shape {self.shape}; got {matrix.shape}")
        return self.left @ (matrix - self.W_star) @ self.right


def kronecker_least_squares(G: ArrayLike, A: ArrayLike, W_star: ArrayLike) -> KroneckerQuadratic:
    r"""Return the loss :math:`\tfrac12\operatorname{tr}(G(W - W^*)A(W - W^*)^\top)`.

    Parameters
    ----------
    G : array_like, shape (m, m)
        The output metric, symmetric positive definite.
    A : array_like, shape (n, n)
        The input second moment, symmetric positive definite.
    W_star : array_like, shape (m, n)
        The minimizer.

    Raises
    ------
    ValueError
        If a factor is not symmetric positive definite or ``W_star`` does not have shape
        ``(m, n)``.
    """
    left, right = as_spd_matrix(G, "G"), as_spd_matrix(A, "A")
    target = np.asarray(W_star, dtype=float)
    expected = (left.shape[0], right.shape[0])
    if target.shape != expected:
        raise ValueError(f"W_star must have shape {expected} to match G and A; got {target.shape}")
    if not np.all(np.isfinite(target)):
        raise ValueError("W_star must be finite")
    return KroneckerQuadratic(left, right, target.copy())


def random_kronecker_least_squares(
    m: int, n: int, kappa_G: float, kappa_A: float, rng: np.random.Generator | int
) -> KroneckerQuadratic:
    r"""Return a random instance: random SPD factors and a Gaussian ``W*``.

    The factors come from :func:`~curvlab.problems.quadratic.random_spd_matrix`; the Hessian
    :math:`G \otimes A` then has condition number :math:`\kappa_G \kappa_A`.
    """
    m, n = as_positive_int(m, "m"), as_positive_int(n, "n")
    kappa_G = as_positive_float(kappa_G, "kappa_G")
    kappa_A = as_positive_float(kappa_A, "kappa_A")
    rng = check_random_state(rng)
    G = random_spd_matrix(m, kappa_G, rng)
    A = random_spd_matrix(n, kappa_A, rng)
    return kronecker_least_squares(G, A, rng.standard_normal((m, n)))
