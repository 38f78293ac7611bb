"""Widgets: the exploration engine (ipywidgets), live or static.

An exploration is (controls, compute, frame): :class:`Control` values go into a ``compute``
function (numpy only) whose result a frame draws. Every exploration works in two modes built
from the same functions:

* **live** (a kernel is running: JupyterLab, Binder, Thebe): moving a control recomputes and
  redraws the frame;
* **static** (the website, no kernel): every frame of the control grid is rendered in advance
  into an ``ipywidgets.Stack`` of ``Image`` widgets whose ``selected_index`` is ``jslink``-ed
  to the controls, so the page answers its sliders from the embedded widget state. In the book
  build each frame is a PNG file (``CURVLAB_FRAME_DIR``) and the page holds only its URL: a
  ``Stack`` shows only its selected child, so the browser fetches a frame when a control first
  shows it. Every frame's image carries an alt text (its ``tooltip``) from
  :func:`curvlab.plotting.figure_alt`, and :func:`register_alt_text` gives every figure a
  notebook displays the same (in its output metadata, which the website's ``<img>`` takes).

The mode defaults to live; the book build sets ``CURVLAB_STATIC_WIDGETS=1``. The registry of
every exploration in the book is :mod:`curvlab.experiments.registry`.
"""

from curvlab.widgets.core import MAX_STATIC_FRAMES, Control, Exploration, explore, static_mode
from curvlab.widgets.display import register_alt_text

__all__ = [
    "MAX_STATIC_FRAMES",
    "Control",
    "Exploration",
    "explore",
    "register_alt_text",
    "static_mode",
]

# In a notebook, every figure is displayed with its alt text (see register_alt_text).
register_alt_text()
