r"""Chapter 7's computations on the digits network: cost, spectrum, outliers, trace estimation.

Everything here is numpy/scipy; the figures module draws what these functions return. The
small matrix products of these networks run fastest on one BLAS thread (threads cost more than
they save at this size, and one thread also fixes the order of every floating-point sum), so
the training loops run inside :func:`single_thread`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.linalg import subspace_angles

from curvlab.core.parallel import fork_map, single_thread, use_one_thread
from curvlab.core.runner import Status, run
from curvlab.core.validation import (
    as_choice,
    as_finite_float,
    as_fraction,
    as_int,
    as_positive_float,
    as_vector,
)
from curvlab.curvature.density import SpectralDensity, slq
from curvlab.curvature.lanczos import lanczos
from curvlab.curvature.trace import hutch_plus_plus, hutchinson_trace
from curvlab.optimizers import Optimizer
from curvlab.problems.digits import Digits, load_digits
from curvlab.problems.mlp import MLP

__all__ = [
    "INPUT_VARIANTS",
    "ClassMeanMechanism",
    "DigitsProblem",
    "LabelSplit",
    "MeanInputAlignment",
    "OutlierCount",
    "OutlierStudy",
    "ProbeDeviation",
    "ProductChecks",
    "SpectralTraceStudy",
    "SpectrumHistory",
    "StoppingRule",
    "TraceStudy",
    "TrainingRun",
    "ZeroAtom",
    "class_mean_mechanism",
    "count_outliers",
    "dense_eigensolver_times",
    "digits_problem",
    "ggn_label_split",
    "gradient_product_seconds",
    "hessian_bytes",
    "mean_input_alignment",
    "median_seconds",
    "multiply_counts",
    "outlier_counts",
    "outlier_masses",
    "outliers_by_classes",
    "outliers_by_input",
    "probe_deviation",
    "product_checks",
    "single_thread",
    "spectral_trace_study",
    "spectrum_during_training",
    "stopping_rules",
    "trace_error_study",
    "train",
    "trained_relu_classifier",
    "use_one_thread",
    "zero_atom",
]


@dataclass(frozen=True, eq=False)
class DigitsProblem:
    """A network and its digits data: train inputs ``X`` and one-hot targets ``Y``."""

    net: MLP
    data: Digits
    X: np.ndarray
    Y: np.ndarray

    def test_accuracy(self, theta: np.ndarray) -> float:
        """Accuracy on the held-out digits."""
        return self.net.accuracy(theta, self.data.X_test, self.data.y_test)

    def train_accuracy(self, theta: np.ndarray) -> float:
        """Accuracy on the training digits."""
        return self.net.accuracy(theta, self.data.X_train, self.data.y_train)

    def hessian(self, theta: np.ndarray):
        """The training loss's Hessian at ``theta`` as a LinearOperator."""
        return self.net.hessian_operator(theta, self.X, self.Y)


def digits_problem(
    hidden: Sequence[int] = (20,),
    *,
    activation: str = "tanh",
    loss: str = "cross_entropy",
    classes: Sequence[int] | None = None,
    n_train: int | None = None,
    standardize: bool = True,
) -> DigitsProblem:
    """A ``64 -> hidden -> C`` network on the digits (seeded split, see ``load_digits``)."""
    data = load_digits(classes=classes, n_train=n_train, standardize=standardize)
    net = MLP([data.n_features, *hidden, data.n_classes], activation, loss)
    return DigitsProblem(net, data, data.X_train, data.targets("train"))


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """A full-batch training run with the sharpness tracked along the way.

    Attributes
    ----------
    loss : ndarray, shape (m,)
        Training loss before each step (``m`` steps taken; the last entry is the final loss).
    checkpoints : ndarray of int
        The steps at which the top eigenvalue was computed.
    sharpness : ndarray
        :math:`\\lambda_{\\max}` of the training Hessian at each checkpoint (Lanczos).
    theta : ndarray
        The final parameters.
    diverged : bool
        Whether the loss stopped being finite (the run is then cut there).
    n_grad, n_hvp : int
        Gradients and Hessian-vector products spent.
    label : str
        The optimizer's name.
    """

    loss: np.ndarray
    checkpoints: np.ndarray
    sharpness: np.ndarray
    theta: np.ndarray
    diverged: bool
    n_grad: int
    n_hvp: int
    label: str
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def n_steps(self) -> int:
        """Steps taken."""
        return len(self.loss) - 1


def train(
    problem: DigitsProblem,
    optimizer: Optimizer,
    theta0: np.ndarray,
    n_steps: int,
    *,
    sharpness_every: int | None = None,
    target_loss: float | None = None,
    sharpness_tol: float = 1e-3,
) -> TrainingRun:
    """Full-batch training with ``optimizer`` (any curvlab Optimizer), tracking the sharpness.

    A use of :func:`curvlab.core.runner.run` (no gradient tolerance, at most ``n_steps``
    steps) whose callback measures the sharpness and stops below ``target_loss``; the runner
    counts every gradient, SAM's second one included, and diverges as it always does.

    Parameters
    ----------
    problem : DigitsProblem
        The network and data.
    optimizer : Optimizer
        E.g. ``gradient_descent(lr)`` or ``sam(lr, rho)``.
    theta0 : ndarray
        The start.
    n_steps : int
        The most steps to take.
    sharpness_every : int, optional
        Compute :math:`\\lambda_{\\max}` by Lanczos every this many steps (and at the end).
    target_loss : float, optional
        Stop once the training loss is below this.
    sharpness_tol : float
        Lanczos's relative residual for the tracked eigenvalue.

    Returns
    -------
    TrainingRun
        ``n_grad`` counts the runner's gradients and the optimizer's own; ``n_hvp`` the
        Lanczos products and the optimizer's own.
    """
    net, X, Y = problem.net, problem.X, problem.Y
    n_steps = as_int(n_steps, "n_steps", 1)
    if target_loss is not None:
        target_loss = as_finite_float(target_loss, "target_loss")
    checkpoints, sharpness, lanczos_products = [], [], []

    def track(step: int, theta: np.ndarray, loss: float, grad: np.ndarray) -> bool:
        """Measure the sharpness at the checkpoints; stop below the target loss."""
        done = target_loss is not None and loss < target_loss
        if sharpness_every and (step % sharpness_every == 0 or done or step == n_steps):
            top = lanczos(problem.hessian(theta), 1, tol=sharpness_tol, rng=step)
            checkpoints.append(step)
            sharpness.append(float(top.eigenvalues[0]))
            lanczos_products.append(top.n_products)
        return done

    with single_thread():
        trajectory = run(
            net.objective(X, Y),
            optimizer,
            theta0,
            tol=0.0,
            maxiter=n_steps,
            callback=track,
            keep_path=False,
        )
    return TrainingRun(
        loss=trajectory.fun,
        checkpoints=np.array(checkpoints, dtype=int),
        sharpness=np.array(sharpness),
        theta=trajectory.x,
        diverged=trajectory.status is Status.DIVERGED,
        n_grad=trajectory.n_grad,
        n_hvp=sum(lanczos_products) + trajectory.n_hvp,
        label=optimizer.name,
    )


