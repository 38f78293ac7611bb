"""Figures of sharp and flat minima: SAM on two wells, minima by method, loss slices."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from curvlab.experiments.sharpness.compute import (
    MinimumReport,
    PairedStudy,
    SaddleReport,
    SurfaceComparison,
    two_minima_surface,
)
from curvlab.plotting.panels import contour_window
from curvlab.plotting.render import new_figure

__all__ = ["minima_figure", "paired_figure", "slices_figure", "surface_comparison_figure"]

COLOURS = {"sharp": "#d62728", "flat": "#2ca02c", "neither": "#7f7f7f"}
METHOD_COLOURS = ("#1f77b4", "#ff7f0e", "#9467bd", "#8c564b")


def surface_comparison_figure(
    comparison: SurfaceComparison, saddle: SaddleReport | None = None, *, dpi: float = 100
) -> Figure:
    """Gradient descent and SAM from the same starts; each path coloured by where it ended, and
    the col between the wells (``saddle``, if given) marked with a black cross."""
    f = two_minima_surface()
    figure = new_figure(10.0, 3.8, dpi=dpi)
    for ax, key in zip(figure.subplots(1, 2), ("gd", "sam"), strict=True):
        contour_window(ax, f, grid=241, count=20, colors="0.75", linewidths=0.6)
        for path, basin in zip(comparison.paths[key], comparison.basins[key], strict=True):
            ax.plot(path[:, 0], path[:, 1], "-", color=COLOURS[basin], lw=0.7, alpha=0.7)
            ax.plot(path[0, 0], path[0, 1], ".", color=COLOURS[basin], ms=4)
        counts = ", ".join(f"{comparison.count(key, b)} {b}" for b in ("sharp", "flat", "neither"))
        ax.set_title(f"{comparison.labels[key]}: {counts}", fontsize="small")
        if saddle is not None:
            ax.plot(
                *saddle.point,
                "kX",
                ms=8,
                label="saddle (col between the wells)" if ax is figure.axes[0] else None,
            )
        ax.set_xlabel("x")
    figure.axes[0].set_ylabel("y")
    if saddle is not None:
        figure.legend(loc="outside lower center", fontsize="small")
    return figure


def minima_figure(reports: Sequence[MinimumReport], *, dpi: float = 100) -> Figure:
    """Left: top eigenvalue of each minimum by method. Right: held-out accuracy against it."""
    methods = list(dict.fromkeys(r.method for r in reports))
    figure = new_figure(10.0, 3.6, dpi=dpi)
    ax_sharp, ax_acc = figure.subplots(1, 2)
    for i, method in enumerate(methods):
        mine = [r for r in reports if r.method == method]
        colour = METHOD_COLOURS[i % len(METHOD_COLOURS)]
        values = [r.sharpness for r in mine]
        ax_sharp.plot([i] * len(values), values, "o", color=colour, ms=6)
        ax_acc.plot(
            values, [100 * r.test_accuracy for r in mine], "o", color=colour, ms=6, label=method
        )
    ax_sharp.set_xticks(range(len(methods)), methods, fontsize="small")
    ax_sharp.set_ylabel("λ_max at the end")
    ax_sharp.set_title("How sharp each minimum is (one dot per start)", fontsize="medium")
    ax_acc.set_xlabel("λ_max at the end")
    ax_acc.set_ylabel("held-out accuracy (%)")
    ax_acc.set_title("Held-out accuracy against sharpness", fontsize="medium")
    ax_acc.legend(fontsize="small")
    for ax in (ax_sharp, ax_acc):
        ax.grid(True, alpha=0.3)
    return figure


def slices_figure(
    ts: np.ndarray,
    raw: dict[float, np.ndarray],
    normalized: dict[float, np.ndarray],
    plane: np.ndarray,
    plane_ts: np.ndarray,
    *,
    dpi: float = 100,
) -> Figure:
    """1-D loss slices along a plain and a filter-normalized direction for each rescaling
    ``alpha``, and the 2-D filter-normalized slice."""
    figure = new_figure(12.0, 3.6, dpi=dpi)
    ax_raw, ax_norm, ax_plane = figure.subplots(1, 3)
    styles = ("-", "--", ":")
    for i, alpha in enumerate(raw):
        colour = METHOD_COLOURS[i]
        ax_raw.semilogy(ts, raw[alpha], styles[i % 3], color=colour, label=f"α = {alpha:g}")
        ax_norm.semilogy(
            ts, normalized[alpha], styles[i % 3], color=METHOD_COLOURS[i], label=f"α = {alpha:g}"
        )
    ax_raw.set_title("Same plain direction, rescaled nets", fontsize="medium")
    ax_norm.set_title("Filter-normalized direction", fontsize="medium")
    for ax in (ax_raw, ax_norm):
        ax.set_xlabel("t")
        ax.set_ylabel("training loss at θ + t d")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small")
    logs = np.log10(plane)
    contour = ax_plane.contourf(
        plane_ts, plane_ts, logs, levels=np.linspace(logs.min(), logs.max(), 15), cmap="viridis"
    )
    figure.colorbar(contour, ax=ax_plane, label="log₁₀ loss")
    ax_plane.plot(0, 0, "w*", ms=8)
    ax_plane.set_title("Filter-normalized plane", fontsize="medium")
    ax_plane.set_xlabel("s (direction 1)")
    ax_plane.set_ylabel("t (direction 2)")
    return figure


def paired_figure(study: PairedStudy, *, dpi: float = 100) -> Figure:
    """Each start's two minima joined by a line: three sharpness measures (each over the first
    method's mean) and the held-out digits classified correctly."""
    figure = new_figure(10.0, 3.6, dpi=dpi)
    ax_sharp, ax_acc = figure.subplots(1, 2)
    measures = (
        ("λ_max", study.sharpness),
        ("trace", study.trace),
        ("adaptive", study.adaptive),
    )
    for k, (_name, values) in enumerate(measures):
        relative = values / values[0].mean()
        for j in range(values.shape[1]):
            ax_sharp.plot(
                [2 * k, 2 * k + 1], relative[:, j], "-", color=METHOD_COLOURS[k], lw=0.7, alpha=0.6
            )
        ax_sharp.plot([2 * k] * values.shape[1], relative[0], "o", color=METHOD_COLOURS[k], ms=4)
        ax_sharp.plot(
            [2 * k + 1] * values.shape[1], relative[1], "s", color=METHOD_COLOURS[k], ms=4
        )
    ticks = [f"{name}\n{label}" for name, _ in measures for label in ("GD", "SAM")]
    ax_sharp.set_xticks(range(6), ticks, fontsize="x-small")
    ax_sharp.set_ylabel("value / mean of gradient descent")
    ax_sharp.set_title("Sharpness at each start's two minima", fontsize="medium")
    for j in range(study.seeds.size):
        ax_acc.plot([0, 1], study.correct[:, j], "-o", color="0.4", lw=0.8, ms=4)
    ax_acc.set_xticks([0, 1], list(study.labels), fontsize="small")
    ax_acc.set_xlim(-0.3, 1.3)
    ax_acc.set_ylabel(f"held-out digits correct (of {study.n_test})")
    ax_acc.set_title("Held-out accuracy, one line per start", fontsize="medium")
    for ax in (ax_sharp, ax_acc):
        ax.grid(True, alpha=0.3)
    return figure
