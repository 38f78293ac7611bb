"""Every figure's text alternative comes from the words its drawing code put on it."""

import io

import pytest
from matplotlib.figure import Figure
from PIL import Image

from curvlab.plotting.render import figure_alt, new_figure, set_alt_text
from curvlab.widgets.display import register_alt_text


def _two_panels() -> Figure:
    figure = new_figure(6, 3)
    left, right = figure.subplots(1, 2)
    figure.suptitle("Gradient descent on $x^2 + 10y^2$")
    left.set_xlabel("x")
    left.set_ylabel("y")
    right.plot([1, 2], [1, 0.1], label="η = 0.1: converged in 2 steps")
    right.plot([1, 2], [1, 10], label="η = 0.3: diverged")
    right.set_yscale("log")
    right.set_xlabel("step k")
    right.set_ylabel("loss")
    right.set_title("Loss per step")
    right.legend()
    return figure


def test_alt_text_reads_title_axes_scales_and_legend_of_every_panel():
    assert figure_alt(_two_panels()) == (
        "Gradient descent on x squared + 10y squared. Figure with 2 panels. "
        "Panel 1: horizontal axis x, vertical axis y. "
        'Panel 2: "Loss per step", horizontal axis step k, vertical axis loss, log scale, '
        "legend: η = 0.1: converged in 2 steps; η = 0.3: diverged."
    )


def test_alt_text_of_an_empty_figure_says_so():
    figure = new_figure(2, 2)
    figure.add_subplot()
    assert figure_alt(figure) == "Figure with 1 panel. The panel: an unlabelled plot."


def test_explicit_alt_text_wins_and_is_checked():
    figure = set_alt_text(_two_panels(), "  Two   runs,\n one diverges. ")
    assert figure_alt(figure) == "Two runs, one diverges."
    with pytest.raises(ValueError, match="text"):
        set_alt_text(figure, "  ")


def test_outside_ipython_nothing_is_registered():
    assert register_alt_text() is False


def test_in_ipython_figures_are_shown_with_alt_text_and_a_palette():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert register_alt_text() is True
        assert register_alt_text() is True  # a second call wraps nothing twice
        figure = new_figure(4, 3)
        figure.add_subplot().plot([0, 1], [1, 0], label="a line")
        figure.axes[0].set_title("one falling line")
        data, metadata = shell.display_formatter.format(figure)
        assert "one falling line" in metadata["image/png"]["alt"]
        assert Image.open(io.BytesIO(data["image/png"])).mode == "P"
    finally:
        InteractiveShell.clear_instance()