# --------------------------------------------------------------------- checks of the products
@dataclass(frozen=True, eq=False)
class ProductChecks:
    r"""The R-operator product against independent computations at one point.

    Attributes
    ----------
    fd_error : float
        :math:`\|Hv - \text{central difference of the gradient}\| / \|\cdot\|`.
    asymmetry : float
        :math:`\max|H - H^\top| / \max|H|` of the dense Hessian assembled from ``n`` products.
    ggn_min_ratio : float
        The Gauss–Newton matrix's smallest eigenvalue over the Hessian's largest (PSD: >= 0).
    hessian : ndarray
        The dense Hessian (columns :math:`He_j`), for later comparisons.
    """

    fd_error: float
    asymmetry: float
    ggn_min_ratio: float
    hessian: np.ndarray


def product_checks(
    problem: DigitsProblem, theta: np.ndarray, *, h: float = 1e-5, rng: int = 1
) -> ProductChecks:
    """Check :math:`Hv` against central differences, the assembled Hessian's symmetry, and the
    Gauss–Newton matrix's positive semidefiniteness (both dense, from ``n`` products each)."""
    net, X, Y = problem.net, problem.X, problem.Y
    v = np.random.default_rng(rng).standard_normal(net.n_params)
    with single_thread():
        central = (net.gradient(theta + h * v, X, Y) - net.gradient(theta - h * v, X, Y)) / (2 * h)
        hv = net.hvp(theta, v, X, Y)
        H = net.hessian(theta, X, Y)
        G = net.ggn(theta, X, Y)
        top = np.linalg.eigvalsh(H)[-1]
        ggn_min = np.linalg.eigvalsh((G + G.T) / 2)[0]
    return ProductChecks(
        fd_error=float(np.linalg.norm(hv - central) / np.linalg.norm(central)),
        asymmetry=float(np.max(np.abs(H - H.T)) / np.max(np.abs(H))),
        ggn_min_ratio=float(ggn_min / top),
        hessian=H,
    )


# --------------------------------------------------------------------- cost
def hessian_bytes(n: int | np.ndarray, bytes_per_entry: int = 4) -> np.ndarray:
    """Storage of a dense ``n × n`` matrix (float32 by default): ``bytes_per_entry · n²``."""
    return bytes_per_entry * np.asarray(n, dtype=float) ** 2


def multiply_counts(sizes: Sequence[int], N: int) -> dict[str, int]:
    r"""Scalar multiplications in the matrix products of one gradient and one HVP.

    A layer ``d_in -> d_out`` on ``N`` examples costs :math:`N d_{in} d_{out}` per product. A
    gradient does the forward product, the weight gradient and (except in the first layer) the
    back-propagation; the R-operator adds the forward directional derivative
    (:math:`a V^\top`, and :math:`\mathcal R a\, W^\top` after the first layer), its weight
    gradient (two products after the first layer) and the back-propagated derivative (two).
    "cached" leaves out the forward and backward pass at the point, which an operator reuses
    for every product at the same parameters.
    """
    layers = [N * a * b for a, b in pairwise(sizes)]
    first, rest = layers[0], layers[1:]
    gradient = sum(layers) * 2 + sum(rest)
    r_passes = first + 2 * sum(rest) + first + 2 * sum(rest) + 2 * sum(rest)
    point = sum(layers) + sum(rest)  # forward and the deltas (no weight gradients)
    return {"gradient": gradient, "hvp": point + r_passes, "hvp_cached": r_passes}


