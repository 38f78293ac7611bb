"""Gradient descent on the bowl ½(x² + κy²): the frame behind chapter 1's exploration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike

from curvlab.core.runner import Status
from curvlab.experiments.gradient_descent.compute import BowlRun
from curvlab.experiments.step_size.compute import EigenDecay, crossover_step, rate_curve
from curvlab.plotting.panels import PathLossFigure, contour_window, describe_run
from curvlab.plotting.render import FIGURE_DPI, new_figure
from curvlab.plotting.style import PALETTE
from curvlab.problems.quadratic import bowl

__all__ = [
    "GradientDescentBowlFrame",
    "eigen_decay_figure",
    "rate_curve_figure",
    "rate_text",
    "step_size_comparison_figure",
]


def rate_text(rate: float) -> str:
    """The contraction factor as a reader should see it: three decimals, unless that would print
    "1.000" for a factor that is not 1, which is then written as ``1 − d`` with the gap ``d`` to
    two significant digits (0.99998 is "1 − 2.0e-05", and 1 is "1").

    Examples
    --------
    >>> rate_text(0.818), rate_text(0.99998), rate_text(1.0), rate_text(1.02)
    ('0.818', '1 − 2.0e-05', '1', '1.020')
    """
    if rate == 1.0:
        return "1"
    text = f"{rate:.3f}"
    if text == "1.000":
        gap = 1.0 - rate
        return f"1 − {gap:.1e}" if gap > 0 else f"1 + {-gap:.1e}"
    return text


class GradientDescentBowlFrame:
    """Draws a :class:`~curvlab.experiments.gradient_descent.compute.BowlRun` on its bowl.

    The figure is created once (an exploration frame, :func:`curvlab.plotting.render.new_frame`);
    :meth:`draw` updates the existing artists with the run it is given, redrawing contours only
    when ``kappa`` changes. The title's first line gives κ, η (and whether it is η*) and the
    rate; its second how the run ended, against its finish line |∇f| < 10⁻⁶, and the step at
    which the distance to the minimum first fell below the same 10⁻⁶.
    """

    def __init__(self) -> None:
        self.panels = PathLossFigure(bowl(1.0).window, frame=True, frame_height=4.3)
        path = Line2D([], [], color=PALETTE[0], lw=1.6, marker="o", ms=6)
        stopped = Line2D([], [], color=PALETTE[0], ls="none", marker="X", ms=7)
        contours = Line2D([], [], color="0.6", lw=1.0)
        self.panels.add_key(
            [path, stopped, contours],
            ["path; ● where it stopped", "✕ where a diverging run was stopped", "contours of f"],
            ncols=2,
        )
        self._kappa: float | None = None

    @property
    def figure(self) -> Figure:
        """The figure that :meth:`draw` updates."""
        return self.panels.figure

    def draw(self, result: BowlRun) -> Figure:
        """Draw one computed run and return the (same, updated) figure."""
        if result.kappa != self._kappa:
            self.panels.set_surface(result.objective)
            self._kappa = result.kappa
        self.panels.set_paths([result.trajectory], [f"η = {result.lr:.3g}"])
        optimal = abs(result.lr * (1.0 + result.kappa) - 2.0) < 1e-12
        name = "η* = 2/(1 + κ)" if optimal else "η"
        close = (
            f"; |x − x*| < 10⁻⁶ from step {result.close_at:,d}"
            if result.close_at is not None and result.trajectory.status is Status.CONVERGED
            else ""
        )
        diverged = result.trajectory.status is Status.DIVERGED
        finish = "" if diverged else " (stop: |∇f| < 10⁻⁶)"
        self.panels.set_title(
            f"κ = {result.kappa:g}, {name} = {result.lr:.3g} = {result.lr / result.bound:.3g} × "
            f"2/κ, rate max|1 − ηλ| = {rate_text(result.rate)}\n"
            f"{describe_run(result.trajectory)}{finish}{close}"
        )
        return self.figure


def step_size_comparison_figure(
    runs: Sequence[BowlRun], *, shown_steps: int = 40, dpi: float = FIGURE_DPI
) -> Figure:
    """Runs on one bowl with several step sizes (from
    :func:`~curvlab.experiments.gradient_descent.compute.bowl_runs`): one path panel per run,
    then the losses together.

    Each path gets its own panel, so that no run hides another (the divergent one fills the
    centre of the bowl, and the one at the bound bounces on top of the others), and each panel
    says which run it shows and how it ended. The paths show their first ``shown_steps`` steps;
    the loss panel shows every step, with a legend. Chapter 1 uses it to show runs just below,
    at and just above the stability bound ``2/kappa``.
    """
    objective, kappa, bound = runs[0].objective, runs[0].kappa, runs[0].bound
    figure = new_figure(3.0 * len(runs) + 4.2, 3.6, dpi=dpi)
    axes = figure.subplots(1, len(runs) + 1, width_ratios=(*([1.0] * len(runs)), 1.5))
    for i, (ax, result) in enumerate(zip(axes[:-1], runs, strict=False)):
        color = PALETTE[i % len(PALETTE)]
        contour_window(ax, objective)
        path = result.trajectory.xs[: shown_steps + 1]
        ax.plot(path[:, 0], path[:, 1], "-", color=color, lw=1.3, marker=".", ms=4)
        ax.plot(*path[0], "s", color="k", ms=5, label="start")
        ax.plot(*path[-1], "o", color=color, mec="k", ms=7, label=f"step {len(path) - 1}")
        ax.set_title(f"η = {result.lr:g}\n{describe_run(result.trajectory)}", fontsize="small")
        ax.set_xlabel("x")
        if i == 0:
            ax.set_ylabel("y")
        ax.legend(loc="lower right", fontsize="x-small", framealpha=0.85)
    ax = axes[-1]
    for i, result in enumerate(runs):
        values = np.maximum(result.trajectory.fun, 1e-16)
        ax.semilogy(values, color=PALETTE[i % len(PALETTE)], lw=1.6,
                    label=f"η = {result.lr:g}")  # fmt: skip
    ax.set_xlabel("step k")
    ax.set_ylabel(r"$f(x_k) - f^*$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="best")
    figure.suptitle(
        f"Gradient descent on ½(x² + {kappa:g}y²), stability bound 2/κ = {bound:.3g}: "
        f"the first {shown_steps} steps of each path, and every step of the loss",
        fontsize="medium",
    )
    return figure


def rate_curve_figure(eigenvalues: ArrayLike, *, dpi: float = FIGURE_DPI) -> Figure:
    r"""Draw :math:`\rho(\eta) = \max_i|1 - \eta\lambda_i|`, marking :math:`\eta^\star` and
    :math:`2/\lambda_{\max}`.

    The two extreme factors :math:`|1 - \eta\lambda_{\min}|` (flat) and
    :math:`|1 - \eta\lambda_{\max}|` (steep) are drawn thin and dashed; their upper envelope, the
    rate, thick. The steep factor's own V, with its bottom 0 at :math:`1/\lambda_{\max}`, is the
    sharpest shape on the plot but not the rate: the rate is a lopsided V whose bottom is where the
    thin lines cross, :math:`\eta^\star`; where the rate reaches 1 is the stability bound.
    """
    values = np.sort(np.asarray(eigenvalues, dtype=float).ravel())
    lo, hi = float(values[0]), float(values[-1])
    bound, best = 2.0 / hi, crossover_step(values)
    lrs = np.linspace(0.0, 1.25 * bound, 501)
    figure = new_figure(6.4, 5.4, dpi=dpi)
    ax = figure.subplots()
    ax.plot(lrs, np.abs(1 - lrs * lo), color=PALETTE[1], lw=1, ls="--",
            label=f"flat factor |1 − ηλ|, λ = {lo:g}")  # fmt: skip
    ax.plot(lrs, np.abs(1 - lrs * hi), color=PALETTE[2], lw=1, ls="--",
            label=f"steep factor |1 − ηλ|, λ = {hi:g} (0 at 1/λmax = {1 / hi:.3g})")  # fmt: skip
    ax.plot(lrs, rate_curve(values, lrs), color="k", lw=2.5, alpha=0.8,
            label="rate ρ(η) = the larger factor")  # fmt: skip
    rho_star = float(rate_curve(values, [best])[0])
    ax.plot([best], [rho_star], "o", color="#d4a017", mec="k", ms=8, zorder=5,
            label=f"η* = 2/(λmin+λmax) ≈ {best:.3g}, ρ* ≈ {rho_star:.3g}")  # fmt: skip
    ax.plot([bound], [1.0], "s", color="0.3", ms=7, zorder=5, label=f"2/λmax = {bound:.3g}")
    ax.axvline(best, color="#d4a017", ls=":", lw=1)
    ax.axvline(bound, color="0.3", ls=":", lw=1)
    ax.axhline(1.0, color="0.5", lw=0.8)
    ax.axvspan(bound, lrs[-1], color="#d62728", alpha=0.08)
    ax.text(0.5 * (bound + lrs[-1]), 0.1, "diverges", ha="center", color="#d62728")
    ax.set_xlim(0, lrs[-1])
    ax.set_ylim(0, 1.3)
    ax.set_xlabel("step size η")
    ax.set_ylabel("contraction factor")
    ax.set_title(
        f"The rate ρ(η) (thick) is lowest at η* = {best:.3g}, where the factors cross,\n"
        f"not at 1/λmax = {1 / hi:.3g}, where the steep factor vanishes",
        fontsize="medium",
    )
    figure.legend(fontsize="small", loc="outside lower center", ncol=1)
    ax.grid(True, alpha=0.3)
    return figure


def eigen_decay_figure(decay: EigenDecay, *, dpi: float = FIGURE_DPI) -> Figure:
    r"""Draw :math:`|z_{k,i}|` on a log scale: one straight line per eigen-direction, sign marked.

    Lines are the closed form :math:`|1 - \eta\lambda_i|^k |z_{0,i}|`; each slope is
    :math:`\log_{10}|1 - \eta\lambda_i|`. Markers are the iterates' eigen-coordinates, an upward
    triangle where :math:`z_{k,i} > 0` and a downward one where :math:`z_{k,i} < 0`, so that the
    sign flips of a negative factor, which the log scale of :math:`|z|` would hide, show as
    alternating triangles.
    """
    figure = new_figure(6.4, 3.8, dpi=dpi)
    ax = figure.subplots()
    every = 1 if len(decay.steps) <= 100 else 2 * (len(decay.steps) // 80) + 1  # odd: both signs
    shown = slice(None, None, every)
    for i, (lam, factor) in enumerate(zip(decay.eigenvalues, decay.factors, strict=True)):
        color = PALETTE[1 + i % (len(PALETTE) - 1)]
        flips = "flips sign every step" if factor < 0 else "keeps its sign"
        ax.semilogy(decay.steps, decay.predicted[:, i], color=color, lw=1.2,
                    label=f"λ = {lam:g}: factor 1 − ηλ = {factor:+.3g}, {flips}")  # fmt: skip
        steps, values, signs = (decay.steps[shown], decay.measured[shown, i], decay.signs[shown, i])
        for sign, marker in ((1.0, "^"), (-1.0, "v")):
            mask = signs == sign
            ax.semilogy(steps[mask], values[mask], marker, color=color, ms=4.5, ls="none",
                        mfc=color if sign > 0 else "white")  # fmt: skip
    ax.plot([], [], "^", color="0.3", ms=5, ls="none", label="run: z > 0")
    ax.plot([], [], "v", color="0.3", mfc="white", ms=5, ls="none", label="run: z < 0")
    ax.set_xlabel("step k")
    ax.set_ylabel("|z|, component along eigenvector")
    ax.set_title(f"Each eigen-direction decays at its own rate (η = {decay.lr:g})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(
        fontsize="small",
        loc="upper right",
        title="lines: closed form |1 − ηλ|ᵏ|z₀|",
        title_fontsize="small",
    )
    return figure
