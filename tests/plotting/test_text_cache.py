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


def test_text_sizes_are_freetypes():
    """The kept sizes (width, height, descent) of lines of text against FreeType's ``set_text``
    (matplotlib's own ``RendererAgg.get_text_width_height_descent``), for random lines of
    Latin, Greek, mathematical and superscript characters, ligatures and spaces, at the sizes
    and weights of the frames."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    figure = new_frame(3.0)
    renderer = figure.canvas.get_renderer()
    render._remember_glyphs(renderer)
    rng = np.random.default_rng(5)
    alphabet = list("abcdefghijklmnopqrstuvwxyzTJVAWY0123456789 .,:;()-=+×‖∇⁻⁶⁴₂βηκ²−·%'/fi")
    lines = ["", " ", "  ", "finish line at ‖∇f‖ = 10⁻⁶", "fi fl ffi", "Tj gy VA"]
    lines += ["".join(rng.choice(alphabet, size=rng.integers(1, 50))) for _ in range(300)]
    for size, weight in [(10, "normal"), (11, "normal"), (12, "bold"), (10.95, "normal")]:
        prop = FontProperties(size=size, weight=weight)
        for line in lines:
            expected = RendererAgg.get_text_width_height_descent(renderer, line, prop, False)
            assert renderer.get_text_width_height_descent(line, prop, False) == expected, line


def legend_frame(labels):
    """A frame with a two-column key below its panel, a two-line title and multi-line texts
    whose layout depends on the line heights and on the labels' widths."""
    figure = new_frame(3.6)
    ax = figure.subplots()
    lines = [ax.plot([0, 1], [i, i + 1], label=label)[0] for i, label in enumerate(labels)]
    ax.text(0.1, 0.5, "two lines\nof text", linespacing=1.6)
    ax.text(0.6, 0.5, "and three\nlines of\ntext")
    figure.legend(lines, labels, loc="outside lower center", ncols=2, title="the key")
    figure.suptitle(f"{labels[0]}\nβ = 0.9, β₂ = 0.999")
    return figure


@pytest.mark.parametrize(
    "labels",
    [
        ["GD: finished in 633 steps", "Adam: out of steps, ‖∇f‖ = 8.8e-88", "Newton"],
        ["GD: diverged at step 7", "Adam: finished in 1,000 steps", "Newton: finished in 1 step"],
    ],
)
def test_a_key_laid_out_with_the_caches_is_matplotlibs_own(labels):
    """The kept sizes and line heights lay a key out as matplotlib does: the same pixels."""
    png_bytes(legend_frame(labels[::-1]), blit=False)  # other labels first: caches in use
    assert render._BOXES and render._HEIGHTS
    assert np.array_equal(
        cached_pixels(legend_frame(labels)), matplotlib_pixels(legend_frame(labels))
    )


def test_the_size_and_height_caches_are_emptied_in_another_process():
    png_bytes(legend_frame(["a label", "another"]), blit=False)
    assert render._BOXES and render._HEIGHTS
    child = os.fork()
    if child == 0:
        os._exit(0 if not render._BOXES and not render._HEIGHTS else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_full_cache_is_emptied_before_it_takes_another(monkeypatch):
    monkeypatch.setattr(render, "_CACHE_LIMIT", 5)
    render._forget_text()
    figure = texts_figure(0.37, "heavy ball: diverged at step 3")
    assert np.array_equal(cached_pixels(figure), matplotlib_pixels(figure))
    caches = (render._LAYOUTS, render._GLYPHS, render._BOXES, render._HEIGHTS)
    assert all(0 < len(cache) <= 5 for cache in caches)
    render._forget_text()


def test_an_entry_made_for_another_owner_is_made_again():
    cache: dict = {}
    first, second = object(), object()
    assert render._kept(cache, ("k",), lambda: (first, 1), first) == (first, 1)
    assert render._kept(cache, ("k",), lambda: (first, 2), first) == (first, 1)  # kept
    assert render._kept(cache, ("k",), lambda: (second, 3), second) == (second, 3)  # remade
    assert render._kept(cache, ("k",), lambda: (second, 4)) == (second, 3)  # no owner: kept
