r"""Momentum: heavy ball (Polyak 1964) and Nesterov's accelerated gradient (1983).

Both keep one extra vector, the velocity :math:`v_k = x_k - x_{k-1}`, and so remember one
direction of the past; on a quadratic that is enough to turn the :math:`\kappa` law of gradient
descent into a :math:`\sqrt\kappa` law (see :mod:`curvlab.theory.momentum_rates`).
"""

from __future__ import annotations

from curvlab.core.validation import as_fraction, as_positive_float
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.transforms import as_optimizer, chain, scale, trace

__all__ = ["heavy_ball", "nesterov"]


def heavy_ball(lr: float, beta: float = 0.9) -> Optimizer:
    r"""Polyak's heavy-ball method.

    .. math:: v_{k+1} = \beta v_k - \alpha \nabla f(x_k), \qquad x_{k+1} = x_k + v_{k+1},

    with :math:`v_0 = 0`; equivalently
    :math:`x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1})`. One gradient per step.

    Parameters
    ----------
    lr : float
        The step size :math:`\alpha > 0`.
    beta : float
        The momentum coefficient :math:`\beta \in [0, 1)`; ``beta=0`` is gradient descent.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` is not positive or ``beta`` is outside ``[0, 1)``.

    References
    ----------
    B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
    USSR Comput. Math. Math. Phys. 4 (1964).
    """
    lr = as_positive_float(lr, "lr")
    beta = as_fraction(beta, "beta")

    transform = chain(scale(-lr), trace(beta))
    return as_optimizer(
        f"heavy ball (α={lr:.3g}, β={beta:.3g})", transform, {"lr": lr, "beta": beta}
    )


def nesterov(lr: float, beta: float = 0.9) -> Optimizer:
    r"""Nesterov's accelerated gradient, in the look-ahead form that needs one gradient per step.

    Nesterov's method evaluates the gradient at the look-ahead point
    :math:`y_k = x_k + \beta(x_k - x_{k-1})` and sets :math:`x_{k+1} = y_k - \alpha\nabla f(y_k)`.
    This optimizer iterates :math:`y_k` itself (as PyTorch's ``nesterov=True`` does):

    .. math:: v_{k+1} = \beta v_k - \alpha\nabla f(y_k), \qquad
              y_{k+1} = y_k + \beta v_{k+1} - \alpha \nabla f(y_k),

    with :math:`v_k = x_k - x_{k-1}`, :math:`v_0 = 0`. The change of variables is linear, so on a
    quadratic :math:`y_k` and :math:`x_k` share the characteristic polynomial of
    :func:`curvlab.theory.momentum_rates.iteration_matrix` (``method="nesterov"``).

    Parameters
    ----------
    lr : float
        The step size :math:`\alpha > 0`.
    beta : float
        The momentum coefficient :math:`\beta \in [0, 1)`.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` is not positive or ``beta`` is outside ``[0, 1)``.

    References
    ----------
    Y. Nesterov, "A method for solving the convex programming problem with convergence rate
    O(1/k²)", Soviet Math. Dokl. 27 (1983); Sutskever et al., ICML 2013.
    """
    lr = as_positive_float(lr, "lr")
    beta = as_fraction(beta, "beta")

    transform = chain(scale(-lr), trace(beta, nesterov=True))
    name = f"Nesterov (α={lr:.3g}, β={beta:.3g})"
    return as_optimizer(name, transform, {"lr": lr, "beta": beta})
