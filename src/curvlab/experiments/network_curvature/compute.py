r"""Chapter 7's computations on the digits network: cost, spectrum, outliers, trace estimation.

Everything here is numpy/scipy; the figures module draws what these functions return. The
small matrix products of these networks run fastest on one BLAS thread (threads cost more than
they save at this size, and one thread also fixes the order of every floating-point sum), so
the training loops run inside :func:`single_thread`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from curvlab.curvature.density import SpectralDensity, slq
from curvlab.curvature.lanczos import lanczos
from curvlab.curvature.trace import hutch_plus_plus, hutchinson_trace
from curvlab.optimizers import Optimizer
from curvlab.problems.digits import Digits, load_digits
from curvlab.problems.mlp import MLP

__all__ = [
    "DigitsProblem",
    "OutlierStudy",
    "ProductChecks",
    "SpectrumHistory",
    "TraceStudy",
    "TrainingRun",
    "dense_eigensolver_times",
    "digits_problem",
    "hessian_bytes",
    "median_seconds",
    "multiply_counts",
    "outliers_by_classes",
    "product_checks",
    "single_thread",
    "spectrum_during_training",
    "trace_error_study",
    "train",
    "use_one_thread",
]


@contextmanager
def single_thread():
    """Run the enclosed numpy code on one BLAS thread (restored afterwards)."""
    with threadpool_limits(limits=1):
        yield


def use_one_thread() -> None:
    """Limit BLAS to one thread from now on (for a whole notebook: the chapter's matrices are
    small, and on a shared machine extra threads cost more than they save)."""
    threadpool_limits(limits=1)


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
    """
    net, X, Y = problem.net, problem.X, problem.Y
    derivatives = net.objective(X, Y).unchecked
    n_grad = 0

    class Counted:
        """The derivatives an optimizer sees, counting its extra gradients (SAM's)."""

        @staticmethod
        def grad(x: np.ndarray) -> np.ndarray:
            nonlocal n_grad
            n_grad += 1
            return derivatives.grad(x)

        fun, hess, hessp = derivatives.fun, derivatives.hess, derivatives.hessp

    theta = np.array(theta0, dtype=float)
    state = optimizer.init(theta)
    losses, checkpoints, sharpness = [], [], []
    n_hvp, diverged = 0, False
    with single_thread(), np.errstate(all="ignore"):
        for step in range(n_steps + 1):
            value, grad = net.loss_and_gradient(theta, X, Y) if _finite(theta) else (np.inf, None)
            n_grad += 1
            if not np.isfinite(value):
                diverged = True
                break
            losses.append(value)
            done = step == n_steps or (target_loss is not None and value < target_loss)
            if sharpness_every and (step % sharpness_every == 0 or done):
                top = lanczos(problem.hessian(theta), 1, tol=sharpness_tol, rng=step)
                checkpoints.append(step)
                sharpness.append(float(top.eigenvalues[0]))
                n_hvp += top.n_products
            if done:
                break
            update, state = optimizer.update(grad, state, theta, Counted)
            theta = theta + update
    return TrainingRun(
        loss=np.array(losses),
        checkpoints=np.array(checkpoints, dtype=int),
        sharpness=np.array(sharpness),
        theta=theta,
        diverged=diverged,
        n_grad=n_grad,
        n_hvp=n_hvp,
        label=optimizer.name,
    )


def _finite(theta: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(theta))) and float(np.max(np.abs(theta))) < 1e6


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
        G = net.ggn_operator(theta, X, Y) @ np.eye(net.n_params)
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
    studies = []
    with single_thread():
        for C in class_counts:
            problem = digits_problem(
                (hidden,), activation="relu", classes=tuple(range(C)), standardize=standardize
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
            studies.append(
                OutlierStudy(
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
            )
    return studies


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
