"""Chapter 3's figures: critical points by kind, saddle escapes, and random Hessians."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from curvlab.core.objective import Objective
from curvlab.core.runner import Status
from curvlab.curvature.classification import Kind
from curvlab.curvature.critical_points import CriticalPoint
from curvlab.curvature.random_matrices import DEAN_MAJUMDAR_THETA, PositiveDefiniteEstimate
from curvlab.experiments.critical_points.compute import CriticalPointRun
from curvlab.experiments.goe_rate.compute import rate_estimates
from curvlab.plotting.panels import PathLossFigure, contour_window, describe_run
from curvlab.plotting.render import FIGURE_DPI, new_figure
from curvlab.plotting.style import KIND_PLURAL, KIND_STYLE, PALETTE

__all__ = [
    "CriticalPointRunFrame",
    "critical_points_figure",
    "escape_time_figure",
    "positive_definite_figure",
    "rate_limit_figure",
    "saddle_run_figure",
]


def _mark_points(ax: Axes, points: Sequence[CriticalPoint], size: float = 9) -> list:
    artists = []
    for kind, style in KIND_STYLE.items():
        chosen = [p.x for p in points if p.kind is kind]
        xy = np.array(chosen).reshape(-1, 2)
        (artist,) = ax.plot(
            xy[:, 0], xy[:, 1], ls="none", ms=size, mec="k", mew=0.6, zorder=6,
            label=f"{kind.value} ({len(chosen)})", **style,
        )  # fmt: skip
        artists.append(artist)
    return artists


def critical_points_figure(
    objectives: Sequence[Objective],
    points: Sequence[Sequence[CriticalPoint]],
    *,
    dpi: float = FIGURE_DPI,
) -> Figure:
    """One panel per objective: contours with its critical points marked by kind."""
    figure = new_figure(3.3 * len(objectives), 3.9, dpi=dpi)
    axes = np.atleast_1d(figure.subplots(1, len(objectives)))
    for ax, objective, found in zip(axes, objectives, points, strict=True):
        contour_window(ax, objective, grid=161, count=16, negative_linestyles="solid")
        artists = _mark_points(ax, found)
        tally = {kind: sum(p.kind is kind for p in found) for kind in KIND_STYLE}
        counts = ", ".join(
            f"{count} {KIND_PLURAL[kind] if count > 1 else kind.value}"
            for kind, count in tally.items()
            if count
        )
        ax.set_title(f"{objective.name}: {counts}", fontsize="small")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    labels = [kind.value for kind in KIND_STYLE]
    figure.legend(artists, labels, loc="outside lower center", ncols=len(labels), fontsize="small")
    return figure


class CriticalPointRunFrame:
    """Gradient descent from a chosen start on a chosen surface, with the critical points marked.

    Left: the path on the contours, every critical point in the window marked by kind
    (:data:`~curvlab.plotting.style.KIND_STYLE`, the same marker and colour on every surface).
    Right: the gradient norm per step on a log scale, where a saddle shows as a dip (the plateau)
    before the escape. A key below the panels names each marker (with how many of each kind the
    surface has) and the run's end. The title names the critical point nearest to where the run
    ended, or says that it diverged. An exploration frame
    (:func:`curvlab.plotting.render.new_frame`).
    """

    def __init__(self) -> None:
        self._panels: dict[str, PathLossFigure] = {}
        self._surface: str | None = None

    @property
    def figure(self) -> Figure:
        """The figure of the surface drawn last (one figure per surface, made on first use)."""
        return self._panels[self._surface].figure

    def _panels_for(self, result: CriticalPointRun) -> PathLossFigure:
        if result.surface not in self._panels:
            objective = result.objective
            panels = PathLossFigure(
                objective.window, metric="grad_norm", frame=True, frame_height=4.8, title_lines=3
            )
            panels.set_surface(objective)
            markers = _mark_points(panels.ax_path, result.points, size=8)
            markers = [m for m in markers if len(m.get_xdata())]  # the kinds this surface has
            end = Line2D([], [], color=PALETTE[0], lw=1.6, marker="o", ms=6)
            handles = [*markers, end]
            labels = [m.get_label() for m in markers] + ["path and where it stopped"]
            panels.add_key(handles, labels, ncols=3)
            self._panels[result.surface] = panels
        return self._panels[result.surface]

    def draw(self, result: CriticalPointRun) -> Figure:
        """Draw one computed run and return its surface's (updated) figure."""
        panels = self._panels_for(result)
        self._surface = result.surface
        trajectory, nearest = result.trajectory, result.nearest
        panels.set_paths([trajectory], [f"η = {result.lr:.3g}"])
        if trajectory.status is Status.DIVERGED:
            where = "it left the window for good, towards infinity"
        else:
            where = (
                f"{result.distance:.0e} from the {nearest.kind.value} "
                f"({nearest.x[0]:.2g}, {nearest.x[1]:.2g}) where it stopped"
            )
            if nearest.kind is Kind.DEGENERATE and trajectory.status is Status.MAXITER:
                where = where.replace("where it stopped", "where a kick grows only slowly")
        kick = f", start kicked by {result.perturbation:.0e}" if result.perturbation else ""
        panels.figure.suptitle(
            f"{result.objective.name}, η = {result.lr:.3g}{kick}\n"
            f"{describe_run(trajectory)}\n{where}"
        )
        return panels.figure


