"""``curvlab.plotting.render.freeze_layout``: the layout a whole draw gives, without drawing.

Oracle: the same figure built twice, one copy laid out by matplotlib's own ``canvas.draw()``
(what the explorations did before), the other by ``freeze_layout``; the axes, the key and the
title must land in the same places, and the first frame drawn must be the same picture.
"""

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from PIL import Image

from curvlab.plotting.render import (
    freeze_layout,
    new_figure,
    new_frame,
    png_bytes,
    set_changing_artists,
)


def keyed_frame(loc: str):
    """A two-panel frame with a log axis (mathtext tick labels), a two-line title and a key
    outside the panels, still under constrained layout."""
    figure = new_frame(3.9)
    left, right = figure.subplots(1, 2)
    left.set_xlabel("x")
    left.set_ylabel("y")
    right.set_yscale("log")
    right.set_ylim(1e-16, 1e3)
    right.set_xlim(0, 20_000)
    right.set_ylabel(r"$f(x_k) - f^*$")
    right.set_xlabel("step k")
    lines = [Line2D([], [], color=c) for c in ("C0", "C1", "C2")]
    figure.legend(lines, ["GD: finished in 633 steps", "heavy ball", "Adam"], loc=loc, ncols=2)
    figure.suptitle("placeholder title\nplaceholder title")
    return figure


def map_frame():
    """One square panel (equal aspect) with a wide, titled key beside it, as chapter 5's basin
    map has: constrained layout moves the panel again in its second pass."""
    figure = new_frame(4.6)
    ax = figure.subplots()
    ax.set_xlim(-5, 5)
    ax.set_ylim(-5, 5)
    ax.set_aspect("equal")
    ax.set_xlabel("start x₀")
    ax.set_ylabel("start y₀")
    lines = [Line2D([], [], color=f"C{i}") for i in range(6)]
    labels = [f"minimum ({-3.78 + i:.2f}, −3.28)" for i in range(6)]
    figure.legend(lines, labels, loc="outside right center", title="start ends at")
    figure.suptitle("placeholder\nplaceholder")
    return figure


def places(figure) -> list:
    (key,) = figure.legends
    renderer = figure.canvas.get_renderer()
    return [
        *(ax.get_position().bounds for ax in figure.axes),
        tuple(key.get_window_extent(renderer).bounds),
        figure._suptitle.get_position(),
    ]


def pixels(figure) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png_bytes(figure, blit=False))).convert("RGB"))


FIGURES = {
    "key below two panels": (lambda: keyed_frame("outside lower center"), 1),
    "key beside two panels": (lambda: keyed_frame("outside right center"), 1),
    "key beside a square map": (map_frame, 2),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_the_frozen_layout_is_the_one_a_draw_gives(name):
    make, passes = FIGURES[name]
    drawn = make()
    for _ in range(passes):
        drawn.canvas.draw()
    drawn.set_layout_engine("none")
    frozen = freeze_layout(make(), passes=passes)
    assert isinstance(frozen.get_layout_engine(), PlaceHolderLayoutEngine)  # as "none" leaves it
    assert places(frozen) == places(drawn)
    assert np.array_equal(pixels(frozen), pixels(drawn))


def test_the_square_map_needs_its_second_pass():
    """The oracle of the two-pass case can fail: one pass leaves the panel elsewhere."""
    drawn = map_frame()
    drawn.canvas.draw()
    drawn.canvas.draw()
    once = freeze_layout(map_frame(), passes=1)
    assert once.axes[0].get_position().x0 != pytest.approx(drawn.axes[0].get_position().x0)


def test_frames_after_the_freeze_reuse_the_first_background(monkeypatch):
    """Blitted frames keep a background per placement of the static texts; the freeze must
    leave the axis labels and titles where a draw puts them, or the first frame's background
    is kept under a key no later frame has, and the second frame is drawn whole again."""
    figure = freeze_layout(keyed_frame("outside lower center"))
    left, right = figure.axes
    (path,) = left.plot([0.0, 1.0], [0.0, 1.0])
    (curve,) = right.plot([1.0, 10.0], [1.0, 1e-3])
    set_changing_artists(figure, [path, curve])
    draws = []
    whole = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self: draws.append(1) or whole(self))
    for k in range(4):
        path.set_ydata([0.0, 1.0 - 0.1 * k])
        curve.set_ydata([1.0, 10.0 ** -(3 + k)])
        png_bytes(figure)
    assert len(draws) == 1  # the background, once


def test_the_layout_stays_when_a_text_changes():
    figure = freeze_layout(keyed_frame("outside lower center"))
    before = [ax.get_position().bounds for ax in figure.axes]
    figure.suptitle("a much longer title than the placeholder it replaces, on one line")
    png_bytes(figure)
    assert [ax.get_position().bounds for ax in figure.axes] == before


def test_figures_share_one_mathtext_parser():
    """matplotlib keeps its mathtext parses per parser, one per renderer: shared, a new figure
    reuses the parses of the log axes' labels that the figures before it made."""
    first, second = keyed_frame("outside lower center"), keyed_frame("outside lower center")
    png_bytes(first)
    freeze_layout(second)
    parsers = {id(f.canvas.get_renderer().mathtext_parser) for f in (first, second)}
    assert len(parsers) == 1


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="passes"):
        freeze_layout(keyed_frame("outside lower center"), passes=0)
    with pytest.raises(ValueError, match="frozen"):
        freeze_layout(freeze_layout(keyed_frame("outside lower center")))
    figure = new_figure(2.0, 2.0)
    figure.set_layout_engine(None)
    with pytest.raises(ValueError, match="layout engine"):
        freeze_layout(figure)
