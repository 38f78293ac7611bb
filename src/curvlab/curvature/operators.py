r"""The one matrix-free protocol: a symmetric operator known only through its products.

Every curvature algorithm of the package (Lanczos, power iteration, Hutchinson, Hutch++,
stochastic Lanczos quadrature) takes a symmetric :math:`n \times n` matrix :math:`H` through
:func:`as_operator`, which accepts

* a dense symmetric array (the test oracle for everything matrix-free),
* a :class:`scipy.sparse.linalg.LinearOperator`, or
* any object with a ``shape`` and a ``matvec`` (e.g. a network's Hessian-vector product),

and returns a :class:`CountingOperator`: a ``LinearOperator`` that counts the matrix-vector
products it performs (a block of ``m`` vectors counts ``m``) and refuses non-finite results.
The count is what the algorithms are compared by, since for a network one product costs about
one gradient (Pearlmutter 1994).

References
----------
Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation 6 (1994).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse.linalg import LinearOperator

# ``as_rng`` is the old name of the one random-generator contract; kept for old imports.
from curvlab.core.validation import check_random_state as as_rng

__all__ = ["CountingOperator", "as_operator", "as_rng"]


class CountingOperator(LinearOperator):
    """A square real ``LinearOperator`` that counts its products and checks they are finite.

    Parameters
    ----------
    matvec : callable
        ``matvec(v) -> H v`` for ``v`` of shape ``(n,)``.
    n : int
        The dimension.
    matmat : callable, optional
        ``matmat(V) -> H V`` for ``V`` of shape ``(n, m)``; by default one ``matvec`` per column.
    name : str
        The argument name used in error messages.

    Attributes
    ----------
    n_products : int
        Matrix-vector products performed so far (``reset()`` sets it to zero).
    """

    def __init__(self, matvec: Any, n: int, *, matmat: Any = None, name: str = "operator"):
        super().__init__(dtype=np.dtype(float), shape=(n, n))
        self._product = matvec
        self._block = matmat
        self.name = name
        self.n_products = 0

    def reset(self) -> None:
        """Set the product count to zero."""
        self.n_products = 0

    def _check(self, result: Any, shape: tuple[int, ...]) -> np.ndarray:
        result = np.asarray(result, dtype=float)
        if result.shape != shape:
            result = result.reshape(shape)
        if not np.all(np.isfinite(result)):
            raise ValueError(f"{self.name} returned a non-finite product")
        return result

    def _matvec(self, v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=float).reshape(-1)
        self.n_products += 1
        return self._check(self._product(v), (self.shape[0],))

    def _matmat(self, V: np.ndarray) -> np.ndarray:
        V = np.asarray(V, dtype=float)
        self.n_products += V.shape[1]
        if self._block is not None:
            return self._check(self._block(V), V.shape)
        columns = [self._product(V[:, j]) for j in range(V.shape[1])]
        return self._check(np.column_stack(columns) if columns else V.copy(), V.shape)

    def _rmatvec(self, v: np.ndarray) -> np.ndarray:
        return self._matvec(v)

    def _adjoint(self) -> CountingOperator:
        return self


def as_operator(
    operator: Any, name: str = "operator", *, symmetry_tol: float = 1e-10
) -> CountingOperator:
    r"""Convert a symmetric matrix, or anything with ``shape`` and ``matvec``, to a counter.

    Parameters
    ----------
    operator : array_like, LinearOperator, or object with ``shape`` and ``matvec``
        The symmetric :math:`n\times n` matrix :math:`H`. A dense array must be finite and
        symmetric to ``symmetry_tol`` relative to its largest entry; an operator's symmetry
        cannot be checked without forming it and is the caller's promise.
    name : str
        The argument name for error messages.
    symmetry_tol : float
        Allowed :math:`\max|H - H^\top| / \max|H|` for a dense array.

    Returns
    -------
    CountingOperator
        A fresh counter (count zero). A ``CountingOperator`` passed in is returned as is, so
        an algorithm's products add to the caller's count.

    Raises
    ------
    TypeError
        If ``operator`` is neither an array nor has ``shape`` and ``matvec``.
    ValueError
        If it is not square, is empty, or (dense) is not finite or not symmetric.

    Examples
    --------
    >>> import numpy as np
    >>> H = as_operator(np.diag([1.0, 2.0]))
    >>> H @ np.ones(2), H.n_products
    (array([1., 2.]), 1)
    """
    if isinstance(operator, CountingOperator):
        return operator
    if (
        hasattr(operator, "shape")
        and hasattr(operator, "matvec")
        and not isinstance(operator, np.ndarray)
    ):
        shape = tuple(operator.shape)
        _check_square(shape, name)
        matmat = operator.matmat if hasattr(operator, "matmat") else None
        return CountingOperator(operator.matvec, shape[0], matmat=matmat, name=name)
    if operator is None or isinstance(operator, (str, bytes)) or callable(operator):
        raise TypeError(
            f"{name} must be a symmetric matrix or have shape and matvec; "
            f"got {type(operator).__name__}"
        )
    try:
        matrix = np.array(operator, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must be a symmetric matrix or have shape and matvec; "
            f"got {type(operator).__name__}"
        ) from err
    _check_square(matrix.shape, name)
    if not np.all(np.isfinite(matrix)):
        raise ValueError(f"{name} must be finite")
    scale = float(np.max(np.abs(matrix)))
    asymmetry = float(np.max(np.abs(matrix - matrix.T)))
    if asymmetry > symmetry_tol * max(scale, np.finfo(float).tiny):
        raise ValueError(f"{name} must be symmetric; max |H - H.T| = {asymmetry:.1e}")
    return CountingOperator(matrix.__matmul__, matrix.shape[0], matmat=matrix.__matmul__, name=name)


def _check_square(shape: tuple[int, ...], name: str) -> None:
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ValueError(f"{name} must be square (n × n); got shape {shape}")
    if shape[0] < 1:
        raise ValueError(f"{name} must have n ≥ 1; got shape {shape}")
