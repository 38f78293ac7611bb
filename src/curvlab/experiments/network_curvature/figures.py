"""Figures of the digits network's curvature: spectrum in training, densities, trace errors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from curvlab.curvature.density import SpectralDensity
from curvlab.experiments.network_curvature.compute import (
    OutlierStudy,
    SpectrumHistory,
    TraceStudy,
)
from curvlab.plotting.render import new_figure

__all__ = ["COLOURS", "density_figure", "spectrum_history_figure", "trace_error_figure"]

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
"""Line colours, in order of use."""


def spectrum_history_figure(history: SpectrumHistory, *, dpi: float = 100) -> Figure:
    """Left: the five largest eigenvalues against the step. Right: the most negative one,
    relative to the largest."""
    figure = new_figure(10.0, 3.6, dpi=dpi)
    ax_top, ax_neg = figure.subplots(1, 2)
    for i in range(history.top.shape[1]):
        ax_top.plot(
            history.steps,
            history.top[:, i],
            "o-",
            ms=3,
            color=COLOURS[0],
            alpha=1.0 - 0.15 * i,
            label="λ₁ … λ₅" if i == 0 else None,
        )
    ax_top.set_xlabel("gradient-descent step")
    ax_top.set_ylabel("eigenvalue")
    ax_top.set_title("The five largest Hessian eigenvalues (Lanczos)", fontsize="medium")
    ax_top.legend(fontsize="small")
    ratio = -history.bottom / history.top[:, 0]
    ax_neg.semilogy(history.steps, np.maximum(ratio, 1e-6), "s-", ms=3, color=COLOURS[1])
    ax_neg.set_xlabel("gradient-descent step")
    ax_neg.set_ylabel("|λ_min| / λ_max")
    ax_neg.set_title("The most negative eigenvalue, relative", fontsize="medium")
    for ax in (ax_top, ax_neg):
        ax.grid(True, alpha=0.3)
    return figure


def density_figure(
    studies: Sequence[OutlierStudy], width_fraction: float = 0.01, *, dpi: float = 100
) -> Figure:
    """One panel per study: the SLQ density (log scale) with the Lanczos top eigenvalues as
    ticks, outliers in red."""
    figure = new_figure(3.4 * len(studies), 3.4, dpi=dpi)
    axes = np.atleast_1d(figure.subplots(1, len(studies)))
    for ax, study in zip(axes, studies, strict=True):
        density: SpectralDensity = study.density
        lo, hi = density.nodes.min(), density.nodes.max()
        span = hi - lo
        width = width_fraction * span
        grid = np.linspace(lo - 0.05 * span, hi + 0.05 * span, 800)
        ax.semilogy(grid, np.maximum(density.density(grid, width), 1e-6), color=COLOURS[0])
        for i, value in enumerate(study.top):
            colour = COLOURS[1] if i < study.n_outliers else "0.6"
            ax.axvline(value, ymax=0.08, color=colour, lw=1.2)
        kind = "standardized" if study.standardized else "raw pixels"
        ax.set_title(
            f"C = {study.n_classes} classes, {kind}: {study.n_outliers} above the gap",
            fontsize="small",
        )
        ax.set_xlabel("eigenvalue")
        ax.set_ylim(1e-5, None)
    axes[0].set_ylabel(f"SLQ density (σ = {width_fraction:.0%} of range)")
    return figure


def trace_error_figure(studies: dict[str, TraceStudy], *, dpi: float = 100) -> Figure:
    """Median relative trace error against products, log-log, with slopes −1/2 and −1."""
    figure = new_figure(5.0 * len(studies), 3.8, dpi=dpi)
    axes = np.atleast_1d(figure.subplots(1, len(studies)))
    for ax, (title, study) in zip(axes, studies.items(), strict=True):
        m = study.products
        for method, colour, label in (
            ("hutchinson", COLOURS[0], "Hutchinson"),
            ("hutch_plus_plus", COLOURS[1], "Hutch++"),
        ):
            median = study.median(method)
            ax.loglog(
                m, median, "o-", color=colour, label=f"{label} (slope {study.slope(method):.2f})"
            )
        anchor = study.median("hutchinson")[0]
        ax.loglog(m, anchor * (m / m[0]) ** -0.5, ":", color="0.4", label="slope −1/2")
        ax.loglog(m, anchor * (m / m[0]) ** -1.0, "--", color="0.4", label="slope −1")
        ax.set_xlabel("matrix-vector products")
        ax.set_ylabel("median relative error of the trace")
        ax.set_title(title, fontsize="medium")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
    return figure