_RUN_STYLES = (
    {"ls": "-", "lw": 6.0, "alpha": 0.35},
    {"ls": "-", "lw": 2.8, "alpha": 0.9},
    {"ls": (0, (3, 2)), "lw": 1.6, "alpha": 1.0},
    {"ls": ":", "lw": 1.6, "alpha": 1.0},
)
"""Line styles of overlaid runs: wide and pale below, thin and dashed on top, so that runs that
follow the same route stay visible together."""


def saddle_run_figure(
    trajectories,
    labels: Sequence[str],
    objective: Objective,
    *,
    points: Sequence[CriticalPoint] = (),
    dpi: float = FIGURE_DPI,
) -> Figure:
    """Runs near a saddle: paths on the contours (with the critical points ``points`` marked by
    kind) and gradient norms per step.

    Runs that share a route are drawn as nested strokes: the first wide and pale, the later ones
    thinner and dashed on top of it, so that a perturbed run is not hidden under the run it
    follows.
    """
    figure = new_figure(9.0, 3.9, dpi=dpi)
    ax_path, ax_grad = figure.subplots(1, 2, width_ratios=(1.0, 1.25))
    contour_window(ax_path, objective, negative_linestyles="solid")
    for i, (trajectory, label) in enumerate(zip(trajectories, labels, strict=True)):
        color = PALETTE[i % len(PALETTE)]
        style = _RUN_STYLES[i % len(_RUN_STYLES)]
        xs = trajectory.xs
        ax_path.plot(xs[:, 0], xs[:, 1], color=color, zorder=3 + i, label=label, **style)
        ax_path.plot(*xs[-1], "o", color=color, mec="k", ms=5, zorder=8)
        ax_grad.semilogy(np.maximum(trajectory.grad_norm, 1e-16), color=color, zorder=3 + i,
                         label=f"{label}: {describe_run(trajectory)}", **style)  # fmt: skip
    for artist in _mark_points(ax_path, points, size=10):
        if len(artist.get_xdata()) == 0:
            artist.set_label("_nolegend_")  # only the kinds that occur
    ax_path.set_xlabel("x")
    ax_path.set_ylabel("y")
    ax_path.legend(loc="lower left", fontsize="x-small", framealpha=0.85)
    ax_grad.set_xlabel("step k")
    ax_grad.set_ylabel(r"$\|\nabla f(x_k)\|$")
    ax_grad.grid(True, which="major", alpha=0.3)
    ax_grad.legend(loc="lower left", fontsize="x-small", framealpha=0.85)
    figure.suptitle(f"Gradient descent near the saddle of {objective.name}", fontsize="medium")
    return figure


