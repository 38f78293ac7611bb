"""Plotting: the shared matplotlib layer (never imports ipywidgets or the experiments).

* :mod:`~curvlab.plotting.render`: figures outside pyplot (:func:`new_figure`), PNG bytes, and
  the one static-frame resolution :data:`FRAME_DPI`;
* :mod:`~curvlab.plotting.style`: the one style table: palette, how each kind of critical
  point is drawn, the tolerance below which a value counts as converged;
* :mod:`~curvlab.plotting.panels`: contour windows (:func:`contour_grid`), the path-and-loss
  panels every exploration reuses, legends (:func:`describe_run`).

Figures are plain ``matplotlib.figure.Figure`` objects, not pyplot state, so that an exploration
can keep one figure alive and redraw only what changed.
"""
