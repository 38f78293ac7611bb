r"""Optimizers from small pieces, in the style of optax: a piece transforms the step, and a
``chain`` of pieces is a method.

A :class:`Transform` is a pair of pure functions, as an :class:`~curvlab.core.optimizer.Optimizer`
is: ``init(x0) -> state`` and ``update(updates, state, grad, x, derivatives) -> (updates,
state)``. The first piece of a chain receives the gradient as its ``updates``; each piece hands
its output to the next; the last output is the step, :math:`x \leftarrow x + \text{step}`. So

* gradient descent: ``scale(-lr)``;
* heavy ball: ``chain(scale(-lr), trace(beta))``; Nesterov: ``trace(beta, nesterov=True)``;
* Adagrad: ``chain(scale(-lr), scale_by_root_sum_of_squares(eps))``;
* RMSProp: ``chain(scale(-lr), scale_by_rms(rho, eps))``;
* Adam: ``chain(ema(b1, debias=True), scale(-lr), scale_by_rms(b2, eps, debias=True))``;
* Sophia: ``chain(ema(b1), scale_by_hutchinson_curvature(...), clip(1), scale(-lr))``;
* Muon: ``chain(trace(beta, nesterov=True), orthogonalize(shape), scale(-lr * size))``;
* SAM, preconditioned descent: a piece of their own, then ``scale(-lr)``.

Newton's family, L-BFGS, K-FAC and Shampoo are written whole.

One difference from optax: every piece also sees the raw gradient ``grad`` (and the point and
its derivatives). A piece that divides by a statistic of the gradient (RMSProp's, Adam's,
Adagrad's) accumulates the gradient itself, not the update it is handed, so it may stand after
``scale(-lr)``; the chains then perform the published formulas operation for operation
(``-lr * m_hat / (sqrt(v_hat) + eps)`` is ``((-lr) * m_hat) / (sqrt(v_hat) + eps)``) and give
the same floating-point numbers as the methods written whole.

A chain's state holds the states of its pieces that have one: ``None`` if none has, the state
itself if one has (RMSProp's state is its mean square), a tuple otherwise.
:func:`named_state` gives a method its own state type (Adam's :class:`AdamState`).

References
----------
DeepMind et al., "The DeepMind JAX Ecosystem" (optax: ``GradientTransformation``, ``chain``,
``scale``, ``trace``, ``ema``, ``scale_by_rms``), 2020.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from curvlab.core.objective import Derivatives
from curvlab.core.optimizer import Optimizer
from curvlab.core.validation import as_finite_float, as_fraction, as_positive_float

__all__ = [
    "EmaState",
    "Transform",
    "as_optimizer",
    "bias_corrected",
    "chain",
    "clip",
    "ema",
    "named_state",
    "normalize",
    "scale",
    "scale_by_rms",
    "scale_by_root_sum_of_squares",
    "second_moment_update",
    "stateless_transform",
    "trace",
]

TransformUpdate = Callable[
    [np.ndarray, Any, np.ndarray, np.ndarray, Derivatives], tuple[np.ndarray, Any]
]


class Transform(NamedTuple):
    r"""One piece of an optimizer: ``init(x0) -> state`` and
    ``update(updates, state, grad, x, derivatives) -> (updates, state)``.

    ``updates`` is what the previous piece produced (the gradient :math:`g = \nabla f(x)` for the
    first piece), ``grad`` is always :math:`g` itself, ``derivatives`` gives access to the
    objective (a Hessian-vector product, a second gradient). ``stateful`` is ``False`` for a
    piece whose state is always ``None``; a chain keeps no place for it.
    """

    init: Callable[[np.ndarray], Any]
    update: TransformUpdate
    stateful: bool = True


def _no_state(x0: np.ndarray) -> None:
    return None


def stateless_transform(
    function: Callable[[np.ndarray, np.ndarray, np.ndarray, Derivatives], np.ndarray],
) -> Transform:
    """A piece without state from ``function(updates, grad, x, derivatives) -> updates``."""

    def update(updates, state, grad, x, derivatives):
        return function(updates, grad, x, derivatives), None

    return Transform(_no_state, update, stateful=False)


def chain(*transforms: Transform) -> Transform:
    """Apply ``transforms`` in order, each to the output of the one before.

    The chain's state holds the states of its stateful pieces, in order: ``None`` if there is
    none, that piece's state if there is one, a tuple otherwise.

    Raises
    ------
    TypeError
        If a piece is not a :class:`Transform`.
    ValueError
        If there is no piece.
    """
    if not transforms:
        raise ValueError("transforms must hold at least one Transform")
    for position, piece in enumerate(transforms):
        if not isinstance(piece, Transform):
            raise TypeError(
                f"transforms[{position}] must be a Transform; got {type(piece).__name__}"
            )
    if len(transforms) == 1:
        return transforms[0]
    kept = [i for i, piece in enumerate(transforms) if piece.stateful]

    def init(x0: np.ndarray) -> Any:
        states = [piece.init(x0) for piece in transforms]  # every init runs: it may check x0
        return _pack([states[i] for i in kept])

    # The update runs once per step of every run: each piece's update and its place in the
    # chain's state (None for a stateless piece) are looked up here, once.
    slots = {i: slot for slot, i in enumerate(kept)}
    plan = tuple((piece.update, slots.get(i)) for i, piece in enumerate(transforms))

    def update(updates, state, grad, x, derivatives):
        states = _unpack(state, len(kept))
        for piece_update, slot in plan:
            if slot is None:
                updates, _ = piece_update(updates, None, grad, x, derivatives)
            else:
                updates, states[slot] = piece_update(updates, states[slot], grad, x, derivatives)
        return updates, _pack(states)

    return Transform(init, update, stateful=bool(kept))


def _pack(states: list[Any]) -> Any:
    if not states:
        return None
    return states[0] if len(states) == 1 else tuple(states)


def _unpack(state: Any, count: int) -> list[Any]:
    if count == 0:
        return []
    return [state] if count == 1 else list(state)


def named_state(
    transform: Transform, to_named: Callable[[Any], Any], from_named: Callable[[Any], Any]
) -> Transform:
    """The same piece with its state shown as a method's own type.

    ``to_named(state)`` turns the piece's state into the named one, ``from_named`` back.
    """

    def init(x0: np.ndarray) -> Any:
        return to_named(transform.init(x0))

    def update(updates, state, grad, x, derivatives):
        updates, inner = transform.update(updates, from_named(state), grad, x, derivatives)
        return updates, to_named(inner)

    return Transform(init, update, transform.stateful)


def as_optimizer(
    name: str, transform: Transform, hyperparameters: Mapping[str, float]
) -> Optimizer:
    """The :class:`~curvlab.core.optimizer.Optimizer` that steps by ``transform``'s output."""

    def update(grad, state, x, derivatives):
        return transform.update(grad, state, grad, x, derivatives)

    return Optimizer(name, transform.init, update, hyperparameters)


