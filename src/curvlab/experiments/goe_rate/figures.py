r"""The measured :math:`-\ln P_n / n^2` of a GOE matrix being positive definite, tending to θ."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from curvlab.experiments.goe_rate.compute import rate_estimates

__all__ = ["rate_limit_figure"]


def rate_limit_figure(estimates: Sequence[Any], theta: float, *, dpi: float = 100) -> Figure:
    r"""Plot the measured :math:`-\ln P_n/n^2` with the coin flip's :math:`\ln 2/n` and θ."""
    rates = rate_estimates(estimates)
    figure = Figure(figsize=(6.2, 3.8), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
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
