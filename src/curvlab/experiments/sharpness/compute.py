r"""Chapter 7's sharp-versus-flat computations: minima from small and large steps, SAM, the
rescaling caveat, and filter-normalized loss slices.

*Sharpness* here is :math:`\lambda_{\max}` of the training Hessian (Lanczos) and, as a second
measure, its trace (Hutchinson, stopped on its standard error). Dinh et al. (2017) showed that
for a ReLU network, multiplying a hidden layer's weights and biases by :math:`\alpha > 0` and the
next layer's weights by :math:`1/\alpha` leaves the function unchanged but rescales Hessian blocks
by :math:`\alpha^{\mp 2}`, so any sharpness value can be had at the same minimum. Li et al. (2018)
plot loss slices along random directions whose every filter (here: every neuron's incoming
weight row) is rescaled to the norm of the same filter of :math:`\theta`; such slices are
unchanged by that rescaling.

References
----------
Hochreiter & Schmidhuber, "Flat minima", Neural Computation 9 (1997); Keskar et al., "On
large-batch training for deep learning: generalization gap and sharp minima", ICLR (2017);
Dinh, Pascanu, Bengio & Bengio, "Sharp minima can generalize for deep nets", ICML (2017);
Li, Xu, Taylor, Studer & Goldstein, "Visualizing the loss landscape of neural nets", NeurIPS
(2018); Foret, Kleiner, Mobahi & Neyshabur, "Sharpness-aware minimization", ICLR (2021).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse.linalg import LinearOperator
from scipy.stats import ttest_rel

from curvlab import Objective, run
from curvlab.core.parallel import fork_map, single_thread
from curvlab.core.validation import (
    as_choice,
    as_finite_float,
    as_int,
    as_non_negative_float,
    as_positive_float,
    as_positive_int,
    as_vector,
)
from curvlab.curvature.gradient_newton import newton_on_gradient
from curvlab.curvature.lanczos import lanczos
from curvlab.curvature.trace import hutchinson_trace
from curvlab.experiments.network_curvature.compute import (
    DigitsProblem,
    TrainingRun,
    digits_problem,
    train,
)
from curvlab.optimizers import Optimizer, gradient_descent
from curvlab.optimizers.sam import sam
from curvlab.problems.mlp import MLP

__all__ = [
    "FLAT_MINIMUM",
    "SHARP_MINIMUM",
    "MethodComparison",
    "MinimumReport",
    "PairedStudy",
    "RescalingReport",
    "SaddleReport",
    "StrandedRuns",
    "SurfaceComparison",
    "WellSwing",
    "adaptive_sharpness",
    "compare_methods",
    "compare_on_surface",
    "filter_normalized_direction",
    "loss_plane",
    "loss_slice",
    "measure_minimum",
    "paired_problem",
    "paired_sam_study",
    "rescale_relu",
    "rescaling_study",
    "sharp_flat_study",
    "sharpness_problem",
    "stranded_runs",
    "surface_saddle",
    "two_minima_surface",
    "well_curvatures",
    "well_swing",
]

SHARP_MINIMUM = (-1.0, 0.0)
"""Centre of the narrow well of :func:`two_minima_surface` (width 0.2, depth 1)."""
FLAT_MINIMUM = (1.0, 0.0)
"""Centre of the wide well (width 0.7, depth 0.8)."""


def two_minima_surface() -> Objective:
    r"""Two Gaussian wells in a gentle bowl: a deep narrow one and a shallower wide one,

    .. math::

        f(x, y) = 0.02\,(x^2 + y^2) - e^{-\|p - p_s\|^2 / (2\cdot 0.2^2)}
                  - 0.8\, e^{-\|p - p_f\|^2 / (2 \cdot 0.7^2)},

    with :math:`p_s = (-1, 0)`, :math:`p_f = (1, 0)`. The curvature at the bottom of the narrow
    well is about :math:`1/0.2^2 = 25`, at the wide one about :math:`0.8/0.7^2 \approx 1.6`.
    """
    wells = ((np.array(SHARP_MINIMUM), 0.2, 1.0), (np.array(FLAT_MINIMUM), 0.7, 0.8))

    def fun(p: np.ndarray) -> np.ndarray | float:
        p = np.asarray(p, dtype=float)
        value = 0.02 * (p[0] ** 2 + p[1] ** 2)
        for centre, width, depth in wells:
            r2 = (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2
            value = value - depth * np.exp(-r2 / (2 * width**2))
        return value

    def grad(p: np.ndarray) -> np.ndarray:
        g = 0.04 * p
        for centre, width, depth in wells:
            d = p - centre
            g = g + depth * np.exp(-(d @ d) / (2 * width**2)) * d / width**2
        return g

    def hess(p: np.ndarray) -> np.ndarray:
        H = 0.04 * np.eye(2)
        for centre, width, depth in wells:
            d = p - centre
            e = depth * np.exp(-(d @ d) / (2 * width**2))
            H = H + e * (np.eye(2) / width**2 - np.outer(d, d) / width**4)
        return H

    return Objective(
        "a sharp and a flat well",
        2,
        fun,
        grad,
        hess,
        window=((-2.5, 2.5), (-1.8, 1.8)),
    )


@dataclass(frozen=True, eq=False)
class SurfaceComparison:
    """Gradient descent and SAM from the same grid of starts on :func:`two_minima_surface`."""

    starts: np.ndarray  # (m, 2)
    paths: dict[str, list[np.ndarray]]  # method -> one path per start
    basins: dict[str, np.ndarray]  # method -> "sharp" / "flat" / "neither" per start
    labels: dict[str, str]  # method -> optimizer name

    def count(self, method: str, basin: str) -> int:
        """How many starts ``method`` took to ``basin``."""
        return int(np.sum(self.basins[method] == basin))


def _basin(point: np.ndarray) -> str:
    for name, centre in (("sharp", SHARP_MINIMUM), ("flat", FLAT_MINIMUM)):
        if np.linalg.norm(point - np.array(centre)) < 0.45:
            return name
    return "neither"


def compare_on_surface(
    lr: float = 0.05, rho: float = 0.15, grid: int = 9, n_steps: int = 300
) -> SurfaceComparison:
    """Gradient descent and SAM (same ``lr``) from a ``grid × grid`` of starts; a run ends in
    the basin whose centre is within 0.45 of its last iterate."""
    f = two_minima_surface()
    xs = np.linspace(-2.2, 2.2, grid)
    ys = np.linspace(-1.5, 1.5, grid)
    starts = np.array([(x, y) for y in ys for x in xs])
    methods = {"gd": gradient_descent(lr), "sam": sam(lr, rho)}
    paths, basins = {}, {}
    for key, optimizer in methods.items():
        runs = [run(f, optimizer, x0, tol=1e-10, maxiter=n_steps) for x0 in starts]
        paths[key] = [t.xs for t in runs]
        basins[key] = np.array([_basin(t.x) for t in runs])
    return SurfaceComparison(starts, paths, basins, {k: m.name for k, m in methods.items()})


@dataclass(frozen=True)
class SaddleReport:
    """The col between the two wells of :func:`two_minima_surface`."""

    point: np.ndarray  # (2,), on the line y = 0
    eigenvalues: np.ndarray  # (2,), ascending: one negative (along x), one positive (along y)
    newton_steps: int


def surface_saddle(x0: float = -0.5, *, tol: float = 1e-12, maxiter: int = 50) -> SaddleReport:
    r"""The saddle of :func:`two_minima_surface` on the line :math:`y = 0` between the wells.

    The surface is symmetric in :math:`y`, so :math:`\partial f/\partial y = 0` on :math:`y = 0`
    and the col solves the scalar equation :math:`\partial f/\partial x\,(x, 0) = 0`, here by
    Newton's method on the gradient from ``(x0, 0)``
    (:func:`curvlab.curvature.gradient_newton.newton_on_gradient`), whose steps on that line are
    :math:`x \leftarrow x - f_x/f_{xx}`.

    Parameters
    ----------
    x0 : float
        Start of Newton's method; the default lies in the col's basin of attraction.
    tol : float
        Stop when :math:`|f_x| <` ``tol``.
    maxiter : int
        At most this many Newton steps.

    Returns
    -------
    SaddleReport
        The point, the Hessian's eigenvalues there (ascending) and the number of steps.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.
    RuntimeError
        If Newton's method does not reach ``tol``.

    References
    ----------
    Kim, Park, Choi & Lee, "Stability analysis of sharpness-aware minimization", arXiv:2301.06308
    (2023); Compagnoni et al., "An SDE for modeling SAM: theory and insights", ICML (2023).
    """
    x = as_finite_float(x0, "x0")
    tol = as_positive_float(tol, "tol")
    maxiter = as_positive_int(maxiter, "maxiter")
    surface = two_minima_surface()
    # Newton on the whole gradient: on y = 0 it has f_y = 0 and f_xy = 0, so its step is
    # (-f_x / f_xx, 0) and the run stays on the line.
    runs = newton_on_gradient(surface, [[x, 0.0]], grad_tol=tol, maxiter=maxiter)
    if not runs.converged[0]:
        raise RuntimeError(f"Newton's method did not reach |f_x| < {tol:g} in {maxiter} steps")
    p = runs.points[0]
    return SaddleReport(p, np.linalg.eigvalsh(surface.unchecked.hess(p)), int(runs.steps[0]))


@dataclass(frozen=True)
class StrandedRuns:
    """Where a method's runs that reached neither well ended, relative to the col."""

    count: int
    distance_to_saddle: np.ndarray  # (count,) distance of the last iterate to the saddle
    perturbed_gradient_norm: np.ndarray  # (count,) norm of SAM's update direction at the end
    last_step: np.ndarray  # (count,) length of the last step


