"""Figures of the museum of partial Hessians: Newton–Schulz on singular values, the race."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from curvlab.figures.panels import PALETTE, describe_run
from curvlab.figures.render import new_figure
from curvlab.newton_schulz import CUBIC, MUON_QUINTIC, newton_schulz, scalar_map
from curvlab.runner import Trajectory

__all__ = ["newton_schulz_figure", "race_curves_figure"]


def newton_schulz_figure(M: np.ndarray, *, steps: int = 5, dpi: float = 100) -> Figure:
    r"""What five Newton–Schulz steps do to the singular values of ``M``.

    Left: the scalar maps :math:`\sigma \mapsto p^{\circ 5}(\sigma)` of the cubic and of Muon's
    quintic on :math:`[10^{-4}, 1]`. Right: the singular values of ``M`` (normalized by
    :math:`\|M\|_F`) and of both outputs.
    """
    figure = new_figure(10.0, 3.8, dpi=dpi)
    ax_map, ax_values = figure.subplots(1, 2)
    sigma = np.geomspace(1e-4, 1.0, 801)
    ax_map.plot(sigma, scalar_map(sigma, steps, CUBIC), color=PALETTE[1], label="cubic (1.5, −0.5)")
    ax_map.plot(
        sigma, scalar_map(sigma, steps, MUON_QUINTIC), color=PALETTE[2], label="Muon's quintic"
    )
    ax_map.axhline(1.0, color="0.5", lw=0.8, ls=":")
    ax_map.set_xscale("log")
    ax_map.set_xlim(1e-4, 1.0)
    ax_map.set_xlabel(r"normalized singular value $\sigma / \|M\|_F$")
    ax_map.set_ylabel(f"after {steps} steps")
    ax_map.set_title("The scalar map on singular values", fontsize="medium")
    ax_map.legend(fontsize="small")
    before = np.linalg.svd(M, compute_uv=False) / np.linalg.norm(M)
    index = np.arange(1, before.size + 1)
    ax_values.semilogy(index, before, "o-", color="0.3", label="momentum matrix (÷‖M‖_F)")
    for colour, coefficients, label in (
        (PALETTE[1], CUBIC, "cubic"),
        (PALETTE[2], MUON_QUINTIC, "quintic (Muon)"),
    ):
        after = np.linalg.svd(newton_schulz(M, steps, coefficients), compute_uv=False)
        ax_values.semilogy(index, after, "s-", color=colour, label=f"after {steps} {label} steps")
    ax_values.axhline(1.0, color="0.5", lw=0.8, ls=":")
    ax_values.set_xlabel("singular value index")
    ax_values.set_ylabel("singular value")
    ax_values.set_title("Orthogonalizing a momentum matrix", fontsize="medium")
    ax_values.legend(fontsize="small")
    return figure


def race_curves_figure(
    trajectories: Sequence[Trajectory], *, title: str, metric: str = "fun", dpi: float = 100
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
