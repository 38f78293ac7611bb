"""The optimizer interface shared by every method in the book.

It lives in :mod:`curvlab.core` because the runner (:func:`curvlab.core.runner.run`) takes an
:class:`Optimizer`; the methods themselves live in :mod:`curvlab.optimizers`, and
:mod:`curvlab.optimizers.base` re-exports these names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from curvlab.core.objective import Derivatives

__all__ = ["Optimizer", "stateless"]

InitFn = Callable[[np.ndarray], Any]
UpdateFn = Callable[[np.ndarray, Any, np.ndarray, Derivatives], tuple[np.ndarray, Any]]


class Optimizer(NamedTuple):
    r"""An optimizer as two pure functions (after optax's ``GradientTransformation``).

    Attributes
    ----------
    name : str
        A label for legends and messages, e.g. ``"gradient descent (η=0.1)"``.
    init : callable
        ``init(x0) -> state``: the optimizer's initial state (``None`` if it has none).
    update : callable
        ``update(grad, state, x, derivatives) -> (step, new_state)``. ``grad`` is
        :math:`\nabla f(x)`, already computed by the runner; ``derivatives`` gives second-order
        methods the Hessian. The runner sets ``x <- x + step``.
    hyperparameters : mapping
        The numbers that define the method, for display.
    """

    name: str
    init: InitFn
    update: UpdateFn
    hyperparameters: Mapping[str, float]


StepFn = Callable[[np.ndarray, np.ndarray, Derivatives], np.ndarray]


def stateless(name: str, step: StepFn, hyperparameters: Mapping[str, float]) -> Optimizer:
    """Build an :class:`Optimizer` that keeps no state between steps.

    ``step(grad, x, derivatives) -> step`` is all such a method needs (gradient descent, Newton
    and its variants, a fixed preconditioner); ``init`` returns ``None`` and ``update`` passes
    the ``None`` state through.
    """

    def init(x0: np.ndarray) -> None:
        return None

    def update(
        grad: np.ndarray, state: None, x: np.ndarray, derivatives: Derivatives
    ) -> tuple[np.ndarray, None]:
        return step(grad, x, derivatives), None

    return Optimizer(name, init, update, hyperparameters)
