"""Gradient descent on the bowl ½(x² + κy²): the frame behind chapter 1's exploration."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from curvlab.experiments.gradient_descent.compute import BowlRun
from curvlab.plotting.panels import PathLossFigure, describe_run
from curvlab.plotting.render import FIGURE_DPI, FRAME_DPI
from curvlab.problems.quadratic import bowl

__all__ = ["GradientDescentBowlFrame", "step_size_comparison_figure"]


class GradientDescentBowlFrame:
    """Draws a :class:`~curvlab.experiments.gradient_descent.compute.BowlRun` on its bowl.

    The figure is created once; :meth:`draw` updates the existing artists with the run it is
    given, redrawing contours only when ``kappa`` changes.

    Parameters
    ----------
    dpi : float
        Resolution of the figure.
    """

    def __init__(self, *, dpi: float = FRAME_DPI) -> None:
        self.panels = PathLossFigure(bowl(1.0).window, dpi=dpi)
        self._kappa: float | None = None

    @property
    def figure(self) -> Figure:
        """The figure that :meth:`draw` updates."""
        return self.panels.figure

    def draw(self, result: BowlRun) -> Figure:
        """Draw one computed run and return the (same, updated) figure."""
        if result.kappa != self._kappa:
            self.panels.set_surface(result.objective)
            self._kappa = result.kappa
        self.panels.set_paths([result.trajectory], [f"η = {result.lr:g}"])
        self.panels.set_title(
            f"κ = {result.kappa:g}, η = {result.lr:g} (stable below 2/κ = {result.bound:.3g}); "
            f"rate max|1−ηλ| = {result.rate:.3f}: {describe_run(result.trajectory)}"
        )
        return self.figure


def step_size_comparison_figure(runs: Sequence[BowlRun], *, dpi: float = FIGURE_DPI) -> Figure:
    """Runs on one bowl with several step sizes (from
    :func:`~curvlab.experiments.gradient_descent.compute.bowl_runs`), paths and losses overlaid.

    Chapter 1 uses it to show runs just below and just above the stability bound ``2/kappa``.
    """
    objective, kappa, bound = runs[0].objective, runs[0].kappa, runs[0].bound
    panels = PathLossFigure(objective.window, dpi=dpi, size=(9.0, 3.8))
    panels.set_surface(objective)
    labels = [f"η = {r.lr:g}: {describe_run(r.trajectory)}" for r in runs]
    panels.set_paths([r.trajectory for r in runs], labels)
    panels.set_title(f"Gradient descent on ½(x² + {kappa:g}y²): stability bound 2/κ = {bound:.3g}")
    return panels.figure
