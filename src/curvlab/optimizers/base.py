"""The optimizer interface, re-exported from :mod:`curvlab.core.optimizer` where it lives.

The runner in :mod:`curvlab.core` takes an :class:`Optimizer`, so the protocol sits below every
method; this module keeps the old import path ``curvlab.optimizers.base`` working.
"""

from curvlab.core.optimizer import InitFn, Optimizer, StepFn, UpdateFn, stateless

__all__ = ["InitFn", "Optimizer", "StepFn", "UpdateFn", "stateless"]
