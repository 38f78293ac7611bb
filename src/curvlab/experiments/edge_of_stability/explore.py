"""Chapter 7's exploration: the edge-of-stability runs, by step size and by training step."""

from __future__ import annotations

from collections.abc import Sequence

from curvlab.experiments.edge_of_stability.figures import EdgeFrame
from curvlab.experiments.network_curvature.compute import TrainingRun
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["edge_explorer"]


def edge_explorer(
    runs: Sequence[TrainingRun],
    lrs: Sequence[float],
    *,
    steps: Sequence[int] | None = None,
    static: bool | None = None,
) -> Exploration:
    """Sliders for the step size η (one precomputed run each) and the step to show.

    Parameters
    ----------
    runs, lrs : sequences
        Runs from :func:`~curvlab.experiments.edge_of_stability.compute.edge_runs` and their
        step sizes (the computation is done once, before; the frame only draws).
    steps : sequence of int, optional
        The grid of the "up to step" slider; by default every 50 steps to the end (the runs'
        thresholds are crossed and the first catapults happen within a hundred steps or so).
    static : bool, optional
        Force the kernel-free mode.
    """
    frame = EdgeFrame(runs, lrs)
    n_steps = min(r.n_steps for r in runs)
    steps = tuple(steps or range(50, n_steps + 1, 50))
    controls = [
        Control(
            "lr",
            "step size η",
            tuple((f"{lr:.3g} (2/η = {2 / lr:.3g})", lr) for lr in lrs),
            default=len(lrs) // 2,
            # three precomputed runs, one per step size: a choice among them, not a continuum
            continuous=False,
        ),
        Control.numbers("upto", "up to step", steps, steps[-1], fmt="{:d}"),
    ]
    return explore("the edge of stability", frame.draw, controls, static=static)
