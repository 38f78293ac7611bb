r"""Per-coordinate adaptive step sizes: Adagrad, RMSProp and Adam, exactly as published.

Each divides the step, coordinate by coordinate, by the square root of a running sum or average
of squared gradients, plus :math:`\varepsilon` added *after* the square root. In the language of
preconditioning (chapter 5) each is gradient descent with the diagonal preconditioner
:math:`P_k = \operatorname{diag}(\sqrt{s_k} + \varepsilon)`, where :math:`s_k` is its statistic
of squared gradients: a diagonal, and a statistic of gradients rather than of curvature.

Each is a chain of the pieces of :mod:`curvlab.optimizers.transforms`; the second moment
(:func:`second_moment_update`) and the bias correction (:func:`bias_corrected`) are defined
there once and re-exported here.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from curvlab.core.validation import as_fraction, as_positive_float
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.transforms import (
    EmaState,
    as_optimizer,
    bias_corrected,
    chain,
    ema,
    named_state,
    scale,
    scale_by_rms,
    scale_by_root_sum_of_squares,
    second_moment_update,
)

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

    transform = chain(scale(-lr), scale_by_root_sum_of_squares(eps))
    return as_optimizer(f"Adagrad (α={lr:.3g})", transform, {"lr": lr, "eps": eps})


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

    transform = chain(scale(-lr), scale_by_rms(rho, eps))
    return as_optimizer(
        f"RMSProp (α={lr:.3g}, ρ={rho:g})", transform, {"lr": lr, "rho": rho, "eps": eps}
    )


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

    moments = chain(ema(beta1, debias=True), scale(-lr), scale_by_rms(beta2, eps, debias=True))
    transform = named_state(moments, _adam_state, _moment_states)
    return as_optimizer(
        f"Adam (α={lr:.3g}, β₁={beta1:g}, β₂={beta2:g})",
        transform,
        {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps},
    )


def _adam_state(states: tuple[EmaState, EmaState]) -> AdamState:
    first, second = states
    return AdamState(first.t, first.mean, second.mean)


def _moment_states(state: AdamState) -> tuple[EmaState, EmaState]:
    return EmaState(state.t, state.m), EmaState(state.t, state.v)
