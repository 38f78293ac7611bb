"""Creating figures without pyplot and turning them into PNG bytes."""

from __future__ import annotations

import collections
import hashlib
import io
import math
import os
import re
import types
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import RenderMode
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.mathtext import MathTextParser
from PIL import Image

__all__ = [
    "FIGURE_DPI",
    "FRAME_COLUMN_PX",
    "FRAME_DPI",
    "FRAME_FONT_PT",
    "FRAME_PIXEL_RATIO",
    "FRAME_WIDTH",
    "clipped_texts",
    "figure_alt",
    "freeze_layout",
    "new_figure",
    "new_frame",
    "palette_png",
    "png_bytes",
    "set_alt_text",
    "set_changing_artists",
    "smallest_text_px",
    "words_for_tex",
]

FIGURE_DPI = 100
"""Resolution of the book's static figures."""

FRAME_COLUMN_PX = 784
"""Width of the website's text column in CSS pixels at a 1,400 px window: every frame fills it."""

FRAME_PIXEL_RATIO = 1.5
"""Image pixels per CSS pixel of a frame at the column's width (the device pixel ratio drawn).

Measured on chapter 1's frame (6.5 × 3.6 in, median of 12 frames, one core): at a ratio of 1 a
frame is 784 px wide, about 20 kB; at 1.5, 1,176 px and about 29 kB; at 2, 1,568 px and about
47 kB. Agg's own drawing (about 90 ms) barely depends on the size; the palette quantization and
PNG encoding grow with the pixels. 1.5 is sharp on the common 2× and 3× screens (their browsers
scale a 1.5× image by at most 2) at 60 % of the bytes of 2×. The old frames were 512 px wide
(64 dpi at 8 in) and 9.2 kB, shown at 512 CSS px with 7 px titles."""

FRAME_WIDTH = 6.5
"""Width of a frame in inches. With :data:`FRAME_FONT_PT` it decides how large the frame's text
is on the page: a frame shown :data:`FRAME_COLUMN_PX` CSS pixels wide shows one point of text as
``FRAME_COLUMN_PX / (72 * FRAME_WIDTH)`` ≈ 1.68 CSS pixels, whatever the dpi."""

FRAME_FONT_PT = 10.0
"""The smallest text of a frame, in points: 10 pt at :data:`FRAME_WIDTH` in the 784 px column is
16.8 CSS px, at least the page's caption text (16 px in the book's theme)."""

FRAME_DPI = FRAME_COLUMN_PX * FRAME_PIXEL_RATIO / FRAME_WIDTH
"""Resolution of every exploration frame (≈ 181 dpi): a :data:`FRAME_WIDTH`-inch frame is then
``FRAME_COLUMN_PX × FRAME_PIXEL_RATIO`` = 1,176 pixels wide. A frame of another width in inches
has more or fewer pixels, and its text is shown larger or smaller in the same proportion: draw
frames with :func:`new_frame`."""


def new_frame(height: float) -> Figure:
    """A pyplot-free exploration frame :data:`FRAME_WIDTH` inches wide and ``height`` tall, at
    :data:`FRAME_DPI` (:data:`FRAME_COLUMN_PX` × :data:`FRAME_PIXEL_RATIO` pixels wide).

    Its texts take matplotlib's sizes when they are made (10 pt, titles 12 pt); a frame function
    gives no text a smaller size (no ``"small"`` or ``"x-small"``, which are relative to 10 pt),
    so that nothing is below :data:`FRAME_FONT_PT`. :func:`smallest_text_px` measures it, and
    each exploration carries the measure beside its frames.
    """
    return new_figure(FRAME_WIDTH, height, dpi=FRAME_DPI)


def _drawn_texts(figure: Figure) -> list:
    """The non-blank texts a draw of ``figure`` paints, children before their parent as in
    ``figure.findobj(Text)``.

    One walk over the visible artists (a draw paints nothing of a hidden artist). An axis's
    ticks are those a draw draws, the ones inside the view limits (``Axis._update_ticks``,
    which runs the locator once), instead of every tick ``Axis.get_children`` makes.
    """
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    found: list[Text] = []

    def visit(artist: Artist) -> None:
        if not artist.get_visible():
            return
        if isinstance(artist, Axis):
            children = [artist.label, artist.offsetText, *artist._update_ticks()]
        else:
            children = artist.get_children()
        for child in children:
            visit(child)
        if isinstance(artist, Text) and artist.get_text().strip():
            found.append(artist)

    visit(figure)
    return found


