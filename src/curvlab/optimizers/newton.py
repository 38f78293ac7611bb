r"""Newton's method and its safeguarded variants.

Minimizing the quadratic model
:math:`m(\Delta) = f(x) + g^\top \Delta + \tfrac12 \Delta^\top H \Delta`
(with :math:`g = \nabla f(x)`, :math:`H = \nabla^2 f(x)`) gives :math:`H\Delta = -g`, the Newton
step. In the eigenbasis :math:`H = Q\Lambda Q^\top` it divides the gradient's component along
:math:`q_i` by :math:`\lambda_i`:

.. math:: \Delta = -\sum_i \frac{q_i^\top g}{\lambda_i}\, q_i .

The variants change only the divisor :math:`\varphi(\lambda_i)`:

* Newton: :math:`\varphi(\lambda) = \lambda`. A negative :math:`\lambda` flips the step along
  that direction, so Newton is *attracted* to saddles and maxima.
* Levenberg–Marquardt damping: :math:`\varphi(\lambda) = \lambda + \mu`. For
  :math:`\mu > -\lambda_{\min}` the step is a descent direction; as :math:`\mu \to \infty` it
  becomes gradient descent with step :math:`1/\mu`.
* Saddle-free Newton :math:`\varphi(\lambda) = |\lambda|` (Dauphin et al. 2014): the step keeps
  Newton's scaling but always points downhill, so it moves away from saddles.

References: Nocedal & Wright, *Numerical Optimization* (2006), §3.3–3.4 and §10.3;
Dauphin et al., "Identifying and attacking the saddle point problem", NeurIPS 2014.
"""

from __future__ import annotations

import numpy as np

from curvlab.core.objective import Derivatives
from curvlab.core.validation import as_positive_float
from curvlab.optimizers.base import Optimizer, stateless
from curvlab.optimizers.line_search import armijo_parameters, descent_step

__all__ = [
    "SINGULAR_RCOND",
    "SingularHessianError",
    "damped_newton",
    "levenberg_marquardt",
    "newton",
    "newton_step",
    "saddle_free_newton",
]

SINGULAR_RCOND = 1e-13
r"""A matrix whose :math:`\min|\lambda| / \max|\lambda|` is below this counts as singular."""


class SingularHessianError(ValueError):
    """The linear system of a Newton-type step is singular (or numerically so)."""


def _check_solvable(matrix: np.ndarray, what: str) -> None:
    magnitudes = np.abs(np.linalg.eigvalsh(matrix))
    largest = float(magnitudes.max())
    if largest == 0.0 or float(magnitudes.min()) < SINGULAR_RCOND * largest:
        raise SingularHessianError(
            f"{what} is singular (eigenvalue magnitudes {magnitudes.min():.2e} to "
            f"{largest:.2e}); the step is undefined"
        )


def newton_step(hessian: np.ndarray, grad: np.ndarray) -> np.ndarray:
    r"""Return the Newton step :math:`\Delta = -H^{-1} g` by solving :math:`H\Delta = -g`.

    Raises
    ------
    SingularHessianError
        (a ``ValueError``) if ``H`` is singular or numerically so.
    """
    hessian = np.asarray(hessian, dtype=float)
    grad = np.asarray(grad, dtype=float)
    _check_solvable(hessian, "the Hessian")
    return np.linalg.solve(hessian, -grad)


def newton() -> Optimizer:
    r"""Pure Newton's method: :math:`x_{k+1} = x_k - \nabla^2 f(x_k)^{-1} \nabla f(x_k)`.

    One step reaches the stationary point of any quadratic with non-singular Hessian, and near a
    non-degenerate minimum the error squares at every step (quadratic convergence). The Hessian
    is *not* required to be positive definite: with a negative eigenvalue the step climbs along
    it, which is why Newton converges to saddles and maxima as readily as to minima.

    Raises
    ------
    SingularHessianError
        (a ``ValueError``, raised by the run) if the Hessian at an iterate is singular.
    """

    def step(grad: np.ndarray, x: np.ndarray, derivatives: Derivatives) -> np.ndarray:
        hessian = np.asarray(derivatives.hess(x), dtype=float)
        _check_solvable(hessian, f"the Hessian at x = {np.array2string(x, precision=4)}")
        return np.linalg.solve(hessian, -grad)

    return stateless("Newton", step, {})


