"""Plain gradient descent."""

from __future__ import annotations

import numpy as np

from curvlab.objective import Derivatives
from curvlab.optimizers.base import Optimizer
from curvlab.validation import as_positive_float

__all__ = ["gradient_descent"]


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

    def init(x0: np.ndarray) -> None:
        return None

    def update(
        grad: np.ndarray, state: None, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, None]:
        return -lr * grad, None

    return Optimizer(f"gradient descent (η={lr:g})", init, update, {"lr": lr})