def stranded_runs(
    comparison: SurfaceComparison, saddle: SaddleReport, rho: float, method: str = "sam"
) -> StrandedRuns:
    r"""Measure the runs of ``method`` that ended in neither well: their distance to ``saddle``,
    the norm of the perturbed gradient :math:`\nabla f(p + \rho\,\nabla f/\|\nabla f\|)`
    at their last iterate (SAM's update direction; a fixed point of SAM would make it 0), and the
    length of their last step.

    Raises
    ------
    KeyError
        If ``method`` is not one of the comparison's methods.
    """
    rho = as_non_negative_float(rho, "rho")
    f = two_minima_surface().unchecked
    paths = [
        p
        for p, b in zip(comparison.paths[method], comparison.basins[method], strict=True)
        if b == "neither"
    ]
    distance, perturbed, step = [], [], []
    for path in paths:
        p = path[-1]
        g = f.grad(p)
        norm = float(np.linalg.norm(g))
        q = p + (rho / norm) * g if norm > 0 else p
        distance.append(float(np.linalg.norm(p - saddle.point)))
        perturbed.append(float(np.linalg.norm(f.grad(q))))
        step.append(float(np.linalg.norm(path[-1] - path[-2])))
    return StrandedRuns(len(paths), np.array(distance), np.array(perturbed), np.array(step))


