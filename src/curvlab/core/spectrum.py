r"""Eigen-decomposition of symmetric matrices and the quantities read off the spectrum.

For a symmetric matrix :math:`H = Q \Lambda Q^\top` (spectral theorem) the eigenvalues are real
and the eigenvectors orthonormal; each eigenvalue is the curvature of the quadratic form
:math:`\tfrac12 x^\top H x` along its eigenvector.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_symmetric_matrix, require_positive_definite

__all__ = ["Spectrum", "condition_number", "spectrum"]


class Spectrum(NamedTuple):
    """Eigenvalues in ascending order and the matching orthonormal eigenvectors (columns)."""

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray


def spectrum(matrix: ArrayLike, name: str = "H") -> Spectrum:
    """Return the eigenvalues (ascending) and eigenvectors of a symmetric matrix.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        A finite symmetric matrix.
    name : str
        How error messages refer to the matrix.

    Raises
    ------
    ValueError
        If the matrix is not square, not finite or not symmetric.
    """
    symmetric = as_symmetric_matrix(matrix, name)
    eigenvalues, eigenvectors = np.linalg.eigh(symmetric)
    return Spectrum(eigenvalues, eigenvectors)


def condition_number(matrix: ArrayLike, name: str = "H") -> float:
    r"""Return :math:`\kappa = \lambda_{\max} / \lambda_{\min}` of a positive definite matrix.

    For a symmetric positive definite matrix this equals the 2-norm condition number
    ``numpy.linalg.cond``; it is the aspect ratio squared of the contour ellipses of
    :math:`\tfrac12 x^\top H x`.

    Raises
    ------
    ValueError
        If the matrix is not symmetric positive definite.
    """
    eigenvalues = spectrum(matrix, name).eigenvalues
    require_positive_definite(eigenvalues, name)
    return float(eigenvalues[-1] / eigenvalues[0])
