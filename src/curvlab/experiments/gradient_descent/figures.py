"""Gradient descent on the bowl ½(x² + κy²): the frame behind chapter 1's exploration."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from curvlab.core.runner import TOL, run
from curvlab.experiments.gradient_descent.compute import BOWL_START
from curvlab.optimizers import gradient_descent
from curvlab.plotting.panels import PathLossFigure, describe_run
from curvlab.plotting.render import FIGURE_DPI, FRAME_DPI
from curvlab.problems.quadratic import bowl
from curvlab.theory.rates import convergence_rate, stability_bound

__all__ = ["GradientDescentBowlFrame", "step_size_comparison_figure"]


class GradientDescentBowlFrame:
    """Draws gradient descent on :func:`~curvlab.problems.quadratic.bowl` for one ``(lr, kappa)``.

    The figure is created once; :meth:`draw` recomputes the run and updates the existing
    artists, redrawing contours only when ``kappa`` changes.

    Parameters
    ----------
    maxiter : int
        Step budget per run.
    tol : float
        Gradient-norm tolerance.
    dpi : float
        Resolution of the figure.
    """

    def __init__(self, *, maxiter: int = 2_000, tol: float = TOL, dpi: float = FRAME_DPI) -> None:
        self.maxiter = maxiter
        self.tol = tol
        self.panels = PathLossFigure(bowl(1.0).window, dpi=dpi)
        self._kappa: float | None = None

    @property
    def figure(self) -> Figure:
        """The figure that :meth:`draw` updates."""
        return self.panels.figure

    def draw(self, lr: float, kappa: float) -> Figure:
        """Run gradient descent with step ``lr`` on the bowl of condition ``kappa`` and draw it."""
        objective = bowl(kappa)
        if kappa != self._kappa:
            self.panels.set_surface(objective)
            self._kappa = kappa
        trajectory = run(
            objective, gradient_descent(lr), BOWL_START, tol=self.tol, maxiter=self.maxiter
        )
        self.panels.set_paths([trajectory], [f"η = {lr:g}"])
        bound = stability_bound(objective.A)
        rate = convergence_rate(objective.A, lr)
        self.panels.set_title(
            f"κ = {kappa:g}, η = {lr:g} (stable below 2/κ = {bound:.3g}); "
            f"rate max|1−ηλ| = {rate:.3f}: {describe_run(trajectory)}"
        )
        return self.figure


def step_size_comparison_figure(
    kappa: float, lrs: Sequence[float], *, maxiter: int = 60, dpi: float = FIGURE_DPI
) -> Figure:
    """Runs on one bowl with several step sizes, paths and losses overlaid.

    Chapter 1 uses it to show runs just below and just above the stability bound ``2/kappa``.
    """
    objective = bowl(kappa)
    panels = PathLossFigure(objective.window, dpi=dpi, size=(9.0, 3.8))
    panels.set_surface(objective)
    trajectories = [run(objective, gradient_descent(lr), BOWL_START, maxiter=maxiter) for lr in lrs]
    labels = [f"η = {lr:g}: {describe_run(t)}" for lr, t in zip(lrs, trajectories, strict=True)]
    panels.set_paths(trajectories, labels)
    panels.set_title(
        f"Gradient descent on ½(x² + {kappa:g}y²): stability bound 2/κ = {2 / kappa:.3g}"
    )
    return panels.figure
