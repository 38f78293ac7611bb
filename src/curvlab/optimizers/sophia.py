r"""Sophia: a clipped diagonal-Hessian preconditioner from Hutchinson estimates.

.. math::
    m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
    h_t = \beta_2 h_{t-k} + (1-\beta_2)\, \hat h_t \ \text{ every } k \text{ steps}, \\
    x_{t+1} = x_t - \eta\,
        \operatorname{clip}\Bigl(\frac{m_t}{\max(\gamma h_t, \varepsilon)}, 1\Bigr),

with :math:`\hat h_t = u \odot (\nabla^2 f(x_t)\, u)` for a Rademacher vector :math:`u` (one
probe of :func:`curvlab.curvature.trace.hutchinson_diagonal` through the objective's
``hessp``) and :math:`\operatorname{clip}(z, 1)` applied per coordinate. Where the estimated
curvature is positive and large the step is a diagonal Newton step :math:`\eta m_t/(\gamma
h_t)`; where it is small, zero or negative the clip caps the step at :math:`\eta` per coordinate
(sign descent), which keeps Sophia away from the attraction of saddles that plain Newton
suffers.

Reference: H. Liu, Z. Li, D. Hall, P. Liang and T. Ma, "Sophia: A Scalable Stochastic
Second-order Optimizer for Language Model Pre-training", ICLR 2024 (arXiv:2305.14342),
Algorithm 3 (Sophia-H) without weight decay.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from curvlab.core.validation import as_fraction, as_positive_float, as_positive_int
from curvlab.curvature.operators import CountingOperator
from curvlab.curvature.trace import hutchinson_diagonal
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.transforms import (
    EmaState,
    Transform,
    as_optimizer,
    chain,
    clip,
    ema,
    named_state,
    scale,
)

__all__ = ["CurvatureState", "SophiaState", "scale_by_hutchinson_curvature", "sophia"]


class SophiaState(NamedTuple):
    """Step count, momentum, diagonal-curvature estimate and the probe generator."""

    t: int
    m: np.ndarray
    h: np.ndarray
    rng: np.random.Generator


def sophia(
    lr: float,
    beta1: float = 0.96,
    beta2: float = 0.99,
    gamma: float = 0.01,
    eps: float = 1e-12,
    k: int = 10,
    *,
    seed: int = 0,
) -> Optimizer:
    r"""Sophia-H with Hutchinson diagonal estimates every ``k`` steps.

    Parameters
    ----------
    lr : float
        The step size :math:`\eta > 0`, also the largest move per coordinate.
    beta1, beta2 : float
        Decay rates of the momentum and of the curvature estimate, in ``[0, 1)``.
    gamma : float
        :math:`\gamma > 0`: the curvature scale; the unclipped step is
        :math:`(\eta/\gamma)\, m_t/h_t`.
    eps : float
        :math:`\varepsilon > 0`, the floor of the denominator.
    k : int
        Steps between curvature estimates (the first is at step 1).
    seed : int
        Seed of the Rademacher probes, so that a run is reproducible.

    Raises
    ------
    TypeError, ValueError
        If a hyperparameter is outside its range.
    """
    lr = as_positive_float(lr, "lr")
    beta1 = as_fraction(beta1, "beta1")
    beta2 = as_fraction(beta2, "beta2")
    gamma = as_positive_float(gamma, "gamma")
    eps = as_positive_float(eps, "eps")
    k = as_positive_int(k, "k")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an integer; got {type(seed).__name__}")

    pieces = chain(
        ema(beta1), scale_by_hutchinson_curvature(beta2, gamma, eps, k, seed), clip(1.0), scale(-lr)
    )
    transform = named_state(pieces, _sophia_state, _piece_states)
    return as_optimizer(
        f"Sophia (η={lr:g}, γ={gamma:g})",
        transform,
        {"lr": lr, "beta1": beta1, "beta2": beta2, "gamma": gamma, "eps": eps, "k": k},
    )


class CurvatureState(NamedTuple):
    """Steps taken, the diagonal-curvature estimate and the probe generator."""

    t: int
    h: np.ndarray
    rng: np.random.Generator


def scale_by_hutchinson_curvature(
    beta2: float, gamma: float, eps: float, k: int, seed: int
) -> Transform:
    r"""Sophia's preconditioner: divide the updates by :math:`\max(\gamma h_t, \varepsilon)`.

    :math:`h_t = \beta_2 h_{t-k} + (1-\beta_2)\, u \odot (\nabla^2 f(x_t)\, u)` is refreshed
    at steps :math:`1, k+1, 2k+1, \dots` with one Rademacher probe :math:`u` drawn from
    ``numpy.random.default_rng(seed)`` (a new generator at every ``init``, so that runs repeat).
    """
    beta2 = as_fraction(beta2, "beta2")
    gamma = as_positive_float(gamma, "gamma")
    eps = as_positive_float(eps, "eps")
    k = as_positive_int(k, "k")

    def init(x0: np.ndarray) -> CurvatureState:
        return CurvatureState(0, np.zeros_like(x0), np.random.default_rng(seed))

    def update(updates, state, grad, x, derivatives):
        t = state.t + 1
        h = state.h
        if t % k == 1 % k:
            hessian = CountingOperator(lambda u: derivatives.hessp(x, u), x.size, name="hessp")
            estimate = hutchinson_diagonal(hessian, 1, state.rng)
            h = beta2 * h + (1.0 - beta2) * estimate
        return updates / np.maximum(gamma * h, eps), CurvatureState(t, h, state.rng)

    return Transform(init, update)


def _sophia_state(states: tuple[EmaState, CurvatureState]) -> SophiaState:
    momentum, curvature = states
    return SophiaState(curvature.t, momentum.mean, curvature.h, curvature.rng)


def _piece_states(state: SophiaState) -> tuple[EmaState, CurvatureState]:
    return EmaState(state.t, state.m), CurvatureState(state.t, state.h, state.rng)
