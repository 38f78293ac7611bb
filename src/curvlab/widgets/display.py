"""Figures displayed in a notebook carry their alt text in the output's metadata."""

from __future__ import annotations

import base64

from matplotlib.figure import Figure

from curvlab.plotting.render import figure_alt, palette_png, png_bytes

__all__ = ["register_alt_text"]


def register_alt_text() -> bool:
    """In IPython, display every ``Figure`` with its :func:`figure_alt` in the output metadata.

    The PNG formatter already registered for figures (``%matplotlib inline``'s) is wrapped: its
    image is re-encoded with a 256-colour palette (:func:`palette_png`, a third of the bytes on
    the website) and its display metadata gains ``{"image/png": {"alt": ...}}``;
    ``_ext/curvlab_sphinx.py`` makes the website's ``<img>`` take it. Returns whether IPython
    was running. Called when :mod:`curvlab.widgets` is imported (every chapter's experiment package
    imports it); safe to call again.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed with the kernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        current = formatter.lookup_by_type(Figure)
    except KeyError:
        current = None
    if getattr(current, "_curvlab_alt", False):
        return True

    def with_alt(figure: Figure):
        data = current(figure) if current is not None else png_bytes(figure)
        if data is None:
            return None
        # matplotlib-inline's formatter returns the PNG base64-encoded (a str), png_bytes bytes.
        if isinstance(data, str):
            data = base64.b64encode(palette_png(base64.b64decode(data))).decode("ascii")
        elif isinstance(data, bytes):
            data = palette_png(data)
        return data, {"alt": figure_alt(figure)}

    with_alt._curvlab_alt = True  # type: ignore[attr-defined]
    formatter.for_type(Figure, with_alt)
    return True
