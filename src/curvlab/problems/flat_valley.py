r"""A flat valley: the overparameterized loss :math:`f(w) = \tfrac12 (w_1 w_2 - 1)^2`.

The model :math:`w_1 w_2` has two parameters for one number, so the loss has a whole *curve*
of minima, the hyperbola :math:`w_1 w_2 = 1`, instead of isolated points. With
:math:`r = w_1 w_2 - 1`,

.. math::

    \nabla f = r\,(w_2,\ w_1), \qquad
    \nabla^2 f = \begin{pmatrix} w_2^2 & 2 w_1 w_2 - 1 \\ 2 w_1 w_2 - 1 & w_1^2 \end{pmatrix}.

On the valley (:math:`r = 0`) the Hessian is :math:`\begin{pmatrix} w_2^2 & 1 \\ 1 & w_1^2
\end{pmatrix}`, whose determinant :math:`w_1^2 w_2^2 - 1` vanishes: one eigenvalue is exactly 0,
with eigenvector :math:`(w_1, -w_2)` tangent to the valley, and the other is the trace
:math:`w_1^2 + w_2^2`, the *sharpness*, with eigenvector :math:`(w_2, w_1)` across it. Along the
valley :math:`(t, 1/t)` the sharpness :math:`t^2 + 1/t^2` varies from 2 (at :math:`t = \pm 1`)
to infinity, although every point of the valley has the same loss and the same model
:math:`w_1 w_2 = 1`. This is the two-parameter case of the reparameterization argument of
Dinh et al. (2017), "Sharp minima can generalize for deep nets" (ICML): rescaling
:math:`(w_1, w_2) \mapsto (\alpha w_1, w_2/\alpha)` changes the sharpness, not the function.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective

__all__ = ["flat_valley", "valley_point", "valley_sharpness"]


def flat_valley() -> Objective:
    r"""Return :math:`f(w_1, w_2) = \tfrac12 (w_1 w_2 - 1)^2` with its gradient and Hessian.

    Examples
    --------
    >>> f = flat_valley()
    >>> f.value([2.0, 0.5]), f.gradient([2.0, 0.5]).tolist()
    (0.0, [0.0, 0.0])
    >>> f.hessian([2.0, 0.5]).tolist()
    [[0.25, 1.0], [1.0, 4.0]]
    """

    def fun(p: np.ndarray) -> np.ndarray | float:
        return 0.5 * (p[0] * p[1] - 1.0) ** 2

    def grad(p: np.ndarray) -> np.ndarray:
        w1, w2 = p
        residual = w1 * w2 - 1.0
        return np.array([residual * w2, residual * w1])

    def hess(p: np.ndarray) -> np.ndarray:
        w1, w2 = p
        off = 2.0 * w1 * w2 - 1.0
        return np.array([[w2**2, off], [off, w1**2]])

    return Objective(
        "flat valley",
        2,
        fun,
        grad,
        hess,
        formula=r"\tfrac12 (w_1 w_2 - 1)^2",
        window=((-0.5, 3.0), (-0.5, 3.0)),
    )


def _as_nonzero(t: ArrayLike) -> np.ndarray:
    values = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values == 0.0):
        raise ValueError(f"t must be finite and non-zero; got {t!r}")
    return values


def valley_point(t: float) -> np.ndarray:
    r"""Return the point :math:`(t, 1/t)` of the valley :math:`w_1 w_2 = 1`.

    Raises
    ------
    ValueError
        If ``t`` is zero or not finite.

    Examples
    --------
    >>> valley_point(2.0).tolist()
    [2.0, 0.5]
    """
    t = float(_as_nonzero(t))
    return np.array([t, 1.0 / t])


def valley_sharpness(t: ArrayLike) -> np.ndarray | float:
    r"""Return the largest Hessian eigenvalue at :math:`(t, 1/t)`: :math:`t^2 + 1/t^2`.

    The other eigenvalue there is 0. The sharpness is smallest, 2, at :math:`t = \pm 1`.

    Raises
    ------
    ValueError
        If some ``t`` is zero or not finite.

    Examples
    --------
    >>> float(valley_sharpness(2.0))
    4.25
    """
    t = _as_nonzero(t)
    sharpness = t**2 + 1.0 / t**2
    return float(sharpness) if sharpness.ndim == 0 else sharpness