def median_seconds(function: Callable[[], Any], repeats: int = 30) -> float:
    """The median wall time of ``repeats`` calls (a timing: never print it unrounded)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def gradient_product_seconds(
    sizes: Sequence[int], N: int, repeats: int = 30, rng: int = 0
) -> float:
    r"""Median seconds of the matrix products of one gradient alone, on random arrays of the
    shapes a ``sizes`` network on ``N`` examples uses (those :func:`multiply_counts` counts):
    per layer the forward product :math:`a_{l-1}W_l^\top` and the weight gradient
    :math:`\delta_l^\top a_{l-1}`, and after the first layer the back-propagation
    :math:`\delta_l W_l`. The rest of a gradient's time is elementwise work and memory traffic.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.
    """
    sizes = [as_int(s, "sizes") for s in sizes]
    N = as_int(N, "N")
    generator = np.random.default_rng(as_int(rng, "rng", 0))
    layers = [
        (
            generator.standard_normal((N, d_in)),
            generator.standard_normal((d_out, d_in)),
            generator.standard_normal((N, d_out)),
        )
        for d_in, d_out in pairwise(sizes)
    ]

    def products() -> None:
        for index, (a, W, delta) in enumerate(layers):
            _ = a @ W.T
            _ = delta.T @ a
            if index > 0:
                _ = delta @ W

    with single_thread():
        return median_seconds(products, as_int(repeats, "repeats"))


def dense_eigensolver_times(sizes: Sequence[int], rng: int = 0) -> np.ndarray:
    """Seconds for ``numpy.linalg.eigvalsh`` on random symmetric matrices of each size."""
    generator = np.random.default_rng(rng)
    times = []
    with single_thread():
        for n in sizes:
            A = generator.standard_normal((n, n))
            A = A + A.T
            times.append(median_seconds(lambda A=A: np.linalg.eigvalsh(A), repeats=3))
    return np.array(times)


# --------------------------------------------------------------------- spectrum in training
@dataclass(frozen=True, eq=False)
class SpectrumHistory:
    """Top and bottom eigenvalues of the training Hessian at checkpoints of one run."""

    steps: np.ndarray
    top: np.ndarray  # (checkpoints, k), largest first
    bottom: np.ndarray  # (checkpoints,), the most negative eigenvalue
    loss: np.ndarray
    test_accuracy: np.ndarray
    n_hvp: int
    theta: np.ndarray  # the parameters at the last checkpoint


def spectrum_during_training(
    problem: DigitsProblem,
    lr: float,
    steps: Sequence[int],
    *,
    k: int = 5,
    seed: int = 0,
) -> SpectrumHistory:
    """Gradient descent from a seeded start; at each of ``steps``, Lanczos for the ``k`` largest
    and the smallest eigenvalue of the Hessian (relative residual 1e-4)."""
    theta = problem.net.init(seed)
    net, X, Y = problem.net, problem.X, problem.Y
    top, bottom, losses, accuracy = [], [], [], []
    n_hvp, done = 0, 0
    with single_thread():
        for target in steps:
            for _ in range(target - done):
                theta = theta - lr * net.gradient(theta, X, Y)
            done = target
            H = problem.hessian(theta)
            high = lanczos(H, k, tol=1e-4, rng=target)
            low = lanczos(H, 1, which="smallest", tol=1e-4, maxiter=400, rng=target)
            n_hvp += high.n_products + low.n_products
            top.append(high.eigenvalues)
            bottom.append(low.eigenvalues[0])
            losses.append(net.loss(theta, X, Y))
            accuracy.append(problem.test_accuracy(theta))
    return SpectrumHistory(
        np.array(steps),
        np.array(top),
        np.array(bottom),
        np.array(losses),
        np.array(accuracy),
        n_hvp,
        theta,
    )


# --------------------------------------------------------------------- outliers vs classes
@dataclass(frozen=True, eq=False)
class OutlierStudy:
    """The top of the spectrum and its density for networks trained on ``C`` classes."""

    n_classes: int
    standardized: bool
    top: np.ndarray  # the largest eigenvalues, descending
    n_outliers: int  # eigenvalues above the widest gap among the top ones
    gap_ratio: float  # lambda_k / lambda_{k+1} at that gap
    density: SpectralDensity
    n_params: int
    problem: DigitsProblem
    theta: np.ndarray


def outliers_by_classes(
    class_counts: Sequence[int],
    *,
    standardize: bool,
    hidden: int = 20,
    lr: float = 0.3,
    n_steps: int = 200,
    n_top: int | None = None,
    slq_steps: int = 60,
    slq_probes: int = 5,
) -> list[OutlierStudy]:
    """Train a ReLU network with cross-entropy on the first ``C`` digits, for each ``C``; then
    take the top eigenvalues by Lanczos and the density by SLQ.

    The number of outliers is read off as the position of the largest ratio
    :math:`\\lambda_i/\\lambda_{i+1}` among the top :math:`3C` eigenvalues.
    """

    def study(C: int) -> OutlierStudy:
        with single_thread():
            problem = digits_problem(
                (hidden,),
                activation="relu",
                classes=tuple(range(C)),
                standardize=standardize,
            )
            net, X, Y = problem.net, problem.X, problem.Y
            theta = net.init(0)
            for _ in range(n_steps):
                theta = theta - lr * net.gradient(theta, X, Y)
            H = problem.hessian(theta)
            k = n_top or 3 * C + 1
            top = lanczos(H, k, tol=1e-6, rng=C).eigenvalues
            ratios = top[:-1] / top[1:]
            position = int(np.argmax(ratios[: 3 * C]))
            density = slq(H, n_steps=slq_steps, n_probes=slq_probes, rng=C)
        return OutlierStudy(
            C,
            standardize,
            top,
            position + 1,
            float(ratios[position]),
            density,
            net.n_params,
            problem,
            theta,
        )

    # The class counts are independent: side by side (curvlab.core.parallel.fork_map).
    return fork_map(study, list(class_counts))


# --------------------------------------------------------------------- trace estimation
@dataclass(frozen=True, eq=False)
class TraceStudy:
    """Relative errors of Hutchinson and Hutch++ against the exact trace, over seeds."""

    products: np.ndarray
    exact: float
    hutchinson: np.ndarray  # (len(products), seeds)
    hutch_plus_plus: np.ndarray  # (len(products), seeds)

    def median(self, method: str) -> np.ndarray:
        """Median relative error at each number of products."""
        return np.median(getattr(self, method), axis=1)

    def slope(self, method: str) -> float:
        """The least-squares slope of log median error against log products."""
        return float(np.polyfit(np.log(self.products), np.log(self.median(method)), 1)[0])


def trace_error_study(matrix: np.ndarray, products: Sequence[int], seeds: int) -> TraceStudy:
    """Both estimators on a dense symmetric ``matrix`` (its exact trace is the oracle), at each
    number of products, over ``seeds`` seeded runs each (Hutchinson's estimates at every
    budget are prefixes of one run of the largest budget)."""
    products = np.array(products, dtype=int)
    exact = float(np.trace(matrix))
    plain = np.empty((len(products), seeds))
    plus = np.empty((len(products), seeds))
    with single_thread():
        for s in range(seeds):
            samples = hutchinson_trace(matrix, int(products.max()), rng=s).samples
            for i, m in enumerate(products):
                plain[i, s] = abs(samples[:m].mean() - exact) / abs(exact)
                plus[i, s] = abs(hutch_plus_plus(matrix, int(m), rng=s).estimate - exact) / abs(
                    exact
                )
    return TraceStudy(products, exact, plain, plus)


# --------------------------------------------------------------------- why C - 1 outliers
INPUT_VARIANTS = (
    "raw pixels / 16",
    "centred",
    "scaled",
    "standardized",
    "standardized + 1",
)
"""Input preprocessings compared by :func:`outliers_by_input` (statistics of the training set)."""


@dataclass(frozen=True)
class OutlierCount:
    """The outlier count of one trained network: ``n_outliers`` eigenvalues above the largest
    ratio :math:`\\lambda_k/\\lambda_{k+1}` (``gap_ratio``) among the top :math:`3C`."""

    n_classes: int
    seed: int
    inputs: str
    n_outliers: int
    gap_ratio: float


def _transform_inputs(X: np.ndarray, inputs: str) -> np.ndarray:
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)  # constant pixels keep their value
    return {
        "raw pixels / 16": X,
        "centred": X - mean,
        "scaled": X / scale,
        "standardized": (X - mean) / scale,
        "standardized + 1": (X - mean) / scale + 1.0,
    }[inputs]


def trained_relu_classifier(
    n_classes: int,
    seed: int = 0,
    inputs: str = "raw pixels / 16",
    *,
    hidden: int = 20,
    lr: float = 0.3,
    n_steps: int = 200,
) -> tuple[DigitsProblem, np.ndarray]:
    """The network of :func:`outliers_by_classes` (64-``hidden``-C, ReLU, cross-entropy, full-batch
    gradient descent) trained from ``net.init(seed)`` on the first ``n_classes`` digits, with the
    training inputs preprocessed as ``inputs`` (one of :data:`INPUT_VARIANTS`; the pixels are
    first divided by 16, and the statistics are the training set's).

    Returns
    -------
    (DigitsProblem, ndarray)
        The problem (with the preprocessed inputs) and the trained parameters.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.
    """
    n_classes = as_int(n_classes, "n_classes", 2)
    if n_classes > 10:
        raise ValueError(f"n_classes must be at most 10; got {n_classes}")
    seed = as_int(seed, "seed", 0)
    inputs = as_choice(inputs, "inputs", INPUT_VARIANTS)
    hidden, n_steps = as_int(hidden, "hidden"), as_int(n_steps, "n_steps", 0)
    lr = as_positive_float(lr, "lr")
    problem, theta = _trained_relu_classifier(n_classes, seed, inputs, hidden, lr, n_steps)
    return problem, theta.copy()


@functools.lru_cache(maxsize=8)
def _trained_relu_classifier(
    n_classes: int, seed: int, inputs: str, hidden: int, lr: float, n_steps: int
) -> tuple[DigitsProblem, np.ndarray]:
    # Kept: the chapter asks for one network twice (its outlier count, then its eigenvectors).
    base = digits_problem(
        (hidden,), activation="relu", classes=tuple(range(n_classes)), standardize=False
    )
    X = _transform_inputs(base.X, inputs)
    problem = DigitsProblem(base.net, base.data, X, base.Y)
    theta = problem.net.init(seed)
    with single_thread():
        for _ in range(n_steps):
            theta = theta - lr * problem.net.gradient(theta, X, problem.Y)
    theta.flags.writeable = False
    return problem, theta


def count_outliers(problem: DigitsProblem, theta: np.ndarray, n_classes: int) -> tuple[int, float]:
    r"""Position and size of the largest ratio :math:`\lambda_k/\lambda_{k+1}` among the top
    :math:`3C + 1` eigenvalues of the training Hessian (Lanczos): the count of outliers and the
    gap that separates them. A ratio near 1 means that there is no separated group."""
    with single_thread():
        top = lanczos(problem.hessian(theta), 3 * n_classes + 1, tol=1e-6, rng=n_classes)
    ratios = top.eigenvalues[:-1] / top.eigenvalues[1:]
    k = int(np.argmax(ratios))
    return k + 1, float(ratios[k])


def outlier_counts(
    class_counts: Sequence[int], seeds: Sequence[int], inputs: str = "raw pixels / 16"
) -> list[OutlierCount]:
    """:func:`count_outliers` for every class count and seed (networks of
    :func:`trained_relu_classifier`)."""
    counts = []
    for C in class_counts:
        for seed in seeds:
            problem, theta = trained_relu_classifier(C, seed, inputs)
            k, ratio = count_outliers(problem, theta, C)
            counts.append(OutlierCount(C, seed, inputs, k, ratio))
    return counts


def outliers_by_input(
    n_classes: int = 10, seed: int = 0, variants: Sequence[str] = INPUT_VARIANTS
) -> list[OutlierCount]:
    """:func:`count_outliers` for the same network trained on differently preprocessed inputs."""
    counts = []
    for inputs in variants:
        problem, theta = trained_relu_classifier(n_classes, seed, inputs)
        k, ratio = count_outliers(problem, theta, n_classes)
        counts.append(OutlierCount(n_classes, seed, inputs, k, ratio))
    return counts


@dataclass(frozen=True, eq=False)
class ClassMeanMechanism:
    r"""Papyan's account of the outliers, measured at one trained network.

    Attributes
    ----------
    class_means : ndarray, shape (n, C)
        Column :math:`c` is :math:`g_c`, the mean gradient of the loss over the training examples
        of class :math:`c`.
    class_weights : ndarray, shape (C,)
        :math:`\pi_c`, the share of class :math:`c` in the training set.
    cosines : ndarray, shape (C - 1,)
        Cosines of the principal angles between the span of the top :math:`C - 1` Hessian
        eigenvectors and the span of the :math:`g_c` (1 = contained).
    projections : ndarray, shape (k,)
        :math:`\|P v_k\|` for each of the top :math:`k` Hessian eigenvectors :math:`v_k`, with
        :math:`P` the orthogonal projector onto the span of the :math:`g_c`.
    singular_values : ndarray, shape (C,)
        Singular values of :math:`[\sqrt{\pi_c}\, g_c]_c`, descending, over the largest.
    gradient_norm, mean_norm : float
        :math:`\|\nabla L\| = \|\sum_c \pi_c g_c\|` and the median :math:`\|g_c\|`.
    hessian_top, ggn_top : ndarray, shape (k,)
        The largest eigenvalues of :math:`H` and of the Gauss–Newton matrix :math:`G`.
    hessian_density, ggn_density : SpectralDensity
        SLQ densities of :math:`H` and :math:`G`.
    """

    class_means: np.ndarray
    class_weights: np.ndarray
    cosines: np.ndarray
    projections: np.ndarray
    singular_values: np.ndarray
    gradient_norm: float
    mean_norm: float
    hessian_top: np.ndarray
    ggn_top: np.ndarray
    hessian_density: SpectralDensity
    ggn_density: SpectralDensity


def class_mean_mechanism(
    problem: DigitsProblem,
    theta: np.ndarray,
    *,
    n_top: int | None = None,
    slq_steps: int = 60,
    slq_probes: int = 5,
) -> ClassMeanMechanism:
    r"""Measure why a classifier's Hessian has :math:`C - 1` outliers (Papyan 2020).

    With :math:`\gamma_{i,c'} = J_i^\top(e_{c'} - p_i)`, the Gauss–Newton matrix of the
    cross-entropy is :math:`G = \frac1N\sum_i\sum_{c'} p_{ic'}\,\gamma_{i,c'}\gamma_{i,c'}^\top`, a
    second moment of gradients. For a network that fits its data most weight sits on
    :math:`\gamma_{i,y_i} = -\nabla\ell_i`, and the between-class part of that second moment,
    :math:`\sum_c \pi_c g_c g_c^\top` with the class means :math:`g_c` of the per-example
    gradients, has rank at most :math:`C`; since :math:`\sum_c \pi_c g_c = \nabla L \approx 0`
    near a minimum, the :math:`g_c` are nearly dependent and the rank is nearly :math:`C - 1`.
    This function measures the two links: how close the top :math:`C - 1` eigenvectors are to the
    span of the :math:`g_c` (principal angles), and how close the :math:`g_c` are to dependence
    (singular values).

    Parameters
    ----------
    problem : DigitsProblem
        A classifier with cross-entropy loss.
    theta : ndarray
        The trained parameters.
    n_top : int, optional
        How many top eigenvalues of :math:`H` and :math:`G` to return (default :math:`3C`).
    slq_steps, slq_probes : int
        SLQ's Lanczos steps and probes for the two densities.

    Returns
    -------
    ClassMeanMechanism

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.

    References
    ----------
    Papyan, "Traces of class/cross-class structure pervade deep learning spectra", JMLR 21
    (2020); Sagun, Evci, Güney, Dauphin & Bottou, "Empirical analysis of the Hessian of
    over-parametrized neural networks", arXiv:1706.04454 (2017).
    """
    net, X, Y = problem.net, problem.X, problem.Y
    theta = np.asarray(theta, dtype=float)
    if theta.shape != (net.n_params,):
        raise ValueError(f"theta must have shape ({net.n_params},); got {theta.shape}")
    labels = np.argmax(Y, axis=1)
    C = Y.shape[1]
    n_top = as_int(n_top, "n_top") if n_top is not None else 3 * C
    with single_thread():
        means = np.column_stack(
            [net.gradient(theta, X[labels == c], Y[labels == c]) for c in range(C)]
        )
        weights = np.bincount(labels, minlength=C) / len(labels)
        H, G = problem.hessian(theta), net.ggn_operator(theta, X, Y)

    def spectrum(operator: Any) -> tuple[Any, SpectralDensity]:
        """Top eigenpairs by Lanczos and the SLQ density of H or G."""
        with single_thread():
            top = lanczos(operator, n_top, tol=1e-6, rng=0)
            return top, slq(operator, n_steps=slq_steps, n_probes=slq_probes, rng=C)

    # H's and G's spectra are independent: side by side (curvlab.core.parallel.fork_map).
    (top_h, h_density), (top_g, g_density) = fork_map(spectrum, [H, G])
    with single_thread():
        cosines = np.cos(subspace_angles(top_h.eigenvectors[:, : C - 1], means))[::-1]
        singular = np.linalg.svd(means * np.sqrt(weights), compute_uv=False)
        basis = np.linalg.qr(means)[0]
        projections = np.linalg.norm(basis.T @ top_h.eigenvectors, axis=0)
    return ClassMeanMechanism(
        means,
        weights,
        np.sort(cosines),
        projections,
        singular / singular[0],
        float(np.linalg.norm(means @ weights)),
        float(np.median(np.linalg.norm(means, axis=0))),
        top_h.eigenvalues,
        top_g.eigenvalues,
        h_density,
        g_density,
    )


# --------------------------------------------------------------------- trace estimators, many seeds
@dataclass(frozen=True, eq=False)
class SpectralTraceStudy:
    r"""Hutchinson and Hutch++ with Gaussian probes on a symmetric matrix given by its spectrum.

    A Gaussian vector stays Gaussian in any orthonormal basis, so both estimators have the same
    error distribution on :math:`H = U\Lambda U^\top` as on :math:`\Lambda`: this study runs
    them on the diagonal matrix, at :math:`n` operations per product instead of :math:`n^2`.

    Attributes
    ----------
    products : ndarray of int, shape (b,)
        Budgets :math:`m` (matrix-vector products).
    exact, frobenius, nuclear : float
        :math:`\operatorname{tr} H`, :math:`\|H\|_F` and :math:`\|H\|_* = \sum_i|\lambda_i|`.
    hutchinson, hutch_plus_plus : ndarray, shape (b, seeds)
        Relative errors
        :math:`(\widehat{\operatorname{tr}} - \operatorname{tr} H)/|\operatorname{tr} H|`.
    samples : ndarray, shape (seeds, n_samples)
        Each seed's Hutchinson samples :math:`u^\top H u`, in order.
    """

    products: np.ndarray
    exact: float
    frobenius: float
    nuclear: float
    hutchinson: np.ndarray
    hutch_plus_plus: np.ndarray
    samples: np.ndarray

    @property
    def seeds(self) -> int:
        """The number of seeded runs per budget."""
        return self.samples.shape[0]

    def rms(self, method: str) -> np.ndarray:
        """Root-mean-square relative error over the seeds, at each budget."""
        return np.sqrt(np.mean(getattr(self, method) ** 2, axis=1))

    def slope(self, method: str) -> float:
        """Least-squares slope of log RMS error against log products."""
        return float(np.polyfit(np.log(self.products), np.log(self.rms(method)), 1)[0])

    def hutchinson_exact(self, m: ArrayLike) -> np.ndarray:
        r"""Hutchinson's exact RMS relative error with Gaussian probes,
        :math:`\sqrt{2/m}\,\|H\|_F/|\operatorname{tr} H|` (one probe has variance
        :math:`2\|H\|_F^2`)."""
        return np.sqrt(2.0 / np.asarray(m, dtype=float)) * self.frobenius / abs(self.exact)

    def hutch_plus_plus_bound(self, m: ArrayLike) -> np.ndarray:
        r"""The :math:`1/m` rate of Hutch++'s analysis for an ideal sketch: with :math:`s = g = m/3`
        and the best rank-:math:`s` deflation, the RMS error is
        :math:`\sqrt{2/g}\,\|H - H_s\|_F \le \sqrt{2/g}\,\|H\|_*/(2\sqrt s)
        = 3\|H\|_*/(\sqrt2\, m)`, relative to :math:`|\operatorname{tr} H|` (Meyer et al. 2021,
        Lemma 3, which holds for any matrix with singular values :math:`|\lambda_i|`)."""
        return 3.0 * self.nuclear / (np.sqrt(2.0) * np.asarray(m, dtype=float) * abs(self.exact))

    @property
    def crossover(self) -> float:
        r"""The budget :math:`(\|H\|_*/\|H\|_F)^2` near which the two rates cross: below it
        Hutchinson's :math:`\|H\|_F/\sqrt m` is smaller, above it Hutch++'s :math:`\|H\|_*/m`."""
        return (self.nuclear / self.frobenius) ** 2

    def ratio_interval(
        self, index: int, *, level: float = 0.95, n_boot: int = 2000, rng: int = 0
    ) -> tuple[float, float, float]:
        """Hutchinson's RMS error over Hutch++'s at ``products[index]``, with a percentile
        bootstrap interval over the seeds (resampled in pairs: the same seeds for both)."""
        a = self.hutchinson[index] ** 2
        b = self.hutch_plus_plus[index] ** 2
        generator = np.random.default_rng(rng)
        picks = generator.integers(0, len(a), size=(n_boot, len(a)))
        ratios = np.sqrt(a[picks].mean(axis=1) / b[picks].mean(axis=1))
        tail = 50.0 * (1.0 - as_fraction(level, "level"))
        low, high = np.percentile(ratios, [tail, 100.0 - tail])
        return float(np.sqrt(a.mean() / b.mean())), float(low), float(high)


def spectral_trace_study(
    eigenvalues: ArrayLike,
    products: Sequence[int],
    seeds: int = 200,
    *,
    n_samples: int | None = None,
    rng: int = 0,
) -> SpectralTraceStudy:
    r"""Run Hutchinson's estimator and Hutch++ (Gaussian probes, Meyer et al.'s Algorithm 1 with
    :math:`s = \lfloor m/3\rfloor` sketch columns, :math:`s` products for :math:`HQ` and
    :math:`m - 2s` for the deflated rest) ``seeds`` times at each budget on the diagonal matrix
    of ``eigenvalues`` (see :class:`SpectralTraceStudy` for why that is exact).

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        The spectrum of :math:`H`, with a non-zero sum.
    products : sequence of int
        Budgets, each at least 3.
    seeds : int
        Independent runs per budget.
    n_samples : int, optional
        Hutchinson samples drawn per seed (for stopping rules), at least ``max(products)``, which
        is the default.
    rng : int
        Seed of the one generator all runs draw from.

    Returns
    -------
    SpectralTraceStudy

    Raises
    ------
    TypeError, ValueError
        On invalid arguments or a zero trace.

    References
    ----------
    Hutchinson (1990); Meyer, Musco, Musco & Woodruff, "Hutch++: optimal stochastic trace
    estimation", SOSA (2021).
    """
    lam = as_vector(eigenvalues, "eigenvalues")
    budgets = np.array([as_int(m, "products", 3) for m in products], dtype=int)
    seeds = as_int(seeds, "seeds", 2)
    exact = float(np.sum(lam))
    if exact == 0.0:
        raise ValueError("eigenvalues must have a non-zero sum (the relative error divides by it)")
    generator = np.random.default_rng(as_int(rng, "rng", 0))
    n = lam.size
    longest = int(budgets.max())
    n_samples = longest if n_samples is None else as_int(n_samples, "n_samples", longest)
    samples = np.empty((seeds, n_samples))
    plus = np.empty((len(budgets), seeds))
    with single_thread():
        for s in range(seeds):
            for start in range(0, samples.shape[1], 100):
                stop = min(start + 100, samples.shape[1])
                Z = generator.standard_normal((stop - start, n), dtype=np.float32)
                samples[s, start:stop] = (Z * Z) @ lam  # float32 draws, float64 sums
            for i, m in enumerate(budgets):
                k = min(m // 3, n)
                Q = np.linalg.qr(lam[:, None] * generator.standard_normal((n, k)))[0]
                top = float(np.sum(lam[:, None] * Q * Q))
                G = generator.standard_normal((n, m - 2 * k))
                G = G - Q @ (Q.T @ G)
                HG = lam[:, None] * G
                HG = HG - Q @ (Q.T @ HG)
                plus[i, s] = top + float(np.mean(np.einsum("ij,ij->j", G, HG)))
    plain = np.cumsum(samples, axis=1)[:, budgets - 1] / budgets
    return SpectralTraceStudy(
        budgets,
        exact,
        float(np.linalg.norm(lam)),
        float(np.sum(np.abs(lam))),
        ((plain - exact) / abs(exact)).T,
        (plus - exact) / abs(exact),
        samples,
    )


@dataclass(frozen=True)
class StoppingRule:
    """Where one stopping rule stopped Hutchinson's estimator, over many seeded runs."""

    name: str
    stops: np.ndarray  # probes used by each run
    errors: np.ndarray  # relative error of each run's estimate
    covered: np.ndarray  # |error| <= 2 standard errors (the rule's own error bar)


