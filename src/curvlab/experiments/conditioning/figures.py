"""Chapter 4's figures: iterations against κ and η, and the regression whose units set κ."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from curvlab.core.runner import Status, run
from curvlab.experiments.conditioning.compute import KappaSweep, StepSweep, predicted_evaluations
from curvlab.optimizers.descent import gradient_descent
from curvlab.plotting.panels import PALETTE, contour_levels
from curvlab.plotting.render import new_figure
from curvlab.problems.quadratic import Quadratic, bowl
from curvlab.theory.rates import optimal_step

__all__ = [
    "ConditioningFrame",
    "RegressionScaleFrame",
    "kappa_iterations_figure",
    "step_sweep_figure",
]


def kappa_iterations_figure(
    sweep: KappaSweep,
    random_kappas: np.ndarray | None = None,
    random_counts: np.ndarray | None = None,
    *,
    random_label: str = "random SPD matrices",
    dpi: float = 100,
) -> Figure:
    """Gradient evaluations at the optimal step against κ, measured and predicted, log-log.

    ``random_counts`` (shape ``(len(random_kappas), trials)``) adds the runs on random
    non-diagonal matrices as points.
    """
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    fine = np.geomspace(max(float(sweep.kappa.min()), 1.0), float(sweep.kappa.max()), 200)
    ax.loglog(
        sweep.kappa, sweep.bound, "-", color="0.55", lw=2.5, label="prediction from (κ−1)/(κ+1)"
    )
    ax.loglog(
        sweep.kappa, sweep.measured, "o", color=PALETTE[0], ms=7, label="measured, bowl diag(1, κ)"
    )
    if random_kappas is not None and random_counts is not None:
        kappas = np.repeat(np.asarray(random_kappas, dtype=float), random_counts.shape[1])
        ax.loglog(kappas, random_counts.ravel(), "x", color=PALETTE[1], ms=6, label=random_label)
    slope_ref = sweep.bound[-1] * fine / fine[-1]
    ax.loglog(fine, slope_ref, ":", color="0.3", lw=1, label="∝ κ (slope 1)")
    ax.set_xlabel("condition number κ")
    ax.set_ylabel("gradient evaluations to |∇f| < 1e-6")
    ax.set_title("Gradient descent at η* = 2/(λmin+λmax): cost grows like κ")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    return figure


def step_sweep_figure(
    A: np.ndarray, sweep: StepSweep, x0: np.ndarray, *, dpi: float = 100
) -> Figure:
    """Gradient evaluations against the step size η, with η* and 2/λmax marked."""
    eigenvalues = np.linalg.eigvalsh(A)
    bound = 2.0 / eigenvalues[-1]
    best = optimal_step(A)
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    fine = np.linspace(sweep.lr.min(), min(sweep.lr.max(), bound * 0.9999), 600)
    predicted = [predicted_evaluations(A, float(lr), x0, 1e-6) for lr in fine]
    ax.semilogy(
        fine,
        [np.nan if p is None else p for p in predicted],
        "-",
        color="0.55",
        lw=2,
        label="closed form",
    )
    converged = np.isfinite(sweep.evaluations)
    ax.semilogy(
        sweep.lr[converged],
        sweep.evaluations[converged],
        "o",
        color=PALETTE[0],
        ms=5,
        label="measured runs",
    )
    diverged = [s is Status.DIVERGED for s in sweep.status]
    if any(diverged):
        top = np.nanmax(sweep.evaluations)
        ax.semilogy(
            sweep.lr[diverged],
            np.full(sum(diverged), top),
            "X",
            color=PALETTE[2],
            ms=7,
            ls="none",
            label="diverged",
        )
    ax.axvline(best, color=PALETTE[3], lw=1.2, label=f"η* = 2/(λmin+λmax) = {best:.4g}")
    ax.axvspan(
        bound,
        sweep.lr.max() * 1.02,
        color=PALETTE[2],
        alpha=0.12,
        label=f"unstable: η ≥ 2/λmax = {bound:.4g}",
    )
    ax.set_xlim(0, sweep.lr.max() * 1.02)
    ax.set_xlabel("step size η")
    ax.set_ylabel("gradient evaluations to |∇f| < 1e-6")
    kappa = eigenvalues[-1] / eigenvalues[0]
    ax.set_title(f"One bowl (κ = {kappa:g}), many step sizes")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="upper center")
    return figure


class ConditioningFrame:
    """The frame of chapter 4's first exploration: the bowl ``diag(1, κ)`` and a step ``η``.

    The step is given relative to the steepest curvature, ``η·λmax`` (stable below 2), so one
    slider serves every κ. Left: the path on the contours. Right: gradient evaluations to
    ``|∇f| < 1e-6`` against ``η·λmax`` in closed form, the unstable region shaded and the
    current step marked.
    """

    START = np.array([1.0, 1.0])
    GRID = np.linspace(0.02, 2.3, 300)

    def __init__(self, *, maxiter: int = 3_000, dpi: float = 72) -> None:
        self.maxiter = maxiter
        self.figure = new_figure(8.4, 3.5, dpi=dpi)
        self.ax_path, self.ax_cost = self.figure.subplots(1, 2, width_ratios=(1.0, 1.3))
        self._kappa: float | None = None
        self._contours = None
        reach = 1.3
        self._xs = np.linspace(-reach, reach, 101)
        ax = self.ax_path
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.set_aspect("equal")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        (self._path,) = ax.plot([], [], "-", color=PALETTE[0], lw=1.4, marker=".", ms=3)
        (self._end,) = ax.plot([], [], "o", color=PALETTE[0], ms=6)
        ax = self.ax_cost
        ax.set_yscale("log")
        ax.set_xlim(0, self.GRID[-1])
        ax.set_ylim(1, 1e6)
        ax.set_xlabel("η · λmax  (stable below 2)")
        ax.set_ylabel("evaluations to |∇f| < 1e-6")
        ax.grid(True, which="major", alpha=0.3)
        ax.axvspan(2.0, self.GRID[-1], color=PALETTE[2], alpha=0.12)
        ax.text(2.03, 3e5, "diverges", color=PALETTE[2], fontsize="small")
        (self._curve,) = ax.plot([], [], "-", color="0.4", lw=1.8)
        self._best = ax.axvline(1.0, color=PALETTE[3], lw=1.0)
        (self._marker,) = ax.plot([], [], "o", color=PALETTE[0], ms=8)
        self.figure.suptitle("placeholder", fontsize="medium")
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")

    def _set_kappa(self, kappa: float) -> None:
        objective = bowl(kappa)
        if self._contours is not None:
            self._contours.remove()
        values = objective.on_grid(self._xs, self._xs)
        self._contours = self.ax_path.contour(
            self._xs, self._xs, values, levels=contour_levels(values), colors="0.6", linewidths=0.7
        )
        counts = [
            predicted_evaluations(objective.A, s / kappa, self.START, 1e-6) for s in self.GRID
        ]
        self._curve.set_data(self.GRID, [np.nan if c is None else c for c in counts])
        best = 2.0 * kappa / (1.0 + kappa)  # η* λmax
        self._best.set_xdata([best, best])
        self._kappa = kappa

    def draw(self, kappa: float, lr_scaled: float) -> Figure:
        """Run gradient descent with ``η = lr_scaled / κ`` on ``diag(1, κ)`` and draw it."""
        kappa = float(kappa)
        if kappa != self._kappa:
            self._set_kappa(kappa)
        objective: Quadratic = bowl(kappa)
        lr = lr_scaled / kappa
        trajectory = run(objective, gradient_descent(lr), self.START, maxiter=self.maxiter)
        self._path.set_data(trajectory.xs[:, 0], trajectory.xs[:, 1])
        self._end.set_data([trajectory.xs[-1, 0]], [trajectory.xs[-1, 1]])
        self._end.set_marker("X" if trajectory.status is Status.DIVERGED else "o")
        count = predicted_evaluations(objective.A, lr, self.START, 1e-6)
        self._marker.set_data([lr_scaled], [count if count is not None else 1e6])
        self._marker.set_color(PALETTE[0] if count is not None else PALETTE[2])
        rate = float(np.max(np.abs(1.0 - lr * np.array([1.0, kappa]))))
        outcome = "diverges" if count is None else f"{count:,d} evaluations to |∇f| < 1e-6"
        self.figure.suptitle(
            f"κ = {kappa:g}, η = {lr:.3g} (η* = {2 / (1 + kappa):.3g}, bound 2/λmax = "
            f"{2 / kappa:.3g}); rate max|1−ηλ| = {rate:.4f}: {outcome}",
            fontsize="medium",
        )
        return self.figure


class RegressionScaleFrame:
    """The frame of chapter 4's second exploration: the units of one feature set κ.

    ``curves`` maps a preprocessing label to ``(factors, kappas, evaluations)``, all computed
    in advance (see :func:`curvlab.problems.least_squares` and the chapter). :meth:`draw` marks one
    factor.
    """

    def __init__(
        self, curves: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]], *, dpi: float = 72
    ) -> None:
        self.curves = curves
        self.figure = new_figure(8.4, 3.3, dpi=dpi)  # dpi 64 by default: 28 static frames
        self.ax_kappa, self.ax_cost = self.figure.subplots(1, 2)
        self._markers = {}
        for i, (label, (factors, kappas, counts)) in enumerate(curves.items()):
            color = PALETTE[(i + 1) % len(PALETTE)]
            self.ax_kappa.loglog(factors, kappas, "-", color=color, lw=1.6, label=label)
            self.ax_cost.loglog(factors, counts, "-", color=color, lw=1.6, label=label)
            (mk,) = self.ax_kappa.plot([], [], "o", color=color, ms=8)
            (mc,) = self.ax_cost.plot([], [], "o", color=color, ms=8)
            self._markers[label] = (mk, mc)
        self.ax_kappa.set_xlabel("income unit factor (1 = thousands of dollars)")
        self.ax_kappa.set_ylabel("κ of the Hessian XᵀX/N")
        self.ax_cost.set_xlabel("income unit factor (1 = thousands of dollars)")
        self.ax_cost.set_ylabel("GD evaluations at η* (closed form)")
        for ax in (self.ax_kappa, self.ax_cost):
            ax.grid(True, which="major", alpha=0.3)
        self.ax_kappa.legend(fontsize="small")
        self.figure.suptitle("placeholder", fontsize="medium")
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")

    def draw(self, factor: float, preprocessing: str) -> Figure:
        """Mark the income unit ``factor`` on the curve of ``preprocessing``."""
        for label, (factors, kappas, counts) in self.curves.items():
            mk, mc = self._markers[label]
            visible = label == preprocessing
            mk.set_visible(visible)
            mc.set_visible(visible)
            if visible:
                index = int(np.argmin(np.abs(np.log(factors / factor))))
                mk.set_data([factors[index]], [kappas[index]])
                mc.set_data([factors[index]], [counts[index]])
                kappa, count = kappas[index], counts[index]
        self.figure.suptitle(
            f"{preprocessing}, income × {factor:g}: κ = {kappa:.3g}, "
            f"gradient descent needs {count:,.0f} evaluations",
            fontsize="medium",
        )
        return self.figure