@dataclass(frozen=True)
class WellSwing:
    """How the runs of a method that ended in one well keep moving there, along ``x``."""

    count: int
    low: np.ndarray  # (count,) smallest x over the last `last` iterates
    high: np.ndarray  # (count,) largest x over the same iterates

    @property
    def half_width(self) -> float:
        r"""Half the widest swing, :math:`\max_{\text{runs}} (\text{high} - \text{low})/2`."""
        return float(np.max(self.high - self.low) / 2) if self.count else 0.0


def well_swing(
    comparison: SurfaceComparison, basin: str = "sharp", method: str = "sam", last: int = 50
) -> WellSwing:
    r"""The range of :math:`x` over the last ``last`` iterates of each run of ``method`` that ended
    in ``basin``: a run bouncing in a 2-cycle across the well's axis shows it as the cycle's width
    (a converged run has width 0).

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.
    KeyError
        If ``method`` is not one of the comparison's methods.
    """
    basin = as_choice(basin, "basin", ("sharp", "flat", "neither"))
    last = as_int(last, "last", 1)
    paths = [
        p[-last:, 0]
        for p, b in zip(comparison.paths[method], comparison.basins[method], strict=True)
        if b == basin
    ]
    return WellSwing(
        len(paths), np.array([p.min() for p in paths]), np.array([p.max() for p in paths])
    )


def well_curvatures() -> tuple[float, float]:
    """The largest Hessian eigenvalue of :func:`two_minima_surface` at the centres of its sharp
    and flat wells (the exact minima lie within 0.01 of them)."""
    f = two_minima_surface()
    return tuple(  # type: ignore[return-value]
        float(np.linalg.eigvalsh(f.hessian(np.array(c)))[-1]) for c in (SHARP_MINIMUM, FLAT_MINIMUM)
    )


# --------------------------------------------------------------------- network minima
def sharpness_problem() -> DigitsProblem:
    """The network of the sharp/flat runs: 64-32-10, tanh, squared loss, 600 training digits."""
    return digits_problem((32,), loss="mse", n_train=600)


