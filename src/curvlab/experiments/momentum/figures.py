"""Figures of chapter 6's momentum sections: the √κ law and the map of the (α, β) plane."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap, LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from curvlab.core.runner import TOL, Status, Trajectory
from curvlab.experiments.conditioning.compute import KappaSweep
from curvlab.experiments.momentum.compute import (
    RACE_SURFACES,
    MomentumPlane,
    RaceResult,
    gradient_norm_ceiling,
    race_outcome,
)
from curvlab.plotting.panels import PathLossFigure, contour_window, describe_run
from curvlab.plotting.render import FIGURE_DPI, new_figure
from curvlab.plotting.style import PALETTE
from curvlab.problems.quadratic import bowl
from curvlab.theory.momentum_rates import REGIMES

__all__ = [
    "OptimizerRaceFrame",
    "kappa_law_figure",
    "momentum_paths_figure",
    "race_outcome",
    "rate_map_figure",
    "until_it_leaves",
]

REGIME_COLOURS = {
    "divergent": "#d9d9d9",
    "overdamped": "#c6dbef",
    "optimal": "#d4a017",
    "oscillating": "#fdd0a2",
    "overshooting": "#238b45",
}

REGIME_LABELS = {"overshooting": "overshooting (thin strip along the limit)"}


def kappa_law_figure(sweep: KappaSweep, *, dpi: float = FIGURE_DPI) -> Figure:
    """Measured iterations (markers) against κ on log axes, with each rate's prediction (lines).

    ``sweep`` comes from :func:`~curvlab.experiments.conditioning.compute.kappa_sweep` with
    gradient descent and heavy ball among its methods.
    """
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    for colour, (name, counts) in zip(PALETTE, sweep.nit.items(), strict=False):
        ax.loglog(sweep.kappa, counts, "o", color=colour, label=f"{name}: measured")
        ax.loglog(sweep.kappa, sweep.bound[name], "-", color=colour, lw=1.2, alpha=0.8)
    reference = sweep.kappa / sweep.kappa[0]
    ax.loglog(
        sweep.kappa,
        sweep.nit["gradient descent"][0] * reference,
        ":",
        color="0.4",
        label="slope 1 (∝ κ)",
    )
    ax.loglog(
        sweep.kappa,
        sweep.nit["heavy ball"][0] * np.sqrt(reference),
        "--",
        color="0.4",
        label="slope ½ (∝ √κ)",
    )
    ax.set_xlabel("condition number κ")
    ax.set_ylabel("iterations to ‖∇f‖ < 10⁻⁶")
    ax.set_title(
        "The κ law of gradient descent and the √κ law of momentum\n"
        "(lines: the k at which ρᵏ times ‖g₀‖ < tol, for each method's rate ρ)",
        fontsize="medium",
    )
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize="small")
    return figure


def rate_map_figure(plane: MomentumPlane, *, dpi: float = FIGURE_DPI) -> Figure:
    r"""The :math:`(\alpha\lambda_{\max}, \beta)` plane computed by
    :func:`~curvlab.experiments.momentum.compute.momentum_plane`.

    Left: the steps :math:`\log 10^{-6}/\log\rho` that the spectral radius :math:`\rho` implies
    (colour and contours); right: the regimes of :func:`curvlab.theory.momentum_rates.regime`
    (a regime absent from the plane gets no legend entry). The star marks Polyak's optimum;
    the stability limit is dashed on the left and the edge of the divergent region on the
    right.
    """
    scaled, betas, steps, method, kappa = (
        plane.scaled, plane.betas, plane.steps, plane.method, plane.kappa
    )  # fmt: skip
    figure = new_figure(10.0, 4.6, dpi=dpi)
    ax_rate, ax_regime = figure.subplots(1, 2)
    mesh = ax_rate.pcolormesh(
        scaled, betas, steps, cmap="viridis", norm=LogNorm(steps.min(), 1e4), shading="auto"
    )
    figure.colorbar(
        mesh,
        ax=ax_rate,
        location="bottom",
        shrink=0.8,
        label="steps to shrink the error 10⁶× (capped at 10⁴)",
    )
    contour = ax_rate.contour(
        scaled, betas, steps, levels=[50, 100, 300, 1000], colors="white", linewidths=0.8
    )
    ax_rate.clabel(contour, fmt=lambda v: f"{v:.0f}", fontsize="x-small")
    codes = np.arange(len(REGIMES))
    cmap = ListedColormap([REGIME_COLOURS[name] for name in REGIMES])
    ax_regime.pcolormesh(
        scaled,
        betas,
        plane.regime,
        cmap=cmap,
        norm=BoundaryNorm(np.append(codes, codes[-1] + 1) - 0.5, cmap.N),
        shading="auto",
    )
    limit, best = plane.limit, plane.best
    # The limit is dashed on the left only: on the right it is the edge of the grey region, and
    # a line there would hide the thin overshooting strip that runs along it.
    ax_rate.plot(limit, betas, "--", color="k", lw=1.0)
    for ax in (ax_rate, ax_regime):
        if method == "heavy ball":
            ax.plot(best.lr * kappa, best.beta, "*", color="k", ms=13, mfc=PALETTE[0])
        ax.set_xlabel(r"step size × largest curvature, $\alpha \lambda_{\max}$")
        ax.set_xlim(scaled[0], scaled[-1])
        ax.set_ylim(betas[0], betas[-1])
        ax.set_ylabel(r"momentum $\beta$")
    present = set(np.unique(plane.regime).tolist())  # a regime with no cell gets no legend entry
    handles = [
        Patch(color=REGIME_COLOURS[name], label=REGIME_LABELS.get(name, name))
        for code, name in enumerate(REGIMES)
        if code in present
    ]
    # Below the panel, outside the data: inside it would cover the thin overshooting strip.
    ax_regime.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=min(3, len(handles)),
        fontsize="small",
    )
    figure.suptitle(
        f"{method.capitalize()} on a bowl with κ = {kappa:g}: rate ρ and regimes; ★ optimum "
        f"(ρ = {best.rate:.3f}), dashed: stability limit",
        fontsize="medium",
    )
    return figure


def momentum_paths_figure(
    kappa: float, trajectories: list[Trajectory], labels: list[str], *, dpi: float = FIGURE_DPI
) -> Figure:
    """Each run's path on the bowl of condition ``kappa`` in a panel of its own, and the losses.

    The path panels share one window that holds every path (momentum's steep coordinate can
    first grow beyond the start), so paths that overlap on one panel stay visible.
    """
    objective = bowl(kappa)
    points = np.concatenate([t.xs for t in trajectories])
    (x_lo, _), (y_lo, y_hi) = objective.window
    reach = 1.08 * float(np.max(np.abs(points[:, 1])))
    window = (
        (min(x_lo, float(points[:, 0].min()) - 0.1), max(0.3, float(points[:, 0].max()) + 0.1)),
        (min(y_lo, -reach), max(y_hi, reach)),
    )
    count = len(trajectories)
    figure = new_figure(3.0 * count + 4.2, 3.9, dpi=dpi)
    axes = figure.subplots(1, count + 1, width_ratios=[1.0] * count + [1.7])
    for i, (ax, t, label) in enumerate(zip(axes[:count], trajectories, labels, strict=True)):
        contour_window(ax, objective, window, set_limits=False)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(t.xs[:, 0], t.xs[:, 1], "-", color=colour, lw=1.1, marker=".", ms=2.5)
        ax.plot(*t.xs[0], "o", color="k", ms=5)
        ax.plot(0.0, 0.0, "*", color="k", ms=9)
        ax.set_xlim(*window[0])
        ax.set_ylim(*window[1])
        ax.set_xlabel("x")
        ax.set_title(label, fontsize="medium", color=colour)
        if i:
            ax.tick_params(labelleft=False)
    axes[0].set_ylabel("y")
    ax_loss = axes[-1]
    for i, (t, label) in enumerate(zip(trajectories, labels, strict=True)):
        ax_loss.semilogy(
            np.maximum(t.fun, 1e-16),
            color=PALETTE[i % len(PALETTE)],
            lw=1.6,
            label=f"{label}: {describe_run(t)}",
        )
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel(r"$f(x_k) - f^*$")
    ax_loss.grid(True, alpha=0.3)
    ax_loss.legend(fontsize="small", loc="upper right")
    figure.suptitle(
        f"Gradient descent and momentum on ½(x² + {kappa:g}y²), tuned parameters "
        "(● start, ★ minimum)",
        fontsize="medium",
    )
    return figure


RACE_PATH_STYLES = {
    "heavy ball": {"lw": 1.0, "marker": "", "alpha": 0.45, "zorder": 3.1},
    "Nesterov": {"lw": 1.2, "marker": "", "alpha": 0.85, "zorder": 3.2, "dashes": (4.0, 2.0)},
}
"""How the momentum methods' paths differ from the others' on the race's left panel: thin,
translucent (heavy ball more than Nesterov), with no dot per step, and on top of the other
racers, Nesterov dashed above heavy ball. At large β their paths swing across the whole window:
thin and translucent, the swings stay visible without hiding the paths beneath them, and where
the two momentum methods (or a diverging gradient descent) run along the same line, each shows."""

GRADIENT_FLOOR = 1e-10
r"""The bottom of the race's gradient-norm panel, four decades below the finish line
:math:`\|\nabla f\| = 10^{-6}`: a curve that drops further (Newton's, which reaches zero on a
quadratic) leaves the panel through its bottom edge."""


def until_it_leaves(trajectory: Trajectory, window) -> Trajectory:
    """A diverged run's path up to its first step outside ``window`` (that step included, so
    the line runs to the edge); any other run unchanged.

    A diverging run swings across the window with a growing amplitude until it leaves; its
    later swings, drawn in full, would cover the window (and the other racers' paths) with a
    band of lines that the panel clips anyway. The key still says at which step it diverged.
    """
    if trajectory.status is not Status.DIVERGED:
        return trajectory
    (x_lo, x_hi), (y_lo, y_hi) = window
    xs = trajectory.xs
    outside = (xs[:, 0] < x_lo) | (xs[:, 0] > x_hi) | (xs[:, 1] < y_lo) | (xs[:, 1] > y_hi)
    if not outside.any():
        return trajectory
    return replace(trajectory, xs=xs[: int(np.argmax(outside)) + 1])


class OptimizerRaceFrame:
    r"""Draws a :class:`~curvlab.experiments.momentum.compute.RaceResult` (from
    :func:`~curvlab.experiments.momentum.compute.race`) as an exploration frame
    (:func:`curvlab.plotting.render.new_frame`).

    Left: the paths on the surface's window, the momentum methods thin and translucent on top
    (:data:`RACE_PATH_STYLES`), a diverged run up to where it first left the window
    (:func:`until_it_leaves`). Right: the gradient norm against step ``k + 1`` on log axes, so
    that Newton's few steps show beside a thousand, with the finish line
    :math:`\|\nabla f\| = 10^{-6}` dotted. Every axis depends on the surface and the budget
    only: the window on the left; on the right, steps 1 to the budget and gradient norms from
    :data:`GRADIENT_FLOOR` to three times
    :func:`~curvlab.experiments.momentum.compute.gradient_norm_ceiling` (curves beyond them
    are clipped, as paths are by the window). A key below the panels names each racer and how
    its run ended; the title gives the surface, the budget and the parameters.

    One :class:`~curvlab.plotting.panels.PathLossFigure` per surface (and line-up and budget) is
    created on first use and then only its paths and texts are updated.
    """

    def __init__(self) -> None:
        self._panels: dict[tuple, PathLossFigure] = {}
        self._key: tuple | None = None

    @property
    def figure(self) -> Figure:
        """The figure drawn last."""
        return self._panels[self._key].figure

    def _panels_for(self, result: RaceResult) -> PathLossFigure:
        key = (result.surface, result.racers, result.maxiter)
        if key not in self._panels:
            objective = RACE_SURFACES[result.surface].objective()
            ceiling = 3.0 * gradient_norm_ceiling(result.surface)
            panels = PathLossFigure(
                objective.window,
                metric="grad_norm",
                frame=True,
                frame_height=4.4,
                title_lines=2,
                log_steps=True,
                loss_limits=((1.0, result.maxiter + 1.0), (GRADIENT_FLOOR, ceiling)),
                path_styles=[RACE_PATH_STYLES.get(name, {}) for name in result.racers],
            )
            panels.set_surface(objective)
            (finish,) = panels.ax_loss.plot(
                [1.0, result.maxiter + 1.0], [TOL, TOL], ":", color="k", lw=1.2
            )
            count = len(result.racers)
            # The widest entries a run can have, so that the layout leaves room for any of them.
            widest = [f"{name}: out of steps, ‖∇f‖ = 8.8e-88" for name in result.racers]
            panels.add_key(
                [*panels.run_keys(count), finish],
                [*widest, "finish line at ‖∇f‖ = 10⁻⁶"],
                ncols=2,
            )
            self._panels[key] = panels
        self._key = key
        return self._panels[key]

    def draw(self, result: RaceResult) -> Figure:
        """Draw one race and return its surface's (updated) figure."""
        panels = self._panels_for(result)
        saddles = result.saddles or (False,) * len(result.racers)
        labels = [
            f"{name}: {race_outcome(t, saddle=saddle)}"
            for name, t, saddle in zip(result.racers, result.trajectories, saddles, strict=True)
        ]
        shown = [until_it_leaves(t, panels.window) for t in result.trajectories]
        panels.set_paths(shown, labels)
        panels.set_title(
            f"{result.surface}, {result.maxiter:,d} steps of one gradient "
            "(Newton: + Hessian solve);\n"
            f"β = {result.beta:g}, β₂ = {result.beta2:g}; "
            f"η = {result.gd_lr:.3g} (GD, heavy ball, Nesterov), {result.adam_lr:.3g} (Adam)"
        )
        return panels.figure