def levenberg_marquardt(damping: float) -> Optimizer:
    r"""Newton with Levenberg–Marquardt damping: :math:`(H + \mu I)\Delta = -g`.

    Each eigen-component of the gradient is divided by :math:`\lambda_i + \mu`. For
    :math:`\mu > -\lambda_{\min}(H)` the shifted matrix is positive definite and the step goes
    downhill; for smaller :math:`\mu` the step still climbs along directions with
    :math:`\lambda_i + \mu < 0` (documented, not an error: it is the attraction to saddles that
    the chapter shows). Large :math:`\mu` gives gradient descent with step :math:`1/\mu`.

    Parameters
    ----------
    damping : float
        :math:`\mu > 0`.

    Raises
    ------
    ValueError
        If ``damping`` is not a positive finite number; during a run,
        :class:`SingularHessianError` if :math:`H + \mu I` is singular at an iterate.
    """
    mu = as_positive_float(damping, "damping")

    def step(grad: np.ndarray, x: np.ndarray, derivatives: Derivatives) -> np.ndarray:
        shifted = np.asarray(derivatives.hess(x), dtype=float) + mu * np.eye(grad.size)
        _check_solvable(shifted, f"H + μI at x = {np.array2string(x, precision=4)}")
        return np.linalg.solve(shifted, -grad)

    return stateless(f"Levenberg–Marquardt (μ={mu:g})", step, {"damping": mu})


def saddle_free_newton(min_curvature: float = 1e-6) -> Optimizer:
    r"""Saddle-free Newton (Dauphin et al. 2014): :math:`\Delta = -|H|^{-1} g`.

    With :math:`H = Q \Lambda Q^\top`, :math:`|H| = Q |\Lambda| Q^\top`: each component of the
    gradient is divided by :math:`|\lambda_i|`, so the step has Newton's size but always points
    downhill, and a negative-curvature direction is *descended* instead of climbed.

    Parameters
    ----------
    min_curvature : float
        Documented fallback for (near-)zero curvature: each :math:`|\lambda_i|` is replaced by
        :math:`\max(|\lambda_i|, \text{min\_curvature})`, so the step stays finite.

    Raises
    ------
    ValueError
        If ``min_curvature`` is not a positive finite number.
    """
    floor = as_positive_float(min_curvature, "min_curvature")

    def step(grad: np.ndarray, x: np.ndarray, derivatives: Derivatives) -> np.ndarray:
        eigenvalues, eigenvectors = np.linalg.eigh(np.asarray(derivatives.hess(x), dtype=float))
        curvature = np.maximum(np.abs(eigenvalues), floor)
        return -eigenvectors @ ((eigenvectors.T @ grad) / curvature)

    return stateless("saddle-free Newton", step, {"min_curvature": floor})


def damped_newton(c1: float = 1e-4, shrink: float = 0.5, max_halvings: int = 60) -> Optimizer:
    r"""Newton's direction with a backtracking (Armijo) line search.

    The direction is :math:`d = -H^{-1} g`; if that is not a descent direction
    (:math:`g^\top d \ge 0`, possible when :math:`H` is indefinite) or :math:`H` is singular, the
    documented fallback is the steepest-descent direction :math:`d = -g`. The step length
    comes from :func:`curvlab.optimizers.line_search.backtracking`: :math:`t` starts at 1 and is
    multiplied by ``shrink`` until :math:`f(x + t d) \le f(x) + c_1 t\, g^\top d` holds.

    A line search guarantees decrease, not a minimum: on :math:`x^2 - y^2` from a point with
    :math:`|x| > |y|` Newton's direction *is* a descent direction, the full step is accepted and
    the run still lands on the saddle.

    Parameters
    ----------
    c1 : float
        The Armijo (sufficient-decrease) constant in ``(0, 1)``.
    shrink : float
        The backtracking factor in ``(0, 1)``.
    max_halvings : int
        The most reductions of the step length per step.

    Raises
    ------
    TypeError, ValueError
        If a parameter is outside its range.
    """
    c1, shrink, max_halvings = armijo_parameters(c1, shrink, max_halvings)

    def step(grad: np.ndarray, x: np.ndarray, derivatives: Derivatives) -> np.ndarray:
        hessian = np.asarray(derivatives.hess(x), dtype=float)
        try:
            _check_solvable(hessian, f"the Hessian at x = {np.array2string(x, precision=4)}")
            direction = np.linalg.solve(hessian, -grad)
        except SingularHessianError:
            direction = -grad
        step, _ = descent_step(
            derivatives.fun, x, grad, direction, c1=c1, shrink=shrink, max_halvings=max_halvings
        )
        return step

    return stateless(
        "damped Newton (line search)",
        step,
        {"c1": c1, "shrink": shrink},
    )
