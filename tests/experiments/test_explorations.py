"""Every exploration of the book, in both modes, from the one registry.

For each exploration: live, moving each control to another position changes the frame (the
PNG bytes differ), and moving it back restores it; static, the page embeds one frame per point
of the control grid, and stepping any one control from its default selects a different frame.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import pytest
from ipywidgets.embed import dependency_state

from curvlab.experiments.registry import EXPLORATIONS
from curvlab.widgets import MAX_STATIC_FRAMES

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
    assert repr(exploration).startswith("Exploration ")
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


def _leaf(root: widgets.Widget, indices: list[int]) -> widgets.Image:
    node = root
    for i in indices:
        node = node.children[i]
    return node


def test_static_page_embeds_the_whole_grid_and_each_control_selects_a_new_frame(name):
    exploration = EXPLORATIONS[name](static=True)
    assert exploration.mode == "static"
    sizes = [len(c.options) for c in exploration.controls]
    state = dependency_state([exploration])
    images = [s for s in state.values() if s["model_name"] == "ImageModel"]
    assert len(images) == math.prod(sizes) <= MAX_STATIC_FRAMES
    defaults = [c.index for c in exploration.controls]
    first = bytes(_leaf(exploration.frame, defaults).value)
    assert first.startswith(PNG)
    for depth, control in enumerate(exploration.controls):
        other = list(defaults)
        other[depth] = (defaults[depth] + 1) % sizes[depth]
        frame = bytes(_leaf(exploration.frame, other).value)
        assert not np.array_equal(_pixels(frame), _pixels(first)), (
            f"{name}: the frame for another {control.description!r} is the same image"
        )


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
