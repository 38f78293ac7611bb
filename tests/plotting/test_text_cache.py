"""Text drawn with the kept layouts and glyph bitmaps of ``curvlab.plotting.render``.

Oracle: matplotlib's own Agg renderer (a canvas that ``png_bytes`` never drew, so without the
caches) must give the same pixels for the same figure, on a first draw (every glyph rendered)
and on later draws whose texts moved by fractions of a pixel or changed (glyphs reused).
"""

import io
import os

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from curvlab.plotting import render
from curvlab.plotting.render import new_frame, png_bytes


def texts_figure(shift: float, label: str):
    """A frame with plain, Unicode, mathtext, rotated and non-antialiased text, moved by
    ``shift`` (a fraction of a pixel or more) and with a label that changes."""
    figure = new_frame(3.0)
    ax = figure.subplots()
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("step k + 1")
    ax.set_ylabel(r"$\|\nabla f(x_k)\|$")
    width = figure.bbox.width
    for i, text in enumerate(
        [label, "β = 0.9, β₂ = 0.999; η = 0.02", "‖∇f‖ = 10⁻⁶", r"$\hat m_t / (\sqrt{\hat v_t})$"]
    ):
        ax.text(0.05 + shift / width, 0.15 + 0.2 * i, text)
    ax.text(0.8 + shift / width, 0.5, "rotated 30°", rotation=30)
    plain = ax.text(0.5 + shift / width, 0.05, "no antialiasing")
    plain.set_antialiased(False)
    figure.suptitle(f"{label}\nsecond line")
    return figure


def matplotlib_pixels(figure) -> np.ndarray:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def cached_pixels(figure) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png_bytes(figure, blit=False))).convert("RGB"))


@pytest.mark.parametrize(
    ("shift", "label"),
    [(0.0, "GD: finished in 633 steps"), (0.37, "GD: finished in 633 steps"), (1.5, "Adam")]
    + [(k / 7.0, f"heavy ball: diverged at step {k}") for k in range(1, 7)],
)
def test_text_drawn_with_the_caches_is_matplotlibs_own(shift, label):
    render._text_caches()
    # Draw the previous cases' texts first, so that this case reuses glyphs where it can.
    for earlier in (0.0, 0.37, 1.5):
        png_bytes(texts_figure(earlier, "GD: finished in 633 steps"), blit=False)
    assert len(render._GLYPHS) > 0
    assert np.array_equal(
        cached_pixels(texts_figure(shift, label)), matplotlib_pixels(texts_figure(shift, label))
    )


def test_the_caches_are_emptied_in_another_process():
    png_bytes(texts_figure(0.0, "a label"), blit=False)
    assert render._GLYPHS and render._LAYOUTS
    child = os.fork()
    if child == 0:  # the forked child: its caches must start empty
        os._exit(0 if not render._GLYPHS and not render._LAYOUTS else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert render._GLYPHS and render._LAYOUTS  # the parent keeps its own
