"""Creating figures without pyplot and turning them into PNG bytes."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["FIGURE_DPI", "FRAME_DPI", "new_figure", "png_bytes"]

FIGURE_DPI = 100
"""Resolution of the book's static figures."""

FRAME_DPI = 64
"""Resolution of every exploration frame: one value, small enough that a kernel-free page can
embed each exploration's whole control grid (up to :data:`~curvlab.widgets.MAX_STATIC_FRAMES`
PNGs) and large enough to read the titles."""


def new_figure(width: float, height: float, dpi: float = FIGURE_DPI) -> Figure:
    """Return a pyplot-free ``Figure`` of ``width × height`` inches with an Agg canvas.

    Such a figure is not tracked by pyplot, so it is never shown twice and never leaks; a
    notebook displays it by making it the last expression of a cell.
    """
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure: Figure, *, compact: bool = False) -> bytes:
    """Render ``figure`` with Agg and return it as PNG bytes.

    Encoding the canvas buffer directly (rather than ``savefig``) renders once, at the figure's
    own dpi. ``compact=True`` quantizes to a 64-colour palette at maximum compression, about a
    third of the size, for frames embedded in a web page; the default is faster.
    """
    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    buffer = io.BytesIO()
    image = Image.fromarray(rgba[..., :3])
    if compact:
        image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        image.save(buffer, format="png", optimize=True)
    else:
        image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
