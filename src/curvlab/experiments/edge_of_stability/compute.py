r"""Chapter 7's edge-of-stability computations: the digits network and a two-parameter surface.

Chapter 1's bound says gradient descent with step :math:`\eta` on a quadratic is stable only if
:math:`\lambda_{\max} < 2/\eta`. Cohen et al. (2021) observed that full-batch gradient descent on
networks first *raises* :math:`\lambda_{\max}` (progressive sharpening) until it reaches about
:math:`2/\eta`, and then keeps it there while the loss still falls, non-monotonically: the edge of
stability. The surface :math:`f(x, y) = \tfrac14 (x^2y^2 - 1)^2` shows the same settling in two
dimensions: its minima form the curve :math:`xy = 1`, along which the sharpness is
:math:`2(x^2 + y^2)`, so a step size decides which part of the valley can hold the iterate.

References
----------
Cohen, Kaur, Li, Kolter & Talwalkar, "Gradient descent on neural networks typically occurs at
the edge of stability", ICLR (2021); Damian, Nichani & Lee, "Self-stabilization: the implicit
bias of gradient descent at the edge of stability", ICLR (2023).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from curvlab import Objective
from curvlab.core.parallel import fork_map, single_thread
from curvlab.core.validation import as_int, as_non_negative_float, as_positive_float
from curvlab.curvature.lanczos import lanczos
from curvlab.experiments.network_curvature.compute import (
    DigitsProblem,
    TrainingRun,
    digits_problem,
    train,
)
from curvlab.optimizers import gradient_descent

__all__ = [
    "EOS_LEARNING_RATES",
    "CatapultSummary",
    "EdgeSummary",
    "EdgeWindow",
    "PerturbedCatapults",
    "SurfaceRun",
    "catapult_summary",
    "edge_runs",
    "edge_summary",
    "edge_window",
    "eos_problem",
    "perturbed_catapults",
    "surface_run",
    "valley_surface",
]

EOS_LEARNING_RATES = (2 / 12, 2 / 6, 2 / 4.5)
"""Step sizes of the chapter's runs, chosen by their thresholds 2/η = 12, 6 and 4.5."""


def eos_problem(loss: str = "mse") -> DigitsProblem:
    """The network of the edge-of-stability runs: 64-32-10, tanh, 600 digits, squared loss
    (``loss="mse"``, the chapter's runs) or ``"cross_entropy"`` (to compare §4 with §9)."""
    return digits_problem((32,), loss=loss, n_train=600)


def edge_runs(
    lrs: Sequence[float] = EOS_LEARNING_RATES,
    *,
    n_steps: int = 1500,
    sharpness_every: int = 25,
    seed: int = 0,
    problem: DigitsProblem | None = None,
) -> list[TrainingRun]:
    """Full-batch gradient descent at each step size from the same seeded start (weights at
    half the LeCun scale, so the run starts below every threshold), with
    :math:`\\lambda_{\\max}` by Lanczos every ``sharpness_every`` steps. The runs are independent
    and computed side by side (:func:`curvlab.core.parallel.fork_map`)."""
    problem = problem or eos_problem()
    theta0 = problem.net.init(seed, scale=0.5)

    def one_run(lr: float) -> TrainingRun:
        return train(
            problem, gradient_descent(lr), theta0, n_steps, sharpness_every=sharpness_every
        )

    return fork_map(one_run, list(lrs))


@dataclass(frozen=True)
class EdgeSummary:
    """What one run did relative to its threshold :math:`2/\\eta`."""

    lr: float
    threshold: float
    initial_sharpness: float
    crossing_step: int | None  # first checkpoint with sharpness >= 0.95 * threshold
    settled_ratio: float  # median sharpness / threshold over the checkpoints after the crossing
    increase_fraction: float  # share of the steps after the crossing that raised the loss
    loss_drop: float  # final loss / initial loss