def stopping_rules(
    samples: ArrayLike,
    exact: float,
    *,
    change_tol: float = 1e-3,
    rtol: float = 0.05,
    min_probes: int = 10,
) -> tuple[StoppingRule, StoppingRule]:
    r"""Apply two stopping rules to each row of Hutchinson ``samples`` (one run per row).

    *Fixed tolerance* (PyHessian's trace): stop at the first :math:`m \ge 2` at which the running
    mean changed by less than ``change_tol`` relative to its previous value. *Standard error*
    (:func:`curvlab.curvature.hutchinson_trace` with ``rtol``): stop at the first
    :math:`m \ge` ``min_probes`` with :math:`\hat\sigma_m/\sqrt m \le` ``rtol`` :math:`|\bar x_m|`.
    A run that never stops uses all its samples.

    Returns
    -------
    (StoppingRule, StoppingRule)
        The fixed-tolerance rule, then the standard-error rule.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.

    References
    ----------
    Yao, Gholami, Keutzer & Mahoney, "PyHessian: neural networks through the lens of the
    Hessian", IEEE Big Data (2020).
    """
    X = np.atleast_2d(np.asarray(samples, dtype=float))
    exact = as_finite_float(exact, "exact")
    change_tol = as_positive_float(change_tol, "change_tol")
    rtol = as_positive_float(rtol, "rtol")
    min_probes = as_int(min_probes, "min_probes", 2)
    m = np.arange(1, X.shape[1] + 1)
    means = np.cumsum(X, axis=1) / m
    squares = np.cumsum(X * X, axis=1)
    variance = np.maximum(squares - m * means**2, 0.0) / np.maximum(m - 1, 1)
    se = np.sqrt(variance / m)
    change = np.full(X.shape, np.inf)
    change[:, 1:] = np.abs(np.diff(means, axis=1)) / np.abs(means[:, :-1])
    rules = []
    for name, fired in (
        ("fixed tolerance", change < change_tol),
        ("standard error", (se <= rtol * np.abs(means)) & (m >= min_probes)),
    ):
        first = np.where(fired.any(axis=1), fired.argmax(axis=1), X.shape[1] - 1)
        rows = np.arange(X.shape[0])
        errors = (means[rows, first] - exact) / abs(exact)
        covered = np.abs(means[rows, first] - exact) <= 2 * se[rows, first]
        rules.append(StoppingRule(name, first + 1, errors, covered))
    return rules[0], rules[1]


