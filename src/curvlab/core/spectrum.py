r"""Eigen-decomposition of symmetric matrices and the quantities read off the spectrum.

For a symmetric matrix :math:`H = Q \Lambda Q^\top` (spectral theorem) the eigenvalues are real
and the eigenvectors orthonormal; each eigenvalue is the curvature of the quadratic form
:math:`\tfrac12 x^\top H x` along its eigenvector.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_symmetric_matrix, require_positive_definite

__all__ = ["Spectrum", "as_spectrum", "condition_number", "spectrum"]


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


def as_spectrum(value: Any, name: str = "H") -> Spectrum:
    """Return the spectrum of ``value``, decomposing it only if it does not carry one already.

    So that one eigendecomposition serves every function of a symmetric matrix
    (:func:`condition_number`, and in :mod:`curvlab.theory.rates` the step sizes, rates and step
    counts), those functions accept any of:

    * a :class:`Spectrum` (as :func:`spectrum` returns it), used as is;
    * an object with a ``spectrum`` attribute that is a :class:`Spectrum`, such as a
      :class:`~curvlab.problems.quadratic.Quadratic`, whose spectrum was computed when it was
      built;
    * a symmetric matrix, decomposed here by :func:`spectrum`.

    Parameters
    ----------
    value : Spectrum, object with ``.spectrum``, or array_like of shape (n, n)
    name : str
        How error messages refer to it.

    Raises
    ------
    ValueError
        If a matrix is not square, finite and symmetric, or a given spectrum's eigenvalues are
        not finite and ascending or its eigenvectors not an ``(n, n)`` finite array.

    Examples
    --------
    >>> import numpy as np
    >>> s = spectrum(np.diag([4.0, 1.0]))
    >>> as_spectrum(s) is s, condition_number(s)
    (True, 4.0)
    """
    carried = getattr(value, "spectrum", None)
    if isinstance(carried, Spectrum):
        value = carried
    if not isinstance(value, Spectrum):
        return spectrum(value, name)
    eigenvalues = np.asarray(value.eigenvalues)
    eigenvectors = np.asarray(value.eigenvectors)
    n = eigenvalues.shape[0] if eigenvalues.ndim == 1 else -1
    if n < 1 or eigenvectors.shape != (n, n):
        raise ValueError(
            f"{name} must be a spectrum of n eigenvalues and n × n eigenvectors; got shapes "
            f"{eigenvalues.shape} and {eigenvectors.shape}"
        )
    if not (np.all(np.isfinite(eigenvalues)) and np.all(np.isfinite(eigenvectors))):
        raise ValueError(f"{name} must have a finite spectrum")
    if np.any(np.diff(eigenvalues) < 0.0):
        raise ValueError(f"{name} must list its eigenvalues in ascending order")
    return value


def condition_number(matrix: ArrayLike, name: str = "H") -> float:
    r"""Return :math:`\kappa = \lambda_{\max} / \lambda_{\min}` of a positive definite matrix.

    For a symmetric positive definite matrix this equals the 2-norm condition number
    ``numpy.linalg.cond``; it is the aspect ratio squared of the contour ellipses of
    :math:`\tfrac12 x^\top H x`. ``matrix`` may also be a :class:`Spectrum` or a quadratic that
    carries one (see :func:`as_spectrum`): then nothing is decomposed again.

    Raises
    ------
    ValueError
        If the matrix is not symmetric positive definite.
    """
    eigenvalues = as_spectrum(matrix, name).eigenvalues
    require_positive_definite(eigenvalues, name)
    return float(eigenvalues[-1] / eigenvalues[0])
