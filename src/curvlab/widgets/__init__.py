"""Widgets: the exploration engine (ipywidgets), live or static.

An exploration is (controls, compute, frame): :class:`Control` values go into a ``compute``
function (numpy only) whose result a frame draws. Every exploration works in two modes built
from the same functions:

* **live** (a kernel is running: JupyterLab, Binder, Thebe): moving a control recomputes and
  redraws the frame;
* **static** (the website, no kernel): every frame of the control grid is drawn in advance
  (:mod:`curvlab.widgets.frames`: on every core, and read back from the build's store when
  nothing that decides them changed), and the exploration carries their URLs and alt texts in
  its own widget state. The page's widget manager (``web/widget-manager.js``) shows the frame
  at the controls' grid point when one moves, so an exploration is a dozen widget models
  however many frames it has. In the book build each frame is a PNG file in the site's
  ``_frames/`` that the browser fetches when a control first shows it. Every frame carries an
  alt text from :func:`curvlab.plotting.figure_alt`, and :func:`register_alt_text` gives every
  figure a notebook displays the same (in its output metadata, which the website's ``<img>``
  takes).

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
