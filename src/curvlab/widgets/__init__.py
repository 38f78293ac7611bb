"""Widgets: the exploration engine (ipywidgets), live or static.

An exploration is (controls, compute, frame): :class:`Control` values go into a ``compute``
function (numpy only) whose result a frame draws. Every exploration works in two modes built
from the same functions:

* **live** (a kernel is running: JupyterLab, Binder, Thebe): moving a control recomputes and
  redraws the frame;
* **static** (the website, no kernel): every frame of the control grid is rendered in advance
  into an ``ipywidgets.Stack`` of ``Image`` widgets whose ``selected_index`` is ``jslink``-ed
  to the controls, so the page answers its sliders from the embedded widget state.

The mode defaults to live; the book build sets ``CURVLAB_STATIC_WIDGETS=1``. The registry of
every exploration in the book is :mod:`curvlab.experiments.registry`.
"""

from curvlab.widgets.core import MAX_STATIC_FRAMES, Control, Exploration, explore, static_mode

__all__ = ["MAX_STATIC_FRAMES", "Control", "Exploration", "explore", "static_mode"]