# --------------------------------------------------------------------- what a density shows
def outlier_masses(density: SpectralDensity, top: ArrayLike, n_outliers: int, n: int) -> np.ndarray:
    r"""The mass an SLQ density gives each outlier, in units of :math:`1/n` (exact: 1 each).

    Nodes above the geometric middle :math:`\sqrt{\lambda_k\lambda_{k+1}}` of the gap after the
    ``n_outliers``-th eigenvalue are assigned to the nearest of the top ``n_outliers`` eigenvalues
    ``top``; each outlier's mass is the sum of its nodes' weights, times ``n``.

    Raises
    ------
    TypeError, ValueError
        If ``n_outliers`` is not below ``len(top)`` or ``n`` is not positive.
    """
    top = as_vector(top, "top")
    k = as_int(n_outliers, "n_outliers")
    if k >= top.size:
        raise ValueError(f"n_outliers must be below len(top) = {top.size}; got {k}")
    n = as_int(n, "n")
    threshold = np.sqrt(top[k - 1] * top[k])
    above = density.nodes > threshold
    nearest = np.argmin(np.abs(density.nodes[above][:, None] - top[None, :k]), axis=1)
    return np.bincount(nearest, weights=density.weights[above], minlength=k) * n


@dataclass(frozen=True)
class ZeroAtom:
    """The eigenvalues at (or next to) zero of a trained ReLU network's Hessian, and two causes."""

    exact_zero: int  # |lambda| <= 1e-12 lambda_max (zero up to round-off)
    tiny: int  # |lambda| < 1e-4 lambda_max
    silent_pixels: int  # inputs that are 0 in every training example
    dead_units: int  # hidden ReLU units inactive on every training example
    softmax_shifts: int  # directions that add the same amount to every logit (cross-entropy)


