"""Chapter 7's exploration: the edge-of-stability runs, by step size and by training step."""

from __future__ import annotations

from collections.abc import Sequence

from curvlab.core.validation import as_int
from curvlab.experiments.edge_of_stability.figures import EdgeFrame
from curvlab.experiments.network_curvature.compute import TrainingRun
from curvlab.widgets.core import Control, Exploration, explore

__all__ = ["default_steps", "edge_explorer"]


def default_steps(n_steps: int, every: int = 50) -> tuple[int, ...]:
    """The exploration's default grid: ``every``, ``2 * every``, ... below ``n_steps``, then
    ``n_steps`` itself (so the last step is always shown, also for a run shorter than ``every``).

    Parameters
    ----------
    n_steps : int
        The runs' length, at least 1.
    every : int
        The spacing, at least 1.

    Returns
    -------
    tuple of int
        Increasing, ending at ``n_steps``.

    Raises
    ------
    ValueError
        If ``n_steps`` or ``every`` is below 1.
    """
    n_steps = as_int(n_steps, "n_steps", 1)
    every = as_int(every, "every", 1)
    return (*range(every, n_steps, every), n_steps)


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
        The grid of the "up to step" slider; by default :func:`default_steps` of the shortest
        run: every 50 steps and the last step. In the chapter's runs the thresholds are
        approached and the first spikes come over hundreds of steps, so 50 steps apart follows
        them.
    static : bool, optional
        Force the kernel-free mode.
    """
    frame = EdgeFrame(runs, lrs)
    n_steps = min(r.n_steps for r in runs)
    steps = tuple(steps or default_steps(n_steps))
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
