"""Optimizers as pairs of pure functions, in the style of optax.

Every optimizer is an :class:`Optimizer`: ``init(x0) -> state`` and
``update(grad, state, x, derivatives) -> (step, state)``; the runner applies
``x <- x + step``. Gradient descent, momentum, Newton and Adam differ only in ``update``, so one
runner (:func:`curvlab.run`) serves them all.
"""

from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.descent import gradient_descent, normalized_gradient_descent

__all__ = ["Optimizer", "gradient_descent", "normalized_gradient_descent"]