def smallest_text_px(figure: Figure) -> float:
    """The height in image pixels of the smallest text the figure draws: its size in points
    times ``dpi / 72`` (a font of ``s`` points is ``s / 72`` inches).

    Shown ``w`` CSS pixels wide, a figure whose image is ``W`` pixels wide shows this text as
    ``smallest_text_px(figure) * w / W`` CSS pixels; the explorations carry it beside their
    frames (:mod:`curvlab.widgets`) so that a browser test can compare it with the page's own
    caption text. Every visible, non-blank text counts: titles, axis labels, the tick labels
    inside the view limits, legend entries, annotations.

    Raises
    ------
    ValueError
        If the figure draws no text.
    """
    texts = _drawn_texts(figure)
    if not texts:
        raise ValueError("the figure draws no text")
    return min(t.get_fontsize() for t in texts) * figure.dpi / 72.0


def clipped_texts(figure: Figure, *, tolerance: float = 1.0) -> list[str]:
    """The texts of ``figure`` that reach past its edges (so the image cuts them off), each as
    ``"<text>"``; empty when nothing is clipped. Draws the figure to measure the texts'
    extents in pixels; ``tolerance`` pixels of overhang are allowed (anti-aliasing)."""
    canvas = _agg_canvas(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = canvas.get_width_height()
    clipped = []
    for text in _drawn_texts(figure):
        box = text.get_window_extent(renderer)
        if (
            box.x0 < -tolerance
            or box.y0 < -tolerance
            or box.x1 > width + tolerance
            or box.y1 > height + tolerance
        ):
            clipped.append(text.get_text())
    return clipped


def new_figure(width: float, height: float, dpi: float = FIGURE_DPI) -> Figure:
    """Return a pyplot-free ``Figure`` of ``width × height`` inches with an Agg canvas.

    Such a figure is not tracked by pyplot, so it is never shown twice and never leaks; a
    notebook displays it by making it the last expression of a cell.
    """
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _agg_canvas(figure: Figure) -> FigureCanvasAgg:
    """The Agg canvas of ``figure`` (:func:`new_figure` gives it one), or a new one for it."""
    canvas = figure.canvas
    return canvas if isinstance(canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)


def freeze_layout(figure: Figure, *, passes: int = 1) -> Figure:
    """Lay ``figure`` out once with its layout engine, then keep those positions.

    An exploration's figure is laid out with its placeholder texts (the longest title, every
    key entry) and then drawn frame after frame without the layout engine, which would
    otherwise cost about half of every redraw. The layout needs only the texts' sizes, not
    their pixels, so the engine is run directly rather than by drawing the whole figure: the
    same positions and pixels as ``figure.canvas.draw()`` (``tests/plotting``), with the
    renderer's kept text layouts and shared mathtext parses (:func:`_remember_glyphs`), in
    about half the time (``benchmarks/figure_layout.py`` compares the two).

    Parameters
    ----------
    figure : Figure
        A figure whose layout engine (constrained layout) is still on, with an Agg canvas.
    passes : int
        How many times to run the engine. Constrained layout moves a panel of fixed aspect
        (``set_aspect("equal")``) beside a key at the figure's side again at every pass, so a
        figure laid out by two draws before is laid out by two passes now (chapter 5's map).

    Returns
    -------
    Figure
        ``figure``, its layout engine off (``"none"``), its axis labels and titles placed.

    Raises
    ------
    ValueError
        If ``passes < 1``, or the figure has no layout engine to run (none, or already frozen).
        A ``ValueError`` of the engine itself is raised (a draw would pass over it in silence).
    """
    if passes < 1:
        raise ValueError(f"passes must be at least 1; got {passes}")
    engine = figure.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        raise ValueError("the figure has no layout engine to run (or its layout is frozen)")
    canvas = _agg_canvas(figure)
    renderer = canvas.get_renderer()
    _remember_glyphs(renderer)
    for _ in range(passes):
        engine.execute(figure)
    figure.set_layout_engine("none")
    for ax in figure.axes:
        # The engine measured the panels before moving them: place their axis labels and titles
        # for the final positions, as a draw would, so that the first frame's kept background
        # (keyed by the texts' positions) is the one later frames find.
        ax.get_tightbbox(renderer)
    return figure


_ALT_ATTRIBUTE = "_curvlab_alt"


def set_alt_text(figure: Figure, text: str) -> Figure:
    """Give ``figure`` the text alternative ``text`` (overriding :func:`figure_alt`'s own)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text must be a non-empty string")
    setattr(figure, _ALT_ATTRIBUTE, " ".join(text.split()))
    return figure


_TEX_WORDS = (
    (r"\\nabla\^\{?2\}?\s*", "the Hessian of "),
    (r"\\nabla\s*", "the gradient of "),
    (r"\\(?:left|right|big|Big|bigg|Bigg)\b", ""),
    (r"\\(?:approx)\b", " approximately "),
    (r"\\(?:leq?)\b", " at most "),
    (r"\\(?:geq?)\b", " at least "),
    (r"\\(?:cdot|times)\b", " times "),
    (r"\\(?:to|rightarrow)\b", " to "),
    (r"\\(?:infty)\b", "infinity"),
    (r"\\(?:text|mathrm|mathbf|operatorname)\{([^{}]*)\}", r"\1"),
    (r"\^\{?\*\}?|\^\{?\\star\}?", " star"),
    (r"\^\{?2\}?", " squared"),
    (r"\^\{?T\}?", " transposed"),
    (r"\^\{([^{}]*)\}|\^(\w)", r" to the power \1\2"),
    (r"_\{([^{}]*)\}|_(\w)", r" sub \1\2"),
    (r"\\sqrt\{([^{}]*)\}", r"the square root of \1"),
    (r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1 over \2"),
    (r"\\([A-Za-z]+)", r"\1"),  # \lambda -> lambda, \max -> max
)
"""TeX in figure text, turned into words a screen reader can say, in order."""

_NORM = re.compile(r"\\\|(.+?)\\\||‖(.+?)‖|\|\|(.+?)\|\|")


def words_for_tex(text: str) -> str:
    r"""``text`` with its mathematics written as words, for a text alternative.

    The parts between ``$`` signs are read as TeX: norms become "the norm of", ``\nabla`` "the
    gradient of" (``\nabla^2``, "the Hessian of"), subscripts "sub", ``^*`` "star", ``^2``
    "squared", fractions "over", and other commands lose their backslash (``\lambda`` is read
    "lambda"); the braces and dollar signs go. Outside ``$``, the Unicode ``‖…‖``, ``∇²`` and
    ``∇`` are read the same way. Greek letters written in Unicode (η, λ) stay: screen readers
    name them.

    Examples
    --------
    >>> words_for_tex(r"$\|\nabla f(x_k)\|$")
    'the norm of the gradient of f(x sub k)'
    >>> words_for_tex(r"$f(x_k) - f^*$ on a log scale")
    'f(x sub k) - f star on a log scale'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string; got {type(text).__name__}")
    pieces = text.split("$")
    for i, piece in enumerate(pieces):
        math = i % 2 == 1
        piece = _NORM.sub(lambda m: "the norm of " + next(g for g in m.groups() if g), piece)
        piece = piece.replace("∇²", "the Hessian of ").replace("∇", "the gradient of ")
        if math:
            for pattern, words in _TEX_WORDS:
                piece = re.sub(pattern, words, piece)
            piece = piece.replace("{", "").replace("}", "").replace("\\", "")
        pieces[i] = piece
    return " ".join("".join(pieces).split())


def _clean(text: str) -> str:
    return words_for_tex(text)


def figure_alt(figure: Figure) -> str:
    """A text alternative for ``figure``, read from what its drawing code put on it.

    Unless :func:`set_alt_text` gave one, the text is assembled from the figure's own words: its
    title, then for each panel its title, its axes (with "log scale" where the scale is
    logarithmic) and its legend entries, then the entries of any key the figure has beside its
    panels (a figure legend). Mathematics is read in words (:func:`words_for_tex`). The book's
    figure functions state their parameters and outcomes in those words (e.g. "η = 0.1:
    converged in 93 steps"), so the alt text says what the picture shows without a second copy
    of it typed by hand (WCAG 2.2, criterion 1.1.1).
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
    for legend in figure.legends:  # a key below or beside the panels
        entries = [_clean(t.get_text()) for t in legend.get_texts() if t.get_text()]
        title = _clean(legend.get_title().get_text())
        if entries:
            parts.append("Key" + (f" ({title})" if title else "") + ": " + "; ".join(entries) + ".")
    return " ".join(parts)


_CHANGING_ATTRIBUTE = "_curvlab_changing"
_BACKGROUNDS_ATTRIBUTE = "_curvlab_backgrounds"
_BACKGROUNDS_KEPT = 8
"""Backgrounds kept per figure (each is the whole canvas: 4 MB for a 1,176 × 868 frame)."""
_MISSES_ATTRIBUTE = "_curvlab_background_misses"
_MISSES_BEFORE_WHOLE = 3
"""After this many frames in a row whose background was not kept, a figure is drawn whole
(a miss costs a whole draw and the changing artists again): chapter 1's bowl, whose loss axis
follows each run, would otherwise draw slower blitted than whole. Every
``_PROBE_EVERY``-th miss still keeps its background, so a figure that starts to repeat its
static part is blitted again."""
_PROBE_EVERY = 8


def set_changing_artists(figure: Figure, artists: Iterable[Artist]) -> Figure:
    """Declare the artists of ``figure`` that change from one frame to the next.

    An exploration redraws one figure many times, changing a few artists (paths, a title, a
    key's texts) while the rest (contours, axes, ticks, labels) stays. Once the changing
    artists are declared, :func:`png_bytes` draws the rest once, keeps it as a background,
    and for each later frame copies the background and draws only the changing artists over
    it (matplotlib's blitting). Measured on chapter 3's frame: about 80 ms of Agg drawing
    becomes about 15 ms.

    The background is reused only while everything else is unchanged: :func:`png_bytes`
    compares a signature of every other artist (each line's data, each text's string and
    position, each artist's visibility and identity, each panel's limits and scales) with the
    one the background was drawn with, and draws afresh when they differ, keeping the last
    few backgrounds. An artist that changes without being declared therefore costs time, never
    a wrong frame. The static artists of a panel that a whole draw paints after a changing one
    (a higher ``zorder``, or the same and added later) are drawn again over it each frame, so
    the frame is the whole draw's picture.
    A changing artist may be a whole panel (an ``Axes`` whose limits change with the frame): it
    is then drawn whole each frame, with everything in it.
    Blitting needs a fixed layout
    (the figure's layout engine switched off after a first draw): with an active layout
    engine, every frame is drawn whole.
    """
    artists = tuple(dict.fromkeys(artists))  # each once: drawn twice, a translucent one darkens
    for artist in artists:
        if not isinstance(artist, Artist):
            raise TypeError(f"artists must be matplotlib artists; got {type(artist).__name__}")
        if artist.get_figure(root=True) is not figure:
            raise ValueError(f"artist {artist!r} does not belong to this figure")
    setattr(figure, _CHANGING_ATTRIBUTE, artists)
    return figure


def _layout_fixed(figure: Figure) -> bool:
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    return engine is None or isinstance(engine, PlaceHolderLayoutEngine)


def _static_signature(figure: Figure, changing: Sequence[Artist]) -> bytes:
    """A digest of everything :func:`png_bytes` would draw except the ``changing`` artists.

    Tick marks and tick labels are left out: a draw makes them from each axis's limits,
    scale, locator and formatter, and the limits and scales are in the digest.
    """
    from matplotlib.axes import Axes
    from matplotlib.axis import Tick
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    skipped = {id(artist) for artist in changing}
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((figure.bbox.bounds, figure.dpi)).encode())

    def array(values) -> None:
        digest.update(np.ascontiguousarray(values, dtype=float).data)

    stack: list[Artist] = [figure]
    while stack:
        artist = stack.pop()
        if id(artist) in skipped or isinstance(artist, Tick):
            continue
        stack.extend(artist.get_children())
        parts: list = [id(artist), artist.get_visible(), artist.get_zorder(), artist.get_alpha()]
        if isinstance(artist, Axes):
            parts += [artist.viewLim.bounds, artist.get_xscale(), artist.get_yscale()]
            parts.append(artist.get_position().bounds)
        elif isinstance(artist, Line2D):
            parts += [artist.get_color(), artist.get_marker(), artist.get_linestyle()]
            parts += [artist.get_linewidth(), artist.get_markersize()]
            array(artist.get_xydata())
        elif isinstance(artist, Text):
            parts += [artist.get_text(), artist.get_position(), artist.get_color()]
            parts += [artist.get_fontsize(), artist.get_rotation()]
        elif isinstance(artist, Collection):
            array(artist.get_offsets())
            array(artist.get_facecolor())
        digest.update(repr(parts).encode())
    return digest.digest()


def _draw(figure: Figure, canvas: FigureCanvasAgg, *, blit: bool) -> None:
    """Draw ``figure`` on its Agg ``canvas``: whole, or by blitting its changing artists over a
    kept background (see :func:`set_changing_artists`)."""
    changing = getattr(figure, _CHANGING_ATTRIBUTE, ())
    if not blit or not changing or not _layout_fixed(figure):
        canvas.draw()
        return
    # Static artists that a whole draw would paint over a changing one (a higher zorder in the
    # same panel) are left out of the background and drawn after the changing ones, in order.
    # A whole panel may change (its limits, ticks and all): it is drawn whole, with its artists.
    from matplotlib.axes import Axes

    whole_panels = [artist for artist in changing if isinstance(artist, Axes)]
    changing = [a for a in changing if a in whole_panels or a.axes not in whole_panels]
    ids = {id(artist) for artist in changing}
    on_top = []
    for ax in {a.axes for a in changing if a.axes is not None and a not in whole_panels}:
        # A panel draws its children sorted by zorder, ties in the order they were added.
        order = sorted(ax.get_children(), key=lambda child: child.get_zorder())
        first = min(i for i, child in enumerate(order) if id(child) in ids)
        on_top += [c for c in order[first + 1 :] if id(c) not in ids and c is not ax.patch]
    signature = _static_signature(figure, changing)
    backgrounds = getattr(figure, _BACKGROUNDS_ATTRIBUTE, None)
    if backgrounds is None:
        backgrounds = collections.OrderedDict()
        setattr(figure, _BACKGROUNDS_ATTRIBUTE, backgrounds)
    overlay = [*changing, *on_top]
    misses = getattr(figure, _MISSES_ATTRIBUTE, 0)
    if signature in backgrounds:
        setattr(figure, _MISSES_ATTRIBUTE, 0)
        backgrounds.move_to_end(signature)
        canvas.restore_region(backgrounds[signature])
    elif misses >= _MISSES_BEFORE_WHOLE and misses % _PROBE_EVERY:
        setattr(figure, _MISSES_ATTRIBUTE, misses + 1)
        canvas.draw()
        return
    else:
        setattr(figure, _MISSES_ATTRIBUTE, misses + 1)
        shown = [artist.get_visible() for artist in overlay]
        for artist in overlay:
            artist.set_visible(False)
        try:
            canvas.draw()
        finally:
            for artist, visible in zip(overlay, shown, strict=True):
                artist.set_visible(visible)
        backgrounds[signature] = canvas.copy_from_bbox(figure.bbox)
        while len(backgrounds) > _BACKGROUNDS_KEPT:
            backgrounds.popitem(last=False)
    for artist in sorted(overlay, key=lambda a: a.get_zorder()):  # sorted() is stable
        if artist.get_visible():
            figure.draw_artist(artist)


def png_bytes(figure: Figure, *, compact: bool = False, blit: bool = True) -> bytes:
    """Render ``figure`` with Agg and return it as PNG bytes.

    Encoding the canvas buffer directly (rather than ``savefig``) renders once, at the figure's
    own dpi; a figure with declared changing artists (:func:`set_changing_artists`) is drawn
    by blitting them over a kept background (``blit=False`` draws it whole: the same
    picture, for comparisons). ``compact=True`` quantizes to a 64-colour
    palette (about a third of the size), for exploration frames. Measured on chapter 3's
    1,176 × 868 px frame: median-cut quantization takes 62 ms (mean error 0.08 of 255
    levels), maximum coverage 26 ms (0.15) and fast octree 8 ms (1.1, with files 12 % smaller
    at zlib level 6, about 6 ms): the frames use fast octree, since a level or two of error is
    invisible and the frames are drawn by the thousand. The default (no palette, zlib level 1)
    keeps every colour. (zlib level 5 would save about 2 ms of the 6.7 ms of level 6 on chapter
    6's frames, with the same pixels, but makes chapter 3's frames about 14 % larger.)
    """
    canvas = _agg_canvas(figure)
    _remember_glyphs(canvas.get_renderer())
    _draw(figure, canvas, blit=blit)
    rgba = np.asarray(canvas.buffer_rgba())
    buffer = io.BytesIO()
    # Dropping the alpha channel in Pillow (one pass in C) rather than through numpy's strided
    # view: the same pixels, about 6 ms sooner for a 1,176 × 868 frame.
    size = (rgba.shape[1], rgba.shape[0])
    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).convert("RGB")
    if compact:
        image = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
        image.save(buffer, format="png", compress_level=6)
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


# Text is most of the cost of a blitted frame: matplotlib's Agg renderer lays out every line of
# text with FreeType and then rasterizes it glyph by glyph, at every draw, though a frame's
# texts and glyphs mostly repeat from the frame before (the same key entries, the same title
# line). The two caches below keep, per process, each line's layout and each glyph's bitmap;
# the renderer of a canvas drawn by :func:`png_bytes` uses them (:func:`_remember_glyphs`).
# The pixels are the same as without them (tests/plotting compares whole frames):
#
# * a layout is a function of the font (with its fallbacks), its size, the dpi, the hinting and
#   the string, the key of :data:`_LAYOUTS`;
# * FreeType renders a glyph after moving its outline by the 26.6 fixed-point offset of the
#   pen; a move by whole pixels moves the bitmap by whole pixels and changes nothing else, so
#   a bitmap is kept by the offset's fractional part (the key of :data:`_GLYPHS`) and placed
#   by its whole part.
#
# A line's size (``get_text_width_height_descent``, which the layout of titles and legends asks
# for before drawing) is read from the same kept layout instead of FreeType's ``set_text``, which
# loads every glyph of the line again: its width spans the pen positions, from the first glyph's
# to the last glyph's plus that glyph's advance, and its height and descent span the glyphs'
# hinted boxes placed at those positions, in FreeType's 26.6 units, as ``set_text`` computes them
# (:data:`_BOXES` keeps each glyph's box and advance; tests/plotting compares the sizes).
#
# A text's line height (``Text._get_layout`` reads it from the font's OS/2 or hhea table, looking
# the font up and parsing the table at every call, dozens of times per frame for a legend) is
# kept by font properties and dpi (:data:`_HEIGHTS`, the same arithmetic).
_LAYOUTS: dict[tuple, list] = {}
_GLYPHS: dict[tuple, tuple] = {}
_BOXES: dict[tuple, tuple] = {}
_HEIGHTS: dict[tuple, tuple] = {}
_CACHE_LIMIT = 200_000
"""Entries kept per cache before it is emptied (a glyph's bitmap is a few hundred bytes)."""


_MATHTEXT = MathTextParser("path")
"""One mathtext parser for every renderer :func:`_remember_glyphs` touches. matplotlib keeps its
last 50 parses in one cache keyed by the parser (with the string, dpi, font, antialiasing and
hinting), and each Agg renderer makes its own parser, so a new figure would parse its labels (a
log axis's ``10⁻⁸``, ``f(x_k) − f*``) again; sharing one, it reuses those of the figures before
it. A parse holds FreeType fonts, which matplotlib opens per thread: curvlab draws from one
thread per process, and a forked child empties that cache (:func:`_forget_text`)."""


def _forget_text() -> None:
    # matplotlib's cache of mathtext parses (class-wide) holds the fonts of the parent too.
    MathTextParser._parse_cached.cache_clear()
    _LAYOUTS.clear()
    _GLYPHS.clear()
    _BOXES.clear()
    _HEIGHTS.clear()


# A forked child (a worker of curvlab.core.parallel.fork_map) starts with empty caches: its
# fonts are its own.
os.register_at_fork(after_in_child=_forget_text)


def _kept(cache: dict, key: tuple, make: Callable[[], tuple], owner: object = None) -> tuple:
    """``cache[key]``, made by ``make()`` and kept if it is missing or, with ``owner`` (whose
    ``id`` is part of the key), was made for another object (an id is reused once its object
    is gone; each kept tuple starts with its owner). A cache that holds
    :data:`_CACHE_LIMIT` entries is emptied before it takes another."""
    kept = cache.get(key)
    if kept is None or (owner is not None and kept[0] is not owner):
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        kept = make()
        cache[key] = kept
    return kept


def _remember_glyphs(renderer) -> None:
    """Make an Agg ``renderer`` reuse text layouts and glyph bitmaps (see the caches above), and
    the mathtext parses of the renderers it was installed on before (:data:`_MATHTEXT`).

    Installed on the instance only, and only for the matplotlib renderer these methods were
    written against (one that draws text with ``_draw_text_glyphs_and_boxes``); any other
    renderer draws as it always does.
    """
    if getattr(renderer, "_curvlab_glyphs", False):
        return
    renderer._curvlab_glyphs = True
    if not isinstance(renderer, backend_agg.RendererAgg) or not hasattr(
        backend_agg.RendererAgg, "_draw_text_glyphs_and_boxes"
    ):
        return
    renderer.mathtext_parser = _MATHTEXT
    renderer.draw_text = types.MethodType(_draw_text, renderer)
    renderer._draw_text_glyphs_and_boxes = types.MethodType(_draw_glyphs, renderer)
    renderer.get_text_width_height_descent = types.MethodType(_text_size, renderer)
    if not hasattr(renderer, "_get_font_height_metrics"):
        renderer._get_font_height_metrics = types.MethodType(_font_heights, renderer)


def _kept_layout(font, size: float, dpi: float, flags, s: str) -> list:
    """FreeType's layout of the line ``s`` (``font._layout``), kept by font, size, dpi, hinting
    and string."""
    key = (id(font), size, dpi, flags, s)

    def make() -> tuple:
        return font, font._layout(s, flags=flags, features=None, language=None)

    return _kept(_LAYOUTS, key, make, font)[1]


def _draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererAgg.draw_text`` with each line's layout kept (matplotlib 3.11)."""
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    if ismath or features is not None or language is not None:
        return backend_agg.RendererAgg.draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)
    font = self._prepare_font(prop)
    flags = backend_agg.get_hinting_flag()
    size = prop.get_size_in_points()
    items = _kept_layout(font, size, self.dpi, flags, s)
    self._draw_text_glyphs_and_boxes(
        gc,
        x,
        y,
        angle,
        ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items),
        [],
    )


_HEIGHT_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


def _font_heights(self, prop):
    """A font's smallest ascent and descent and its line gap in pixels, as ``Text._get_layout``
    computes them from the font's tables (matplotlib 3.11), kept by font properties and dpi;
    ``(None, None, None)`` for a font without those tables (matplotlib then measures "lp").
    A renderer of :func:`png_bytes` draws at its figure's dpi, the dpi ``_get_layout`` uses."""
    from matplotlib.font_manager import fontManager, get_font

    def make() -> tuple:
        font = get_font(fontManager._find_fonts_by_props(prop))
        for table_name, linegap_key, ascent_key, descent_key in _HEIGHT_TABLES:
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            fontsize = prop.get_size_in_points()
            units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
            scale = 1 / units_per_em * fontsize * self.dpi / 72
            line_gap = table[linegap_key] * scale
            min_ascent = table[ascent_key] * scale
            min_descent = -table[descent_key] * scale
            return min_ascent, min_descent, line_gap
        return None, None, None

    # FontProperties hash and compare by their properties.
    return _kept(_HEIGHTS, (prop.copy(), self.dpi), make)


def _text_size(self, s, prop, ismath):
    """``RendererAgg.get_text_width_height_descent`` from the kept layout (matplotlib 3.11): the
    same width, height and descent as FreeType's ``set_text`` (see the caches above). A line
    with a glyph from a fallback font is measured by matplotlib."""
    if ismath:
        return backend_agg.RendererAgg.get_text_width_height_descent(self, s, prop, ismath)
    font = self._prepare_font(prop)
    flags = backend_agg.get_hinting_flag()
    size = prop.get_size_in_points()
    items = _kept_layout(font, size, self.dpi, flags, s)
    x_min = y_min = 32000
    x_max = y_max = -32000
    for item in items:
        if item.ft_object is not font:
            return backend_agg.RendererAgg.get_text_width_height_descent(self, s, prop, ismath)
        key = (id(font), size, self.dpi, item.glyph_index, flags)

        def make(index: int = item.glyph_index) -> tuple:
            glyph = font.load_glyph(index, flags)
            return (font, *glyph.bbox, glyph.horiAdvance)

        _, left, bottom, right, top, advance = _kept(_BOXES, key, make, font)
        del left, right  # the width spans the pen positions, not the glyphs' boxes
        pen_x, pen_y = round(item.x * 64), round(item.y * 64)
        x_min = min(x_min, pen_x)
        x_max = max(x_max, pen_x + advance)
        y_min = min(y_min, bottom + pen_y)
        y_max = max(y_max, top + pen_y)
    if y_min > y_max:  # no glyph: FreeType's empty box
        x_min = y_min = x_max = y_max = 0
    return (x_max - x_min) / 64.0, (y_max - y_min) / 64.0, -y_min / 64.0


def _draw_glyphs(self, gc, x, y, angle, glyphs, boxes):
    """``RendererAgg._draw_text_glyphs_and_boxes`` with glyph bitmaps kept (matplotlib 3.11):
    the same transform, offsets and calls, a rendered bitmap reused when the font, size, dpi,
    glyph, transform, hinting, mode and the offset's fraction of a pixel are the same."""
    cos = math.cos(math.radians(angle))
    sin = math.sin(math.radians(angle))
    load_flags = backend_agg.get_hinting_flag()
    antialiased = gc.get_antialiased()
    mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
    matrices: dict[tuple, np.ndarray] = {}
    height = self.height
    for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
        shape = (extend, slant)
        matrix = matrices.get(shape)
        if matrix is None:
            matrix = (
                (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]])
                .round()
                .astype(int)
            )
            matrices[shape] = matrix
        delta = [
            round(0x40 * (x + dx * cos - dy * sin)),
            # FreeType's y is upwards.
            round(0x40 * (height - y + dx * sin + dy * cos)),
        ]
        key = (
            id(font),
            size,
            self.dpi,
            glyph_index,
            matrix.tobytes(),
            delta[0] & 0x3F,
            delta[1] & 0x3F,
            load_flags,
            mode,
        )

        def make(
            font=font, size=size, glyph_index=glyph_index, matrix=matrix, delta=delta
        ) -> tuple:
            font.set_size(size, self.dpi)
            font._set_transform(matrix, delta)
            bitmap = font._render_glyph(glyph_index, load_flags, mode)
            buffer = bitmap.buffer
            if not antialiased:
                buffer *= 0xFF
            return font, buffer, bitmap.left - (delta[0] >> 6), bitmap.top - (delta[1] >> 6)

        _, buffer, left, top = _kept(_GLYPHS, key, make, font)
        left += delta[0] >> 6
        top += delta[1] >> 6
        # draw_text_image's y is downwards & the bitmap bottom side.
        self._renderer.draw_text_image(buffer, left, int(height) - top + buffer.shape[0], 0, gc)
    if boxes:
        backend_agg.RendererAgg._draw_text_glyphs_and_boxes(self, gc, x, y, angle, (), boxes)
