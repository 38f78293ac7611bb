"""The frame of chapter 6's optimizer race: optimizers on one surface, paths and losses."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from curvlab.figures.panels import PathLossFigure, describe_run
from curvlab.race import RACE_SURFACES, RACERS, check_racers, race

__all__ = ["SHORT_NAMES", "OptimizerRaceFrame"]

SHORT_NAMES = RACERS
"""Legend names of :func:`curvlab.race.race_optimizers`, in order."""


class OptimizerRaceFrame:
    """Draws :func:`curvlab.race.race` for one choice of surface, step scale, β and β₂.

    One :class:`~curvlab.figures.panels.PathLossFigure` per surface is created on first use and
    then only its paths are updated, so moving a slider redraws lines, not contours.

    Parameters
    ----------
    maxiter : int
        Step budget per run.
    dpi : float
        Resolution of the frames.
    racers : sequence of str
        Which optimizers race, by their names in :data:`curvlab.race.RACERS` (default: all).

    Raises
    ------
    ValueError
        If ``racers`` is empty or names an unknown optimizer.
    """

    def __init__(
        self, *, maxiter: int = 300, dpi: float = 60, racers: Sequence[str] = RACERS
    ) -> None:
        self.maxiter = maxiter
        self.dpi = dpi
        self.racers = check_racers(racers)
        self._panels: dict[str, PathLossFigure] = {}

    def _panels_for(self, surface: str) -> PathLossFigure:
        if surface not in self._panels:
            objective = RACE_SURFACES[surface].objective()
            panels = PathLossFigure(
                objective.window, metric="grad_norm", dpi=self.dpi, size=(9.0, 3.6)
            )
            panels.set_surface(objective)
            self._panels[surface] = panels
        return self._panels[surface]

    def draw(self, surface: str, lr_scale: float, beta: float, beta2: float) -> Figure:
        """Race the chosen optimizers and return the updated figure."""
        trajectories = race(
            surface, lr_scale, beta, beta2, maxiter=self.maxiter, racers=self.racers
        )
        panels = self._panels_for(surface)
        labels = [
            f"{name}: {describe_run(t)}" for name, t in zip(self.racers, trajectories, strict=True)
        ]
        panels.set_paths(trajectories, labels)
        spec = RACE_SURFACES[surface]
        panels.set_title(
            f"{surface}: η = {lr_scale * spec.gd_lr:.3g} (GD, heavy ball), "
            f"{lr_scale * spec.adam_lr:.3g} (Adam); β = {beta:g}, β₂ = {beta2:g}"
        )
        return panels.figure