def zero_atom(problem: DigitsProblem, theta: ArrayLike, eigenvalues: ArrayLike) -> ZeroAtom:
    r"""Count the Hessian's eigenvalues at zero and two sources of exactly flat directions: a
    first-layer weight from an input that is 0 on every example, and every weight of a hidden
    unit that never activates, leave the loss unchanged to second order (their rows and columns
    of :math:`H` vanish). With cross-entropy, a third: adding the same amount to every logit
    changes nothing, and the output layer can do that in one direction per last hidden unit (its
    outgoing weights all shifted alike) plus one for the output biases.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments.
    """
    values = as_vector(eigenvalues, "eigenvalues")
    theta = as_vector(theta, "theta", problem.net.n_params)
    scale = float(np.max(np.abs(values)))
    (W1, b1), *_ = problem.net.unpack(theta)
    active = (problem.X @ W1.T + b1) > 0
    return ZeroAtom(
        int(np.sum(np.abs(values) <= 1e-12 * scale)),
        int(np.sum(np.abs(values) < 1e-4 * scale)),
        int(np.sum(np.all(problem.X == 0, axis=0))),
        int(np.sum(~active.any(axis=0))),
        problem.net.sizes[-2] + 1 if problem.net.loss_name == "cross_entropy" else 0,
    )


