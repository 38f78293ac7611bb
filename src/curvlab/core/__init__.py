"""The core of curvlab: objectives, the runner and its result, validation, spectra, diagnostics.

* :mod:`~curvlab.core.objective`: :class:`Objective` (f, ∇f, ∇²f and the Hessian-vector
  product ``hessp(x, v)``), :class:`Derivatives`, :data:`Window`;
* :mod:`~curvlab.core.runner`: :func:`run` → :class:`Trajectory` (``.x`` is the final point,
  ``.xs`` the path) with a :class:`Status` and its :class:`EvaluationCounts` (every derivative
  call, the optimizer's own included); a callback sees each iterate;
* :mod:`~curvlab.core.validation`: the argument checks of the public boundary;
* :mod:`~curvlab.core.spectrum`: eigenvalues, eigenvectors, condition numbers;
* :mod:`~curvlab.core.diagnostics`, :mod:`~curvlab.core.convergence`: numbers read off a
  trajectory (zig-zag, observed rates, orders of convergence);
* :mod:`~curvlab.core.reporting`: numbers as the book quotes them (rounded, or as bounds).
* :mod:`~curvlab.core.tuning`: :func:`~curvlab.core.tuning.tune` (one hyperparameter on a
  geometric grid widened until its best value is interior) and
  :func:`~curvlab.core.tuning.counted_run` (a run with its budget in gradient-equivalents).

* :mod:`~curvlab.core.optimizer`: the optimizer protocol, :class:`Optimizer` (``init`` and
  ``update``), which the runner takes; the methods live in :mod:`curvlab.optimizers`.
"""

from curvlab.core.convergence import (
    convergence_orders,
    convergence_ratios,
    correct_digits,
    errors_to,
)
from curvlab.core.diagnostics import (
    eigen_coordinates,
    observed_rate,
    sign_flip_fraction,
)
from curvlab.core.objective import (
    Derivatives,
    Objective,
    Window,
)
from curvlab.core.optimizer import Optimizer, stateless
from curvlab.core.reporting import (
    below,
    glue,
    quote,
    significant,
)
from curvlab.core.runner import (
    TOL,
    EvaluationCounts,
    Status,
    Trajectory,
    run,
)
from curvlab.core.spectrum import (
    Spectrum,
    condition_number,
    spectrum,
)
from curvlab.core.validation import (
    as_callable,
    as_condition_number,
    as_finite_float,
    as_fraction,
    as_positive_float,
    as_positive_int,
    as_spd_matrix,
    as_square_matrix,
    as_symmetric_matrix,
    as_vector,
    as_window,
    check_random_state,
    require_positive_definite,
)

__all__ = [
    "TOL",
    "Derivatives",
    "EvaluationCounts",
    "Objective",
    "Optimizer",
    "Spectrum",
    "Status",
    "Trajectory",
    "Window",
    "as_callable",
    "as_condition_number",
    "as_finite_float",
    "as_fraction",
    "as_positive_float",
    "as_positive_int",
    "as_spd_matrix",
    "as_square_matrix",
    "as_symmetric_matrix",
    "as_vector",
    "as_window",
    "below",
    "check_random_state",
    "condition_number",
    "convergence_orders",
    "convergence_ratios",
    "correct_digits",
    "eigen_coordinates",
    "errors_to",
    "glue",
    "observed_rate",
    "quote",
    "require_positive_definite",
    "run",
    "sign_flip_fraction",
    "significant",
    "spectrum",
    "stateless",
]
