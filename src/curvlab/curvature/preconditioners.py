r"""Preconditioners as changes of variables.

Preconditioned gradient descent :math:`x_{k+1} = x_k - \eta P^{-1} \nabla f(x_k)`, with a
symmetric positive definite :math:`P` that *approximates the Hessian*, is plain gradient descent
in the variables :math:`z = P^{1/2} x`: there the quadratic :math:`\tfrac12 x^\top A x` has Hessian

.. math:: \tilde A = P^{-1/2} A P^{-1/2},

which is similar to :math:`P^{-1} A` (same eigenvalues). Its condition number replaces
:math:`\kappa(A)` in every rate of gradient descent. :math:`P = A` gives :math:`\tilde A = I`
(Newton's method on a quadratic); the Jacobi choice :math:`P = \operatorname{diag}(A)` only
rescales the axes, so it cures ill-conditioning aligned with the axes and cannot touch a
rotated valley.

Reference: Nocedal & Wright, *Numerical Optimization* (2006), §5.1 (preconditioning).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.spectrum import spectrum
from curvlab.core.validation import as_symmetric_matrix, require_positive_definite

__all__ = ["jacobi_preconditioner", "preconditioned_condition_number", "preconditioned_hessian"]


def jacobi_preconditioner(A: ArrayLike) -> np.ndarray:
    r"""Return the Jacobi preconditioner :math:`P = \operatorname{diag}(A)` as a diagonal matrix.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric or has a non-positive diagonal entry.
    """
    diagonal = np.diag(as_symmetric_matrix(A, "A")).copy()
    if np.any(diagonal <= 0.0):
        smallest = float(diagonal.min())
        raise ValueError(
            f"A must have a positive diagonal for Jacobi; its smallest is {smallest:.3g}"
        )
    return np.diag(diagonal)


def preconditioned_hessian(A: ArrayLike, P: ArrayLike) -> np.ndarray:
    r"""Return :math:`P^{-1/2} A P^{-1/2}`, the Hessian in the variables :math:`z = P^{1/2} x`.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric, ``P`` is not symmetric positive definite, or shapes differ.
    """
    matrix = as_symmetric_matrix(A, "A")
    values, vectors = spectrum(P, "P")
    require_positive_definite(values, "P")
    if vectors.shape != matrix.shape:
        raise ValueError(f"P must have the shape of A {matrix.shape}; got {vectors.shape}")
    inverse_root = (vectors / np.sqrt(values)) @ vectors.T
    result = inverse_root @ matrix @ inverse_root
    return (result + result.T) / 2.0


def preconditioned_condition_number(A: ArrayLike, P: ArrayLike) -> float:
    r"""Return :math:`\kappa(P^{-1/2} A P^{-1/2})`, the condition number preconditioned GD sees.

    Raises
    ------
    ValueError
        If ``A`` or ``P`` is not symmetric positive definite, or the shapes differ.
    """
    eigenvalues = spectrum(preconditioned_hessian(A, P), "P^-1/2 A P^-1/2").eigenvalues
    require_positive_definite(eigenvalues, "A")
    return float(eigenvalues[-1] / eigenvalues[0])
