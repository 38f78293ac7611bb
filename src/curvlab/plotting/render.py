"""Creating figures without pyplot and turning them into PNG bytes."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = [
    "FIGURE_DPI",
    "FRAME_DPI",
    "figure_alt",
    "new_figure",
    "palette_png",
    "png_bytes",
    "set_alt_text",
]

FIGURE_DPI = 100
"""Resolution of the book's static figures."""

FRAME_DPI = 64
"""Resolution of every exploration frame: one value, large enough to read the titles.

Measured on chapter 1's frames (64-colour palette PNG, the website's encoding): 9.2 kB per frame
at 64 dpi; 6.6 kB at 48 dpi, where the titles blur; 32 or 16 colours save 13 % or 16 % but band
the anti-aliased lines; lossless WebP is larger (12.5 kB) and lossy WebP at quality 80 is larger
(10.0 kB) and smears the text. The website instead fetches each frame only when a control first
shows it (:mod:`curvlab.widgets`), which removes all but one frame per exploration from a page's
first load."""


def new_figure(width: float, height: float, dpi: float = FIGURE_DPI) -> Figure:
    """Return a pyplot-free ``Figure`` of ``width × height`` inches with an Agg canvas.

    Such a figure is not tracked by pyplot, so it is never shown twice and never leaks; a
    notebook displays it by making it the last expression of a cell.
    """
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


_ALT_ATTRIBUTE = "_curvlab_alt"


def set_alt_text(figure: Figure, text: str) -> Figure:
    """Give ``figure`` the text alternative ``text`` (overriding :func:`figure_alt`'s own)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text must be a non-empty string")
    setattr(figure, _ALT_ATTRIBUTE, " ".join(text.split()))
    return figure


def _clean(text: str) -> str:
    return " ".join(text.replace("$", "").split())


def figure_alt(figure: Figure) -> str:
    """A text alternative for ``figure``, read from what its drawing code put on it.

    Unless :func:`set_alt_text` gave one, the text is assembled from the figure's own words: its
    title, then for each panel its title, its axes (with "log scale" where the scale is
    logarithmic) and its legend entries. The book's figure functions state their parameters and
    outcomes in those words (e.g. "η = 0.1: converged in 93 steps"), so the alt text says what
    the picture shows without a second copy of it typed by hand (WCAG 2.2, criterion 1.1.1).
    In a notebook, :func:`curvlab.widgets.display.register_alt_text` displays every figure
    with this text in its output metadata.
    """
    explicit = getattr(figure, _ALT_ATTRIBUTE, None)
    if explicit:
        return explicit
    axes = [ax for ax in figure.get_axes() if ax.get_visible() and ax.get_label() != "<colorbar>"]
    parts = []
    suptitle = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    if suptitle and suptitle != "placeholder title":
        parts.append(_clean(suptitle) + ".")
    count = len(axes)
    parts.append(f"Figure with {count} panel{'s' if count != 1 else ''}.")
    for i, ax in enumerate(axes, 1):
        words = []
        title = ax.get_title() or ax.get_title(loc="left")
        if title:
            words.append(f'"{_clean(title)}"')
        for name, label, scale in (
            ("horizontal", ax.get_xlabel(), ax.get_xscale()),
            ("vertical", ax.get_ylabel(), ax.get_yscale()),
        ):
            if label:
                log = ", log scale" if scale == "log" else ""
                words.append(f"{name} axis {_clean(label)}{log}")
        legend = ax.get_legend()
        if legend is not None:
            entries = [_clean(t.get_text()) for t in legend.get_texts() if t.get_text()]
            if entries:
                words.append("legend: " + "; ".join(entries))
        prefix = f"Panel {i}" if count > 1 else "The panel"
        parts.append(f"{prefix}: " + (", ".join(words) if words else "an unlabelled plot") + ".")
    return " ".join(parts)


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


def palette_png(data: bytes, colors: int = 256) -> bytes:
    """Re-encode PNG ``data`` with a ``colors``-entry median-cut palette, without dithering.

    For the book's static figures: measured on the twelve largest figures of the built site, a
    256-colour palette makes them 2.8 times smaller (1.56 MB to 0.56 MB) with a mean change of
    at most 0.5 of 255 levels per pixel, below what a reader can see. (The frames use 64 colours,
    :func:`png_bytes` with ``compact=True``, where bytes count more than fidelity.) An image with
    transparency is returned unchanged, since the palette would drop its alpha channel.
    """
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be PNG bytes; got {type(data).__name__}")
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256; got {colors}")
    image = Image.open(io.BytesIO(data))
    if image.mode in ("RGBA", "LA", "P") and image.convert("RGBA").getextrema()[3][0] < 255:
        return bytes(data)
    quantized = image.convert("RGB").quantize(
        colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    quantized.save(buffer, format="png", optimize=True)
    return buffer.getvalue()
