r"""Sharpness-aware minimization (SAM) in the optimizer interface.

SAM (Foret, Kleiner, Mobahi & Neyshabur 2021) minimizes the worst loss in a ball,
:math:`\max_{\|\varepsilon\| \le \rho} f(x + \varepsilon)`, through its first-order solution
:math:`\hat\varepsilon = \rho\, \nabla f(x)/\|\nabla f(x)\|`:

.. math::

    x_{k+1} = x_k - \eta\, \nabla f\Bigl(x_k + \rho \frac{\nabla f(x_k)}{\|\nabla f(x_k)\|}\Bigr).

Each step costs **two gradients**: the runner's :math:`\nabla f(x_k)` and one at the perturbed
point (the runner counts both in a trajectory's ``n_grad``). With :math:`\rho = 0` SAM is
gradient descent. Near a minimum of :math:`\tfrac12 x^\top H x` the perturbed gradient is
:math:`H x + \rho H^2 x/\|Hx\|`, which pushes hardest along the sharpest directions.

References
----------
Foret, Kleiner, Mobahi & Neyshabur, "Sharpness-aware minimization for efficiently improving
generalization", ICLR (2021).
"""

from __future__ import annotations

import numpy as np

from curvlab.core.validation import as_non_negative_float, as_positive_float
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.transforms import Transform, as_optimizer, chain, scale, stateless_transform

__all__ = ["sam", "sharpness_aware"]


def sam(lr: float, rho: float) -> Optimizer:
    r"""SAM with step size ``lr`` (:math:`\eta`) and neighbourhood radius ``rho`` (:math:`\rho`).

    Parameters
    ----------
    lr : float
        The step size, positive.
    rho : float
        The ascent radius, non-negative (0 gives gradient descent).

    Returns
    -------
    Optimizer
        Stateless; its ``update`` calls ``derivatives.grad`` once at the perturbed point. At a
        point with zero gradient the perturbation is zero.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` is not positive or ``rho`` is negative (or either is not a finite number).

    Notes
    -----
    With a fixed :math:`\rho` SAM does not settle at a minimum of a quadratic: the normalized
    perturbation keeps its length :math:`\rho`, and along the sharpest eigenvalue :math:`\lambda`
    the iterate ends in the 2-cycle :math:`\pm\eta\lambda\rho/(2 - \eta\lambda)`
    (when :math:`\eta\lambda < 2`), while the flatter directions converge.

    Examples
    --------
    >>> from curvlab import bowl, run
    >>> t = run(bowl(10.0), sam(lr=0.05, rho=0.05), [1.0, 1.0], maxiter=500)
    >>> round(abs(float(t.x[1])), 4)  # 0.05 * 10 * 0.05 / (2 - 0.5)
    0.0167
    """
    lr = as_positive_float(lr, "lr")
    rho = as_non_negative_float(rho, "rho")

    transform = chain(sharpness_aware(rho), scale(-lr))
    return as_optimizer(f"SAM (η={lr:g}, ρ={rho:g})", transform, {"lr": lr, "rho": rho})


def sharpness_aware(rho: float) -> Transform:
    r"""SAM's piece: replace the gradient by :math:`\nabla f(x + \rho g/\|g\|)`.

    One more gradient evaluation (through ``derivatives.grad``) per step; with ``rho = 0`` or
    at a point where :math:`g = 0` the updates pass through unchanged.
    """
    rho = as_non_negative_float(rho, "rho")

    def function(updates, grad, x, derivatives):
        norm = float(np.linalg.norm(grad))
        if rho == 0.0 or norm == 0.0:
            return updates
        return np.asarray(derivatives.grad(x + (rho / norm) * grad), dtype=float)

    return stateless_transform(function)
