"""Explorations: ipywidgets wiring around the frame-drawing functions of :mod:`curvlab.figures`.

Every exploration works in two modes built from the same ``draw`` function:

* **live** (a kernel is running: JupyterLab, Binder, Thebe): moving a control recomputes and
  redraws the frame;
* **static** (the website, no kernel): every frame of the control grid is rendered in advance
  into an ``ipywidgets.Stack`` of ``Image`` widgets whose ``selected_index`` is ``jslink``-ed
  to the controls, so the page answers its sliders from the embedded widget state.

The mode defaults to live; the book build sets ``CURVLAB_STATIC_WIDGETS=1``.
"""

from curvlab.explore.core import Control, Exploration, explore, static_mode
from curvlab.explore.gd_bowl import gradient_descent_explorer

__all__ = ["Control", "Exploration", "explore", "gradient_descent_explorer", "static_mode"]
