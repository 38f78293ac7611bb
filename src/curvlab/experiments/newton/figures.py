"""Chapter 5's figures: preconditioned paths, Newton against gradient descent, basin maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

from curvlab.core.objective import Objective
from curvlab.core.runner import Trajectory
from curvlab.core.validation import Window, as_window
from curvlab.experiments.newton.compute import BasinMap, GradientNewtonRuns, frame_window
from curvlab.plotting.panels import PathLossFigure, contour_window, describe_run, draw_paths
from curvlab.plotting.render import (
    FIGURE_DPI,
    FRAME_FONT_PT,
    FRAME_WIDTH,
    freeze_layout,
    new_figure,
    new_frame,
)
from curvlab.plotting.style import BASIN_COLORS, KIND_STYLE

__all__ = [
    "GRADIENT_NORM_LIMITS",
    "STEP_LIMITS",
    "BasinMapFrame",
    "GradientNewtonFrame",
    "compare_paths_figure",
    "coordinates_text",
    "describe_basins",
    "paths_on_bowls_figure",
    "share_text",
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
        ax.set_xlabel("gradient evaluations k + 1")  # the alt text adds "log scale"
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


def coordinates_text(x: Sequence[float], fmt: str = ".2f") -> str:
    """``(x, y)`` with true minus signs, e.g. ``(−3.78, −3.28)`` (``fmt`` per coordinate).

    Examples
    --------
    >>> coordinates_text([-1.2, 1.0], "g")
    '(−1.2, 1)'
    """
    texts = [format(float(v), fmt) for v in x]
    texts = [t.lstrip("-") if float(t) == 0.0 else t for t in texts]  # no "−0.00"
    return "(" + ", ".join(t.replace("-", "−") for t in texts) + ")"


def _none_label(maxiter: int) -> str:
    return f"none within {maxiter} steps" if maxiter else "none reached"


class BasinMapFrame:
    """A basin map, redrawn in place: each start coloured by the stationary point it reaches.

    Blues are minima, oranges saddles, red the maximum, white "reached none within the budget";
    the stationary points are marked (white markers of
    :data:`curvlab.plotting.style.KIND_STYLE`). A key beside the map, outside the data, gives
    each point's colour, marker and coordinates, the white of "none within the budget" (the
    map's ``maxiter`` steps per start) and the contours. The map, its axes and limits depend
    only on the objective; :meth:`draw` changes the image's data and the title.

    Parameters
    ----------
    objective : Objective
        The 2-D surface; its window is the map's.
    dpi : float, optional
        ``None`` (the default) draws an exploration frame
        (:func:`curvlab.plotting.render.new_frame`); a number draws a book figure of the same
        size in inches at that resolution.
    height : float
        The figure's height in inches (its width is the frame's, 6.5 in).
    """

    def __init__(
        self, objective: Objective, *, dpi: float | None = None, height: float = 4.6
    ) -> None:
        self.objective = objective
        self.figure = new_frame(height) if dpi is None else new_figure(FRAME_WIDTH, height, dpi=dpi)
        self.ax = self.figure.subplots()
        self._image = None
        self._key = None
        self._points: list = []
        (x_lo, x_hi), (y_lo, y_hi) = objective.window
        self.ax.set_xlim(x_lo, x_hi)
        self.ax.set_ylim(y_lo, y_hi)
        self.ax.set_aspect("equal")
        self.ax.set_xlabel("start x₀")
        self.ax.set_ylabel("start y₀")
        contour_window(
            self.ax, objective, colors="0.35", linewidths=0.5, alpha=0.6, zorder=2, set_limits=False
        )
        self.figure.suptitle("placeholder\nplaceholder", fontsize=FRAME_FONT_PT + 1)

    def _add_key(self, basins: BasinMap, colors: Sequence[str]) -> None:
        """The key beside the map (made once, with the map's points): one entry per point, in
        its basin colour with its marker on top, and white for "none"."""
        handles, labels = [], []
        for point, color in zip(basins.points, colors[1:], strict=True):
            patch = Patch(facecolor=color, edgecolor="0.4", linewidth=0.5)
            mark = Line2D(
                [], [], ls="none", marker=KIND_STYLE[point.kind]["marker"], color="k",
                mfc="white", ms=7,
            )  # fmt: skip
            handles.append((patch, mark))
            labels.append(f"{point.kind.value} {coordinates_text(point.x)}")
        handles.append(Patch(facecolor="white", edgecolor="0.4", linewidth=0.5))
        labels.append(_none_label(basins.maxiter))
        handles.append(Line2D([], [], color="0.35", lw=0.8))
        labels.append("contours of f")
        self.figure.set_layout_engine("constrained")
        self._key = self.figure.legend(
            handles,
            labels,
            loc="outside right center",
            title="start ends at",
            handler_map={tuple: HandlerTuple(ndivide=1)},
            handlelength=1.6,
            handleheight=1.1,
        )
        # constrained layout moves the square map beside the key at every pass; two, as the
        # two draws that laid it out before
        freeze_layout(self.figure, passes=2)

    def draw(self, basins: BasinMap, title: str | None = None) -> Figure:
        """Show ``basins`` with ``title`` (by default the method, μ, the budget and
        :func:`describe_basins`)."""
        if title is None:
            if basins.method == "newton":
                name, divisor = "Newton", "λ + μ"
            else:
                name, divisor = "saddle-free Newton", "|λ| + μ"
            if basins.damping == 0:
                name += ", μ = 0"
            else:
                name += f" shifted by μ = {basins.damping:g}"
            budget = f"; {basins.maxiter} steps per start" if basins.maxiter else ""
            # the first line ends in a colon: the alt text joins the lines with a space
            title = f"{name} (divide by {divisor}):\n{describe_basins(basins)}{budget}"
        cmap, colors = _basin_colormap(basins)
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
            self._add_key(basins, colors)
        else:
            self._image.set_data(data)
            self._image.set_cmap(cmap)
            self._key.get_texts()[-2].set_text(_none_label(basins.maxiter))
        self.figure.suptitle(title, fontsize=FRAME_FONT_PT + 1)
        # Drawn whole: the map changes under the contours and points, which blitting would
        # draw again each frame (measured slower than a whole draw, benchmarks/frame_drawing.py).
        return self.figure


def describe_basins(basins: BasinMap) -> str:
    """Say which share of starts reaches minima, saddles, the maximum, or nothing."""
    shares = basins.fractions()
    return (
        f"minima {share_text(shares['minimum'])}, saddles {share_text(shares['saddle'])}, "
        f"maximum {share_text(shares['maximum'])}, none {share_text(shares['none'])}"
    )


def share_text(share: float) -> str:
    """A share in percent with one decimal, never rounded to 0 % or 100 % unless exact.

    Examples
    --------
    >>> [share_text(s) for s in (0.0, 0.00002, 0.5801, 0.99998, 1.0)]
    ['0%', '<0.1%', '58.0%', '>99.9%', '100%']
    """
    share = float(share)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be in [0, 1]; got {share}")
    if share in (0.0, 1.0):
        return f"{share:.0%}"
    if share < 0.0005:
        return "<0.1%"
    if share >= 0.9995:
        return ">99.9%"
    return f"{share:.1%}"


GRADIENT_NORM_LIMITS = (1e-16, 1e11)
"""The gradient-norm axis of :class:`GradientNewtonFrame`, the same for every surface and start:
from the floor at which an exact zero is drawn to above the largest norm of a diverging run
(which is stopped once ``|x|`` passes 10¹⁰)."""

STEP_LIMITS = (0.8, 5_000.0)
"""The step axis of :class:`GradientNewtonFrame` (``k + 1`` on a log scale), the same for every
frame: from the start to past the 3,000-step budget."""


def _run_words(trajectory: Trajectory) -> str:
    """:func:`describe_run` with the gradient norm written ``‖∇f‖`` (read "the norm of the
    gradient of f" in the alt text)."""
    return describe_run(trajectory).replace("|∇f|", "‖∇f‖")


class _FixedLimitPanels(PathLossFigure):
    """A :class:`PathLossFigure` whose loss axis keeps the limits it is given (per surface),
    instead of fitting each run."""

    def _rescale_loss_axis(self, trajectories: Sequence[Trajectory]) -> None:
        return None


class GradientNewtonFrame:
    """Draws :class:`~curvlab.experiments.newton.compute.GradientNewtonRuns`, updated in place.

    An exploration frame (:func:`curvlab.plotting.render.new_frame`). Left: both paths on the
    contours, the start a black square, each run's end a dot;
    Newton's path marks every iterate. Right: the gradient norm per step on log-log axes, steps
    counted from 1 (``k + 1``), so that Newton's few steps and gradient descent's thousands are
    both readable; Newton's curve marks each step. A key below the panels names both runs with
    how they ended (and where Newton converged: the kind of stationary point). Each surface has
    its own figure, made on first use; its axes, limits and contours never change afterwards
    (:data:`GRADIENT_NORM_LIMITS`, :data:`STEP_LIMITS`,
    :func:`~curvlab.experiments.newton.compute.frame_window`). A diverged run leaves the window.
    """

    def __init__(self) -> None:
        self._panels: dict[str, PathLossFigure] = {}
        self._starts: dict[str, Line2D] = {}
        self._surface: str | None = None

    @property
    def figure(self) -> Figure:
        """The figure of the surface drawn last."""
        return self._panels[self._surface].figure

    def _panels_for(self, runs: GradientNewtonRuns) -> PathLossFigure:
        if runs.surface in self._panels:
            return self._panels[runs.surface]
        panels = _FixedLimitPanels(
            frame_window(runs.surface), metric="grad_norm", frame=True, frame_height=4.9
        )
        panels.set_surface(runs.objective)
        gd_line, newton_line = panels.run_keys(2)
        newton_line.set_marker("o")
        newton_line.set_markersize(5)
        newton_path, newton_end = panels._path_lines[1], panels._ends[1]
        newton_path.set_markersize(8)
        for artist in (newton_path, newton_end):  # Newton's few steps above GD's zigzag
            artist.set_zorder(3.5)
        (start,) = panels.ax_path.plot([], [], "s", color="k", ms=7, zorder=4)
        key_start = Line2D([], [], ls="none", marker="s", color="k", ms=7)
        long = "x" * 78
        panels.add_key(
            [gd_line, newton_line, key_start],
            [
                long,
                long,
                "start; ● where a run stopped (a diverged run leaves the window); "
                "grey: contours of f",
            ],
            ncols=1,
        )
        ax = panels.ax_loss
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(*STEP_LIMITS)
        ax.set_ylim(*GRADIENT_NORM_LIMITS)
        ax.yaxis.set_major_locator(LogLocator(base=10.0, numticks=8))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("step k + 1")  # the title says both axes are logarithmic
        self._relayout(panels.figure)
        panels.extra_changing = [start, panels._key]  # the start and both runs' key entries
        self._panels[runs.surface] = panels
        self._starts[runs.surface] = start
        return panels

    @staticmethod
    def _relayout(figure: Figure) -> None:
        figure.set_layout_engine("constrained")
        freeze_layout(figure)

    def draw(self, runs: GradientNewtonRuns) -> Figure:
        """Draw both runs and return the surface's (updated) figure."""
        panels = self._panels_for(runs)
        self._surface = runs.surface
        objective, gd, nt = runs.objective, runs.gradient_descent, runs.newton
        gd_label = f"gradient descent, η = {runs.lr:.3g}: {_run_words(gd)}"
        if nt is None:
            panels.set_paths([gd], [gd_label])
            newton_label = "Newton: stopped at a singular Hessian (its path is not drawn)"
        else:
            panels.set_paths([gd, nt], [gd_label, "Newton"])
            newton_label = f"Newton: {_run_words(nt)}"
            if runs.newton_end is not None:
                newton_label += f", at the {runs.newton_end.value} {coordinates_text(nt.x)}"
            if nt.grad_norm[-1] == 0.0:
                newton_label += " (∇f = 0, drawn at 10⁻¹⁶)"
        for line in panels._loss_lines:  # step k is drawn at k + 1 on the log axis
            line.set_xdata(np.arange(1, len(line.get_ydata()) + 1))
        gd_text, newton_text, _ = panels._key.get_texts()
        gd_text.set_text(gd_label)
        newton_text.set_text(newton_label)
        self._starts[runs.surface].set_data([runs.x0[0]], [runs.x0[1]])
        panels.set_title(
            f"{objective.name} from {coordinates_text(runs.x0, 'g')}: "
            "gradient descent against Newton\n(gradient norm per step, both axes logarithmic)"
        )
        return panels.figure