@dataclass(frozen=True)
class MinimumReport:
    """Where one training run ended and how sharp it is there."""

    method: str
    seed: int
    steps: int
    n_grad: int
    train_loss: float
    sharpness: float
    trace: float
    trace_se: float
    test_accuracy: float


def measure_minimum(problem: DigitsProblem, run_: TrainingRun, method: str, seed: int):
    """Top eigenvalue (Lanczos, rel. residual 1e-6) and trace (Hutchinson, stopped at a 2 %
    standard error) of the Hessian at the run's last point, and the held-out accuracy."""
    with single_thread():
        H = problem.hessian(run_.theta)
        top = lanczos(H, 1, tol=1e-6, rng=seed)
        trace = hutchinson_trace(H, 1000, rtol=0.02, rng=seed)
    return MinimumReport(
        method=method,
        seed=seed,
        steps=run_.n_steps,
        n_grad=run_.n_grad,
        train_loss=float(run_.loss[-1]),
        sharpness=float(top.eigenvalues[0]),
        trace=trace.estimate,
        trace_se=trace.standard_error,
        test_accuracy=problem.test_accuracy(run_.theta),
    )


def sharp_flat_study(
    methods: dict[str, Callable[[], Optimizer]],
    seeds: Sequence[int],
    *,
    target_loss: float = 0.05,
    max_steps: int = 6000,
    problem: DigitsProblem | None = None,
) -> list[MinimumReport]:
    """Train from each seeded start with each method until the training loss is below
    ``target_loss`` (so every minimum is compared at the same fit), then measure it."""
    problem = problem or sharpness_problem()
    reports = []
    for seed in seeds:
        theta0 = problem.net.init(seed, scale=0.5)
        for name, make in methods.items():
            result = train(problem, make(), theta0, max_steps, target_loss=target_loss)
            reports.append(measure_minimum(problem, result, name, seed))
    return reports


@dataclass(frozen=True)
class MethodComparison:
    """Two methods' minima from the same starts: sharpness and held-out accuracy."""

    sharpness_ratio: float  # mean lambda_max of `other` / mean of `reference`
    trace_lower: bool  # other's trace below reference's from every start
    accuracy_points: float  # mean accuracy of `other` minus `reference`, percentage points
    start_spread: float  # largest accuracy difference between two starts of one method, points


def compare_methods(
    reports: Sequence[MinimumReport], reference: str, other: str
) -> MethodComparison:
    """Compare the minima of ``other`` with those of ``reference`` (matched by seed)."""
    ref = sorted((r for r in reports if r.method == reference), key=lambda r: r.seed)
    oth = sorted((r for r in reports if r.method == other), key=lambda r: r.seed)
    if not ref or len(ref) != len(oth):
        raise ValueError("reports must hold the same starts for both methods")

    def spread(rs: list[MinimumReport]) -> float:
        values = [100 * r.test_accuracy for r in rs]
        return max(values) - min(values)

    return MethodComparison(
        sharpness_ratio=float(
            np.mean([r.sharpness for r in oth]) / np.mean([r.sharpness for r in ref])
        ),
        trace_lower=all(o.trace < r.trace for o, r in zip(oth, ref, strict=True)),
        accuracy_points=float(
            100
            * (np.mean([r.test_accuracy for r in oth]) - np.mean([r.test_accuracy for r in ref]))
        ),
        start_spread=max(spread(ref), spread(oth)),
    )


# --------------------------------------------------------------------- rescaling and slices
def rescale_relu(net: MLP, theta: np.ndarray, alpha: float, layer: int = 0) -> np.ndarray:
    r"""Multiply layer ``layer``'s weights and bias by :math:`\alpha` and the next layer's
    weights by :math:`1/\alpha`: for a ReLU network (:math:`\mathrm{relu}(\alpha z) =
    \alpha\,\mathrm{relu}(z)`, :math:`\alpha > 0`) the function does not change."""
    if net.activation != "relu":
        raise ValueError("net must use ReLU for the rescaling to keep the function")
    if not alpha > 0:
        raise ValueError(f"alpha must be positive; got {alpha}")
    params = [(W.copy(), b.copy()) for W, b in net.unpack(np.array(theta, dtype=float))]
    W, b = params[layer]
    params[layer] = (alpha * W, alpha * b)
    W_next, b_next = params[layer + 1]
    params[layer + 1] = (W_next / alpha, b_next)
    return net.pack(params)


