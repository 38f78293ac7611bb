r"""Muon: momentum on a matrix parameter, orthogonalized by a Newton–Schulz iteration.

.. math::
    B_t = \mu B_{t-1} + G_t, \qquad
    O_t = \operatorname{NS}_5(G_t + \mu B_t) \ \text{(Nesterov)}, \qquad
    W_{t+1} = W_t - \eta \sqrt{\max(1, m/n)}\; O_t,

where :math:`\operatorname{NS}_5` is five steps of the quintic of
:func:`curvlab.optimizers.newton_schulz.newton_schulz`, an approximation of the polar factor
:math:`UV^\top`.
Every singular value of the update is pushed towards 1: Muon keeps the singular *directions* of
the momentum and discards their scales. It stores one ``m × n`` buffer and no curvature at all;
its place among the "partial Hessians" is that Shampoo's step with statistics from the current
gradient alone, :math:`(GG^\top)^{-1/4}\, G\, (G^\top G)^{-1/4}`, *is* :math:`UV^\top` for
:math:`G = U\Sigma V^\top` (Bernstein & Newhouse 2024).

Reference: K. Jordan et al., "Muon: an optimizer for hidden layers in neural networks" (2024);
Bernstein & Newhouse, "Old optimizer, new norm" (2024).
"""

from __future__ import annotations

import math

import numpy as np

from curvlab.core.validation import as_fraction, as_positive_float, as_positive_int
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.matrix_shape import as_shape, check_size
from curvlab.optimizers.newton_schulz import MUON_QUINTIC, newton_schulz
from curvlab.optimizers.transforms import Transform, as_optimizer, chain, named_state, scale, trace

__all__ = ["muon", "orthogonalize"]


def muon(
    shape: tuple[int, int],
    lr: float = 0.02,
    beta: float = 0.95,
    *,
    nesterov: bool = True,
    ns_steps: int = 5,
) -> Optimizer:
    r"""Muon for one matrix parameter of shape ``(m, n)`` (defaults as in Jordan et al. 2024).

    Parameters
    ----------
    shape : (int, int)
        The parameter's shape; iterates are ``W.ravel()``.
    lr : float
        The step size :math:`\eta > 0`.
    beta : float
        The momentum :math:`\mu \in [0, 1)`.
    nesterov : bool
        Orthogonalize :math:`G_t + \mu B_t` (True) or :math:`B_t` (False).
    ns_steps : int
        Newton–Schulz iterations.

    Raises
    ------
    TypeError, ValueError
        For a malformed shape or hyperparameter; during a run, if ``x0`` does not hold
        ``m * n`` numbers.
    """
    m, n = as_shape(shape)
    lr = as_positive_float(lr, "lr")
    beta = as_fraction(beta, "beta")
    ns_steps = as_positive_int(ns_steps, "ns_steps")
    if not isinstance(nesterov, bool):
        raise TypeError(f"nesterov must be a bool; got {type(nesterov).__name__}")
    size = math.sqrt(max(1.0, m / n))

    pieces = chain(
        trace(beta, nesterov=nesterov), orthogonalize((m, n), ns_steps), scale(-lr * size)
    )
    transform = named_state(pieces, lambda flat: flat.reshape(m, n), np.ravel)
    return as_optimizer(f"Muon (η={lr:g}, μ={beta:g})", transform, {"lr": lr, "beta": beta})


def orthogonalize(shape: tuple[int, int], ns_steps: int = 5) -> Transform:
    r"""Muon's piece: the updates, seen as an ``(m, n)`` matrix :math:`U`, become the nearest
    semi-orthogonal matrix :math:`\approx U (U^\top U)^{-1/2}`, by ``ns_steps`` iterations of
    the quintic Newton–Schulz map (:func:`~curvlab.optimizers.newton_schulz.newton_schulz`).

    Raises
    ------
    ValueError
        At ``init``, if ``x0`` does not hold ``m * n`` numbers.
    """
    m, n = as_shape(shape)
    ns_steps = as_positive_int(ns_steps, "ns_steps")

    def init(x0: np.ndarray) -> None:
        check_size(x0, (m, n))
        return None

    def update(updates, state, grad, x, derivatives):
        return newton_schulz(updates.reshape(m, n), ns_steps, MUON_QUINTIC).ravel(), None

    return Transform(init, update, stateful=False)
