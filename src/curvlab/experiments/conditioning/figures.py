"""Chapter 4's figures: iterations against κ and η, and the regression whose units set κ."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from curvlab.core.runner import TOL, Status
from curvlab.experiments.conditioning.compute import (
    SCALED_GRID,
    BowlStepStudy,
    KappaSweep,
    StepSweep,
)
from curvlab.plotting.panels import contour_window
from curvlab.plotting.render import FIGURE_DPI, FRAME_DPI, new_figure
from curvlab.plotting.style import PALETTE

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
    dpi: float = FIGURE_DPI,
) -> Figure:
    """Gradient evaluations at the optimal step against κ, measured and predicted, log-log.

    ``random_counts`` (shape ``(len(random_kappas), trials)``) adds the runs on random
    non-diagonal matrices as points.
    """
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    fine = np.geomspace(max(float(sweep.kappa.min()), 1.0), float(sweep.kappa.max()), 200)
    bound = sweep.bound["gradient descent"] + 1
    ax.loglog(sweep.kappa, bound, "-", color="0.55", lw=2.5, label="prediction from (κ−1)/(κ+1)")
    ax.loglog(
        sweep.kappa,
        sweep.evaluations(),
        "o",
        color=PALETTE[0],
        ms=7,
        label="measured, bowl diag(1, κ)",
    )
    if random_kappas is not None and random_counts is not None:
        kappas = np.repeat(np.asarray(random_kappas, dtype=float), random_counts.shape[1])
        ax.loglog(kappas, random_counts.ravel(), "x", color=PALETTE[1], ms=6, label=random_label)
    slope_ref = bound[-1] * fine / fine[-1]
    ax.loglog(fine, slope_ref, ":", color="0.3", lw=1, label="∝ κ (slope 1)")
    ax.set_xlabel("condition number κ")
    ax.set_ylabel(f"gradient evaluations to |∇f| < {TOL:g}")
    ax.set_title("Gradient descent at η* = 2/(λmin+λmax): cost grows like κ")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    return figure


def step_sweep_figure(sweep: StepSweep, *, dpi: float = FIGURE_DPI) -> Figure:
    """Gradient evaluations against the step size η, with η* and 2/λmax marked.

    Draws the measured runs of ``sweep`` and the closed-form curve it carries
    (:func:`~curvlab.experiments.conditioning.compute.step_sweep` computes both).
    """
    bound, best = sweep.bound, sweep.lr_star
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    ax.semilogy(sweep.fine_lr, sweep.predicted, "-", color="0.55", lw=2, label="closed form")
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
        # A diverged run has no count: mark its step size on the top edge of the axes (x in data
        # units, y in axes units), not at an invented height on the count axis.
        ax.plot(
            sweep.lr[diverged],
            np.full(sum(diverged), 0.97),
            "X",
            color=PALETTE[2],
            ms=7,
            ls="none",
            transform=ax.get_xaxis_transform(),
            clip_on=False,
            label="diverged (no count; marked on the top edge)",
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
    ax.set_ylabel(f"gradient evaluations to |∇f| < {TOL:g}")
    ax.set_title(f"One bowl (κ = {sweep.kappa:g}), many step sizes")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="upper center")
    return figure


class ConditioningFrame:
    """The frame of chapter 4's first exploration: the bowl ``diag(1, κ)`` and a step ``η``.

    :meth:`draw` takes a :class:`~curvlab.experiments.conditioning.compute.BowlStepStudy` (from
    :func:`~curvlab.experiments.conditioning.compute.bowl_step_study`) and only draws it. The
    step is given relative to the steepest curvature, ``η·λmax`` (stable below 2), so one
    slider serves every κ. Left: the path on the contours. Right: gradient evaluations to
    ``|∇f| < TOL`` against ``η·λmax`` in closed form, the unstable region shaded and the
    current step marked. Contours and the cost curve are redrawn only when κ changes.
    """

    def __init__(self, *, dpi: float = FRAME_DPI) -> None:
        self.figure = new_figure(8.4, 3.5, dpi=dpi)
        self.ax_path, self.ax_cost = self.figure.subplots(1, 2, width_ratios=(1.0, 1.3))
        self._kappa: float | None = None
        self._contours = None
        reach = 1.3
        self._window = ((-reach, reach), (-reach, reach))
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
        ax.set_xlim(0, SCALED_GRID[-1])
        ax.set_ylim(1, 1e6)
        ax.set_xlabel("η · λmax  (stable below 2)")
        ax.set_ylabel(f"evaluations to |∇f| < {TOL:g}")
        ax.grid(True, which="major", alpha=0.3)
        ax.axvspan(2.0, SCALED_GRID[-1], color=PALETTE[2], alpha=0.12)
        ax.text(2.03, 3e5, "diverges", color=PALETTE[2], fontsize="small")
        (self._curve,) = ax.plot([], [], "-", color="0.4", lw=1.8)
        self._best = ax.axvline(1.0, color=PALETTE[3], lw=1.0)
        (self._marker,) = ax.plot([], [], "o", color=PALETTE[0], ms=8)
        self.figure.suptitle("placeholder", fontsize="medium")
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")

    def _set_bowl(self, study: BowlStepStudy) -> None:
        if self._contours is not None:
            self._contours.remove()
        self._contours = contour_window(
            self.ax_path, study.objective, self._window, grid=101, colors="0.6", set_limits=False
        )
        self._curve.set_data(SCALED_GRID, study.curve)
        best = study.lr_star * study.objective.spectrum.eigenvalues[-1]  # η* λmax
        self._best.set_xdata([best, best])
        self._kappa = study.objective.spectrum.eigenvalues[-1]

    def draw(self, study: BowlStepStudy) -> Figure:
        """Draw one computed study and return the (same, updated) figure."""
        kappa = float(study.objective.spectrum.eigenvalues[-1])
        if kappa != self._kappa:
            self._set_bowl(study)
        trajectory, count = study.trajectory, study.evaluations
        self._path.set_data(trajectory.xs[:, 0], trajectory.xs[:, 1])
        self._end.set_data([trajectory.x[0]], [trajectory.x[1]])
        self._end.set_marker("X" if trajectory.status is Status.DIVERGED else "o")
        self._marker.set_data([study.lr_scaled], [count if count is not None else 1e6])
        self._marker.set_color(PALETTE[0] if count is not None else PALETTE[2])
        outcome = "diverges" if count is None else f"{count:,d} evaluations to |∇f| < {TOL:g}"
        self.figure.suptitle(
            f"κ = {kappa:g}, η = {study.lr:.3g} (η* = {study.lr_star:.3g}, bound 2/λmax = "
            f"{study.bound:.3g}); rate max|1−ηλ| = {study.rate:.4f}: {outcome}",
            fontsize="medium",
        )
        return self.figure


class RegressionScaleFrame:
    """The frame of chapter 4's second exploration: the units of one feature set κ.

    ``curves`` maps a preprocessing label to ``(factors, kappas, evaluations)``, all computed
    in advance by :func:`~curvlab.experiments.conditioning.compute.unit_sweep`; :meth:`draw`
    marks one factor.
    """

    def __init__(
        self,
        curves: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
        *,
        dpi: float = FRAME_DPI,
    ) -> None:
        self.curves = curves
        self.figure = new_figure(8.4, 3.3, dpi=dpi)
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
