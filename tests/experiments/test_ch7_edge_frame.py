"""Chapter 7's edge-of-stability exploration frame: legible, nothing clipped, fixed axes that hold
every threshold 2/η, and every control changes the picture.

Oracles: a font of s points at FRAME_DPI is s·FRAME_DPI/72 pixels tall (the point is 1/72 inch);
the thresholds are 2/η by definition; the frame's pixels against another frame's pixels.
"""

import numpy as np
import pytest

from curvlab.experiments.edge_of_stability import compute as eos
from curvlab.experiments.edge_of_stability.explore import edge_explorer
from curvlab.experiments.edge_of_stability.figures import EdgeFrame
from curvlab.experiments.network_curvature import compute as nc
from curvlab.plotting.render import FRAME_DPI, clipped_texts, png_bytes, smallest_text_px

LRS = (0.1, 0.3, 0.6)


@pytest.fixture(scope="module")
def frame():
    problem = nc.digits_problem((6,), loss="mse", n_train=60)
    runs = eos.edge_runs(LRS, n_steps=100, sharpness_every=25, problem=problem)
    return EdgeFrame(runs, LRS)


def _pixels(frame, lr, upto):
    figure = frame.draw(lr, upto)
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def test_frames_at_the_default_and_every_extreme_are_legible_and_unclipped(frame):
    default = (LRS[len(LRS) // 2], 100)  # edge_explorer's defaults: the middle run, the last step
    positions = [default, (LRS[0], 100), (LRS[-1], 100), (LRS[1], 50), (LRS[1], 100), (LRS[0], 0)]
    limits = None
    for lr, upto in positions:
        figure = frame.draw(lr, upto)
        assert figure.canvas.get_width_height()[0] == 1176
        assert smallest_text_px(figure) >= 10 * FRAME_DPI / 72 - 1e-9
        assert clipped_texts(figure) == []
        now = (frame.ax_sharp.get_xlim(), frame.ax_sharp.get_ylim(), frame.ax_loss.get_ylim())
        assert limits is None or now == limits  # the axes are the same in every frame
        limits = now
        assert f"2/η = {2 / lr:.3g}" in figure.get_suptitle()
    low, high = frame.ax_sharp.get_ylim()
    assert all(low < 2 / lr < high for lr in LRS)  # every threshold is on the plot
    legend = frame.figure.legends[0]
    box = legend.get_window_extent()
    for ax in (frame.ax_sharp, frame.ax_loss):
        assert box.y1 <= ax.get_window_extent().y0 + 1e-6  # the key is below the data


def test_the_default_frame_differs_from_another_position_of_each_control(frame):
    default = _pixels(frame, LRS[1], 100)
    assert not np.array_equal(default, _pixels(frame, LRS[0], 100))  # the step size
    assert not np.array_equal(default, _pixels(frame, LRS[1], 50))  # the step shown


def test_frame_rejects_unknown_step_sizes(frame):
    with pytest.raises(ValueError, match="lr"):
        frame.draw(0.25, 50)
    with pytest.raises(ValueError, match="runs"):
        EdgeFrame([], [])


def test_static_explorer_renders_with_its_default_grid(frame):
    runs = list(frame.runs.values())
    static = edge_explorer(runs, LRS, static=True)
    assert static.mode == "static"
    assert png_bytes(frame.draw(LRS[0], 50), compact=True).startswith(b"\x89PNG")
