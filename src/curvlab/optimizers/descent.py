"""Plain gradient descent."""

from __future__ import annotations

from curvlab.core.validation import as_positive_float
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.transforms import as_optimizer, chain, normalize, scale

__all__ = ["gradient_descent", "normalized_gradient_descent"]


def gradient_descent(lr: float) -> Optimizer:
    r"""Gradient descent with a fixed step size: :math:`x_{k+1} = x_k - \eta \nabla f(x_k)`.

    The update follows from the first-order Taylor model
    :math:`f(x + \Delta) \approx f(x) + \nabla f(x)^\top \Delta`, which among steps of a fixed
    length decreases fastest along :math:`-\nabla f(x)` (Cauchy 1847).

    Parameters
    ----------
    lr : float
        The step size (learning rate) :math:`\eta > 0`. A step above the stability bound is
        not an error: the run reports that it diverged.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` is not a positive finite number.
    """
    lr = as_positive_float(lr, "lr")

    return as_optimizer(f"gradient descent (η={lr:g})", scale(-lr), {"lr": lr})


def normalized_gradient_descent(lr: float) -> Optimizer:
    r"""Steps of fixed length along the negative gradient.

    .. math:: x_{k+1} = x_k - \eta\, g_k / \|g_k\|

    This is the exact minimizer of the first-order Taylor model over the sphere
    :math:`\|\Delta\| = \eta` (Cauchy–Schwarz). Unlike :func:`gradient_descent` its steps do not
    shrink as the gradient does, so with a fixed ``lr`` it ends up hopping around the minimum at a
    distance of order ``lr``. At a point where the gradient is exactly zero it does not move.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` is not a positive finite number.
    """
    lr = as_positive_float(lr, "lr")

    transform = chain(scale(-lr), normalize())
    return as_optimizer(f"normalized gradient descent (η={lr:g})", transform, {"lr": lr})
