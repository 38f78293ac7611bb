r"""Per-coordinate adaptive step sizes: Adagrad, RMSProp and Adam, exactly as published.

Each divides the step, coordinate by coordinate, by the square root of a running sum or average
of squared gradients, plus :math:`\varepsilon` added *after* the square root. In the language of
preconditioning (chapter 5) each is gradient descent with the diagonal preconditioner
:math:`P_k = \operatorname{diag}(\sqrt{s_k} + \varepsilon)`, where :math:`s_k` is its statistic
of squared gradients: a diagonal, and a statistic of gradients rather than of curvature.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from curvlab.core.objective import Derivatives
from curvlab.core.validation import as_fraction, as_positive_float
from curvlab.optimizers.base import Optimizer

__all__ = ["AdamState", "adagrad", "adam", "bias_corrected", "rmsprop", "second_moment_update"]


def adagrad(lr: float = 1e-2, eps: float = 1e-10) -> Optimizer:
    r"""Adagrad, diagonal version (Duchi, Hazan & Singer 2011).

    .. math:: G_k = G_{k-1} + g_k \odot g_k, \qquad
              x_{k+1} = x_k - \alpha\, \frac{g_k}{\sqrt{G_k} + \varepsilon},

    with :math:`G_{-1} = 0` (the paper's :math:`\delta` is :math:`\varepsilon`). The paper fixes
    no defaults; ``lr=1e-2`` and ``eps=1e-10`` are PyTorch's.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` or ``eps`` is not a positive finite number.
    """
    lr = as_positive_float(lr, "lr")
    eps = as_positive_float(eps, "eps")

    def init(x0: np.ndarray) -> np.ndarray:
        return np.zeros_like(x0)

    def update(
        grad: np.ndarray, total: np.ndarray, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, np.ndarray]:
        total = total + grad * grad
        return -lr * grad / (np.sqrt(total) + eps), total

    return Optimizer(f"Adagrad (α={lr:.3g})", init, update, {"lr": lr, "eps": eps})


def rmsprop(lr: float = 1e-3, rho: float = 0.9, eps: float = 1e-8) -> Optimizer:
    r"""RMSProp (Tieleman & Hinton 2012, Coursera lecture 6e).

    .. math:: s_k = \rho\, s_{k-1} + (1 - \rho)\, g_k \odot g_k, \qquad
              x_{k+1} = x_k - \alpha\, \frac{g_k}{\sqrt{s_k} + \varepsilon},

    with :math:`s_{-1} = 0` and :math:`\rho = 0.9` as in the lecture. The lecture has no
    :math:`\varepsilon`; every library adds one, and we add it after the square root as Adam
    does. There is no bias correction, so the first step is :math:`\alpha g/(\sqrt{1-\rho}|g|)`,
    about :math:`3.16\,\alpha` per coordinate.

    Raises
    ------
    TypeError, ValueError
        If ``lr`` or ``eps`` is not positive or ``rho`` is outside ``[0, 1)``.
    """
    lr = as_positive_float(lr, "lr")
    rho = as_fraction(rho, "rho")
    eps = as_positive_float(eps, "eps")

    def init(x0: np.ndarray) -> np.ndarray:
        return np.zeros_like(x0)

    def update(
        grad: np.ndarray, mean_square: np.ndarray, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, np.ndarray]:
        mean_square = second_moment_update(mean_square, grad, rho)
        return -lr * grad / (np.sqrt(mean_square) + eps), mean_square

    return Optimizer(
        f"RMSProp (α={lr:.3g}, ρ={rho:g})", init, update, {"lr": lr, "rho": rho, "eps": eps}
    )


def second_moment_update(v: np.ndarray, grad: np.ndarray, beta2: float) -> np.ndarray:
    r"""One step of the second moment of Adam and RMSProp: :math:`\beta_2 v + (1-\beta_2) g^2`."""
    return beta2 * v + (1.0 - beta2) * grad * grad


def bias_corrected(moment: np.ndarray, beta: float, t: int) -> np.ndarray:
    r"""Adam's bias correction after ``t`` steps: :math:`\hat v = v / (1 - \beta^t)`.

    A moving average started at zero underestimates its target by the factor
    :math:`1 - \beta^t` (Kingma & Ba 2015, §3); dividing by it removes the bias. The one place
    where curvlab computes :math:`\hat m` and :math:`\hat v`.
    """
    return moment / (1.0 - beta**t)


class AdamState(NamedTuple):
    """Adam's state after ``t`` steps: the raw first and second moment estimates."""

    t: int
    m: np.ndarray
    v: np.ndarray

    def corrected(self, beta1: float, beta2: float) -> tuple[np.ndarray, np.ndarray]:
        r"""Return the bias-corrected moments :math:`\hat m` and :math:`\hat v`.

        :math:`\hat m = m/(1-\beta_1^t)` and :math:`\hat v = v/(1-\beta_2^t)`.
        """
        if self.t == 0:
            raise ValueError("Adam's moments are undefined before the first step (t = 0)")
        return bias_corrected(self.m, beta1, self.t), bias_corrected(self.v, beta2, self.t)


def adam(
    lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
) -> Optimizer:
    r"""Adam (Kingma & Ba 2015, Algorithm 1), with the paper's defaults.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t \odot g_t,

        \hat m_t = \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t}, \qquad
        x_t = x_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon},

    with :math:`m_0 = v_0 = 0` and :math:`t` counting from 1. The bias correction makes the first
    step exactly :math:`\alpha\, g_1/(|g_1| + \varepsilon)` per coordinate: a step of length
    about :math:`\alpha` in every coordinate, whatever the gradient's scale.

    Parameters
    ----------
    lr : float
        The step size :math:`\alpha > 0` (default 0.001).
    beta1, beta2 : float
        Decay rates of the moment estimates, in ``[0, 1)`` (defaults 0.9 and 0.999).
    eps : float
        :math:`\varepsilon > 0`, added after the square root (default 1e-8).

    Raises
    ------
    TypeError, ValueError
        If ``lr`` or ``eps`` is not positive, or a decay rate is outside ``[0, 1)``.
    """
    lr = as_positive_float(lr, "lr")
    beta1 = as_fraction(beta1, "beta1")
    beta2 = as_fraction(beta2, "beta2")
    eps = as_positive_float(eps, "eps")

    def init(x0: np.ndarray) -> AdamState:
        return AdamState(0, np.zeros_like(x0), np.zeros_like(x0))

    def update(
        grad: np.ndarray, state: AdamState, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, AdamState]:
        t = state.t + 1
        m = beta1 * state.m + (1.0 - beta1) * grad
        v = second_moment_update(state.v, grad, beta2)
        new = AdamState(t, m, v)
        m_hat, v_hat = new.corrected(beta1, beta2)
        return -lr * m_hat / (np.sqrt(v_hat) + eps), new

    return Optimizer(
        f"Adam (α={lr:.3g}, β₁={beta1:g}, β₂={beta2:g})",
        init,
        update,
        {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps},
    )
