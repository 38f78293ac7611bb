"""Chapter 7's edge-of-stability exploration frame: legible, nothing clipped, fixed axes that hold
every threshold 2/η, and every control changes the picture.

Oracles: a font of s points at FRAME_DPI is s·FRAME_DPI/72 pixels tall (the point is 1/72 inch);
the thresholds are 2/η by definition; the frame's pixels against another frame's pixels; the
highlighted run identified by the colour of its own threshold line and its data read back from the
run; the title's numbers parsed back and compared with the run's checkpoints.
"""

import re

import numpy as np
import pytest

from curvlab.experiments.edge_of_stability import compute as eos
from curvlab.experiments.edge_of_stability.explore import default_steps, edge_explorer
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
    assert len(static.frame_urls) == len(LRS) * 2  # steps 50 and 100
    assert png_bytes(frame.draw(LRS[0], 50), compact=True).startswith(b"\x89PNG")


def _drawn(frame):
    """The ``Line2D`` objects of the sharpness panel that are visible and solid and thick."""
    return [
        line
        for line in frame.ax_sharp.get_lines()
        if line.get_visible() and line.get_linestyle() == "-" and line.get_linewidth() >= 2
    ]


@pytest.mark.parametrize(("lr", "upto"), [(LRS[0], 100), (LRS[1], 60), (LRS[2], 30), (LRS[2], 0)])
def test_the_chosen_run_is_highlighted_stops_at_upto_and_is_read_out(frame, lr, upto):
    run = frame.runs[lr]
    figure = frame.draw(lr, upto)
    (line,) = _drawn(frame)
    # its colour is the colour of the dashed line at 2/η of the chosen step size
    (threshold,) = [
        t
        for t in frame.ax_sharp.get_lines()
        if t.get_linestyle() == "--" and np.isclose(t.get_ydata()[0], 2 / lr)
    ]
    assert line.get_color() == threshold.get_color()
    # it shows the run's checkpoints up to ``upto`` and no further
    x, y = (np.asarray(a) for a in line.get_data())
    expected = [(c, s) for c, s in zip(run.checkpoints, run.sharpness, strict=True) if c <= upto]
    assert x.tolist() == [c for c, _ in expected]
    assert np.array_equal(y, [s for _, s in expected])
    # the loss is drawn for steps 0..upto
    (loss,) = [
        t for t in frame.ax_loss.get_lines() if t.get_visible() and t.get_alpha() in (None, 1.0)
    ]
    assert np.asarray(loss.get_xdata())[-1] == min(upto, len(run.loss) - 1)
    # the title reads the last shown checkpoint and its ratio to 2/η
    title = figure.get_suptitle()
    assert f"step {upto}:" in title
    value, ratio = (float(t) for t in re.findall(r"≈ ([0-9.]+) = ([0-9.]+) ×", title)[0])
    assert value == pytest.approx(expected[-1][1], abs=0.005)
    assert ratio == pytest.approx(expected[-1][1] / (2 / lr), abs=0.005)
    # the other runs are drawn faintly, whole
    faint = [t for t in frame.ax_sharp.get_lines() if t.get_visible() and t.get_alpha() == 0.3]
    assert len(faint) == len(LRS) - 1
    assert all(len(t.get_xdata()) == len(run.checkpoints) for t in faint)


def test_default_steps_every_50_and_the_last():
    assert default_steps(1500) == tuple(range(50, 1501, 50))
    assert default_steps(120) == (50, 100, 120)
    assert default_steps(30) == (30,)
    assert default_steps(50) == (50,)
    with pytest.raises(ValueError, match="n_steps"):
        default_steps(0)


def test_the_explorer_grid_of_a_short_run_ends_at_its_last_step():
    problem = nc.digits_problem((4,), loss="mse", n_train=30)
    runs = eos.edge_runs((0.1, 0.3), n_steps=30, sharpness_every=10, problem=problem)
    static = edge_explorer(runs, (0.1, 0.3), static=True)
    assert static.mode == "static"
    assert len(static.frame_urls) == 2  # one step, 30, for each step size
