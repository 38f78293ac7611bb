"""Optimizers as pairs of pure functions, in the style of optax.

Every optimizer is an :class:`Optimizer`: ``init(x0) -> state`` and
``update(grad, state, x, derivatives) -> (step, state)``; the runner applies
``x <- x + step``. Gradient descent, momentum, Newton and Adam differ only in ``update``, so one
runner (:func:`curvlab.run`) serves them all.

=====================  ==========================================================  =======
module                 optimizers                                                  chapter
=====================  ==========================================================  =======
``descent``            gradient descent, normalized gradient descent               1
``preconditioned``     preconditioned gradient descent (a fixed ``P``)             5
``newton``             Newton, damped Newton, Levenberg–Marquardt, saddle-free     5
``momentum``           heavy ball, Nesterov                                        6
``adaptive``           Adagrad, RMSProp, Adam                                      6
``lbfgs``              L-BFGS                                                      6
``kronecker_factored`` K-FAC, Shampoo (matrix parameters)                          6
``sophia``             Sophia (Hutchinson diagonal, clipped)                       6
``sam``                sharpness-aware minimization (two gradients a step)         7
``muon``               Muon (Newton–Schulz orthogonalized momentum)                6
``newton_schulz``      the Newton–Schulz iteration behind Muon                     6
``line_search``        the one backtracking (Armijo) line search                   5, 6
``transforms``         the pieces first-order methods are chained from (optax)     1, 6, 7
``registry``           ``OPTIMIZERS``: every method by name, bowl defaults         all
=====================  ==========================================================  =======

Most first-order methods are chains of the pieces of :mod:`~curvlab.optimizers.transforms`
(``adam`` is ``chain(ema(b1, debias=True), scale(-lr), scale_by_rms(b2, eps, debias=True))``);
the second-order and matrix methods are written whole. Every method is registered in
:data:`OPTIMIZERS`, over which one conformance test runs.
"""

from curvlab.optimizers.adaptive import adagrad, adam, rmsprop
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.descent import gradient_descent, normalized_gradient_descent
from curvlab.optimizers.kronecker_factored import kfac, shampoo
from curvlab.optimizers.lbfgs import lbfgs
from curvlab.optimizers.momentum import heavy_ball, nesterov
from curvlab.optimizers.muon import muon
from curvlab.optimizers.newton import (
    SingularHessianError,
    damped_newton,
    levenberg_marquardt,
    newton,
    newton_step,
    saddle_free_newton,
)
from curvlab.optimizers.preconditioned import preconditioned_gradient_descent
from curvlab.optimizers.registry import OPTIMIZERS, Registered
from curvlab.optimizers.sam import sam
from curvlab.optimizers.sophia import sophia

__all__ = [
    "OPTIMIZERS",
    "Optimizer",
    "Registered",
    "SingularHessianError",
    "adagrad",
    "adam",
    "damped_newton",
    "gradient_descent",
    "heavy_ball",
    "kfac",
    "lbfgs",
    "levenberg_marquardt",
    "muon",
    "nesterov",
    "newton",
    "newton_step",
    "normalized_gradient_descent",
    "preconditioned_gradient_descent",
    "rmsprop",
    "saddle_free_newton",
    "sam",
    "shampoo",
    "sophia",
]
