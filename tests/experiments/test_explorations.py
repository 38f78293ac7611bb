"""Every exploration of the book, in both modes, from the one registry.

For each exploration: live, moving each control to another position changes the frame (the
PNG bytes differ), and moving it back restores it; static, the exploration lists one frame per
point of the control grid, and stepping any one control from its default selects a different
frame (only those frames are drawn: the book build draws them all).
"""

from __future__ import annotations

import base64
import math

import ipywidgets as widgets
import numpy as np
import pytest

from curvlab.experiments.registry import EXPLORATIONS
from curvlab.widgets import MAX_STATIC_FRAMES
from curvlab.widgets.frames import render_frames

PNG = b"\x89PNG\r\n\x1a\n"


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)))


@pytest.fixture(scope="module", params=list(EXPLORATIONS), ids=list(EXPLORATIONS))
def name(request):
    return request.param


def test_live_frame_changes_with_every_control(name):
    exploration = EXPLORATIONS[name](static=False)
    assert exploration.mode == "live"
    assert repr(exploration).startswith("Exploration: ")
    first = bytes(exploration.frame.value)
    assert first.startswith(PNG)
    for control in exploration.controls:
        default = control.index
        control.index = (default + 1) % len(control.options)
        moved = bytes(exploration.frame.value)
        assert not np.array_equal(_pixels(moved), _pixels(first)), (
            f"{name}: moving {control.description!r} left the frame unchanged"
        )
        control.index = default
        assert bytes(exploration.frame.value) == first, f"{name}: {control.description!r}"


def test_static_exploration_covers_the_grid_and_each_control_selects_a_new_frame(
    name, placeholder_frames
):
    """The static exploration lists one frame per grid point, and the frames one step from the
    default along each control differ from the default's. Only those frames are drawn here: the
    book build draws the whole grid, and the browser tests move every control on the site."""
    exploration = EXPLORATIONS[name](static=True)
    assert exploration.mode == "static"
    (grid,) = placeholder_frames
    sizes = [len(c.options) for c in exploration.controls]
    # grid points that share a frame (explore's same_frame) are drawn once
    assert len(grid["points"]) <= len(exploration.frame_urls) == math.prod(sizes)
    assert math.prod(sizes) <= MAX_STATIC_FRAMES
    names = list(grid["points"][0])  # the controls' keyword names, in order

    def drawn(index: int) -> np.ndarray:
        """The real frame of the controls' current grid point (``index``, row-major)."""
        assert index == exploration.grid_index()
        point = {n: c.value for n, c in zip(names, exploration.controls, strict=True)}
        labels = [c.options[c.index][0] for c in exploration.controls]
        (frame,) = render_frames(grid["title"], grid["draw"], [point], [labels], grid["alt"])
        return _pixels(_png(frame.url))

    first = drawn(exploration.grid_index())
    for control in exploration.controls:
        default = control.index
        control.index = (default + 1) % len(control.options)
        moved = exploration.grid_index()
        assert bytes(exploration.frame.value).decode() == exploration.frame_urls[moved]
        assert not np.array_equal(drawn(moved), first), (
            f"{name}: the frame for another {control.description!r} is the same image"
        )
        control.index = default


def _png(url: str) -> bytes:
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    png = base64.b64decode(url[len(prefix) :])
    assert png.startswith(PNG)
    return png


MIN_POSITIONS = 9
"""Issue 11: every continuous slider on the website has at least nine positions."""


@pytest.mark.parametrize(
    "chapter", [n for n in EXPLORATIONS if n.startswith(("ch1 ", "ch2 ", "ch3 "))]
)
def test_continuous_sliders_of_chapters_1_to_3_have_nine_positions(chapter):
    """The static page's controls are a subset of the live ones, on the same grids, so the live
    exploration stands for both (and is cheap to build)."""
    exploration = EXPLORATIONS[chapter](static=False)
    sliders = [c for c in exploration.controls if isinstance(c, widgets.SelectionSlider)]
    assert sliders
    for slider in sliders:
        classes = set(slider._dom_classes)
        assert classes & {"curvlab-continuous", "curvlab-discrete"}
        if "curvlab-continuous" in classes:
            assert len(slider.options) >= MIN_POSITIONS, (chapter, slider.description)


CAPTION_PX = 16.0
"""The website's caption text in CSS px (the book theme's figcaption: the 16 px body size)."""

FRAMED = list(EXPLORATIONS)
"""Every exploration is drawn as frames of the text column (issue 22)."""


@pytest.mark.parametrize("chapter", FRAMED)
def test_frames_fill_the_column_and_their_text_is_caption_size(chapter):
    """Drawn 1,176 px wide (the 784 px column at 1.5 device pixels per CSS px), the frame's
    smallest text, shown at the column's width, is at least the page's caption size; the
    exploration carries that size beside its frame for the browser test."""
    from PIL import Image

    from curvlab.plotting.render import FRAME_COLUMN_PX, FRAME_PIXEL_RATIO

    exploration = EXPLORATIONS[chapter](static=False)
    import io

    width, _ = Image.open(io.BytesIO(bytes(exploration.frame.value))).size
    assert width == round(FRAME_COLUMN_PX * FRAME_PIXEL_RATIO)
    (text_px,) = exploration.frame_text_px
    assert text_px * FRAME_COLUMN_PX / width >= CAPTION_PX
    exploration.controls[0].index = len(exploration.controls[0].options) - 1
    (moved,) = exploration.frame_text_px
    assert moved * FRAME_COLUMN_PX / width >= CAPTION_PX


def test_no_text_of_chapters_1_to_3_frames_is_cut_off():
    """Titles, labels and keys stay inside the image at the grids' extremes."""
    from curvlab.experiments.critical_points.compute import critical_point_run
    from curvlab.experiments.critical_points.explore import RUN_SURFACES, STEP_FACTORS
    from curvlab.experiments.critical_points.figures import CriticalPointRunFrame
    from curvlab.experiments.gradient_descent.compute import lab_run
    from curvlab.experiments.gradient_descent.explore import CONDITION_NUMBERS, LAB_STEPS
    from curvlab.experiments.gradient_descent.figures import GradientDescentBowlFrame
    from curvlab.experiments.hessian.compute import hessian_at
    from curvlab.experiments.hessian.explore import HESSIAN_SURFACES, POSITIONS
    from curvlab.experiments.hessian.figures import HessianPointFrame
    from curvlab.plotting.render import clipped_texts

    bowl = GradientDescentBowlFrame()
    for step in (LAB_STEPS[0], LAB_STEPS[-1]):
        for kappa in (CONDITION_NUMBERS[0], CONDITION_NUMBERS[-1]):
            for optimal in (False, True):
                figure = bowl.draw(lab_run(step, kappa, optimal=optimal))
                assert clipped_texts(figure) == [], (step, kappa, optimal)
    hessian = HessianPointFrame()
    for surface in HESSIAN_SURFACES:
        for f in (POSITIONS[0], POSITIONS[-1]):
            assert clipped_texts(hessian.draw(hessian_at(surface, f, -f))) == [], surface
    runs = CriticalPointRunFrame()
    for surface, lr in RUN_SURFACES.items():
        for factor in (STEP_FACTORS[0], STEP_FACTORS[-1]):
            for kick in (0.0, 1e-6):
                run = critical_point_run(surface, 0.8, 0.0, lr=factor * lr, perturbation=kick)
                assert clipped_texts(runs.draw(run)) == [], (surface, factor, kick)
