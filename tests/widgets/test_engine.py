"""The exploration engine (curvlab.widgets), driven by chapter 1's exploration in both modes."""

import base64
import hashlib
import itertools
import json

import numpy as np
import pytest
from ipywidgets.embed import dependency_state

from curvlab.experiments.gradient_descent import (
    OPTIMAL,
    GradientDescentBowlFrame,
    bowl_run,
    gradient_descent_explorer,
    lab_run,
    lab_step,
)
from curvlab.experiments.gradient_descent.explore import CONDITION_NUMBERS, LAB_STEPS
from curvlab.plotting.render import png_bytes
from curvlab.widgets import MAX_STATIC_FRAMES, Control, explore
from curvlab.widgets.core import FRAME_DIR_ENV, FRAME_URL_ENV

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


NUMERIC_STEPS = [s for s in LAB_STEPS if s != OPTIMAL]


@pytest.mark.parametrize(
    ("step", "kappa"),
    list(
        itertools.product(
            [min(NUMERIC_STEPS), max(NUMERIC_STEPS)],
            [min(CONDITION_NUMBERS), max(CONDITION_NUMBERS)],
        )
    ),
)
def test_frame_survives_every_corner_of_the_grid(step, kappa):
    frame = GradientDescentBowlFrame()
    figure = frame.draw(lab_run(step, kappa))
    title = figure.get_suptitle()
    assert f"κ = {kappa:g}" in title
    assert ("diverged" in title) == (step > 1.0)
    assert png_bytes(figure).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("kappa", CONDITION_NUMBERS)
def test_lab_steps_are_fractions_of_the_bound_and_the_optimal_step(kappa):
    """1.0 is the stability bound 2/κ, η* is 2/(1 + κ), and every κ gets the regimes of the lab."""
    assert lab_step(1.0, kappa) == pytest.approx(2.0 / kappa)
    assert lab_step(OPTIMAL, kappa) == pytest.approx(2.0 / (1.0 + kappa))
    steep = [1 - lab_step(s, kappa) * kappa for s in NUMERIC_STEPS]
    assert min(steep) < -0.9 and max(steep) > 0.9  # near the bound, and timid
    assert any(-1 < f < 0 for f in steep)  # a zig-zag that converges
    with pytest.raises(ValueError, match="kappa"):
        lab_step(0.5, 0.5)


def test_the_default_zig_zags_and_the_start_moves_with_a_kernel(placeholder_frames):
    exploration = gradient_descent_explorer(static=False)
    names = [c.description for c in exploration.controls]
    assert names == ["step η / (2/λmax)", "condition κ", "step rule", "start x", "start y"]
    step, kappa = exploration.controls[0].value, exploration.controls[1].value
    assert 1 - lab_step(step, kappa) * kappa < 0  # the steep component flips sign
    before = exploration.frame.value
    exploration.controls[4].index = 0  # move the start's y
    assert exploration.frame.value != before
    assert len(gradient_descent_explorer(static=True).controls) == 3


def test_the_optimal_step_is_a_switch_and_the_step_slider_is_ordered():
    """η* sits at κ/(1 + κ) of the bound, a different place for each κ: a switch, not a
    slider position, and the slider's positions increase."""
    assert OPTIMAL not in LAB_STEPS and list(LAB_STEPS) == sorted(LAB_STEPS)
    exploration = gradient_descent_explorer(static=False)
    switch = exploration.controls[2]
    before = exploration.frame.tooltip
    switch.index = 1
    kappa = exploration.controls[1].value
    assert f"η* = 2/(1 + κ) = {2 / (1 + kappa):.3g}" in exploration.frame.tooltip
    assert exploration.frame.tooltip != before


def test_live_mode_redraws_when_a_slider_moves_to_each_end():
    exploration = gradient_descent_explorer(static=False)
    assert exploration.mode == "live"
    lr_slider, kappa_slider, *_ = exploration.controls
    seen = {exploration.frame.value}
    for lr_index, kappa_index in itertools.product([0, -1], [0, -1]):
        lr_slider.index = range(len(LAB_STEPS))[lr_index]
        kappa_slider.index = range(len(CONDITION_NUMBERS))[kappa_index]
        seen.add(exploration.frame.value)
    assert len(seen) >= 4
    assert repr(exploration) == "Exploration: gradient descent on the bowl"
    static = gradient_descent_explorer(steps=[0.1], kappas=[2], step=0.1, kappa=2, static=True)
    assert repr(static) == repr(exploration)  # stored outputs match whichever mode ran


def _png(url: str) -> bytes:
    """The PNG of a frame embedded as a ``data:`` URL (no frame store given)."""
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url[len(prefix) :])


def test_static_mode_is_one_box_with_a_frame_per_grid_point_and_few_models(placeholder_frames):
    """The whole grid travels in the box's own state: a dozen models, however many frames."""
    exploration = gradient_descent_explorer(static=True)
    assert exploration.mode == "static"
    assert len(exploration.frame_urls) == len(LAB_STEPS) * len(CONDITION_NUMBERS) * 2
    assert len(exploration.frame_alts) == len(exploration.frame_urls)
    state = dependency_state([exploration])
    kinds = sorted(s["model_name"] for s in state.values())
    assert kinds.count("ImageModel") == 1
    assert "StackModel" not in kinds and "LinkModel" not in kinds
    assert len(state) <= 4 * (len(exploration.controls) + 2)
    assert len(json.dumps(state)) < 2_000_000  # the page stays light


