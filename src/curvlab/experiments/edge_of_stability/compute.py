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
from curvlab.experiments.network_curvature.compute import (
    DigitsProblem,
    TrainingRun,
    digits_problem,
    train,
)
from curvlab.optimizers import gradient_descent

__all__ = [
    "EOS_LEARNING_RATES",
    "EdgeSummary",
    "SurfaceRun",
    "edge_runs",
    "edge_summary",
    "eos_problem",
    "surface_run",
    "valley_surface",
]

EOS_LEARNING_RATES = (2 / 12, 2 / 6, 2 / 4.5)
"""Step sizes of the chapter's runs, chosen by their thresholds 2/η = 12, 6 and 4.5."""


def eos_problem() -> DigitsProblem:
    """The network of the edge-of-stability runs: 64-32-10, tanh, squared loss, 600 digits."""
    return digits_problem((32,), loss="mse", n_train=600)


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
    :math:`\\lambda_{\\max}` by Lanczos every ``sharpness_every`` steps."""
    problem = problem or eos_problem()
    theta0 = problem.net.init(seed, scale=0.5)
    return [
        train(problem, gradient_descent(lr), theta0, n_steps, sharpness_every=sharpness_every)
        for lr in lrs
    ]


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