def escape_time_figure(
    distances: Sequence[float],
    measured: Mapping[float, Sequence[float]],
    predicted: Mapping[float, Sequence[float]],
    *,
    dpi: float = FIGURE_DPI,
) -> Figure:
    """Measured escape steps against the law ln(r/δ)/ln(1 + η|λ₋|), one colour per |λ₋|."""
    figure = new_figure(6.2, 3.8, dpi=dpi)
    ax = figure.subplots()
    for i, curvature in enumerate(measured):
        color = f"C{i}"
        ax.semilogx(
            distances,
            measured[curvature],
            "o",
            color=color,
            label=f"|λ₋| = {curvature:g}: measured",
        )
        ax.semilogx(distances, predicted[curvature], "-", color=color, lw=1,
                    label=f"|λ₋| = {curvature:g}: law ln(r/δ)/ln(1 + η|λ₋|)")  # fmt: skip
    ax.invert_xaxis()
    ax.set_xlabel("initial distance δ from the stable manifold")
    ax.set_ylabel("steps to escape (|y| ≥ 0.5)")
    ax.set_title("Steps to escape a saddle: measured (dots) against ln(r/δ)/ln(1 + η|λ₋|) (lines)",
                 fontsize="medium")  # fmt: skip
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", ncols=1)
    return figure


def positive_definite_figure(
    estimates: Sequence[PositiveDefiniteEstimate], *, dpi: float = FIGURE_DPI
) -> Figure:
    """Measured P(GOE matrix positive definite) against the coin-flip 2⁻ⁿ and e^{−θn²}."""
    figure = new_figure(6.2, 3.8, dpi=dpi)
    ax = figure.subplots()
    n = np.array([e.n for e in estimates])
    seen = np.array([e.hits > 0 for e in estimates])
    fraction = np.array([e.fraction for e in estimates])
    low = np.array([e.low for e in estimates])
    high = np.array([e.high for e in estimates])
    ax.errorbar(
        n[seen], fraction[seen], yerr=[fraction[seen] - low[seen], high[seen] - fraction[seen]],
        fmt="o", color="#d4a017", capsize=3, label="measured (95 % interval)",
    )  # fmt: skip
    if np.any(~seen):
        ax.plot(n[~seen], high[~seen], "v", color="#d4a017", label="none seen: upper bound")
    grid = np.linspace(1, n.max(), 100)
    ax.semilogy(grid, 2.0**-grid, "--", color="0.3", label="coin flips: 2⁻ⁿ")
    ax.semilogy(grid, np.exp(-DEAN_MAJUMDAR_THETA * grid**2), ":", color="#d62728",
                label="e^(−θn²) alone: the leading order, not P at small n")  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlabel("dimension n")
    ax.set_ylabel("P(all eigenvalues > 0)")
    ax.set_title("How often is a random symmetric matrix positive definite?")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return figure


def rate_limit_figure(estimates: Sequence[Any], theta: float, *, dpi: float = FIGURE_DPI) -> Figure:
    r"""Plot the measured :math:`-\ln P_n/n^2` with the coin flip's :math:`\ln 2/n` and θ."""
    rates = rate_estimates(estimates)
    figure = new_figure(6.2, 3.8, dpi=dpi)
    ax = figure.subplots()
    ax.errorbar(
        rates.n, rates.rate, yerr=[rates.rate - rates.low, rates.high - rates.rate],
        fmt="o", color="#d4a017", capsize=3, label="measured −ln P / n² (95 % interval)",
    )  # fmt: skip
    grid = np.linspace(1, max(int(rates.n.max()), 2), 100)
    ax.plot(grid, np.log(2.0) / grid, "--", color="0.3", label="coin flips: ln 2 / n → 0")
    ax.axhline(theta, color="#d62728", ls=":", label=f"the limit θ = ln 3 / 4 ≈ {theta:.4f}")
    ax.set_xlabel("dimension n")
    ax.set_ylabel("−ln P(all eigenvalues > 0) / n²")
    ax.set_ylim(0, 0.8)
    ax.set_title("What the law e^(−θn² + o(n²)) claims: −ln P / n² → θ")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return figure
