"""Plotting: the shared matplotlib layer (never imports ipywidgets or the experiments).

* :mod:`~curvlab.plotting.render`: figures outside pyplot (:func:`new_figure`), PNG bytes,
  the one static-frame resolution :data:`FRAME_DPI` (and :data:`FIGURE_DPI` for figures), and
  every figure's text alternative (:func:`figure_alt`);
* :mod:`~curvlab.plotting.style`: the one style table: palette, how each kind of critical
  point is drawn, basin colours;
* :mod:`~curvlab.plotting.panels`: contour windows (:func:`contour_window`), the path-and-loss
  panels every exploration reuses, legends (:func:`describe_run`), loss curves.

Figures are plain ``matplotlib.figure.Figure`` objects, not pyplot state, so that an exploration
can keep one figure alive and redraw only what changed.
"""

from curvlab.plotting.panels import (
    PathLossFigure,
    contour_levels,
    contour_window,
    describe_run,
    draw_paths,
    loss_curves_figure,
)
from curvlab.plotting.render import (
    FIGURE_DPI,
    FRAME_DPI,
    figure_alt,
    new_figure,
    palette_png,
    png_bytes,
    set_alt_text,
)
from curvlab.plotting.style import BASIN_COLORS, KIND_PLURAL, KIND_STYLE, PALETTE

__all__ = [
    "BASIN_COLORS",
    "FIGURE_DPI",
    "FRAME_DPI",
    "KIND_PLURAL",
    "KIND_STYLE",
    "PALETTE",
    "PathLossFigure",
    "contour_levels",
    "contour_window",
    "describe_run",
    "draw_paths",
    "figure_alt",
    "loss_curves_figure",
    "new_figure",
    "palette_png",
    "png_bytes",
    "set_alt_text",
]