def edge_summary(run: TrainingRun, lr: float) -> EdgeSummary:
    """Summarize a run: when the sharpness reached :math:`2/\\eta`, where it settled, how often
    the loss went up."""
    threshold = 2.0 / lr
    reached = np.flatnonzero(run.sharpness >= 0.95 * threshold)
    crossing = int(run.checkpoints[reached[0]]) if reached.size else None
    if crossing is None:
        settled = run.sharpness[len(run.sharpness) // 2 :]
    else:
        settled = run.sharpness[run.checkpoints >= crossing]
    after = np.diff(run.loss[crossing:]) if crossing is not None else np.zeros(0)
    return EdgeSummary(
        lr=lr,
        threshold=threshold,
        initial_sharpness=float(run.sharpness[0]),
        crossing_step=crossing,
        settled_ratio=float(np.median(settled) / threshold),
        increase_fraction=float(np.mean(after > 0)) if after.size else 0.0,
        loss_drop=float(run.loss[-1] / run.loss[0]),
    )


@dataclass(frozen=True, eq=False)
class EdgeWindow:
    r"""Gradient descent followed step by step through its arrival at :math:`2/\eta`.

    Attributes
    ----------
    lr : float
        The step size :math:`\eta`.
    steps : ndarray of int, shape (m,)
        The steps of the window, ``start, start + 1, ..., stop``.
    loss : ndarray, shape (m,)
        Training loss at each step.
    sharpness : ndarray, shape (m,)
        :math:`\lambda_{\max}` at each step (Lanczos).
    cosine : ndarray, shape (m,)
        :math:`|\cos(\nabla L, v_1)|`, the share of the gradient along the top eigenvector
        :math:`v_1`.
    grad_norm : ndarray, shape (m,)
        :math:`\|\nabla L\|`; ``cosine * grad_norm`` is the gradient's component along
        :math:`v_1`.
    n_grad, n_hvp : int
        Gradients (all steps from 0) and Hessian-vector products spent.
    """

    lr: float
    steps: np.ndarray
    loss: np.ndarray
    sharpness: np.ndarray
    cosine: np.ndarray
    grad_norm: np.ndarray
    n_grad: int
    n_hvp: int

    @property
    def threshold(self) -> float:
        r"""The stability threshold :math:`2/\eta`."""
        return 2.0 / self.lr


def edge_window(
    lr: float = EOS_LEARNING_RATES[-1],
    start: int = 90,
    stop: int = 400,
    *,
    seed: int = 0,
    sharpness_tol: float = 1e-5,
    problem: DigitsProblem | None = None,
) -> EdgeWindow:
    r"""Full-batch gradient descent from the start of :func:`edge_runs`, with
    :math:`\lambda_{\max}`, its eigenvector :math:`v_1` and :math:`|\cos(\nabla L, v_1)|` at
    every step from ``start`` to ``stop``.

    On the local quadratic model the gradient's component along :math:`v_1` is multiplied by
    :math:`1 - \eta\lambda_{\max}` per step, so once :math:`\lambda_{\max} > 2/\eta` it grows
    from whatever it was, and the cosine tells when it has become the gradient's main part.

    Parameters
    ----------
    lr : float
        Step size, positive.
    start, stop : int
        The window, ``0 <= start < stop``.
    seed : int
        Seed of the start (the same as :func:`edge_runs`').
    sharpness_tol : float
        Lanczos's relative residual.
    problem : DigitsProblem, optional
        Default :func:`eos_problem`.

    Returns
    -------
    EdgeWindow

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.

    References
    ----------
    Cohen et al., ICLR (2021); Lewkowycz, Bahri, Dyer, Sohl-Dickstein & Gur-Ari, "The large
    learning rate phase of deep learning: the catapult mechanism", arXiv:2003.02218 (2020);
    Damian, Nichani & Lee, ICLR (2023).
    """
    lr = as_positive_float(lr, "lr")
    start = as_int(start, "start", 0)
    stop = as_int(stop, "stop", start + 1)
    sharpness_tol = as_positive_float(sharpness_tol, "sharpness_tol")
    problem = problem or eos_problem()
    net, X, Y = problem.net, problem.X, problem.Y
    theta = problem.net.init(seed, scale=0.5)
    loss, points = [], []  # points: (step, parameters, gradient) in the window
    with single_thread():
        for step in range(stop + 1):
            value, grad = net.loss_and_gradient(theta, X, Y)
            if step >= start:
                loss.append(value)
                points.append((step, theta, grad))
            theta = theta - lr * grad

    def measure(point: tuple[int, np.ndarray, np.ndarray]) -> tuple[float, float, float, int]:
        """λ_max, |cos(∇L, v₁)|, ‖∇L‖ and the products Lanczos spent, at one step."""
        step, at, grad = point
        with single_thread():
            top = lanczos(problem.hessian(at), 1, tol=sharpness_tol, rng=step)
            v = top.eigenvectors[:, 0]
            norm = float(np.linalg.norm(grad))
            return float(top.eigenvalues[0]), abs(float(grad @ v)) / norm, norm, top.n_products

    # The training is sequential, its measurements are not: side by side (fork_map).
    sharpness, cosine, grad_norm, products = zip(
        *fork_map(measure, points, chunksize=16), strict=True
    )
    return EdgeWindow(
        lr,
        np.arange(start, stop + 1),
        np.array(loss),
        np.array(sharpness),
        np.array(cosine),
        np.array(grad_norm),
        stop + 1,
        int(sum(products)),
    )


@dataclass(frozen=True)
class CatapultSummary:
    r"""The first arrival at :math:`2/\eta` in an :class:`EdgeWindow`, in numbers."""

    crossing_step: int  # first step with sharpness >= 2/eta
    quiet_cosine: float  # largest |cos| from the crossing to 30 steps later
    loss_min_step: int  # last step before the first rise of the loss by more than 10 %
    cosine_at_loss_min: float
    peak_ratio: float  # largest sharpness / (2/eta) in the window
    peak_step: int
    spike: float  # largest loss after loss_min_step over the loss at loss_min_step
    spike_step: int
    growth_measured: float  # growth of the gradient's component along v_1 over the 20 steps
    growth_predicted: float  # ending 5 steps before loss_min_step, and the product of |1 - lr l|
    settled_low: float  # min and max of sharpness / (2/eta) over the window's last 50 steps
    settled_high: float


def catapult_summary(window: EdgeWindow) -> CatapultSummary:
    r"""Read the crossing, the quiet delay, the overshoot and the loss spike off ``window``.

    Raises
    ------
    ValueError
        If the window never reaches :math:`2/\eta` or its loss never rises by 10 %.
    """
    ratio = window.sharpness / window.threshold
    crossed = np.flatnonzero(ratio >= 1.0)
    if crossed.size == 0:
        raise ValueError("window: the sharpness never reaches 2/lr in this window")
    c = int(crossed[0])
    rises = np.flatnonzero(window.loss[c + 1 :] > 1.1 * window.loss[c:-1])
    if rises.size == 0:
        raise ValueError("window: the loss never rises by 10 % after the crossing")
    m = c + int(rises[0])
    spike = m + int(np.argmax(window.loss[m:]))
    peak = int(np.argmax(ratio))
    tail = ratio[-50:]
    a, b = max(m - 25, 0), max(m - 5, 1)
    component = window.cosine * window.grad_norm
    return CatapultSummary(
        crossing_step=int(window.steps[c]),
        quiet_cosine=float(np.max(window.cosine[c : c + 31])),
        loss_min_step=int(window.steps[m]),
        cosine_at_loss_min=float(window.cosine[m]),
        peak_ratio=float(ratio[peak]),
        peak_step=int(window.steps[peak]),
        spike=float(window.loss[spike] / window.loss[m]),
        spike_step=int(window.steps[spike]),
        growth_measured=float(component[b] / component[a]),
        growth_predicted=float(np.prod(np.abs(1.0 - window.lr * window.sharpness[a:b]))),
        settled_low=float(np.min(tail)),
        settled_high=float(np.max(tail)),
    )


@dataclass(frozen=True)
class PerturbedCatapults:
    """The first loss rise of runs from slightly perturbed starts (:func:`perturbed_catapults`)."""

    scales: np.ndarray  # (k,) relative size of each perturbation (0 = the unperturbed start)
    rise_step: np.ndarray  # (k,) last step before the loss first rises by more than 10 %
    spike: np.ndarray  # (k,) largest later loss over the loss at rise_step


def perturbed_catapults(
    scales: Sequence[float],
    lr: float = EOS_LEARNING_RATES[-1],
    after: int = 0,
    n_steps: int = 400,
    *,
    seed: int = 0,
    problem: DigitsProblem | None = None,
) -> PerturbedCatapults:
    r"""Full-batch gradient descent from the start of :func:`edge_runs` multiplied entrywise by
    :math:`1 + \varepsilon z` (:math:`z` standard normal, a new draw per scale), recording when the
    loss first rises by more than 10 % after step ``after`` and how far it then jumps.

    If the step of the first catapult were set by the start's exact digits, perturbations of
    relative size :math:`10^{-15}` to :math:`10^{-10}` would move it by many steps; if it is set
    by the dynamics (the growth of the top-eigenvector component at rate
    :math:`|1 - \eta\lambda_{\max}|`), they move it by a few.

    Parameters
    ----------
    scales : sequence of float
        Relative perturbation sizes :math:`\varepsilon \ge 0`.
    lr : float
        Step size, positive.
    after : int
        Look for the rise after this step (the crossing of :math:`2/\eta`).
    n_steps : int
        Length of each run, greater than ``after``.
    seed : int
        Seed of the start (the same as :func:`edge_runs`').
    problem : DigitsProblem, optional
        Default :func:`eos_problem`.

    Returns
    -------
    PerturbedCatapults

    Raises
    ------
    TypeError, ValueError
        On invalid arguments, or if a run's loss never rises by 10 % after ``after``.
    """
    eps = np.array([as_non_negative_float(e, "scales") for e in scales])
    lr = as_positive_float(lr, "lr")
    after = as_int(after, "after", 0)
    n_steps = as_int(n_steps, "n_steps", after + 2)
    problem = problem or eos_problem()
    net, X, Y = problem.net, problem.X, problem.Y
    theta0 = net.init(seed, scale=0.5)

    def first_rise(j: int) -> tuple[int, float]:
        e = eps[j]
        with single_thread():
            theta = theta0 * (1.0 + e * np.random.default_rng(j + 1).standard_normal(theta0.size))
            loss = np.empty(n_steps + 1)
            for k in range(n_steps + 1):
                loss[k], grad = net.loss_and_gradient(theta, X, Y)
                theta = theta - lr * grad
        rises = np.flatnonzero(loss[after + 1 :] > 1.1 * loss[after:-1])
        if rises.size == 0:
            raise ValueError(f"scales: the run with scale {e:g} never rises by 10 %")
        m = after + int(rises[0])
        return m, float(loss[m:].max() / loss[m])

    # The runs are independent: side by side (curvlab.core.parallel.fork_map).
    rise, spike = zip(*fork_map(first_rise, range(eps.size)), strict=True) if eps.size else ((), ())
    return PerturbedCatapults(eps, np.array(rise, dtype=int), np.array(spike, dtype=float))


# --------------------------------------------------------------------- the 2-D valley
def valley_surface() -> Objective:
    r"""The valley :math:`f(x, y) = \tfrac14 (x^2 y^2 - 1)^2`.

    With :math:`u = x^2y^2 - 1`: :math:`\nabla f = u\,(xy^2, x^2y)` and
    :math:`\nabla^2 f = \begin{pmatrix} 2x^2y^4 + u y^2 & 2x^3y^3 + 2uxy \\
    2x^3y^3 + 2uxy & 2x^4y^2 + u x^2\end{pmatrix}`; on the minimum curve :math:`xy = 1` the
    eigenvalues are :math:`2(x^2 + y^2)` and 0.
    """

    def fun(p: np.ndarray) -> np.ndarray | float:
        x, y = p[0], p[1]
        return 0.25 * (x * x * y * y - 1.0) ** 2

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        u = x * x * y * y - 1.0
        return np.array([u * x * y * y, u * x * x * y])

    def hess(p: np.ndarray) -> np.ndarray:
        x, y = p
        u = x * x * y * y - 1.0
        off = 2 * x**3 * y**3 + 2 * u * x * y
        return np.array([[2 * x * x * y**4 + u * y * y, off], [off, 2 * x**4 * y * y + u * x * x]])

    return Objective(
        "valley ¼(x²y² − 1)²",
        2,
        fun,
        grad,
        hess,
        formula=r"\tfrac14 (x^2 y^2 - 1)^2",
        window=((0.0, 4.5), (0.0, 2.5)),
    )


@dataclass(frozen=True, eq=False)
class SurfaceRun:
    """Gradient descent on the valley with the sharpness at every iterate."""

    lr: float
    path: np.ndarray  # (m, 2)
    loss: np.ndarray
    sharpness: np.ndarray  # largest Hessian eigenvalue at each iterate

    @property
    def threshold(self) -> float:
        """The step size's stability threshold :math:`2/\\eta`."""
        return 2.0 / self.lr


def surface_run(lr: float, x0: Sequence[float], n_steps: int) -> SurfaceRun:
    """``n_steps`` of gradient descent on :func:`valley_surface` from ``x0``."""
    f = valley_surface().unchecked
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x = x - lr * f.grad(x)
        path.append(x)
    path = np.array(path)
    sharpness = np.array([np.linalg.eigvalsh(f.hess(p))[-1] for p in path])
    return SurfaceRun(lr, path, np.array([f.fun(p) for p in path]), sharpness)