def test_static_frames_follow_the_controls_in_row_major_order():
    """Each frame is the figure of its own grid point; moving a control shows it (with a kernel
    in Python, on the website in web/widget-manager.js by the same index)."""
    steps, kappas = [0.05, 0.1, 1.02], [2, 10]
    exploration = gradient_descent_explorer(
        steps=steps, kappas=kappas, step=0.05, kappa=2, static=True
    )
    pngs = [_png(url) for url in exploration.frame_urls]
    # the η* switch (last) makes the step slider's frames at one κ the same when it is on
    assert len(set(pngs)) == len(steps) * len(kappas) + len(kappas)
    step_control, kappa_control, _switch = exploration.controls
    for i, step in enumerate(steps):
        for j, kappa in enumerate(kappas):
            step_control.index, kappa_control.index = i, j
            index = exploration.grid_index()
            assert index == (i * len(kappas) + j) * 2
            assert bytes(exploration.frame.value).decode() == exploration.frame_urls[index]
            alt = exploration.frame.tooltip
            assert alt == exploration.frame_alts[index]
            assert f"κ = {kappa:g}, η = {lab_step(step, kappa):.3g}" in alt
            assert ("diverged" in alt) == (step > 1.0)
    # ipywidgets' view reads description.length before it sets the tooltip.
    assert exploration.frame.get_state()["description"] == ""


def test_static_frames_are_files_fetched_by_url_with_their_alt_text(tmp_path, monkeypatch):
    """With a frame store (the book build's), each frame is a PNG file named by its hash and the
    page holds only its URL under the site's frame folder."""
    folder = tmp_path / "frames"
    monkeypatch.setenv(FRAME_DIR_ENV, str(folder))
    monkeypatch.setenv(FRAME_URL_ENV, "../_frames/")
    exploration = gradient_descent_explorer(
        steps=[0.1, 1.02], kappas=[2, 10], step=0.1, kappa=2, static=True
    )
    files = sorted(folder.glob("*.png"))
    assert len(files) == 4 + 2  # with η*, one frame per κ whatever the step slider says
    for file in files:
        png = file.read_bytes()
        assert png.startswith(PNG_SIGNATURE)
        assert file.name == hashlib.sha256(png).hexdigest()[:20] + ".png"
    assert set(exploration.frame_urls) == {f"../_frames/{file.name}" for file in files}
    assert exploration.frame.format == "url"
    assert all(
        alt.startswith("Exploration, gradient descent on the bowl.")
        for alt in exploration.frame_alts
    )


def test_live_frame_alt_text_follows_the_sliders():
    exploration = gradient_descent_explorer(steps=[0.1, 1.02], kappas=[2], step=0.1, kappa=2)
    assert "η = 0.1" in exploration.frame.tooltip and "converged" in exploration.frame.tooltip
    exploration.controls[0].index = 1
    assert "η = 1.02" in exploration.frame.tooltip and "diverged" in exploration.frame.tooltip


def test_static_mode_refuses_an_oversized_grid():
    many = Control.numbers("a", "a", list(range(MAX_STATIC_FRAMES // 9 + 1)), 0)
    with pytest.raises(ValueError, match=f"at most {MAX_STATIC_FRAMES} frames"):
        explore(
            "big",
            lambda a, b: None,
            [many, Control.numbers("b", "b", list(range(9)), 0)],
            static=True,
        )


def test_environment_variable_selects_the_mode(monkeypatch):
    monkeypatch.setenv("CURVLAB_STATIC_WIDGETS", "1")
    assert gradient_descent_explorer(steps=[0.1], kappas=[2], step=0.1, kappa=2).mode == "static"
    monkeypatch.delenv("CURVLAB_STATIC_WIDGETS")
    assert gradient_descent_explorer(steps=[0.1], kappas=[2], step=0.1, kappa=2).mode == "live"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Control.numbers("lr", "η", [0.1, 0.2], 0.3), "not among its values"),
        (lambda: Control("lr", "η", (), 0), "at least one option"),
        (lambda: Control("lr", "η", (("a", 1),), 3), "must index"),
        (lambda: Control("lr", "η", (("a", 1),), 0, kind="knob"), "kind"),
        (lambda: explore("x", lambda: None, []), "at least one Control"),
    ],
)
def test_bad_controls_are_refused(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="draw must be callable"):
        explore("x", "draw", [Control.numbers("a", "a", [1], 1)])


def test_frame_update_keeps_one_figure():
    frame = GradientDescentBowlFrame()
    first = frame.draw(bowl_run(0.1, 10))
    second = frame.draw(bowl_run(0.19, 20))
    assert first is second
    path = second.axes[0].lines[0].get_xydata()
    assert np.allclose(path[0], [-1.5, 1.0])


def test_grid_points_with_the_same_frame_are_drawn_once(monkeypatch):
    """same_frame: a switch that sets a slider aside makes its positions share one frame."""
    from curvlab.core.parallel import WORKERS_ENV
    from curvlab.plotting.render import new_figure

    monkeypatch.setenv(WORKERS_ENV, "1")
    calls = []

    def draw(a: float, on: bool) -> object:
        calls.append((a, on))
        figure = new_figure(1, 1, dpi=20)
        figure.suptitle(f"{0 if on else a:g}")
        return figure

    controls = [
        Control.numbers("a", "a", [1.0, 2.0, 3.0], 1.0),
        Control("on", "switch", (("off", False), ("on", True)), kind="dropdown"),
    ]
    exploration = explore(
        "t",
        draw,
        controls,
        static=True,
        same_frame=lambda a, on: {"a": 1.0 if on else a, "on": on},
    )
    assert sorted(calls) == [(1.0, False), (1.0, True), (2.0, False), (3.0, False)]
    urls = exploration.frame_urls
    assert len(urls) == 6 and urls[1] == urls[3] == urls[5]
    assert len({urls[0], urls[2], urls[4], urls[1]}) == 4
    with pytest.raises(TypeError, match="same_frame"):
        explore("t", draw, controls, static=True, same_frame=3)