def scale(factor: float) -> Transform:
    r"""Multiply the updates by a constant: :math:`u \leftarrow c\,u` (``scale(-lr)``)."""
    factor = as_finite_float(factor, "factor")

    def update(updates, state, grad, x, derivatives):
        return factor * updates, None

    return Transform(_no_state, update, stateful=False)


def trace(beta: float, *, nesterov: bool = False) -> Transform:
    r"""Momentum: :math:`v \leftarrow \beta v + u`, output :math:`v` (or
    :math:`\beta v + u` with ``nesterov=True``); :math:`v_0 = 0`. The state is :math:`v`.
    """
    beta = as_fraction(beta, "beta")

    def update(updates, velocity, grad, x, derivatives):
        velocity = beta * velocity + updates
        return (beta * velocity + updates if nesterov else velocity), velocity

    return Transform(np.zeros_like, update)


class EmaState(NamedTuple):
    """A moving average after ``t`` updates: ``mean`` (not bias-corrected)."""

    t: int
    mean: np.ndarray


def bias_corrected(moment: np.ndarray, beta: float, t: int) -> np.ndarray:
    r"""Adam's bias correction after ``t`` steps: :math:`\hat v = v / (1 - \beta^t)`.

    A moving average started at zero underestimates its target by the factor
    :math:`1 - \beta^t` (Kingma & Ba 2015, §3); dividing by it removes the bias. The one place
    where curvlab computes :math:`\hat m` and :math:`\hat v`.
    """
    return moment / (1.0 - beta**t)


