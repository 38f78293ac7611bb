"""Chapter 5's figures: preconditioned paths, Newton against gradient descent, basin maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from curvlab.core.objective import Objective
from curvlab.core.runner import Trajectory
from curvlab.core.validation import Window, as_window
from curvlab.experiments.newton.compute import BasinMap, GradientNewtonRuns
from curvlab.plotting.panels import PathLossFigure, contour_window, describe_run, draw_paths
from curvlab.plotting.render import FIGURE_DPI, FRAME_DPI, new_figure
from curvlab.plotting.style import BASIN_COLORS, KIND_STYLE

__all__ = [
    "BasinMapFrame",
    "GradientNewtonFrame",
    "compare_paths_figure",
    "describe_basins",
    "paths_on_bowls_figure",
]


def compare_paths_figure(
    objective: Objective,
    trajectories: Sequence[Trajectory],
    labels: Sequence[str],
    title: str,
    *,
    metric: str = "grad_norm",
    window: Window | None = None,
    log_steps: bool = False,
    dpi: float = FIGURE_DPI,
) -> Figure:
    """Several runs on one surface: paths on the contours (left), a log-scale metric (right).

    Parameters
    ----------
    window : ((float, float), (float, float)), optional
        The region shown on the left (default: the objective's window); widen it so that
        every iterate is on the axes.
    log_steps : bool
        Put the right panel's step axis on a log scale, counting gradient evaluations
        ``k + 1``, so that a run of a few steps is visible beside one of thousands; short runs
        get a marker per step.
    """
    region = objective.window if window is None else as_window(window)
    panels = PathLossFigure(region, metric=metric, dpi=dpi, size=(9.0, 3.8))
    panels.set_surface(objective)
    panels.set_paths(list(trajectories), list(labels))
    panels.set_title(title)
    if log_steps:
        ax = panels.ax_loss
        longest = 1
        for line in ax.get_lines():
            xs = np.asarray(line.get_xdata(), dtype=float)
            if xs.size == 0:
                continue
            line.set_xdata(xs + 1.0)
            longest = max(longest, xs.size)
            if xs.size <= 50:
                line.set_marker("o")
                line.set_markersize(4)
        ax.set_xscale("log")
        ax.set_xlim(1, longest * 1.5)
        ax.set_xlabel("gradient evaluations k + 1 (log scale)")
    return panels.figure


def paths_on_bowls_figure(
    bowls: Sequence[Objective],
    runs: Sequence[Sequence[Trajectory]],
    labels: Sequence[str],
    titles: Sequence[str],
    *,
    linestyles: Sequence[str] | None = None,
    dpi: float = FIGURE_DPI,
) -> Figure:
    """One panel per bowl, the same methods' paths overlaid on each (for preconditioners).

    ``linestyles`` (one per method, e.g. ``"-"``, ``"--"``) tells apart paths that coincide;
    the first method's path is then drawn wider, so a dashed path on top leaves it visible.
    """
    figure = new_figure(4.3 * len(bowls), 4.2, dpi=dpi)
    axes = np.atleast_1d(figure.subplots(1, len(bowls)))
    for ax, objective, trajectories, title in zip(axes, bowls, runs, titles, strict=True):
        contour_window(ax, objective, grid=141)
        draw_paths(ax, trajectories, labels)
        if linestyles is not None:
            lines = ax.get_lines()[-len(trajectories) :]
            for i, (line, style) in enumerate(zip(lines, linestyles, strict=False)):
                line.set_linestyle(style)
                if i == 0:
                    line.set_linewidth(4.0)
                    line.set_alpha(0.55)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title(title, fontsize="medium")
        ax.legend(fontsize="x-small", loc="lower left", framealpha=0.85)
    return figure


def _basin_colormap(basins: BasinMap) -> tuple[ListedColormap, list[str]]:
    colors, used = ["#ffffff"], dict.fromkeys(BASIN_COLORS, 0)
    for point in basins.points:
        palette = BASIN_COLORS[point.kind]
        colors.append(palette[used[point.kind] % len(palette)])
        used[point.kind] += 1
    return ListedColormap(colors), colors


class BasinMapFrame:
    """A basin map, redrawn in place: each start coloured by the stationary point it reaches.

    Blues are minima, oranges saddles, red the maximum, white "reached none within the budget";
    the stationary points are marked (markers of :data:`curvlab.plotting.style.KIND_STYLE`).
    """

    def __init__(self, objective: Objective, *, dpi: float = FRAME_DPI, size: float = 4.6) -> None:
        self.objective = objective
        self.figure = new_figure(size + 0.6, size, dpi=dpi)
        self.ax = self.figure.subplots()
        self._image = None
        self._points: list = []
        (x_lo, x_hi), (y_lo, y_hi) = objective.window
        self.ax.set_xlim(x_lo, x_hi)
        self.ax.set_ylim(y_lo, y_hi)
        self.ax.set_aspect("equal")
        self.ax.set_xlabel("x₀")
        self.ax.set_ylabel("y₀")
        contour_window(
            self.ax, objective, colors="0.35", linewidths=0.5, alpha=0.6, zorder=2, set_limits=False
        )
        self.figure.suptitle("placeholder\nplaceholder", fontsize="medium")

    def draw(self, basins: BasinMap, title: str | None = None) -> Figure:
        """Show ``basins`` with ``title`` (by default the method, μ and :func:`describe_basins`)."""
        if title is None:
            label = "λ+μ" if basins.method == "newton" else "|λ|+μ"
            title = f"divide by {label}, μ = {basins.damping:g}\n{describe_basins(basins)}"
        cmap, _ = _basin_colormap(basins)
        extent = (basins.xs[0], basins.xs[-1], basins.ys[0], basins.ys[-1])
        data = basins.labels + 1
        if self._image is None:
            self._image = self.ax.imshow(
                data,
                origin="lower",
                extent=extent,
                cmap=cmap,
                vmin=-0.5,
                vmax=len(basins.points) + 0.5,
                interpolation="nearest",
                zorder=1,
            )
            for point in basins.points:
                (marker,) = self.ax.plot(
                    point.x[0],
                    point.x[1],
                    KIND_STYLE[point.kind]["marker"],
                    color="k",
                    mfc="white",
                    ms=7,
                    zorder=3,
                )
                self._points.append(marker)
            self.figure.canvas.draw()
            self.figure.set_layout_engine("none")
        else:
            self._image.set_data(data)
            self._image.set_cmap(cmap)
        self.figure.suptitle(title, fontsize="medium")
        return self.figure


def describe_basins(basins: BasinMap) -> str:
    """Say which share of starts reaches minima, saddles, the maximum, or nothing."""
    shares = basins.fractions()
    return (
        f"minima {shares['minimum']:.0%}, saddles {shares['saddle']:.0%}, "
        f"maximum {shares['maximum']:.0%}, none {shares['none']:.0%}"
    )


class GradientNewtonFrame:
    """Draws :class:`~curvlab.experiments.newton.compute.GradientNewtonRuns`, updated in place.

    Each surface gets its own two-panel figure (paths on contours, gradient norm per step),
    created on first use and then only updated.
    """

    def __init__(self, *, dpi: float = FRAME_DPI) -> None:
        self.dpi = dpi
        self._panels: dict[str, PathLossFigure] = {}

    def draw(self, runs: GradientNewtonRuns) -> Figure:
        """Draw both runs and return the surface's (updated) figure."""
        objective, gd, nt = runs.objective, runs.gradient_descent, runs.newton
        if runs.surface not in self._panels:
            panels = PathLossFigure(objective.window, metric="grad_norm", dpi=self.dpi)
            panels.set_surface(objective)
            self._panels[runs.surface] = panels
        panels = self._panels[runs.surface]
        gd_label = f"GD η={runs.lr:g}: {describe_run(gd)}"
        if nt is not None:
            newton_label = f"Newton: {describe_run(nt)} → ({nt.x[0]:.2f}, {nt.x[1]:.2f})"
            panels.set_paths([gd, nt], [gd_label, newton_label])
        else:
            panels.set_paths([gd], [f"{gd_label} (Newton: singular Hessian)"])
        panels.set_title(f"{objective.name} from ({runs.x0[0]:g}, {runs.x0[1]:g})")
        return panels.figure
