"""Frames a learner can read: the frame size, the smallest text, clipping, and alt text in words.

Oracles: a font of s points on a figure of d dots per inch is s·d/72 pixels tall (the definition
of the point, 1/72 inch); a text placed past the figure's edge is cut off by construction; the
words for TeX are checked against sentences written out by hand.
"""

from unittest import mock

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from curvlab.plotting.render import (
    FRAME_COLUMN_PX,
    FRAME_DPI,
    FRAME_FONT_PT,
    FRAME_PIXEL_RATIO,
    FRAME_WIDTH,
    clipped_texts,
    figure_alt,
    new_figure,
    new_frame,
    smallest_text_px,
    words_for_tex,
)

CAPTION_PX = 16.0
"""The book theme's caption text (figcaption inherits the 16 px body size): the floor for a
frame shown at the column's width."""


def test_a_frame_is_the_column_at_its_pixel_ratio():
    figure = new_frame(3.0)
    width, _ = figure.canvas.get_width_height()
    assert width == round(FRAME_COLUMN_PX * FRAME_PIXEL_RATIO)
    assert FRAME_DPI * FRAME_WIDTH == pytest.approx(FRAME_COLUMN_PX * FRAME_PIXEL_RATIO)


def test_frame_text_is_at_least_caption_size_at_the_column_width():
    css_px_per_point = FRAME_COLUMN_PX / (72.0 * FRAME_WIDTH)  # independent of the dpi
    assert FRAME_FONT_PT * css_px_per_point >= CAPTION_PX


@pytest.mark.parametrize("dpi", [50, 100, 181])
@pytest.mark.parametrize("sizes", [(12, 7), (9, 10.5), (20, 20)])
def test_smallest_text_px_is_points_times_dpi_over_72(dpi, sizes):
    figure = new_figure(4, 3, dpi=dpi)
    ax = figure.subplots()
    ax.set_title("title", fontsize=sizes[0])
    ax.set_xlabel("x", fontsize=sizes[1])
    ax.tick_params(labelsize=max(sizes))
    expected = min(sizes) * dpi / 72.0
    assert smallest_text_px(figure) == pytest.approx(expected)


def test_smallest_text_px_ignores_hidden_and_blank_text_and_ticks_out_of_view():
    figure = new_figure(4, 3, dpi=100)
    ax = figure.subplots()
    ax.tick_params(labelsize=12)
    ax.set_title("shown", fontsize=11)
    ax.text(0.5, 0.5, "hidden", fontsize=3).set_visible(False)
    ax.text(0.5, 0.5, "   ", fontsize=2)
    hidden = figure.add_axes((0.1, 0.1, 0.2, 0.2))
    hidden.set_title("in a hidden panel", fontsize=4)
    hidden.set_visible(False)
    assert smallest_text_px(figure) == pytest.approx(11 * 100 / 72)


def test_smallest_text_px_counts_legends_and_needs_text():
    figure = new_figure(4, 3, dpi=72)
    ax = figure.subplots()
    ax.tick_params(labelsize=14)
    ax.plot([0, 1], label="a line")
    ax.legend(fontsize=6)
    assert smallest_text_px(figure) == pytest.approx(6.0)
    with pytest.raises(ValueError, match="no text"):
        smallest_text_px(new_figure(2, 2))


def test_clipped_texts_finds_a_title_wider_than_the_figure():
    figure = new_figure(3, 2, dpi=100)
    ax = figure.subplots()
    ax.set_title("short")
    assert clipped_texts(figure) == []
    ax.set_title("a title far too long to fit across a figure only three inches wide " * 2)
    assert len(clipped_texts(figure)) == 1


@pytest.mark.parametrize(
    ("tex", "words"),
    [
        (r"$\|\nabla f(x_k)\|$", "the norm of the gradient of f(x sub k)"),
        (r"$f(x_k) - f^*$", "f(x sub k) - f star"),
        (r"$\nabla^2 f(x)$", "the Hessian of f(x)"),
        (r"$2/\lambda_{\max}$", "2/lambda sub max"),
        (r"$\frac{2}{\lambda_{\min} + \lambda_{\max}}$", "2 over lambda sub min + lambda sub max"),
        (r"$\sqrt{\kappa}$", "the square root of kappa"),
        (r"$10^{-6}$", "10 to the power -6"),
        ("‖∇f(x)‖ on a log scale", "the norm of the gradient of f(x) on a log scale"),
        ("η = 0.1: converged in 3 steps", "η = 0.1: converged in 3 steps"),
    ],
)
def test_words_for_tex(tex, words):
    assert words_for_tex(tex) == words