@dataclass(frozen=True)
class RescalingReport:
    """One rescaled copy of the same network."""

    alpha: float
    sharpness: float
    max_output_change: float
    test_accuracy: float
    train_loss: float


def rescaling_study(
    alphas: Sequence[float], *, n_steps: int = 1500, lr: float = 0.1
) -> tuple[DigitsProblem, np.ndarray, list[RescalingReport]]:
    """Train a ReLU 64-32-10 network (squared loss), then rescale it by each ``alpha``."""
    problem = digits_problem((32,), activation="relu", loss="mse", n_train=600)
    net, X, Y = problem.net, problem.X, problem.Y
    theta = net.init(0, scale=0.5)
    with single_thread():
        for _ in range(n_steps):
            theta = theta - lr * net.gradient(theta, X, Y)
        reference = net.predict(theta, problem.data.X_test)
        reports = []
        for alpha in alphas:
            scaled = rescale_relu(net, theta, alpha)
            top = lanczos(problem.hessian(scaled), 1, tol=1e-6, rng=0)
            change = np.max(np.abs(net.predict(scaled, problem.data.X_test) - reference))
            reports.append(
                RescalingReport(
                    alpha=float(alpha),
                    sharpness=float(top.eigenvalues[0]),
                    max_output_change=float(change),
                    test_accuracy=problem.test_accuracy(scaled),
                    train_loss=net.loss(scaled, X, Y),
                )
            )
    return problem, theta, reports


def filter_normalized_direction(
    net: MLP, theta: np.ndarray, rng: np.random.Generator | int = 0
) -> np.ndarray:
    r"""A Gaussian direction :math:`d` with every weight row rescaled to the norm of the same
    row of :math:`\theta`, :math:`d_{l,i} \leftarrow d_{l,i}\,\|\theta_{l,i}\|/\|d_{l,i}\|`, and
    zero on the biases (Li et al. 2018)."""
    generator = np.random.default_rng(rng) if isinstance(rng, int) else rng
    direction = []
    for W, b in net.unpack(np.asarray(theta, dtype=float)):
        D = generator.standard_normal(W.shape)
        D *= np.linalg.norm(W, axis=1, keepdims=True) / np.linalg.norm(D, axis=1, keepdims=True)
        direction.append((D, np.zeros_like(b)))
    return net.pack(direction)


def loss_slice(
    problem: DigitsProblem, theta: np.ndarray, direction: np.ndarray, ts: Sequence[float]
) -> np.ndarray:
    """The training loss along :math:`\\theta + t\\,d` for each ``t``."""
    net, X, Y = problem.net, problem.X, problem.Y
    with single_thread():
        return np.array([net.loss(theta + t * direction, X, Y) for t in ts])


def loss_plane(
    problem: DigitsProblem,
    theta: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    ts: Sequence[float],
) -> np.ndarray:
    """The training loss on the plane :math:`\\theta + s\\,d_1 + t\\,d_2`, shape ``(len(ts),
    len(ts))`` (rows: ``t``; columns: ``s``)."""
    net, X, Y = problem.net, problem.X, problem.Y
    with single_thread():
        return np.array([[net.loss(theta + s * first + t * second, X, Y) for s in ts] for t in ts])


# --------------------------------------------------------------------- paired SAM study
def adaptive_sharpness(problem: DigitsProblem, theta: ArrayLike, *, tol: float = 1e-4) -> float:
    r"""The largest eigenvalue of :math:`T H T` with :math:`T = \operatorname{diag}|\theta|`:
    the curvature measured in coordinates relative to each weight's size.

    For a ReLU network, the rescaling
    :math:`(W_1, b_1, W_2) \to (\alpha W_1, \alpha b_1, W_2/\alpha)` multiplies the Hessian's
    blocks by :math:`\alpha^{-2}` and :math:`\alpha^{2}` and :math:`T`'s by :math:`\alpha` and
    :math:`1/\alpha`, so :math:`THT` and this number do not change. It is
    the quadratic term of Kwon et al.'s adaptive sharpness (ASAM) with :math:`c = |\theta|`.

    Parameters
    ----------
    problem : DigitsProblem
        The network and data.
    theta : array_like, shape (n,)
        The parameters.
    tol : float
        Lanczos's relative residual.

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.

    References
    ----------
    Kwon, Kim, Park & Choi, "ASAM: adaptive sharpness-aware minimization for scale-invariant
    learning of deep neural networks", ICML (2021); Andriushchenko, Croce, Müller, Hein &
    Flammarion, "A modern look at the relationship between sharpness and generalization", ICML
    (2023).
    """
    theta = as_vector(theta, "theta", problem.net.n_params)
    tol = as_positive_float(tol, "tol")
    scale = np.abs(theta)
    H = problem.hessian(theta)
    n = theta.size
    operator = LinearOperator((n, n), matvec=lambda v: scale * (H @ (scale * np.ravel(v))))
    with single_thread():
        return float(lanczos(operator, 1, tol=tol, rng=0).eigenvalues[0])


