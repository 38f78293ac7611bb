"""The book's workhorse figure: a path on the contours beside its loss curve."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from curvlab.core.objective import Objective, Window
from curvlab.core.runner import Status, Trajectory
from curvlab.plotting.render import (
    FIGURE_DPI,
    FRAME_DPI,
    FRAME_FONT_PT,
    freeze_layout,
    new_figure,
    new_frame,
    set_changing_artists,
)
from curvlab.plotting.style import PALETTE

__all__ = [
    "PathLossFigure",
    "contour_levels",
    "contour_window",
    "describe_run",
    "draw_paths",
    "loss_curves_figure",
]


def contour_levels(values: np.ndarray, count: int = 12) -> np.ndarray:
    """Return ``count`` increasing contour levels that spread over ``values``.

    Non-negative surfaces (bowls) get geometrically spaced levels, so the nested ellipses near
    the minimum stay visible; surfaces with negative values get evenly spaced quantiles.
    """
    finite = values[np.isfinite(values)]
    low, high = np.quantile(finite, [0.005, 0.95])
    if finite.min() >= 0.0:
        low = max(low, high * 1e-4, np.finfo(float).tiny)
        return np.geomspace(low, high, count)
    levels = np.unique(np.quantile(finite, np.linspace(0.02, 0.95, count)))
    return levels if levels.size > 1 else np.array([low, high])


def contour_window(
    ax,
    objective: Objective,
    window: Window | None = None,
    *,
    grid: int = 121,
    count: int = 12,
    levels: np.ndarray | None = None,
    colors: str = "0.65",
    linewidths: float = 0.7,
    set_limits: bool = True,
    **style,
):
    """Draw the contours of a 2-D ``objective`` over ``window`` on ``ax``; return the contour set.

    The one helper behind every contour plot of the book: the objective is evaluated on a
    ``grid × grid`` lattice of the window (the objective's own by default), the levels come from
    :func:`contour_levels` unless given, and (with ``set_limits``) the axes are fitted to the
    window with equal aspect.
    """
    (x_lo, x_hi), (y_lo, y_hi) = objective.window if window is None else window
    xs, ys = np.linspace(x_lo, x_hi, grid), np.linspace(y_lo, y_hi, grid)
    values = objective.on_grid(xs, ys)
    chosen = contour_levels(values, count) if levels is None else levels
    if set_limits:
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(y_lo, y_hi)
        ax.set_aspect("equal")
    return ax.contour(xs, ys, values, levels=chosen, colors=colors, linewidths=linewidths, **style)


def draw_paths(
    ax,
    trajectories: Sequence[Trajectory],
    labels: Sequence[str],
    *,
    lw: float = 1.5,
    ms: float = 3,
) -> None:
    """Plot each trajectory's path on ``ax`` in the palette's colours, labelled with its end."""
    for i, (trajectory, label) in enumerate(zip(trajectories, labels, strict=False)):
        ax.plot(
            trajectory.xs[:, 0],
            trajectory.xs[:, 1],
            "-",
            color=PALETTE[i % len(PALETTE)],
            lw=lw,
            marker=".",
            ms=ms,
            label=f"{label}: {describe_run(trajectory)}",
        )


def describe_run(trajectory: Trajectory) -> str:
    """Say in a few words how a run ended, for titles, legends and readouts."""
    steps = f"{trajectory.nit:,d} step" + ("" if trajectory.nit == 1 else "s")
    if trajectory.status is Status.CONVERGED:
        return f"converged in {steps}"
    if trajectory.status is Status.DIVERGED:
        return f"diverged (stopped at step {trajectory.nit:,d})"
    return f"not converged after {steps}, |∇f| = {trajectory.grad_norm[-1]:.1e}"


def _round_up_125(value: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least ``value`` (> 0).

    >>> [_round_up_125(v) for v in (1, 3, 71, 100, 101, 2001)]
    [1.0, 5.0, 100.0, 100.0, 200.0, 5000.0]
    """
    decade = 10.0 ** np.floor(np.log10(value))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        if mantissa * decade >= value * (1 - 1e-12):
            return float(mantissa * decade)
    raise AssertionError("unreachable")


class PathLossFigure:
    r"""Two panels, updated in place: paths on contours (left), loss or gradient norm (right).

    Parameters
    ----------
    window : ((float, float), (float, float))
        The region of the plane shown on the left.
    metric : {"loss", "grad_norm"}
        What the right panel plots per step on a log scale: :math:`f(x_k) - f_{\text{floor}}`
        or :math:`\|\nabla f(x_k)\|`.
    loss_floor : float
        Subtracted from the loss before plotting (the minimum value, if known).
    size : (float, float)
        Figure size in inches (ignored for a ``frame``).
    dpi : float
        Resolution (ignored for a ``frame``).
    grid : int
        Contour grid points per axis.
    frame : bool
        Draw an exploration frame (:func:`curvlab.plotting.render.new_frame`: the text column's
        width at its pixel ratio, text no smaller than the page's captions), ``frame_height``
        inches tall, with the title on two lines.
    frame_height : float
        The frame's height in inches.
    title_lines : int
        How many lines a frame's title may take (the layout leaves room for them).
    log_steps : bool
        Plot the right panel against step ``k + 1`` on a log axis (labelled 1, 10, 100, ...), so
        that a run of a few steps (Newton's) is as visible as one of thousands.
    loss_limits : ((float, float), (float, float)), optional
        Fixed limits of the right panel, ``((first step, last step), (low, high))``: the axes
        then never change with the runs shown (every frame of a surface has the same axes),
        and curves beyond them are clipped as paths are by the window. By default the panel is
        fitted to the runs at each :meth:`set_paths`.
    path_styles : sequence of mappings, optional
        Line properties, by run position, that override the defaults of the path lines on the
        left panel (e.g. ``{"lw": 1.0, "marker": "", "zorder": 2}`` for a run drawn thin and
        beneath the others).
    """

    def __init__(
        self,
        window: Window,
        *,
        metric: str = "loss",
        loss_floor: float = 0.0,
        size: tuple[float, float] = (8.0, 3.3),
        dpi: float = FRAME_DPI,
        grid: int = 121,
        frame: bool = False,
        frame_height: float = 3.9,
        title_lines: int = 2,
        log_steps: bool = False,
        loss_limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
        path_styles: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        if metric not in ("loss", "grad_norm"):
            raise ValueError(f"metric must be 'loss' or 'grad_norm'; got {metric!r}")
        if loss_limits is not None:
            (x_lo, x_hi), (y_lo, y_hi) = loss_limits
            if not (x_lo < x_hi and 0.0 < y_lo < y_hi) or (log_steps and x_lo <= 0.0):
                raise ValueError(
                    "loss_limits must be ((first, last), (low, high)) with first < last "
                    f"(first > 0 on a log step axis) and 0 < low < high; got {loss_limits!r}"
                )
        self.log_steps = bool(log_steps)
        self.loss_limits = loss_limits
        self.path_styles = [dict(style) for style in path_styles] if path_styles else []
        self.metric = metric
        self.loss_floor = loss_floor
        self.window = window
        self.is_frame = frame
        self.title_lines = title_lines if frame else 1
        self.figure = new_frame(frame_height) if frame else new_figure(*size, dpi=dpi)
        self.ax_path, self.ax_loss = self.figure.subplots(1, 2, width_ratios=(1.0, 1.25))
        self.grid = grid
        self.extra_changing: list = []
        """Artists a user of the figure changes from frame to frame besides the paths, the
        title and the runs' key (see :func:`curvlab.plotting.render.set_changing_artists`)."""
        self._contours = None
        self._path_lines: list = []
        self._loss_lines: list = []
        self._ends: list = []
        self._setup_axes()
        self._freeze_layout()

    def _freeze_layout(self) -> None:
        # Lay the figure out once with representative labels, then keep those axes positions:
        # constrained layout would otherwise cost about half of every redraw.
        self.set_title("\n".join(["placeholder title"] * self.title_lines))
        if self.loss_limits is not None:  # the axes every frame will have
            self.ax_loss.set_xlim(*self.loss_limits[0])
            self.ax_loss.set_ylim(*self.loss_limits[1])
        else:
            self.ax_loss.set_ylim(1e-16, 1e3)
            if self.is_frame:  # the widest step labels a frame shows, so that none is cut off
                self.ax_loss.set_xlim(1 if self.log_steps else 0, 20_000)
        freeze_layout(self.figure)

    def add_key(self, handles: Sequence, labels: Sequence[str], *, ncols: int = 2, title=None):
        """Add a legend below both panels (outside the data) and lay the figure out again.

        Call it before the first :meth:`set_paths`, while the layout's placeholders are in place;
        later, change the entries' texts (``legend.get_texts()``), not their number.
        """
        self.figure.set_layout_engine("constrained")
        legend = self.figure.legend(
            handles, labels, loc="outside lower center", ncols=ncols, title=title
        )
        self._key = legend
        self._freeze_layout()
        return legend

    def _setup_axes(self) -> None:
        (x_lo, x_hi), (y_lo, y_hi) = self.window
        ax = self.ax_path
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(y_lo, y_hi)
        ax.set_aspect("equal")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax = self.ax_loss
        ax.set_yscale("log")
        if self.log_steps:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_xlabel("step k + 1")
        else:
            ax.set_xlabel("step k")
        ax.set_ylabel(r"$f(x_k) - f^*$" if self.metric == "loss" else r"$\|\nabla f(x_k)\|$")
        ax.grid(True, which="major", alpha=0.3)

    def set_surface(self, objective: Objective, levels: np.ndarray | None = None) -> None:
        """Draw the contours of a 2-D ``objective`` (replacing any previous ones)."""
        if self._contours is not None:
            self._contours.remove()
        self._contours = contour_window(
            self.ax_path,
            objective,
            self.window,
            grid=self.grid,
            levels=levels,
            colors="0.6",
            set_limits=False,
            # in a frame, dashes mean something else (a model, a second run): all contours solid
            **({"negative_linestyles": "solid"} if self.is_frame else {}),
        )

    def set_paths(self, trajectories: Sequence[Trajectory], labels: Sequence[str]) -> None:
        """Show ``trajectories`` (one colour each) on both panels, reusing existing lines."""
        self._ensure_lines(len(trajectories))
        for i, line in enumerate(self._path_lines):
            visible = i < len(trajectories)
            for artist in (line, self._loss_lines[i], self._ends[i]):
                artist.set_visible(visible)
            if not visible:
                continue
            trajectory = trajectories[i]
            line.set_data(trajectory.xs[:, 0], trajectory.xs[:, 1])
            self._loss_lines[i].set_label(labels[i])
            marker = "X" if trajectory.status is Status.DIVERGED else "o"
            self._ends[i].set_data([trajectory.xs[-1, 0]], [trajectory.xs[-1, 1]])
            self._ends[i].set_marker(marker)
            curve = self._curve(trajectory)
            steps = np.arange(curve.size) + (1 if self.log_steps else 0)
            self._loss_lines[i].set_data(steps, curve)
        self._rescale_loss_axis(trajectories)
        if len(trajectories) > 1:
            if self.is_frame:
                self._label_runs(labels)
            else:
                self.ax_loss.legend(loc="best", fontsize="small", framealpha=0.8)
        self._declare_changing(relabelled_key=self.is_frame and len(trajectories) > 1)

    def _declare_changing(self, *, relabelled_key: bool) -> None:
        # The paths, the title and (when runs are named in it) the key change from frame to
        # frame; the contours, axes and the rest are drawn once and blitted under them.
        changing = [*self._path_lines, *self._ends, *self._loss_lines]
        title = getattr(self.figure, "_suptitle", None)
        if title is not None:
            changing.append(title)
        key = getattr(self, "_key", None)
        if relabelled_key and key is not None:
            changing.append(key)
        set_changing_artists(self.figure, [*changing, *self.extra_changing])

    def run_keys(self, count: int) -> list:
        """The loss lines of the first ``count`` runs, as handles for :meth:`add_key`: a frame
        with several runs keys them below the panels, outside the data, and :meth:`set_paths`
        then writes each run's label into its entry."""
        self._ensure_lines(count)
        return self._loss_lines[:count]

    def _label_runs(self, labels: Sequence[str]) -> None:
        key = getattr(self, "_key", None)
        handles = key.legend_handles if key is not None else []
        if len(handles) < len(labels):
            raise ValueError(
                f"a frame with {len(labels)} runs needs a key for them: call "
                "add_key(panels.run_keys(count), labels) before set_paths"
            )
        for text, label in zip(key.get_texts(), labels, strict=False):
            text.set_text(label)

    def _ensure_lines(self, count: int) -> None:
        while len(self._path_lines) < count:
            color = PALETTE[len(self._path_lines) % len(PALETTE)]
            (path,) = self.ax_path.plot([], [], "-", color=color, lw=1.6, marker=".", ms=3)
            (end,) = self.ax_path.plot([], [], color=color, marker="o", ms=6, ls="none")
            (loss,) = self.ax_loss.plot([], [], "-", color=color, lw=1.6)
            for artist in (path, end):  # earlier paths stay on top of later ones
                artist.set_zorder(3.0 - 0.01 * len(self._path_lines))
            if len(self._path_lines) < len(self.path_styles):
                path.set(**self.path_styles[len(self._path_lines)])
            self._path_lines.append(path)
            self._ends.append(end)
            self._loss_lines.append(loss)

    def _curve(self, trajectory: Trajectory) -> np.ndarray:
        if self.metric == "grad_norm":
            values = trajectory.grad_norm
        else:
            values = trajectory.fun - self.loss_floor
        return np.maximum(values, 1e-16)

    def _rescale_loss_axis(self, trajectories: Sequence[Trajectory]) -> None:
        if self.loss_limits is not None:
            return
        curves = [self._curve(t) for t in trajectories]
        longest = max(c.size for c in curves)
        low = min(float(c.min()) for c in curves)
        high = max(float(c.max()) for c in curves)
        first = 1 if self.log_steps else 0
        x_high, y_low, y_high = first + max(longest - 1, 1), max(low / 3.0, 1e-16), high * 3.0
        if self.is_frame:  # round limits, shared by many frames: steadier, and drawn once
            x_high = _round_up_125(x_high)
            y_low, y_high = 10.0 ** np.floor(np.log10(y_low)), 10.0 ** np.ceil(np.log10(y_high))
        self.ax_loss.set_xlim(first, x_high)
        self.ax_loss.set_ylim(y_low, y_high)

    def set_title(self, text: str) -> None:
        """Set the figure's title line (used for the readouts)."""
        self.figure.suptitle(text, fontsize=FRAME_FONT_PT + 1 if self.is_frame else "medium")


def loss_curves_figure(
    trajectories: Sequence[Trajectory], *, title: str, metric: str = "fun", dpi: float = FIGURE_DPI
) -> Figure:
    """Loss (``metric="fun"``) or gradient norm (``"grad_norm"``) per step, log scale."""
    if metric not in ("fun", "grad_norm"):
        raise ValueError(f"metric must be 'fun' or 'grad_norm'; got {metric!r}")
    figure = new_figure(7.5, 4.2, dpi=dpi)
    ax = figure.subplots()
    styles = ("-", "--", "-.", ":")
    for i, t in enumerate(trajectories):
        values = np.maximum(getattr(t, metric), 1e-30)
        ax.semilogy(
            values,
            styles[(i // len(PALETTE)) % len(styles)],
            color=PALETTE[i % len(PALETTE)],
            lw=1.5,
            label=f"{t.optimizer}: {describe_run(t)}",
        )
    ax.set_xlabel("step k (one gradient each)")
    ax.set_ylabel("f(x_k) − f*" if metric == "fun" else "‖∇f(x_k)‖")
    ax.set_title(title, fontsize="medium")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="x-small", loc="lower left")
    return figure
