r"""What Adam's second moment :math:`\hat v` measures, and when it measures curvature.

Adam divides its step by :math:`\sqrt{\hat v_t} + \varepsilon`, where :math:`\hat v_t` is a
bias-corrected exponential average of squared gradients. That makes Adam preconditioned
gradient descent (with momentum) with the diagonal step multiplier
:math:`P_t = \operatorname{diag}(\sqrt{\hat v_t} + \varepsilon)^{-1}`, whose effect on a quadratic
is read off :math:`\kappa(P_t^{1/2} H P_t^{1/2})`.

A common claim is that :math:`\sqrt{\hat v}` approximates the diagonal of the Hessian. This module
holds the computations that test it:

* on a deterministic problem :math:`\hat v` averages :math:`g_i^2 = (Hx)_i^2`, which depends on
  where the iterate is and vanishes at the minimum whatever the curvature;
* for a likelihood loss with per-example (noisy) gradients at the true parameter,
  :math:`E[g g^\top]` is the Fisher information, which equals the expected Hessian there. Then
  :math:`\hat v \approx \operatorname{diag}(F)/B` for batch size :math:`B`: curvature, up to the
  batch size, and Adam divides by its *square root*.

References: Kingma & Ba (2015); Martens, "New insights and perspectives on the natural gradient
method", JMLR 21 (2020) (Fisher, empirical Fisher and their limits); Kunstner, Balles & Hennig,
"Limitations of the empirical Fisher approximation", NeurIPS 2019.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.objective import Objective
from curvlab.core.reporting import quote
from curvlab.core.runner import Trajectory, as_trajectory, run
from curvlab.core.spectrum import spectrum
from curvlab.core.tuning import (
    EvaluationCounts,
    Tuning,
    counted_run,
    settled_value,
    steps_to_converge,
    tune,
    tuned_run,
)
from curvlab.core.validation import (
    as_fraction,
    as_positive_float,
    as_positive_int,
    as_symmetric_matrix,
    as_vector,
    check_random_state,
)
from curvlab.curvature.preconditioners import preconditioned_hessian
from curvlab.optimizers import (
    adam,
    gradient_descent,
    heavy_ball,
    kfac,
    lbfgs,
    muon,
    newton,
    shampoo,
    sophia,
)
from curvlab.optimizers.adaptive import bias_corrected, second_moment_update
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.newton_schulz import CUBIC, MUON_QUINTIC, newton_schulz, scalar_map
from curvlab.problems.kronecker import KroneckerQuadratic
from curvlab.problems.quadratic import Quadratic, bowl, quadratic, rotated_bowl
from curvlab.theory.momentum_rates import optimal_heavy_ball
from curvlab.theory.rates import optimal_step

__all__ = [
    "BowlComparison",
    "FisherStudy",
    "LogisticProblem",
    "NewtonSchulzStudy",
    "QuadraticSecondMoment",
    "Racer",
    "adam_curvature_invariance",
    "adam_denominators",
    "adam_leftover_kappa",
    "bowl_comparison",
    "diagonal_preconditioned_spectrum",
    "fisher_study",
    "layer_race",
    "logistic_hessian",
    "logistic_problem",
    "minibatch_gradients",
    "moving_second_moment",
    "newton_schulz_study",
    "per_example_gradients",
    "preconditioned_spectrum",
    "probe_variances",
    "quadratic_second_moment",
    "race_table",
    "replay_states",
]


def replay_states(objective: Objective, optimizer: Optimizer, trajectory: Trajectory) -> list[Any]:
    r"""Return the optimizer's state after each step of a recorded run.

    The runner keeps iterates, not states. An optimizer is a deterministic function of the
    gradients it is fed, so feeding it :math:`\nabla f(x_k)` at the recorded iterates reproduces
    its states exactly: entry ``k`` is the state after the step from :math:`x_k` to
    :math:`x_{k+1}`.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a :class:`~curvlab.core.runner.Trajectory`.
    ValueError
        If its iterates do not have the objective's dimension.
    """
    as_trajectory(trajectory)
    iterates = trajectory.xs
    if iterates.shape[1] != objective.dim:
        raise ValueError(
            f"trajectory must hold iterates of dimension {objective.dim}; "
            f"got shape {iterates.shape}"
        )
    derivatives = objective.unchecked
    state = optimizer.init(iterates[0])
    states = []
    for x in iterates[:-1]:
        gradient = np.asarray(derivatives.grad(x), dtype=float)
        _, state = optimizer.update(gradient, state, x, derivatives)
        states.append(state)
    return states


def adam_denominators(states: list[Any], beta1: float, beta2: float, eps: float) -> np.ndarray:
    r"""Return :math:`\sqrt{\hat v_t} + \varepsilon` for each Adam state, shape ``(T, n)``.

    Parameters
    ----------
    states : list of AdamState
        As returned by :func:`replay_states` for an :func:`~curvlab.optimizers.adaptive.adam`.
    beta1, beta2, eps : float
        The Adam hyperparameters of that run.
    """
    beta1, beta2 = as_fraction(beta1, "beta1"), as_fraction(beta2, "beta2")
    eps = as_positive_float(eps, "eps")
    if not states:
        raise ValueError("states must hold at least one Adam state")
    return np.array([np.sqrt(state.corrected(beta1, beta2)[1]) + eps for state in states])


def diagonal_preconditioned_spectrum(H: ArrayLike, denominators: ArrayLike) -> np.ndarray:
    r"""Return the eigenvalues of :math:`D^{-1/2} H D^{-1/2}` for each row :math:`D` given.

    Gradient descent with steps :math:`-D^{-1}\nabla f` on a quadratic with Hessian :math:`H` is
    plain gradient descent in the variables :math:`z = D^{1/2}x`, whose Hessian is
    :math:`D^{-1/2} H D^{-1/2}`; its spectrum sets the rate. With :math:`D = \sqrt{\hat v_t} +
    \varepsilon` it is the spectrum that Adam's rescaling leaves at step ``t``; with
    :math:`D = \operatorname{diag}(H)` it is Jacobi's.

    Parameters
    ----------
    H : array_like, shape (n, n)
        A symmetric matrix.
    denominators : array_like, shape (n,) or (T, n)
        Positive diagonals.

    Returns
    -------
    ndarray, shape (T, n)
        Eigenvalues in ascending order, one row per diagonal.

    Raises
    ------
    ValueError
        If ``H`` is not symmetric, or a diagonal has the wrong length or a non-positive entry.
    """
    hessian = as_symmetric_matrix(H, "H")
    rows = np.atleast_2d(np.asarray(denominators, dtype=float))
    if rows.ndim != 2 or rows.shape[1] != hessian.shape[0]:
        raise ValueError(
            f"denominators must have rows of length {hessian.shape[0]}; got shape {rows.shape}"
        )
    if not np.all(np.isfinite(rows)) or np.any(rows <= 0.0):
        raise ValueError("denominators must be finite and positive")
    scale = 1.0 / np.sqrt(rows)
    scaled = scale[:, :, None] * hessian[None] * scale[:, None, :]
    return np.linalg.eigvalsh(scaled)


def preconditioned_spectrum(H: ArrayLike, P: ArrayLike) -> np.ndarray:
    r"""Return the eigenvalues of :math:`P^{-1/2} H P^{-1/2}`, ascending.

    They are also the eigenvalues of :math:`P^{-1}H`: the spectrum
    that the step :math:`-P^{-1}\nabla f` sees, for a full symmetric positive definite ``P``
    (``P = H`` gives all ones: Newton).

    Raises
    ------
    ValueError
        If ``H`` is not symmetric, ``P`` is not symmetric positive definite, or their shapes
        differ.
    """
    return spectrum(preconditioned_hessian(H, P), "P^-1/2 H P^-1/2").eigenvalues


def moving_second_moment(gradients: ArrayLike, beta2: float) -> np.ndarray:
    r"""Return Adam's bias-corrected :math:`\hat v_T` after feeding it the rows of ``gradients``.

    .. math:: v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \qquad
              \hat v_T = \frac{v_T}{1 - \beta_2^T}.

    Parameters
    ----------
    gradients : array_like, shape (T, n)
        The gradients :math:`g_1, \dots, g_T` in order.
    beta2 : float
        The decay rate, in ``[0, 1)``.
    """
    rows = np.asarray(gradients, dtype=float)
    if rows.ndim != 2 or rows.shape[0] == 0 or not np.all(np.isfinite(rows)):
        raise ValueError(f"gradients must be a finite (T, n) array with T >= 1; got {rows.shape}")
    beta2 = as_fraction(beta2, "beta2")
    v = np.zeros(rows.shape[1])
    for row in rows:
        v = second_moment_update(v, row, beta2)
    return bias_corrected(v, beta2, rows.shape[0])


class LogisticProblem(NamedTuple):
    r"""Logistic regression data :math:`y_i \sim \text{Bernoulli}(\sigma(x_i^\top\theta^*))`."""

    X: np.ndarray
    y: np.ndarray
    theta_true: np.ndarray


def logistic_problem(
    n_samples: int,
    scales: ArrayLike,
    rng: np.random.Generator,
    *,
    theta_true: ArrayLike | None = None,
) -> LogisticProblem:
    r"""Draw a logistic-regression data set with features of different scales.

    Features are :math:`x_{ij} = s_j z_{ij}`, :math:`z_{ij} \sim N(0, 1)`; labels are drawn from
    the model at ``theta_true`` (default :math:`\theta^*_j = 1/s_j`, so every feature matters
    equally), so the model is well specified.

    Raises
    ------
    TypeError, ValueError
        If the sizes are not positive, the scales not positive, or ``rng`` not a Generator.
    """
    n_samples = as_positive_int(n_samples, "n_samples")
    feature_scales = as_vector(scales, "scales")
    if np.any(feature_scales <= 0.0):
        raise ValueError("scales must all be positive")
    rng = check_random_state(rng)
    d = feature_scales.size
    theta = 1.0 / feature_scales if theta_true is None else as_vector(theta_true, "theta_true", d)
    X = rng.standard_normal((n_samples, d)) * feature_scales
    y = (rng.random(n_samples) < _sigmoid(X @ theta)).astype(float)
    return LogisticProblem(X, y, theta)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


def per_example_gradients(problem: LogisticProblem, theta: ArrayLike) -> np.ndarray:
    r"""Return the per-example gradients :math:`g_i = (\sigma(x_i^\top\theta) - y_i)\, x_i`.

    Shape ``(N, d)``. They are the gradients of the per-example negative log-likelihood
    :math:`\ell_i = -y_i \log p_i - (1-y_i)\log(1-p_i)`, :math:`p_i = \sigma(x_i^\top\theta)`.
    """
    point = as_vector(theta, "theta", problem.X.shape[1])
    return (_sigmoid(problem.X @ point) - problem.y)[:, None] * problem.X


def logistic_hessian(problem: LogisticProblem, theta: ArrayLike) -> np.ndarray:
    r"""Return the Hessian of the mean negative log-likelihood.

    It is :math:`\frac1N\sum_i p_i(1-p_i)\,x_i x_i^\top` with :math:`p_i = \sigma(x_i^\top\theta)`.

    For logistic regression it does not depend on the labels and equals the Fisher
    information of the model at :math:`\theta` (canonical link).
    """
    point = as_vector(theta, "theta", problem.X.shape[1])
    p = _sigmoid(problem.X @ point)
    weights = p * (1.0 - p)
    return (problem.X * weights[:, None]).T @ problem.X / problem.X.shape[0]


def minibatch_gradients(
    problem: LogisticProblem,
    theta: ArrayLike,
    batch_size: int,
    n_steps: int,
    rng: np.random.Generator,
) -> np.ndarray:
    r"""Return ``n_steps`` minibatch gradients at a fixed ``theta``, shape ``(n_steps, d)``.

    Each is the mean of :func:`per_example_gradients` over ``batch_size`` examples drawn
    uniformly with replacement.
    """
    batch_size = as_positive_int(batch_size, "batch_size")
    n_steps = as_positive_int(n_steps, "n_steps")
    rng = check_random_state(rng)
    gradients = per_example_gradients(problem, theta)
    picks = rng.integers(0, gradients.shape[0], size=(n_steps, batch_size))
    return gradients[picks].mean(axis=1)


class BowlComparison(NamedTuple):
    """Steps of gradient descent (η*), heavy ball (Polyak), Adam (tuned step) and Newton on one
    bowl, all from the same start.

    Gradient descent and heavy ball are given the exact extreme eigenvalues (oracle knowledge);
    Adam's step is tuned by :func:`~curvlab.core.tuning.tune` (``adam_tuning`` holds the grid,
    the scores, whether the best step is interior, and the best run as ``.result``).
    """

    kappa: float
    label: str
    gradient_descent: int
    heavy_ball: int
    adam: int
    adam_lr: float
    newton: int
    adam_tuning: Tuning


def bowl_comparison(
    kappas: Sequence[float], adam_grid: ArrayLike, x0: ArrayLike
) -> list[BowlComparison]:
    """For each κ, the axis-aligned ``bowl(κ)`` and the same bowl rotated by 45°.

    Adam's step starts from the geometric grid ``adam_grid``, widened until the best is interior
    (see :func:`~curvlab.core.tuning.tuned_run`).
    """
    rows = []
    for kappa in kappas:
        for label, f in (("axis", bowl(kappa)), ("rotated", rotated_bowl(kappa, 45))):
            hb = optimal_heavy_ball(f.A)
            gd_run = run(f, gradient_descent(optimal_step(f.A)), x0, maxiter=20_000)
            hb_run = run(f, heavy_ball(hb.lr, hb.beta), x0)
            tuning = tuned_run(f, adam, adam_grid, x0)
            newton_run = run(f, newton(), x0)
            rows.append(
                BowlComparison(
                    kappa, label, gd_run.nit, hb_run.nit, tuning.result.nit, tuning.value,
                    newton_run.nit, tuning,
                )
            )  # fmt: skip
    return rows


def adam_curvature_invariance(
    kappas: Sequence[float], x0: ArrayLike, lr: float, *, n_steps: int = 300
) -> float:
    r"""Largest distance between Adam's iterates on ``bowl(κ)`` for the ``kappas``, same start.

    On a diagonal quadratic coordinate :math:`i` sees :math:`g_i = \lambda_i x_i`; its first
    and second moments are :math:`\lambda_i` and :math:`\lambda_i^2` times those of
    :math:`x_i`, so the step :math:`\alpha\hat m_i/(\sqrt{\hat v_i} + \varepsilon)` does not
    depend on :math:`\lambda_i` except through :math:`\varepsilon`: the paths coincide. Each
    run takes exactly ``n_steps`` steps (no stopping test).

    Returns
    -------
    float
        :math:`\max_{\kappa, k} \|x^{(\kappa)}_k - x^{(\kappa_0)}_k\|_\infty`, against the
        first κ.
    """
    lr = as_positive_float(lr, "lr")
    n_steps = as_positive_int(n_steps, "n_steps")
    paths = [run(bowl(kappa), adam(lr), x0, tol=1e-300, maxiter=n_steps).xs for kappa in kappas]
    if len(paths) < 2 or any(p.shape != paths[0].shape for p in paths):
        raise ValueError("kappas must hold at least two condition numbers with complete runs")
    return float(max(np.max(np.abs(p - paths[0])) for p in paths[1:]))


class FisherStudy(NamedTuple):
    r"""Adam's :math:`\hat v` from minibatch gradients of a logistic problem, beside the
    diagonal of its Hessian, at the true parameter (batch 1 and 16) and at three times it.

    At three times it, ``empirical_fisher_away`` is the diagonal of the empirical Fisher
    :math:`\frac1N\sum_i g_i \odot g_i` (what ``v_away`` estimates, batch 1) and
    ``squared_mean_away`` the squared mean gradient :math:`(\nabla f)_i^2`, its part that comes
    from not being at a stationary point; the rest is the gradients' variance.
    """

    problem: LogisticProblem
    curvature: np.ndarray
    v_b1: np.ndarray
    v_b16: np.ndarray
    curvature_away: np.ndarray
    v_away: np.ndarray
    empirical_fisher_away: np.ndarray
    squared_mean_away: np.ndarray


def fisher_study(
    n_samples: int,
    scales: ArrayLike,
    rng: np.random.Generator,
    *,
    n_steps: int = 3_000,
    beta2: float = 0.999,
) -> FisherStudy:
    """Draw the problem, then the three gradient streams, in that order, from ``rng``."""
    rng = check_random_state(rng)
    problem = logistic_problem(n_samples, scales, rng)
    theta = problem.theta_true
    curvature = np.diag(logistic_hessian(problem, theta))
    v_b1 = moving_second_moment(minibatch_gradients(problem, theta, 1, n_steps, rng), beta2)
    v_b16 = 16 * moving_second_moment(minibatch_gradients(problem, theta, 16, n_steps, rng), beta2)
    away = 3 * theta
    curvature_away = np.diag(logistic_hessian(problem, away))
    v_away = moving_second_moment(minibatch_gradients(problem, away, 1, n_steps, rng), beta2)
    gradients_away = per_example_gradients(problem, away)
    return FisherStudy(
        problem,
        curvature,
        v_b1,
        v_b16,
        curvature_away,
        v_away,
        np.mean(gradients_away**2, axis=0),
        np.mean(gradients_away, axis=0) ** 2,
    )


class QuadraticSecondMoment(NamedTuple):
    r"""Adam on a diagonal quadratic: its run and :math:`\hat v` early and at the end."""

    objective: Quadratic
    trajectory: Trajectory
    v_early: np.ndarray
    v_last: np.ndarray


def quadratic_second_moment(
    eigenvalues: ArrayLike, *, lr: float = 0.1, early: int = 10
) -> QuadraticSecondMoment:
    r"""Run Adam(``lr``) on ``diag(eigenvalues)`` from ones; replay its states for v̂."""
    objective = quadratic(np.diag(as_vector(eigenvalues, "eigenvalues")))
    optimizer = adam(lr)
    trajectory = run(objective, optimizer, np.ones(objective.dim))
    states = replay_states(objective, optimizer, trajectory)
    beta1, beta2 = optimizer.hyperparameters["beta1"], optimizer.hyperparameters["beta2"]
    return QuadraticSecondMoment(
        objective,
        trajectory,
        states[early].corrected(beta1, beta2)[1],
        states[-1].corrected(beta1, beta2)[1],
    )


SETTLE_WINDOW = 100
"""Steps over which :func:`layer_race` measures the level a racer that does not converge
settles at (the median of :math:`f - f^*`)."""


class Racer(NamedTuple):
    """One contender of :func:`layer_race`: its run, its cost and how it was tuned.

    Attributes
    ----------
    name : str
        Short name.
    trajectory : Trajectory
        The run reported (for a tuned racer, the run at its best value).
    counts : EvaluationCounts
        Its gradients, function values and Hessian-vector products, and their total in
        gradient-equivalents.
    tuning : Tuning or None
        The step-size search (grid, scores, interior or not), ``None`` if the racer was not tuned.
    criterion : str
        What the tuning minimized: ``"steps"`` to the tolerance, or (when no step on the grid
        reached it) ``"median f"``, the median :math:`f - f^*` over the last
        :data:`SETTLE_WINDOW` steps of the budget (:func:`~curvlab.core.tuning.settled_value`);
        empty if not tuned.
    oracle : str
        The knowledge of the problem the racer was given beyond gradients; empty if none.
    maxiter : int
        The racer's step budget.
    tuning_runs : int
        How many full runs its tuning made on this problem (0 if not tuned): knowledge gained in
        hindsight, not counted in its budget.
    """

    name: str
    trajectory: Trajectory
    counts: EvaluationCounts
    tuning: Tuning | None
    criterion: str
    oracle: str
    maxiter: int = 0
    tuning_runs: int = 0


def _tuned_racer(name, layer, make, grid, x0, maxiter) -> Racer:
    runs = 0

    def run_at(value: float) -> tuple[Trajectory, EvaluationCounts]:
        nonlocal runs
        runs += 1
        return counted_run(layer, make(value), x0, maxiter=maxiter)

    tuning = tune(run_at, grid, lambda r: steps_to_converge(r[0]))
    criterion = "steps"
    if not np.isfinite(tuning.score):
        tuning = tune(run_at, grid, lambda r: settled_value(r[0], SETTLE_WINDOW))
        criterion = "median f"
    trajectory, counts = tuning.result
    return Racer(name, trajectory, counts, tuning, criterion, "", maxiter, runs)


def layer_race(
    layer: KroneckerQuadratic, x0: ArrayLike, *, maxiter: int = 600, sophia_maxiter: int = 3_000
) -> list[Racer]:
    """Every optimizer of chapter 6 on one least-squares layer, each tuned or told as stated.

    Gradient descent at η* and heavy ball with Polyak's parameters (both given the exact extreme
    eigenvalues), K-FAC with the exact factors (step 1), L-BFGS (memory 10, its line search
    sets the step); Adam, Sophia (γ = η, so the unclipped step is a diagonal Newton step) and
    Shampoo tuned on steps to the tolerance, from quarter-decade grids widened by
    :func:`~curvlab.core.tuning.tune` until the best step is interior. Sophia converges linearly
    but slowly, so it gets ``sophia_maxiter`` steps instead of ``maxiter``. Muon, which with a
    constant step reaches the tolerance at no step size, is tuned on the level of
    :math:`f - f^*` it settles at (median over the last :data:`SETTLE_WINDOW` steps), and so is
    any racer that reaches it nowhere on its grid. Every run goes
    through :func:`~curvlab.core.tuning.counted_run`, so its budget is known.

    Raises
    ------
    TypeError, ValueError
        If ``maxiter`` or ``sophia_maxiter`` is not a positive integer.
    """
    maxiter = as_positive_int(maxiter, "maxiter")
    sophia_maxiter = as_positive_int(sophia_maxiter, "sophia_maxiter")
    hb = optimal_heavy_ball(layer.A)

    def told(name: str, optimizer: Optimizer, oracle: str) -> Racer:
        trajectory, counts = counted_run(layer, optimizer, x0, maxiter=maxiter)
        return Racer(name, trajectory, counts, None, "", oracle, maxiter, 0)

    spectrum_oracle = "μ and L (exact extreme eigenvalues)"
    return [
        told("GD", gradient_descent(optimal_step(layer.A)), spectrum_oracle),
        told("heavy ball", heavy_ball(hb.lr, hb.beta), spectrum_oracle),
        _tuned_racer("Adam", layer, adam, np.geomspace(0.1, 1.0, 5), x0, maxiter),
        _tuned_racer(
            "Sophia",
            layer,
            lambda lr: sophia(lr, gamma=lr, seed=2),
            np.geomspace(0.1, 1.0, 5),
            x0,
            sophia_maxiter,
        ),
        _tuned_racer(
            "Shampoo",
            layer,
            lambda lr: shampoo(layer.shape, lr),
            np.geomspace(1.0, 10.0, 5),
            x0,
            maxiter,
        ),
        told("L-BFGS", lbfgs(memory=10), ""),
        _tuned_racer(
            "Muon",
            layer,
            lambda lr: muon(layer.shape, lr=lr),
            np.geomspace(0.01, 0.1, 5),
            x0,
            maxiter,
        ),
        told("K-FAC", kfac(layer.left, layer.right, layer.shape), "the exact factors G and A"),
    ]


def _quoted_loss(racer: Racer) -> str:
    t = racer.trajectory
    if t.success:
        return quote(t.fun[-1], 1e-12)
    if racer.criterion == "median f":  # rattles around a level: the median, not the last value
        return quote(settled_value(t, SETTLE_WINDOW), 1e-12, digits=1)
    return quote(t.fun[-1], 1e-12, digits=1)


def race_table(racers: Sequence[Racer]) -> str:
    """The race as a text table: per racer its tuned value, grid, whether the optimum is
    interior, what it was tuned on, its step budget, outcome, steps, budget in
    gradient-equivalents, final :math:`f - f^*` and what it was given beyond gradients.

    The :math:`f - f^*` column reads "below 1e-12" (round-off) for a converged run; for a run
    tuned on the level it settles at (criterion ``"median f"``, e.g. Muon rattling around its
    stall), the median over its last :data:`SETTLE_WINDOW` steps, whose last value would differ
    between CPUs; for any other run that is still descending, its last value; both to one
    significant digit. A tuned racer's last column counts the runs its tuning made on this
    problem: knowledge in hindsight, not in its budget.
    """
    header = (
        f"{'racer':10s} {'tuned':>6s} {'grid (values)':>14s} {'interior':>8s} "
        f"{'tuned on':>8s} {'max steps':>9s} {'outcome':>12s} {'steps':>5s} {'grad-eq.':>8s}  "
        f"{'f − f*':11s} given"
    )
    lines = [header]
    for racer in racers:
        t, tuning = racer.trajectory, racer.tuning
        if tuning is None:
            value, grid, interior, on = "—", "—", "—", "—"
            given = racer.oracle or "—"
        else:
            value = f"{tuning.value:.3g}"
            grid = f"{tuning.grid[0]:.3g}–{tuning.grid[-1]:.3g} ({tuning.grid.size})"
            interior = "yes" if tuning.interior else "no"
            on = racer.criterion
            given = f"step tuned on this problem ({racer.tuning_runs} runs)"
        lines.append(
            f"{racer.name:10s} {value:>6s} {grid:>14s} {interior:>8s} {on:>8s} "
            f"{racer.maxiter:9,d} {t.status.value:>12s} {t.nit:5,d} "
            f"{racer.counts.gradient_equivalents:8,d}  {_quoted_loss(racer):11s} {given}"
        )
    return "\n".join(lines)


def adam_leftover_kappa(objective: Quadratic, x0: ArrayLike, lr: float) -> np.ndarray:
    r"""The condition number Adam's diagonal leaves at each step of its run from ``x0``.

    Runs :func:`~curvlab.optimizers.adaptive.adam` (default β₁, β₂, ε) with step ``lr`` to the
    tolerance and returns :math:`\kappa(P_t^{-1/2} H P_t^{-1/2})` with
    :math:`P_t = \operatorname{diag}(\sqrt{\hat v_t} + \varepsilon)`, one value per step.
    """
    lr = as_positive_float(lr, "lr")
    optimizer = adam(lr)
    trajectory = run(objective, optimizer, x0)
    hyper = optimizer.hyperparameters
    denominators = adam_denominators(
        replay_states(objective, optimizer, trajectory),
        hyper["beta1"],
        hyper["beta2"],
        hyper["eps"],
    )
    spectra = diagonal_preconditioned_spectrum(objective.A, denominators)
    return spectra[:, -1] / spectra[:, 0]


def probe_variances(
    H: ArrayLike, samples: int, rng: np.random.Generator
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    r"""Per-entry variance of one-probe diagonal estimates :math:`u \odot Hu`, measured and exact.

    For Rademacher probes (:math:`u_i = \pm 1`) the variance of entry :math:`i` is
    :math:`\sum_{j \ne i} H_{ij}^2`; for Gaussian probes (:math:`u \sim N(0, I)`, as in the
    published Sophia-H) it is :math:`2H_{ii}^2 + \sum_{j \ne i} H_{ij}^2`, so one Gaussian probe is
    not exact even for a diagonal matrix (Bekas, Kokiopoulou & Saad 2007).

    Returns
    -------
    dict
        ``{"Rademacher": (measured, exact), "Gaussian": (measured, exact)}``, each array of
        shape ``(n,)``; "measured" is the sample variance over ``samples`` probes.
    """
    matrix = as_symmetric_matrix(H, "H")
    samples = as_positive_int(samples, "samples")
    rng = check_random_state(rng)
    n = matrix.shape[0]
    off = np.sum(matrix**2, axis=1) - np.diag(matrix) ** 2
    probes = {
        "Rademacher": (rng.choice([-1.0, 1.0], size=(samples, n)), off),
        "Gaussian": (rng.standard_normal((samples, n)), off + 2.0 * np.diag(matrix) ** 2),
    }
    return {
        name: (np.var(u * (u @ matrix), axis=0, ddof=1), exact)
        for name, (u, exact) in probes.items()
    }


class NewtonSchulzStudy(NamedTuple):
    """What ``n_steps`` Newton–Schulz steps do: the scalar maps of the cubic and of Muon's
    quintic on ``sigma``, and the singular values of ``M`` (÷‖M‖_F) before and after each."""

    n_steps: int
    sigma: np.ndarray
    cubic_map: np.ndarray
    quintic_map: np.ndarray
    before: np.ndarray
    after_cubic: np.ndarray
    after_quintic: np.ndarray


def newton_schulz_study(M: ArrayLike, *, n_steps: int = 5) -> NewtonSchulzStudy:
    """Compute :class:`NewtonSchulzStudy` for the matrix ``M`` (for ``newton_schulz_figure``)."""
    M = np.asarray(M, dtype=float)
    sigma = np.geomspace(1e-4, 1.0, 801)
    return NewtonSchulzStudy(
        n_steps,
        sigma,
        scalar_map(sigma, n_steps, CUBIC),
        scalar_map(sigma, n_steps, MUON_QUINTIC),
        np.linalg.svd(M, compute_uv=False) / np.linalg.norm(M),
        np.linalg.svd(newton_schulz(M, n_steps, CUBIC), compute_uv=False),
        np.linalg.svd(newton_schulz(M, n_steps, MUON_QUINTIC), compute_uv=False),
    )
