"""Frames drawn by blitting their changing artists over a kept background.

Oracle: the same figure drawn whole (``png_bytes(..., blit=False)``, matplotlib's own full draw)
must give the same pixels, frame after frame, whatever changed: a declared artist, an undeclared
one, a panel's limits, or the stacking order.
"""

import io

import numpy as np
import pytest
from matplotlib.lines import Line2D
from PIL import Image

from curvlab.plotting.render import new_frame, png_bytes, set_changing_artists


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def frozen_frame():
    """A two-panel frame with static contours-like lines, a moving path, a title and a key."""
    figure = new_frame(3.0)
    left, right = figure.subplots(1, 2)
    for level in np.linspace(0.2, 1.0, 5):  # static "contours"
        t = np.linspace(0, 2 * np.pi, 100)
        left.plot(level * np.cos(t), level * np.sin(t), color="0.6", lw=1)
    (marker,) = left.plot([0.0], [0.0], "D", color="k", ms=9, zorder=5)  # above the path
    (path,) = left.plot([], [], "-o", color="C0", lw=2, zorder=3)
    (loss,) = right.semilogy([1, 2], [1, 2], color="C1")
    left.set_xlim(-1.2, 1.2)
    left.set_ylim(-1.2, 1.2)
    right.set_xlim(0, 50)
    right.set_ylim(1e-6, 1e1)
    key = figure.legend([path], ["placeholder"], loc="outside lower center")
    figure.suptitle("placeholder")
    figure.canvas.draw()
    figure.set_layout_engine("none")
    set_changing_artists(figure, [path, loss, key, figure._suptitle])
    return figure, left, right, marker, path, loss, key


def update(figure, path, loss, key, k: int) -> None:
    t = np.linspace(0, 1 + k, 30)
    path.set_data(np.cos(t) * (1 - t / 10), np.sin(t) * (1 - t / 10))
    loss.set_data(np.arange(30), np.exp(-t))
    key.get_texts()[0].set_text(f"run {k}: {30 - k} steps")
    figure.suptitle(f"frame {k}")


def test_blitted_frames_are_the_whole_draw_frame_after_frame():
    figure, _, _, _, path, loss, key = frozen_frame()
    for k in range(4):
        update(figure, path, loss, key, k)
        blitted = pixels(png_bytes(figure))
        whole = pixels(png_bytes(figure, blit=False))
        assert np.array_equal(blitted, whole), f"frame {k}"
    # The marker above the path (higher zorder) stays above it: drawn again each frame.
    assert len(figure._curvlab_backgrounds) == 1


def test_an_undeclared_change_redraws_the_background_instead_of_showing_a_stale_one():
    figure, left, right, marker, path, loss, key = frozen_frame()
    update(figure, path, loss, key, 0)
    png_bytes(figure)
    for change in (
        lambda: marker.set_data([0.5], [0.5]),  # a static line moved
        lambda: right.set_ylim(1e-3, 1e2),  # a panel's limits
        lambda: right.set_xlabel("step k"),  # a text
        lambda: left.lines[0].set_visible(False),  # an artist hidden
        lambda: left.add_line(Line2D([0, 1], [0, 1], color="r")),  # an artist added
    ):
        change()
        blitted = pixels(png_bytes(figure))
        assert np.array_equal(blitted, pixels(png_bytes(figure, blit=False)))


def test_an_artist_declared_twice_is_drawn_once():
    figure, _, _, _, path, loss, key = frozen_frame()
    set_changing_artists(figure, [path, loss, key, key, figure._suptitle])  # a translucent key
    for k in range(2):
        update(figure, path, loss, key, k)
        assert np.array_equal(pixels(png_bytes(figure)), pixels(png_bytes(figure, blit=False)))


def test_a_whole_panel_may_change():
    figure, _, right, _, path, loss, key = frozen_frame()
    set_changing_artists(figure, [path, right, key, figure._suptitle])
    before = len(getattr(figure, "_curvlab_backgrounds", {}))
    for k in range(3):
        update(figure, path, loss, key, k)
        right.set_ylim(10.0 ** (-6 + k), 10.0)  # the panel's limits follow the frame
        assert np.array_equal(pixels(png_bytes(figure)), pixels(png_bytes(figure, blit=False)))
    assert len(figure._curvlab_backgrounds) == before + 1  # one background for all three


def test_an_active_layout_engine_draws_whole():
    figure = new_frame(3.0)
    ax = figure.subplots()
    (line,) = ax.plot([0, 1], [0, 1])
    set_changing_artists(figure, [line])
    png_bytes(figure)
    assert not hasattr(figure, "_curvlab_backgrounds")  # constrained layout: never blitted


def test_changing_artists_are_checked():
    figure = new_frame(3.0)
    other = new_frame(3.0)
    (line,) = other.subplots().plot([0, 1], [0, 1])
    with pytest.raises(TypeError, match="artists"):
        set_changing_artists(figure, ["not an artist"])
    with pytest.raises(ValueError, match="does not belong"):
        set_changing_artists(figure, [line])


def test_a_figure_that_never_repeats_its_background_is_drawn_whole_and_probed(monkeypatch):
    """A static part that changes every frame (chapter 1's loss axis follows each run) makes
    every kept background useless: after three misses in a row the figure is drawn whole (the
    same pixels), keeping a background only at every eighth miss; a hit blits again."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure, _, right, _, path, loss, key = frozen_frame()
    kept = []
    original = FigureCanvasAgg.copy_from_bbox
    monkeypatch.setattr(
        FigureCanvasAgg, "copy_from_bbox", lambda self, bbox: kept.append(1) or original(self, bbox)
    )
    for k in range(12):
        update(figure, path, loss, key, k)
        right.set_ylim(1e-6, 10.0 + k)  # a new background every frame
        blitted = pixels(png_bytes(figure))
        assert np.array_equal(blitted, pixels(png_bytes(figure, blit=False))), f"frame {k}"
    # Misses 0, 1, 2 keep a background, then only the eighth probe does (miss 8).
    assert len(kept) == 4
    # The same static part again: a hit after the probe kept it; the counter starts over.
    update(figure, path, loss, key, 0)
    right.set_ylim(1e-6, 18.0)
    png_bytes(figure)
    assert figure._curvlab_background_misses == 0
