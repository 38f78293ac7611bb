r"""Quadratic objectives: the bowl every smooth loss looks like near a minimum.

.. math:: f(x) = \tfrac12 x^\top A x - b^\top x + c, \qquad
          \nabla f(x) = A x - b, \qquad \nabla^2 f(x) = A.

Near a minimum :math:`x^*` of any twice-differentiable loss, Taylor's theorem gives
:math:`L(x^* + \delta) \approx L(x^*) + \tfrac12 \delta^\top H \delta`, a quadratic whose matrix
is the Hessian :math:`H`. Linear least squares is exactly quadratic, with :math:`A = X^\top X / N`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective, Window
from curvlab.core.spectrum import Spectrum, spectrum
from curvlab.core.validation import (
    as_condition_number,
    as_finite_float,
    as_positive_int,
    as_symmetric_matrix,
    as_vector,
    check_random_state,
    require_positive_definite,
)

__all__ = ["Quadratic", "bowl", "quadratic", "random_spd_matrix", "rotated_bowl"]


class Quadratic(Objective):
    r"""The quadratic :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c` for symmetric ``A``.

    Build one with :func:`quadratic`, :func:`bowl` or :func:`rotated_bowl`.

    Attributes
    ----------
    A : ndarray, shape (n, n)
        The (constant) Hessian.
    b : ndarray, shape (n,)
        The linear term; the gradient is ``A x - b``.
    c : float
        The constant term.
    spectrum : Spectrum
        Eigenvalues (ascending) and eigenvectors of ``A``.
    """

    def __init__(
        self,
        A: np.ndarray,
        b: np.ndarray,
        c: float,
        *,
        name: str,
        formula: str = "",
        window: Window | None = None,
    ) -> None:
        self.A = A
        self.b = b
        self.c = c
        self.spectrum: Spectrum = spectrum(A, "A")

        def fun(x: np.ndarray) -> np.ndarray | float:
            quadratic_part = 0.5 * np.einsum("i...,ij,j...->...", x, A, x)
            return quadratic_part - np.einsum("i,i...->...", b, x) + c

        def grad(x: np.ndarray) -> np.ndarray:
            return A @ x - b

        def hess(x: np.ndarray) -> np.ndarray:
            return A.copy()

        def hessp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
            return A @ v

        super().__init__(
            name, A.shape[0], fun, grad, hess, hessp=hessp, formula=formula, window=window
        )

    def __repr__(self) -> str:
        return f"Quadratic({self.name!r}, dim={self.dim})"

    @property
    def minimizer(self) -> np.ndarray:
        """The unique minimizer :math:`x^* = A^{-1} b` (requires ``A`` positive definite)."""
        require_positive_definite(self.spectrum.eigenvalues, "A")
        return np.linalg.solve(self.A, self.b)


def quadratic(
    A: ArrayLike,
    b: ArrayLike | None = None,
    c: float = 0.0,
    *,
    name: str = "quadratic",
    formula: str = "",
    window: Window | None = None,
) -> Quadratic:
    r"""Return the quadratic :math:`\tfrac12 x^\top A x - b^\top x + c`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A finite symmetric matrix (it need not be positive definite: saddles are quadratics too).
    b : array_like, shape (n,), optional
        The linear term, zero by default.
    c : float
        The constant term.
    name, formula, window
        As for :class:`~curvlab.core.objective.Objective`.

    Raises
    ------
    ValueError
        If ``A`` is not square, symmetric and finite, or ``b`` has the wrong length.

    Examples
    --------
    >>> f = quadratic([[2.0, 0.0], [0.0, 4.0]])
    >>> f.gradient([1.0, 1.0])
    array([2., 4.])
    """
    matrix = as_symmetric_matrix(A, "A")
    n = matrix.shape[0]
    linear = np.zeros(n) if b is None else as_vector(b, "b", n)
    return Quadratic(
        matrix, linear, as_finite_float(c, "c"), name=name, formula=formula, window=window
    )


def bowl(kappa: float) -> Quadratic:
    r"""Return the axis-aligned bowl :math:`f(x, y) = \tfrac12 (x^2 + \kappa y^2)`.

    Its Hessian is ``diag(1, kappa)``, so the condition number is ``kappa`` and the stability
    bound of gradient descent is ``2 / kappa``.

    Raises
    ------
    ValueError
        If ``kappa`` is not a finite number at least 1 (``bowl(0.5)`` would have condition
        number 2, not 0.5).
    """
    kappa = as_condition_number(kappa)
    reach = 1.6
    return quadratic(
        np.diag([1.0, kappa]),
        name=f"bowl κ={kappa:g}",
        formula=rf"\tfrac12(x^2 + {kappa:g}\,y^2)",
        window=((-reach, reach), (-reach, reach)),
    )


def _rotation(angle_deg: float) -> np.ndarray:
    theta = np.deg2rad(angle_deg)
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


def rotated_bowl(kappa: float, angle_deg: float) -> Quadratic:
    """Return the bowl of :func:`bowl` rotated by ``angle_deg`` degrees: ``A = R diag(1, κ) Rᵀ``.

    The spectrum is unchanged by the rotation; only the eigenvectors turn. Methods that rescale
    coordinates one at a time (a diagonal preconditioner, Adam) notice the difference.
    """
    kappa = as_condition_number(kappa)
    angle = as_finite_float(angle_deg, "angle_deg")
    rotation = _rotation(angle)
    matrix = rotation @ np.diag([1.0, kappa]) @ rotation.T
    reach = 1.6
    return quadratic(
        matrix,
        name=f"bowl κ={kappa:g} rotated {angle:g}°",
        window=((-reach, reach), (-reach, reach)),
    )


def random_spd_matrix(n: int, kappa: float, rng: np.random.Generator | int) -> np.ndarray:
    """Return a random symmetric positive definite ``n × n`` matrix with condition number ``kappa``.

    The eigenvalues are spaced geometrically from 1 to ``kappa`` (both ends included) and the
    eigenvectors are a Haar-random orthogonal matrix (QR of a Gaussian matrix with the signs of
    ``R``'s diagonal fixed, Mezzadri 2007).

    Raises
    ------
    ValueError
        If ``n < 2`` or ``kappa < 1``.
    TypeError
        If ``rng`` is neither a ``numpy.random.Generator`` nor a seed (see
        :func:`~curvlab.core.validation.check_random_state`).
    """
    n = as_positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2; got {n}")
    kappa = as_condition_number(kappa)
    rng = check_random_state(rng)
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    q = q * np.sign(np.diag(r))
    eigenvalues = np.geomspace(1.0, kappa, n)
    matrix = (q * eigenvalues) @ q.T
    return (matrix + matrix.T) / 2.0