# ------------------------------------------------------- G split by label, the mean input
@dataclass(frozen=True, eq=False)
class LabelSplit:
    r"""The Gauss–Newton matrix of the cross-entropy split by label.

    With :math:`\gamma_{i,c'} = J_i^\top(e_{c'} - p_i)`,
    :math:`G = G_{\text{own}} + G_{\text{cross}}`, where
    :math:`G_{\text{own}} = \frac1N\sum_i p_{iy_i}\gamma_{i,y_i}\gamma_{i,y_i}^\top` (the term of
    the true label, :math:`\gamma_{i,y_i} = -\nabla\ell_i`) and :math:`G_{\text{cross}}` holds the
    terms :math:`c' \ne y_i`.

    Attributes
    ----------
    trace_own, trace_cross : float
        :math:`\operatorname{tr} G_{\text{own}}` and :math:`\operatorname{tr} G_{\text{cross}}`.
    own, cross : ndarray, shape (k,)
        :math:`v^\top G_{\text{own}} v` and :math:`v^\top G_{\text{cross}} v` for each given
        vector :math:`v`.
    """

    trace_own: float
    trace_cross: float
    own: np.ndarray
    cross: np.ndarray

    @property
    def own_share(self) -> float:
        """:math:`\\operatorname{tr} G_{\\text{own}} / \\operatorname{tr} G`."""
        return self.trace_own / (self.trace_own + self.trace_cross)


def ggn_label_split(problem: DigitsProblem, theta: ArrayLike, vectors: ArrayLike) -> LabelSplit:
    r"""Split the cross-entropy Gauss–Newton matrix into its true-label and cross-label terms.

    Since :math:`\operatorname{diag}p - pp^\top = \sum_{c'} p_{c'}(e_{c'} - p)(e_{c'} - p)^\top`,

    .. math::

        G = \frac1N \sum_i \sum_{c'} p_{ic'}\,\gamma_{i,c'}\gamma_{i,c'}^\top, \qquad
        \gamma_{i,c'} = J_i^\top(e_{c'} - p_i),

    and :math:`\gamma_{i,c'}` is minus the gradient of example :math:`i`'s loss had its label been
    :math:`c'`. This function forms every :math:`\gamma_{i,c'}` (one single-example gradient each,
    :math:`NC` in all) and sums the terms :math:`c' = y_i` and :math:`c' \ne y_i` separately, as
    traces and as quadratic forms on the columns of ``vectors``.

    Parameters
    ----------
    problem : DigitsProblem
        A classifier with cross-entropy loss.
    theta : array_like, shape (n,)
        The parameters.
    vectors : array_like, shape (n, k)
        The directions on which to evaluate both parts.

    Returns
    -------
    LabelSplit

    Raises
    ------
    ValueError
        If ``theta`` or ``vectors`` has the wrong shape.

    References
    ----------
    Papyan, "Traces of class/cross-class structure pervade deep learning spectra", JMLR 21 (2020).
    """
    net, X, Y = problem.net, problem.X, problem.Y
    theta = np.asarray(theta, dtype=float)
    if theta.shape != (net.n_params,):
        raise ValueError(f"theta must have shape ({net.n_params},); got {theta.shape}")
    V = np.asarray(vectors, dtype=float)
    if V.ndim != 2 or V.shape[0] != net.n_params:
        raise ValueError(f"vectors must have shape ({net.n_params}, k); got {V.shape}")
    labels = np.argmax(Y, axis=1)
    N, C = Y.shape
    logits = net.predict(theta, X)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    E = np.eye(C)
    trace = np.zeros(2)
    forms = np.zeros((2, V.shape[1]))
    with single_thread():
        for i in range(N):
            for c in range(C):
                gamma = -net.gradient(theta, X[i : i + 1], E[c : c + 1])
                part = 0 if c == labels[i] else 1
                trace[part] += p[i, c] * (gamma @ gamma)
                forms[part] += p[i, c] * (V.T @ gamma) ** 2
    trace /= N
    forms /= N
    return LabelSplit(float(trace[0]), float(trace[1]), forms[0], forms[1])


