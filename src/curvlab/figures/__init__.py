"""Figures: matplotlib drawings of curvlab computations (never imports ipywidgets).

Figures are plain ``matplotlib.figure.Figure`` objects, not pyplot state, so that an exploration
can keep one figure alive and redraw only what changed.
"""

from curvlab.figures.gd_bowl import GradientDescentBowlFrame, step_size_comparison_figure
from curvlab.figures.panels import PathLossFigure, contour_levels, describe_run
from curvlab.figures.render import new_figure, png_bytes

__all__ = [
    "GradientDescentBowlFrame",
    "PathLossFigure",
    "contour_levels",
    "describe_run",
    "new_figure",
    "png_bytes",
    "step_size_comparison_figure",
]
