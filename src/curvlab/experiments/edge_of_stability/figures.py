"""Figures of the edge of stability: sharpness against 2/η and the loss, on the network and on
the two-parameter valley; and the exploration's frame."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from curvlab.core.validation import as_int, as_positive_float
from curvlab.experiments.edge_of_stability.compute import (
    CatapultSummary,
    EdgeWindow,
    SurfaceRun,
    valley_surface,
)
from curvlab.experiments.network_curvature.compute import TrainingRun
from curvlab.plotting.panels import contour_window
from curvlab.plotting.render import freeze_layout, new_figure, new_frame, set_changing_artists

__all__ = ["EdgeFrame", "catapult_figure", "edge_figure", "valley_figure"]

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


def _draw_edge(ax_sharp, ax_loss, runs, lrs, upto: int | None = None) -> None:
    for i, (run, lr) in enumerate(zip(runs, lrs, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        keep = run.checkpoints <= (upto if upto is not None else run.n_steps)
        ax_sharp.plot(
            run.checkpoints[keep],
            run.sharpness[keep],
            "-",
            color=colour,
            lw=1.4,
            label=f"η = {lr:.3g}",
        )
        ax_sharp.axhline(2 / lr, color=colour, ls="--", lw=0.9)
        last = len(run.loss) if upto is None else min(upto + 1, len(run.loss))
        steps = np.arange(last)
        ax_loss.semilogy(steps, run.loss[: len(steps)], "-", color=colour, lw=0.9)
    ax_sharp.set_xlabel("step")
    ax_sharp.set_ylabel("λ_max (Lanczos); dashed: 2/η")
    ax_sharp.legend(fontsize="small", loc="lower right")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("training loss")
    for ax in (ax_sharp, ax_loss):
        ax.grid(True, alpha=0.3)


def edge_figure(runs: Sequence[TrainingRun], lrs: Sequence[float], *, dpi: float = 100) -> Figure:
    """Sharpness with the thresholds 2/η (left) and the training loss (right), per step size."""
    figure = new_figure(10.0, 3.8, dpi=dpi)
    ax_sharp, ax_loss = figure.subplots(1, 2)
    _draw_edge(ax_sharp, ax_loss, runs, lrs)
    ax_sharp.set_title("Progressive sharpening, then the edge", fontsize="medium")
    ax_loss.set_title("The loss keeps falling, not monotonically", fontsize="medium")
    return figure


def catapult_figure(
    window: EdgeWindow,
    summary: CatapultSummary,
    by_loss: dict[str, TrainingRun],
    *,
    dpi: float = 100,
) -> Figure:
    """Four panels. Every step of ``window``: the sharpness over :math:`2/\\eta`, the training loss,
    and the share :math:`|\\cos(\\nabla L, v_1)|` of the gradient along the top eigenvector, with
    the crossing (dotted) and the last step before the loss spike (dashed) marked. Last panel:
    :math:`\\lambda_{\\max}` over whole runs at the same step size, one per loss in ``by_loss``."""
    figure = new_figure(12.0, 3.4, dpi=dpi)
    ax_ratio, ax_loss, ax_cos, ax_both = figure.subplots(1, 4)
    steps = window.steps
    ax_ratio.plot(steps, window.sharpness / window.threshold, "-", color=COLOURS[0], lw=1.1)
    ax_ratio.axhline(1.0, color="k", ls="--", lw=0.9)
    ax_ratio.set_ylabel("λ_max / (2/η)")
    ax_ratio.set_title("Sharpness, every step", fontsize="medium")
    ax_loss.semilogy(steps, window.loss, "-", color=COLOURS[1], lw=1.1)
    ax_loss.set_ylabel("training loss")
    ax_loss.set_title("Loss: the catapult spikes", fontsize="medium")
    ax_cos.plot(steps, window.cosine, "-", color=COLOURS[2], lw=1.1)
    ax_cos.set_ylim(-0.02, 1.02)
    ax_cos.set_ylabel("|cos(∇L, v₁)|")
    ax_cos.set_title("Gradient along the top eigenvector", fontsize="medium")
    for ax in (ax_ratio, ax_loss, ax_cos):
        ax.axvline(summary.crossing_step, color="0.4", ls=":", lw=1.0)
        ax.axvline(summary.loss_min_step, color="0.4", ls="--", lw=1.0)
        ax.set_xlabel("step")
        ax.grid(True, alpha=0.3)
    ax_ratio.plot([], [], ":", color="0.4", label="λ_max reaches 2/η")
    ax_ratio.plot([], [], "--", color="0.4", label="last step before the spike")
    ax_ratio.legend(fontsize="x-small", loc="lower right")
    for i, (name, run) in enumerate(by_loss.items()):
        ax_both.plot(run.checkpoints, run.sharpness, "-", color=COLOURS[3 + i], lw=1.3, label=name)
    ax_both.axhline(window.threshold, color="k", ls="--", lw=0.9, label="2/η")
    ax_both.set_xlabel("step")
    ax_both.set_ylabel("λ_max (Lanczos)")
    ax_both.set_title(f"Same net, η = {window.lr:.3g}", fontsize="medium")
    ax_both.legend(fontsize="x-small", loc="center right")
    ax_both.grid(True, alpha=0.3)
    return figure


class EdgeFrame:
    r"""The exploration's frame: one step size's run up to a chosen step, beside the others.

    Left: :math:`\lambda_{\max}` (Lanczos, at the runs' checkpoints) with every run's threshold
    :math:`2/\eta` dashed; right: the training loss on a log scale. The chosen run is drawn up to
    the chosen step in full colour, the other step sizes' whole runs faintly, so that a learner
    compares them without remembering other frames. The axes are the same in every frame (they
    cover every run and every :math:`2/\eta`), the key sits below the panels, and the figure is
    made once and only its lines' data, styles and the title change per frame. An exploration
    frame (:func:`curvlab.plotting.render.new_frame`).

    Parameters
    ----------
    runs : sequence of TrainingRun
        Runs with sharpness checkpoints, e.g. from
        :func:`~curvlab.experiments.edge_of_stability.compute.edge_runs`.
    lrs : sequence of float
        Their step sizes, positive.

    Raises
    ------
    ValueError
        If ``runs`` and ``lrs`` differ in length or are empty, or a step size is not positive.
    """

    def __init__(self, runs: Sequence[TrainingRun], lrs: Sequence[float]) -> None:
        if len(runs) != len(lrs) or not runs:
            raise ValueError(
                f"runs and lrs must be non-empty and match; got {len(runs)}, {len(lrs)}"
            )
        self.lrs = [as_positive_float(lr, "lrs") for lr in lrs]
        self.runs = dict(zip(self.lrs, runs, strict=True))
        n_steps = max(r.n_steps for r in runs)
        top = max(max(float(np.max(r.sharpness)) for r in runs), max(2 / lr for lr in self.lrs))
        lows = [float(np.min(r.loss)) for r in runs]
        highs = [float(np.max(r.loss)) for r in runs]
        self.figure = figure = new_frame(4.4)
        figure.set_layout_engine("constrained")
        self.ax_sharp, self.ax_loss = figure.subplots(1, 2)
        self._lines = []
        for i, (lr, run) in enumerate(self.runs.items()):
            colour = COLOURS[i % len(COLOURS)]
            faint_sharp = self.ax_sharp.plot(
                run.checkpoints, run.sharpness, "-", color=colour, lw=1.0, alpha=0.3
            )[0]
            faint_loss = self.ax_loss.plot(
                np.arange(len(run.loss)), run.loss, "-", color=colour, lw=0.7, alpha=0.3
            )[0]
            sharp = self.ax_sharp.plot([], [], "-", color=colour, lw=2.0)[0]
            loss = self.ax_loss.plot([], [], "-", color=colour, lw=1.0)[0]
            now = self.ax_sharp.plot([], [], "o", color=colour, ms=6)[0]
            line = self.ax_sharp.axhline(2 / lr, color=colour, ls="--", lw=1.0)
            self._lines.append((lr, faint_sharp, faint_loss, sharp, loss, now, line))
        self.ax_sharp.set_xlim(0, n_steps)
        self.ax_sharp.set_ylim(0, 1.08 * top)
        self.ax_loss.set_xlim(0, n_steps)
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_ylim(0.8 * min(lows), 1.25 * max(highs))
        self.ax_sharp.set_xlabel("step")
        self.ax_sharp.set_ylabel(r"$\lambda_{\max}$ (Lanczos)")
        self.ax_sharp.set_title("Sharpness; dashed: 2/η")
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("training loss (log scale)")
        self.ax_loss.set_title("Training loss")
        for ax in (self.ax_sharp, self.ax_loss):
            ax.grid(True, alpha=0.3)
        handles = [
            Line2D([], [], color=COLOURS[i % len(COLOURS)], lw=2.0) for i in range(len(self.lrs))
        ]
        labels = [f"η = {lr:.3g}, 2/η = {2 / lr:.3g}" for lr in self.lrs]
        # the faint runs' own colours, width and transparency, side by side in one sample
        handles.append(
            tuple(
                Line2D([], [], color=COLOURS[i % len(COLOURS)], lw=1.0, alpha=0.3)
                for i in range(len(self.lrs))
            )
        )
        labels.append("faint: the other step sizes, whole runs")
        figure.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=2,
            handler_map={tuple: HandlerTuple(ndivide=None, pad=0.0)},
        )
        figure.suptitle(
            r"placeholder: η = 0.444, 2/η = 4.5; step 1500: $\lambda_{\max}$ ≈ 4.50 = 1.00 × 2/η"
        )
        freeze_layout(figure)  # lay out once; every frame keeps these positions

    def draw(self, lr: float, upto: int) -> Figure:
        """The frame of the run with step ``lr`` up to step ``upto``.

        Raises
        ------
        ValueError
            If ``lr`` is not one of the runs' step sizes or ``upto`` is negative.
        """
        lr = as_positive_float(lr, "lr")
        if lr not in self.runs:
            raise ValueError(f"lr must be one of {self.lrs}; got {lr}")
        upto = as_int(upto, "upto", 0)
        now = float("nan")
        for other, faint_sharp, faint_loss, sharp, loss, point, line in self._lines:
            chosen = other == lr
            run = self.runs[other]
            faint_sharp.set_visible(not chosen)
            faint_loss.set_visible(not chosen)
            line.set_alpha(1.0 if chosen else 0.35)
            line.set_linewidth(1.6 if chosen else 1.0)
            for artist in (sharp, loss, point):
                artist.set_visible(chosen)
            if chosen:
                keep = run.checkpoints <= upto
                sharp.set_data(run.checkpoints[keep], run.sharpness[keep])
                last = min(upto + 1, len(run.loss))
                loss.set_data(np.arange(last), run.loss[:last])
                now = float(run.sharpness[keep][-1])
                point.set_data([run.checkpoints[keep][-1]], [now])
        self.figure.suptitle(
            f"η = {lr:.3g}, 2/η = {2 / lr:.3g}; step {upto}: "
            rf"$\lambda_{{\max}}$ ≈ {now:.2f} = {now * lr / 2:.2f} × 2/η"
        )
        # The chosen run's curves, its marker and the title change with the step; the faint
        # runs and the 2/η lines change only with η: one background per step size.
        changing = [
            a for _, _, _, sharp, loss, point, _ in self._lines for a in (sharp, loss, point)
        ]
        set_changing_artists(self.figure, [*changing, self.figure._suptitle])
        return self.figure


def valley_figure(
    runs: Sequence[SurfaceRun],
    *,
    window: tuple[tuple[float, float], tuple[float, float]] = ((2.0, 3.8), (-0.6, 0.6)),
    dpi: float = 100,
) -> Figure:
    """Paths on the valley ¼(x²y² − 1)² near both branches of minima xy = ±1 (left) and their
    sharpness with 2/η (right)."""
    f = valley_surface()
    (x0, x1), (y0, y1) = window
    figure = new_figure(10.0, 3.8, dpi=dpi)
    ax_path, ax_sharp = figure.subplots(1, 2)
    contour_window(
        ax_path, f, window, grid=301, count=12, colors="0.8", linewidths=0.6, set_limits=False
    )
    curve = np.linspace(x0, x1, 200)
    for sign in (1, -1):
        ax_path.plot(
            curve,
            sign / curve,
            color="0.3",
            lw=0.8,
            ls=":",
            label="minima xy = ±1" if sign == 1 else None,
        )
    for i, r in enumerate(runs):
        colour = COLOURS[i % len(COLOURS)]
        ax_path.plot(
            r.path[:, 0], r.path[:, 1], ".-", color=colour, ms=2, lw=0.4, label=f"η = {r.lr:g}"
        )
        ax_path.plot(*r.path[-1], "o", color=colour, ms=6)
        ax_sharp.plot(r.sharpness, color=colour, lw=0.6)
        ax_sharp.axhline(r.threshold, color=colour, ls="--", lw=0.9)
    top = 1.6 * max(np.median(r.sharpness[len(r.sharpness) // 2 :]) for r in runs)
    ax_sharp.set_ylim(0, top)
    ax_path.set_xlim(x0, x1)
    ax_path.set_ylim(y0, y1)
    ax_path.set_xlabel("x")
    ax_path.set_ylabel("y")
    ax_path.legend(fontsize="small", loc="upper right")
    ax_path.set_title("Gradient descent on ¼(x²y² − 1)² (dots: the ends)", fontsize="medium")
    ax_sharp.set_xlabel("step")
    ax_sharp.set_ylabel("λ_max of the Hessian; dashed: 2/η")
    ax_sharp.set_title("Each run ends at a minimum with λ_max < 2/η", fontsize="medium")
    ax_sharp.grid(True, alpha=0.3)
    return figure
