r"""Every optimizer of the book, by name, with hyperparameters that work on a bowl.

``OPTIMIZERS[name]`` is a :class:`Registered`: calling it builds the method with its defaults,
any of which a keyword overrides (``OPTIMIZERS["adam"](lr=0.1)``). The defaults suit
:data:`CONFORMANCE_BOWL`, :math:`f(x, y) = \tfrac12(x^2 + 10 y^2)` from :data:`CONFORMANCE_START`:
each method reduces :math:`f` a thousandfold there within :data:`CONFORMANCE_STEPS` steps, which
``tests/optimizers/test_conformance.py`` checks together with shapes, finiteness, argument
validation and state that does not leak between runs. The matrix methods (K-FAC, Shampoo, Muon)
see the two coordinates as a :math:`1 \times 2` matrix.

Adding an optimizer: write its constructor (a chain of :mod:`curvlab.optimizers.transforms`
pieces, or ``init``/``update`` written whole), export it from :mod:`curvlab.optimizers`, and add
one line here; the conformance test refuses a public constructor that is not registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from curvlab.core.optimizer import Optimizer
from curvlab.optimizers.adaptive import adagrad, adam, rmsprop
from curvlab.optimizers.descent import gradient_descent, normalized_gradient_descent
from curvlab.optimizers.kronecker_factored import kfac, shampoo
from curvlab.optimizers.lbfgs import lbfgs
from curvlab.optimizers.momentum import heavy_ball, nesterov
from curvlab.optimizers.muon import muon
from curvlab.optimizers.newton import (
    damped_newton,
    levenberg_marquardt,
    newton,
    saddle_free_newton,
)
from curvlab.optimizers.preconditioned import preconditioned_gradient_descent
from curvlab.optimizers.sam import sam
from curvlab.optimizers.sophia import sophia

__all__ = [
    "CONFORMANCE_BOWL",
    "CONFORMANCE_START",
    "CONFORMANCE_STEPS",
    "OPTIMIZERS",
    "Registered",
]

CONFORMANCE_BOWL = 10.0
"""The condition number :math:`\\kappa` of the bowl ``curvlab.problems.bowl(10.0)``."""
CONFORMANCE_START = (1.0, 1.0)
"""Where the conformance runs start."""
CONFORMANCE_STEPS = 500
"""The conformance runs' budget of steps."""


class Registered(NamedTuple):
    """An optimizer's constructor, its defaults for the bowl, and its positive arguments.

    Attributes
    ----------
    factory : callable
        The public constructor, e.g. :func:`~curvlab.optimizers.adaptive.adam`.
    defaults : mapping
        Keyword arguments that make it converge on the bowl.
    positive : tuple of str
        The real arguments that must be positive and finite (the step size ``lr`` where there
        is one); each must be refused by name when zero, negative or NaN.
    """

    factory: Callable[..., Optimizer]
    defaults: Mapping[str, Any]
    positive: tuple[str, ...] = ("lr",)

    def __call__(self, **overrides: Any) -> Optimizer:
        """Build the optimizer from its defaults, with ``overrides`` replacing some."""
        return self.factory(**{**self.defaults, **overrides})


_MATRIX = (1, 2)

OPTIMIZERS: dict[str, Registered] = {
    "gradient_descent": Registered(gradient_descent, {"lr": 0.1}),
    "normalized_gradient_descent": Registered(normalized_gradient_descent, {"lr": 0.01}),
    "heavy_ball": Registered(heavy_ball, {"lr": 0.1, "beta": 0.5}),
    "nesterov": Registered(nesterov, {"lr": 0.1, "beta": 0.5}),
    "adagrad": Registered(adagrad, {"lr": 0.5}, ("lr", "eps")),
    "rmsprop": Registered(rmsprop, {"lr": 0.01}, ("lr", "eps")),
    "adam": Registered(adam, {"lr": 0.01}, ("lr", "eps")),
    "sophia": Registered(sophia, {"lr": 0.01}, ("lr", "gamma", "eps")),
    "sam": Registered(sam, {"lr": 0.05, "rho": 0.01}),
    "preconditioned_gradient_descent": Registered(
        preconditioned_gradient_descent, {"P": np.array([1.0, 5.0]), "lr": 0.5}
    ),
    "newton": Registered(newton, {}, ()),
    "damped_newton": Registered(damped_newton, {}, ()),
    "levenberg_marquardt": Registered(levenberg_marquardt, {"damping": 1.0}, ("damping",)),
    "saddle_free_newton": Registered(saddle_free_newton, {}, ("min_curvature",)),
    "lbfgs": Registered(lbfgs, {}, ()),
    "kfac": Registered(
        kfac,
        {"left": np.eye(1), "right": np.diag([1.0, CONFORMANCE_BOWL]), "shape": _MATRIX},
    ),
    "shampoo": Registered(shampoo, {"shape": _MATRIX, "lr": 0.1}, ("lr", "eps")),
    "muon": Registered(muon, {"shape": _MATRIX, "lr": 0.01}),
}
"""Every optimizer of :mod:`curvlab.optimizers`, by the name of its constructor."""