def test_words_for_tex_checks_its_argument():
    with pytest.raises(TypeError, match="text"):
        words_for_tex(3)


def test_alt_text_has_no_tex():
    figure = new_figure(4, 3)
    ax = figure.subplots()
    ax.set_ylabel(r"$\|\nabla f(x_k)\|$")
    ax.set_xlabel("step k")
    alt = figure_alt(figure)
    assert "vertical axis the norm of the gradient of f(x sub k)" in alt
    assert not any(mark in alt for mark in ("$", "\\", "{", "}"))


def test_alt_text_reads_a_key_beside_the_panels():
    figure = new_figure(4, 3)
    ax = figure.subplots()
    (line,) = ax.plot([0, 1], [0, 1])
    figure.legend([line], [r"$\|\nabla f\|$ per step"], title="runs")
    assert figure_alt(figure).endswith("Key (runs): the norm of the gradient of f per step.")


def test_a_frame_with_several_runs_keys_them_below_the_panels():
    """Oracle: the key's entries are the runs' labels, and no text leaves the image."""
    from curvlab.core.runner import run
    from curvlab.optimizers import gradient_descent
    from curvlab.plotting.panels import PathLossFigure
    from curvlab.problems.quadratic import bowl

    objective = bowl(10.0)
    runs = [run(objective, gradient_descent(lr), [1.0, 1.0]) for lr in (0.05, 0.15)]
    panels = PathLossFigure(objective.window, frame=True, frame_height=4.3)
    panels.set_surface(objective)
    with pytest.raises(ValueError, match="key"):
        panels.set_paths(runs, ["slow", "fast"])
    panels = PathLossFigure(objective.window, frame=True, frame_height=4.3)
    panels.add_key(panels.run_keys(2), ["placeholder run label one", "two"])
    panels.set_paths(runs, ["η = 0.05: slow", "η = 0.15: fast"])
    texts = [t.get_text() for t in panels.figure.legends[0].get_texts()]
    assert texts == ["η = 0.05: slow", "η = 0.15: fast"]
    assert panels.ax_loss.get_legend() is None
    assert clipped_texts(panels.figure) == []


def _texts_painted(figure):
    """The ids of the non-blank texts that a whole draw of ``figure`` hands to the renderer:
    each ``Text.draw`` that calls ``draw_text`` (a text of several lines calls it once per
    line, without naming itself)."""
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()
    painted = set()
    drawing = []
    draw_text = renderer.draw_text
    text_draw = Text.draw

    def recording(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            painted.add(id(drawing[-1]))
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    def text_drawing(self, renderer):
        drawing.append(self)
        try:
            return text_draw(self, renderer)
        finally:
            drawing.pop()

    renderer.draw_text = recording
    with mock.patch.object(Text, "draw", text_drawing):
        figure.draw(renderer)
    return painted


def _busy_figure():
    import numpy as np

    figure = new_figure(6, 4, dpi=90)
    ax, log_ax = figure.subplots(1, 2)
    ax.plot([0, 1, 2], [2, 0, 1], label="a line")
    ax.set_xlim(0.3, 1.7)  # some ticks out of view
    ax.secondary_xaxis("top").set_xlabel("top axis")
    twin = ax.twinx()
    twin.set_ylabel("twin")
    twin.set_ylim(1e6, 1e6 + 1)  # an offset text
    ax.legend(title="key", ncols=2)
    ax.annotate("note", (1, 1), (1.5, 1.5), arrowprops={"arrowstyle": "->"})
    ax.yaxis.set_ticklabels([])  # blank labels
    log_ax.loglog([1, 10, 1e4], [1, 1e-3, 1e-8])
    mesh = log_ax.pcolormesh(np.logspace(0, 4, 5), np.logspace(-8, 0, 4), np.ones((3, 4)))
    figure.colorbar(mesh, ax=log_ax, label="colour")
    figure.suptitle("suptitle")
    hidden = figure.add_axes((0.1, 0.1, 0.2, 0.2))
    hidden.set_title("hidden")
    hidden.set_visible(False)
    return figure


def test_drawn_texts_are_the_texts_a_draw_paints():
    from curvlab.experiments.momentum.compute import race
    from curvlab.experiments.momentum.figures import OptimizerRaceFrame
    from curvlab.plotting.render import _drawn_texts

    race_frame = OptimizerRaceFrame().draw(race("Rosenbrock", 1.0, 0.9, 0.999, maxiter=40))
    for figure in (_busy_figure(), race_frame):
        painted = _texts_painted(figure)  # a draw first: it places a secondary axis's ticks
        drawn = [id(text) for text in _drawn_texts(figure)]
        assert len(drawn) == len(set(drawn)) > 20
        assert set(drawn) == painted