@dataclass(frozen=True, eq=False)
class MeanInputAlignment:
    r"""How much of each direction lives in the first layer, and along the mean input there.

    Attributes
    ----------
    first_layer : ndarray, shape (k,)
        :math:`(\|W_1\|_F^2 + \|b_1\|^2)/\|v\|^2` for each direction :math:`v` unpacked into the
        network's layers.
    along_mean : ndarray, shape (k,)
        :math:`\|W_1\hat x\|^2/\|W_1\|_F^2`, the share of the first-layer weights of the form
        :math:`u\hat x^\top`, with :math:`\hat x` the unit mean input.
    """

    first_layer: np.ndarray
    along_mean: np.ndarray


def mean_input_alignment(net: MLP, vectors: ArrayLike, mean_input: ArrayLike) -> MeanInputAlignment:
    r"""Measure how much of each direction in parameter space acts through the mean input.

    A first-layer weight matrix :math:`W_1` splits into :math:`W_1\hat x\hat x^\top`, which
    responds only to the mean input :math:`\bar x` (:math:`\hat x = \bar x/\|\bar x\|`), and the
    rest; :math:`\|W_1\hat x\|^2/\|W_1\|_F^2` is the first part's share. With uncentred inputs,
    :math:`E[xx^\top] = \Sigma + \bar x\bar x^\top` has a large eigenvalue along :math:`\bar x`,
    and the curvature of the first layer's weights inherits it (LeCun et al. 1998).

    Parameters
    ----------
    net : MLP
        The network whose layout unpacks the directions.
    vectors : array_like, shape (n, k)
        Directions in parameter space (columns).
    mean_input : array_like, shape (d,)
        The mean input :math:`\bar x`, nonzero.

    Returns
    -------
    MeanInputAlignment

    Raises
    ------
    ValueError
        If the shapes do not fit ``net`` or ``mean_input`` is zero.

    References
    ----------
    LeCun, Bottou, Orr & Müller, "Efficient BackProp", in Neural Networks: Tricks of the Trade
    (1998).
    """
    V = np.asarray(vectors, dtype=float)
    if V.ndim != 2 or V.shape[0] != net.n_params:
        raise ValueError(f"vectors must have shape ({net.n_params}, k); got {V.shape}")
    x = as_vector(mean_input, "mean_input")
    if x.shape != (net.sizes[0],):
        raise ValueError(f"mean_input must have shape ({net.sizes[0]},); got {x.shape}")
    norm = float(np.linalg.norm(x))
    if norm == 0.0:
        raise ValueError("mean_input must be nonzero")
    x_hat = x / norm
    first, along = [], []
    for v in V.T:
        (W1, b1), *_ = net.unpack(v)
        layer = float(np.sum(W1**2) + np.sum(b1**2))
        first.append(layer / float(v @ v))
        along.append(float(np.sum((W1 @ x_hat) ** 2)) / float(np.sum(W1**2)))
    return MeanInputAlignment(np.array(first), np.array(along))


@dataclass(frozen=True)
class ProbeDeviation:
    r"""One Hutchinson probe's standard deviation, relative to :math:`|\operatorname{tr}H|`.

    Attributes
    ----------
    gaussian, rademacher : float
        :math:`\sqrt{2\|H\|_F^2}/|\operatorname{tr}H|` and
        :math:`\sqrt{2\sum_{i\ne j}H_{ij}^2}/|\operatorname{tr}H|`.
    diagonal_share : float
        :math:`\sum_i H_{ii}^2/\|H\|_F^2`, the part of the variance that Rademacher probes remove.
    crossover_gaussian, crossover_rademacher : float
        :math:`m^* = (\|H\|_*/\sigma)^2` with :math:`\sigma^2` the variance's off-diagonal or full
        Frobenius part: :math:`(\|H\|_*/\|H\|_F)^2` and
        :math:`\|H\|_*^2/\sum_{i\ne j}H_{ij}^2` (infinite for a diagonal matrix).
    """

    gaussian: float
    rademacher: float
    diagonal_share: float
    crossover_gaussian: float
    crossover_rademacher: float

    def probes_for(self, rtol: float, kind: str = "rademacher") -> float:
        """Probes for a standard error of ``rtol`` of the trace: ``(deviation / rtol) ** 2``."""
        rtol = as_positive_float(rtol, "rtol")
        kind = as_choice(kind, "kind", ("gaussian", "rademacher"))
        return (getattr(self, kind) / rtol) ** 2


def probe_deviation(H: ArrayLike) -> ProbeDeviation:
    r"""Standard deviation of one Hutchinson sample :math:`u^\top Hu` for Gaussian and Rademacher
    probes, from a dense symmetric matrix.

    A Gaussian probe has variance :math:`2\|H\|_F^2`; a Rademacher probe, whose squared entries
    are 1, loses the diagonal's part and has :math:`2\sum_{i\ne j}H_{ij}^2`
    (Avron & Toledo 2011).

    Parameters
    ----------
    H : array_like, shape (n, n)
        Symmetric, with nonzero trace.

    Returns
    -------
    ProbeDeviation

    Raises
    ------
    ValueError
        If ``H`` is not square or its trace is zero.

    References
    ----------
    Avron & Toledo, "Randomized algorithms for estimating the trace of an implicit symmetric
    positive semi-definite matrix", J. ACM 58 (2011).
    """
    H = np.asarray(H, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be a square matrix; got shape {H.shape}")
    trace = float(np.trace(H))
    if trace == 0.0:
        raise ValueError("H must have a nonzero trace")
    frobenius2 = float(np.sum(H * H))
    diagonal2 = float(np.sum(np.diag(H) ** 2))
    nuclear = float(np.sum(np.abs(np.linalg.eigvalsh(H))))
    return ProbeDeviation(
        np.sqrt(2.0 * frobenius2) / abs(trace),
        np.sqrt(2.0 * (frobenius2 - diagonal2)) / abs(trace),
        diagonal2 / frobenius2,
        nuclear**2 / frobenius2,
        nuclear**2 / (frobenius2 - diagonal2) if frobenius2 > diagonal2 else np.inf,
    )
