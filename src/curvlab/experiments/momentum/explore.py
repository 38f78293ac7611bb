"""Chapter 6's exploration: an optimizer race on a choice of surfaces."""

from __future__ import annotations

from collections.abc import Sequence

from curvlab.experiments.momentum.compute import (
    RACE_SURFACES,
    RACERS,
    RaceResult,
    check_racers,
    race,
)
from curvlab.experiments.momentum.figures import OptimizerRaceFrame
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["BETA2S", "BETAS", "LR_SCALES", "optimizer_race_explorer", "starting_settings"]

RACE_MAXITER = 1_000
"""Step budget of each run in the exploration (stated in every frame's title). At the starting
settings every racer finishes within it on the axis-aligned bowl, gradient descent last; on the
rotated bowl with κ = 500 gradient descent, whose steps grow like κ, does not."""

LR_SCALES = tuple(2.0 ** (k / 2) for k in range(-4, 5))
"""Multipliers of each surface's reference step sizes: nine positions from ¼ to 4, evenly spaced
in log (a factor √2 apart)."""

BETAS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99)
"""Momentum of heavy ball and Nesterov, and Adam's β₁: nine positions, about evenly spaced in
log(1 − β)."""

BETA2S = (0.9, 0.999)
"""Adam's β₂: two positions only, the values the chapter compares. Nine would make the
kernel-free page's grid 6 × 9 × 9 × 9 = 4374 frames (surfaces × step sizes × β × β₂), about
seven minutes of drawing per build."""


def starting_settings(
    surfaces: Sequence[str] = tuple(RACE_SURFACES),
    lr_scales: Sequence[float] = LR_SCALES,
    betas: Sequence[float] = BETAS,
    beta2s: Sequence[float] = BETA2S,
    *,
    beta: float = 0.9,
) -> dict[str, object]:
    """Where :func:`optimizer_race_explorer` places its controls at first, by control name.

    The first surface, the middle of the step-size grid, β at ``beta`` (or the last of
    ``betas`` if ``beta`` is not among them) and β₂ at the last of ``beta2s``: the chapter reads
    its numbers for the starting frame from here.
    """
    return {
        "surface": surfaces[0],
        "lr_scale": lr_scales[len(lr_scales) // 2],
        "beta": beta if beta in betas else betas[-1],
        "beta2": beta2s[-1],
    }


def optimizer_race_explorer(
    surfaces: Sequence[str] = tuple(RACE_SURFACES),
    lr_scales: Sequence[float] = LR_SCALES,
    betas: Sequence[float] = BETAS,
    beta2s: Sequence[float] = BETA2S,
    *,
    racers: Sequence[str] = RACERS,
    beta: float = 0.9,
    static: bool | None = None,
) -> Exploration:
    """Optimizers racing on one surface: by default gradient descent, heavy ball, Nesterov, Adam
    and Newton.

    Parameters
    ----------
    surfaces : sequence of str
        Names from :data:`curvlab.experiments.momentum.compute.RACE_SURFACES` for the menu.
    lr_scales, betas, beta2s : sequence of float
        Slider grids; the step-size slider starts in the middle of its grid, β at ``beta``
        (or the last of ``betas`` if ``beta`` is not among them), β₂ at the last of ``beta2s``.
    racers : sequence of str
        The optimizers to race, from :data:`curvlab.experiments.momentum.compute.RACERS`, e.g.
        ``("GD", "Adam")``.
        They are chosen when the exploration is built (not by a widget), so the kernel-free
        page holds one frame per slider position rather than one per subset of optimizers.
    beta : float
        The momentum slider's starting position.
    static : bool, optional
        Force the kernel-free mode (see :mod:`curvlab.widgets`).
    """
    chosen = check_racers(racers)
    frame = OptimizerRaceFrame()
    start = starting_settings(surfaces, lr_scales, betas, beta2s, beta=beta)
    names = tuple((name, name) for name in surfaces)
    controls = [
        Control(
            "surface", "surface", names, list(surfaces).index(start["surface"]), kind="dropdown"
        ),
        Control.numbers("lr_scale", "step size ×", lr_scales, start["lr_scale"], fmt="{:.3g}"),
        Control.numbers("beta", "momentum β (β₁)", betas, start["beta"]),
        Control.numbers("beta2", "Adam's β₂", beta2s, start["beta2"]),
    ]

    def compute(surface: str, lr_scale: float, beta: float, beta2: float) -> RaceResult:
        return race(surface, lr_scale, beta, beta2, maxiter=RACE_MAXITER, racers=chosen)

    return explore("optimizer race", frame.draw, controls, compute=compute, static=static)
