"""Frames a learner can read: the frame size, the smallest text, clipping, and alt text in words.

Oracles: a font of s points on a figure of d dots per inch is s·d/72 pixels tall (the definition
of the point, 1/72 inch); a text placed past the figure's edge is cut off by construction; the
words for TeX are checked against sentences written out by hand.
"""

import pytest

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