def ema(beta: float, *, debias: bool = False) -> Transform:
    r"""Exponential moving average of the updates:
    :math:`m_t = \beta m_{t-1} + (1-\beta) u_t`, output :math:`m_t`, or with ``debias``
    :math:`\hat m_t = m_t/(1-\beta^t)` (Kingma & Ba 2015, §3).
    """
    beta = as_fraction(beta, "beta")

    def init(x0: np.ndarray) -> EmaState:
        return EmaState(0, np.zeros_like(x0))

    def update(updates, state, grad, x, derivatives):
        t = state.t + 1
        mean = beta * state.mean + (1.0 - beta) * updates
        return (bias_corrected(mean, beta, t) if debias else mean), EmaState(t, mean)

    return Transform(init, update)


def second_moment_update(v: np.ndarray, grad: np.ndarray, beta2: float) -> np.ndarray:
    r"""One step of the second moment of Adam and RMSProp: :math:`\beta_2 v + (1-\beta_2) g^2`."""
    return beta2 * v + (1.0 - beta2) * grad * grad


def scale_by_rms(beta: float, eps: float, *, debias: bool = False) -> Transform:
    r"""Divide the updates by the root mean square of the gradients:
    :math:`s_t = \beta s_{t-1} + (1-\beta) g_t^2`, :math:`u \leftarrow u / (\sqrt{s_t} +
    \varepsilon)`, with :math:`s_t/(1-\beta^t)` in place of :math:`s_t` if ``debias``.

    The state is :math:`s` (an :class:`EmaState` if ``debias``, which needs the count).
    """
    beta = as_fraction(beta, "beta")
    eps = as_positive_float(eps, "eps")
    if debias:

        def init(x0: np.ndarray) -> EmaState:
            return EmaState(0, np.zeros_like(x0))

        def update(updates, state, grad, x, derivatives):
            t = state.t + 1
            mean = second_moment_update(state.mean, grad, beta)
            root = np.sqrt(bias_corrected(mean, beta, t))
            return updates / (root + eps), EmaState(t, mean)

        return Transform(init, update)

    def update_plain(updates, mean_square, grad, x, derivatives):
        mean_square = second_moment_update(mean_square, grad, beta)
        return updates / (np.sqrt(mean_square) + eps), mean_square

    return Transform(np.zeros_like, update_plain)


def scale_by_root_sum_of_squares(eps: float) -> Transform:
    r"""Adagrad's scaling: :math:`G_k = G_{k-1} + g_k^2`, :math:`u \leftarrow u/(\sqrt{G_k} +
    \varepsilon)`; the state is :math:`G`."""
    eps = as_positive_float(eps, "eps")

    def update(updates, total, grad, x, derivatives):
        total = total + grad * grad
        return updates / (np.sqrt(total) + eps), total

    return Transform(np.zeros_like, update)


def normalize() -> Transform:
    r"""Divide the updates by :math:`\|g\|` (zero where :math:`g = 0`)."""

    def function(updates, grad, x, derivatives):
        norm = float(np.linalg.norm(grad))
        if norm == 0.0:
            return np.zeros_like(updates)
        return updates / norm

    return stateless_transform(function)


def clip(limit: float) -> Transform:
    r"""Clip each coordinate of the updates to :math:`[-c, c]`."""
    limit = as_positive_float(limit, "limit")
    return stateless_transform(
        lambda updates, grad, x, derivatives: np.clip(updates, -limit, limit)
    )
