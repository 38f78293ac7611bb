"""Figures of the digits network's curvature: spectrum in training, densities, trace errors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from curvlab.curvature.density import SpectralDensity
from curvlab.experiments.network_curvature.compute import (
    ClassMeanMechanism,
    OutlierStudy,
    SpectralTraceStudy,
    SpectrumHistory,
    StoppingRule,
    TraceStudy,
)
from curvlab.plotting.render import new_figure

__all__ = [
    "COLOURS",
    "density_figure",
    "mechanism_figure",
    "spectral_trace_figure",
    "spectrum_history_figure",
    "trace_error_figure",
]

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
    studies: Sequence[OutlierStudy],
    width_fraction: float = 0.01,
    *,
    clear_gap: float = 1.5,
    dpi: float = 100,
) -> Figure:
    """One panel per study: the SLQ density (log scale) with the Lanczos top eigenvalues as
    ticks, outliers in red. A study whose largest ratio of consecutive top eigenvalues is below
    ``clear_gap`` is titled as having no clear gap, and its ticks stay grey."""
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
            colour = COLOURS[1] if i < study.n_outliers and study.gap_ratio >= clear_gap else "0.6"
            ax.axvline(value, ymax=0.08, color=colour, lw=1.2)
        kind = "standardized" if study.standardized else "raw pixels"
        found = (
            f"{study.n_outliers} above the gap"
            if study.gap_ratio >= clear_gap
            else f"no clear gap (ratio {study.gap_ratio:.1f})"
        )
        ax.set_title(f"C = {study.n_classes} classes, {kind}: {found}", fontsize="small")
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
                m,
                median,
                "o-",
                color=colour,
                label=f"{label} (slope {study.slope(method):.2f})",
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


def mechanism_figure(mechanism: ClassMeanMechanism, *, dpi: float = 100) -> Figure:
    """Left: the top eigenvalues of H and of the Gauss–Newton matrix G. Middle: their SLQ
    densities (log scale). Right: how much of each top eigenvector of H lies in the span of the
    class-mean gradients (the first C − 1 in red)."""
    figure = new_figure(12.0, 3.5, dpi=dpi)
    ax_top, ax_density, ax_sv = figure.subplots(1, 3)
    k = np.arange(1, len(mechanism.hessian_top) + 1)
    ax_top.semilogy(k, mechanism.hessian_top, "o", color=COLOURS[0], ms=5, label="H")
    ax_top.semilogy(k, mechanism.ggn_top, "x", color=COLOURS[1], ms=6, label="G (Gauss–Newton)")
    ax_top.set_xlabel("index k")
    ax_top.set_ylabel("λ_k")
    ax_top.set_title("Top eigenvalues (Lanczos)", fontsize="medium")
    ax_top.legend(fontsize="small")
    lo = min(mechanism.hessian_density.nodes.min(), mechanism.ggn_density.nodes.min())
    hi = max(mechanism.hessian_density.nodes.max(), mechanism.ggn_density.nodes.max())
    span = hi - lo
    grid = np.linspace(lo - 0.05 * span, hi + 0.05 * span, 800)
    for density, colour, style, label in (
        (mechanism.hessian_density, COLOURS[0], "-", "H"),
        (mechanism.ggn_density, COLOURS[1], "--", "G"),
    ):
        values = np.maximum(density.density(grid, 0.01 * span), 1e-6)
        ax_density.semilogy(grid, values, style, color=colour, label=label)
    ax_density.set_ylim(1e-5, None)
    ax_density.set_xlabel("eigenvalue")
    ax_density.set_ylabel("SLQ density (σ = 1 % of range)")
    ax_density.set_title("Densities of H and G", fontsize="medium")
    ax_density.legend(fontsize="small")
    C = len(mechanism.singular_values)
    colours = [COLOURS[1] if i < C - 1 else "0.6" for i in range(len(k))]
    ax_sv.bar(k, mechanism.projections, color=colours)
    ax_sv.set_ylim(0, 1.05)
    ax_sv.set_xlabel("index k of the eigenvector v_k of H")
    ax_sv.set_ylabel("‖P v_k‖ (1 = inside the span)")
    ax_sv.set_title("v_k in the span of the class-mean gradients?", fontsize="medium")
    for ax in (ax_top, ax_density, ax_sv):
        ax.grid(True, alpha=0.3)
    return figure


def spectral_trace_figure(
    studies: dict[str, SpectralTraceStudy],
    rules: Sequence[StoppingRule],
    *,
    dpi: float = 100,
) -> Figure:
    """One panel per study: RMS relative error of Hutchinson and Hutch++ over the seeds, with
    Hutchinson's exact curve, Hutch++'s ideal-sketch 1/m bound and the crossover budget. Last
    panel: where each stopping rule stopped and how far off it was, one dot per run."""
    figure = new_figure(4.2 * (len(studies) + 1), 3.7, dpi=dpi)
    axes = figure.subplots(1, len(studies) + 1)
    for ax, (title, study) in zip(axes, studies.items(), strict=False):
        m = study.products
        grid = np.geomspace(m[0], m[-1], 60)
        for method, colour, label in (
            ("hutchinson", COLOURS[0], "Hutchinson"),
            ("hutch_plus_plus", COLOURS[1], "Hutch++"),
        ):
            ax.loglog(
                m, study.rms(method), "o", color=colour, label=f"{label} ({study.seeds} seeds)"
            )
        ax.loglog(
            grid, study.hutchinson_exact(grid), ":", color=COLOURS[0], label="Hutchinson, exact"
        )
        ax.loglog(
            grid,
            study.hutch_plus_plus_bound(grid),
            "--",
            color=COLOURS[1],
            label="Hutch++ 1/m bound",
        )
        ax.axvline(study.crossover, color="0.5", lw=1.0, label="m* = (‖H‖*/‖H‖_F)²")
        ax.set_xlabel("matrix-vector products m")
        ax.set_ylabel("RMS relative error of the trace")
        ax.set_title(title, fontsize="medium")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="x-small")
    ax = axes[-1]
    for rule, colour, marker in zip(rules, (COLOURS[4], COLOURS[2]), ("x", "o"), strict=False):
        ax.loglog(
            rule.stops,
            np.maximum(np.abs(rule.errors), 1e-4),
            marker,
            color=colour,
            ms=3,
            alpha=0.6,
            label=f"{rule.name} (median {np.median(rule.stops):.0f} probes)",
        )
    ax.set_xlabel("probes when the rule stopped")
    ax.set_ylabel("|relative error| at the stop")
    ax.set_title("Two stopping rules, one dot per run", fontsize="medium")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="x-small")
    return figure