def paired_problem() -> DigitsProblem:
    """The network of the paired SAM study: 64-16-10, tanh, squared loss, 300 training digits."""
    return digits_problem((16,), loss="mse", n_train=300)


@dataclass(frozen=True, eq=False)
class PairedStudy:
    """Two methods trained from the same starts to the same training loss, start by start."""

    labels: tuple[str, str]
    seeds: np.ndarray
    correct: np.ndarray  # (2, s) held-out digits classified correctly
    n_test: int
    sharpness: np.ndarray  # (2, s) lambda_max
    trace: np.ndarray  # (2, s) Hutchinson, stopped at a 5 % standard error
    adaptive: np.ndarray  # (2, s) adaptive sharpness
    n_grad: np.ndarray  # (2, s) gradients spent

    def paired_test(self) -> tuple[float, float, float]:
        """Mean difference (second method minus first) in held-out digits, Student's paired t
        statistic, and its two-sided p-value."""
        difference = (self.correct[1] - self.correct[0]).astype(float)
        result = ttest_rel(self.correct[1], self.correct[0])
        return float(difference.mean()), float(result.statistic), float(result.pvalue)


def paired_sam_study(
    seeds: Sequence[int],
    *,
    lr: float = 0.2,
    rho: float = 0.1,
    target_loss: float = 0.06,
    max_steps: int = 6000,
    problem: DigitsProblem | None = None,
) -> PairedStudy:
    """Gradient descent and SAM (same ``lr``) from each seeded start until the training loss is
    below ``target_loss``, then the minimum's held-out accuracy and three sharpness measures.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments (at least two seeds are needed for a paired test).
    """
    seeds = np.array([as_int(s, "seeds", 0) for s in seeds], dtype=int)
    if seeds.size < 2:
        raise ValueError(f"seeds must hold at least 2 starts; got {seeds.size}")
    lr = as_positive_float(lr, "lr")
    rho = as_positive_float(rho, "rho")
    problem = problem or paired_problem()
    optimizers = (gradient_descent(lr), sam(lr, rho))
    n_test = len(problem.data.y_test)

    def pair(seed: int) -> list[tuple[float, float, float, int, int]]:
        """Both optimizers from one start: sharpness, trace, adaptive sharpness, held-out
        digits correct, gradients spent."""
        theta0 = problem.net.init(int(seed), scale=0.5)
        measured = []
        # BLAS on one thread throughout, as in a worker: the same floats either way.
        with single_thread():
            for optimizer in optimizers:
                result = train(problem, optimizer, theta0, max_steps, target_loss=target_loss)
                H = problem.hessian(result.theta)
                measured.append(
                    (
                        lanczos(H, 1, tol=1e-4, rng=int(seed)).eigenvalues[0],
                        hutchinson_trace(H, 1000, rtol=0.05, rng=int(seed)).estimate,
                        adaptive_sharpness(problem, result.theta),
                        round(problem.test_accuracy(result.theta) * n_test),
                        result.n_grad,
                    )
                )
        return measured

    # The starts are independent: side by side (curvlab.core.parallel.fork_map).
    # by_seed[j][i] holds optimizer i's measures from start j.
    by_seed = np.array(fork_map(pair, [int(seed) for seed in seeds]), dtype=float)
    sharp, trace, adaptive = (by_seed[:, :, k].T.copy() for k in range(3))
    correct, n_grad = (by_seed[:, :, k].T.astype(int) for k in (3, 4))
    return PairedStudy(
        (optimizers[0].name, optimizers[1].name),
        seeds,
        correct,
        n_test,
        sharp,
        trace,
        adaptive,
        n_grad,
    )
