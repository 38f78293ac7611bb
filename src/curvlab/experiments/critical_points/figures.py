"""Chapter 3's figures: critical points by kind, saddle escapes, and random Hessians."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from curvlab.core.objective import Objective
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
        contour_window(ax, objective, grid=161, count=16)
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

    Left: the path on the contours, every critical point in the window marked by kind. Right:
    the gradient norm per step on a log scale, where a saddle shows as a dip (the plateau) before
    the escape. The title names the critical point nearest to where the run ended.

    Parameters
    ----------
    dpi : float
        Resolution; the book's figure resolution (100 dpi), so that the frame's title and
        legend stay legible at the page's width.
    """

    def __init__(self, *, dpi: float = FIGURE_DPI) -> None:
        self.dpi = dpi
        self._panels: dict[str, PathLossFigure] = {}
        self._surface: str | None = None

    @property
    def figure(self) -> Figure:
        """The figure of the surface drawn last (one figure per surface, made on first use)."""
        return self._panels[self._surface].figure

    def _panels_for(self, result: CriticalPointRun) -> PathLossFigure:
        if result.surface not in self._panels:
            objective = result.objective
            panels = PathLossFigure(objective.window, metric="grad_norm", dpi=self.dpi)
            panels.set_surface(objective)
            _mark_points(panels.ax_path, result.points, size=7)
            self._panels[result.surface] = panels
        return self._panels[result.surface]

    def draw(self, result: CriticalPointRun) -> Figure:
        """Draw one computed run and return its surface's (updated) figure."""
        panels = self._panels_for(result)
        self._surface = result.surface
        trajectory, nearest = result.trajectory, result.nearest
        panels.set_paths([trajectory], [f"η = {result.lr:g}"])
        where = (
            f"nearest: {nearest.kind.value} ({nearest.x[0]:.2f}, {nearest.x[1]:.2f}), "
            f"{result.distance:.0e} away"
        )
        kick = f", kick {result.perturbation:.0e}" if result.perturbation else ""
        ending = describe_run(trajectory)
        panels.figure.suptitle(
            f"{result.objective.name}, η = {result.lr:g}{kick}: {ending}; {where}",
            fontsize="small",
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
    contour_window(ax_path, objective)
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
