"""Frames of a static exploration: drawn on every core, identical to one process's, and read
back from the build's store when nothing that decides them changed."""

from __future__ import annotations

import base64
import io
import itertools

import numpy as np
import pytest
from PIL import Image

from curvlab.core.parallel import WORKERS_ENV, worker_count
from curvlab.plotting.render import figure_alt, new_figure, png_bytes
from curvlab.widgets.frames import (
    FRAME_DIR_ENV,
    FRAME_KEY_ENV,
    FRAME_URL_ENV,
    MIN_FRAMES_PER_WORKER,
    render_frames,
)


class CountingFrame:
    """A small figure per point, counting how often it is drawn (in this process)."""

    def __init__(self) -> None:
        self.calls = 0
        self.figure = new_figure(2, 1.5, dpi=40)
        self.axes = self.figure.add_subplot()

    def __call__(self, a: float, b: str) -> object:
        self.calls += 1
        self.axes.clear()
        self.axes.plot([0, 1], [0, a], label=b)
        self.axes.set_title(f"a = {a:g}, {b}")
        self.axes.legend()
        return self.figure


def _pixels(frames) -> np.ndarray:
    prefix = "data:image/png;base64,"
    return np.stack(
        [
            np.asarray(
                Image.open(io.BytesIO(base64.b64decode(f.url[len(prefix) :]))).convert("RGB")
            )
            for f in frames
        ]
    ).astype(float)


def _grid(n: int = 12) -> tuple[list[dict], list[list[str]]]:
    rows = list(itertools.product([0.5 * i for i in range(n)], ["up", "down"]))
    points = [{"a": a, "b": b} for a, b in rows]
    labels = [[f"{a:g}", b] for a, b in rows]
    return points, labels


def test_every_core_draws_the_same_frames_as_one(monkeypatch):
    points, labels = _grid()
    monkeypatch.setenv(WORKERS_ENV, "1")
    serial = render_frames("t", CountingFrame(), points, labels, figure_alt)
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert worker_count(len(points), per_worker=MIN_FRAMES_PER_WORKER) == 2
    parallel = render_frames("t", CountingFrame(), points, labels, figure_alt)
    assert [frame.alt for frame in parallel] == [frame.alt for frame in serial]
    assert "a = 5.5, down" in serial[-1].alt
    # Pixels may differ slightly: matplotlib's constrained layout starts from the figure's
    # previous layout, so a reused figure's frame depends on what it drew before. Each frame
    # must still be its own point's: nearest to the serial frame of the same point.
    ones, many = _pixels(serial), _pixels(parallel)
    distances = np.abs(many[:, None] - ones[None, :]).mean(axis=(2, 3, 4))
    assert np.array_equal(distances.argmin(axis=1), np.arange(len(points)))


def test_the_store_is_read_back_until_an_input_changes(tmp_path, monkeypatch):
    points, labels = _grid(4)
    monkeypatch.setenv(WORKERS_ENV, "1")
    monkeypatch.setenv(FRAME_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(FRAME_URL_ENV, "../_frames/")
    monkeypatch.setenv(FRAME_KEY_ENV, "notebook-1")
    draw = CountingFrame()
    first = render_frames("t", draw, points, labels, figure_alt)
    assert draw.calls == len(points)
    assert all(frame.url.startswith("../_frames/") for frame in first)

    again = render_frames("t", draw, points, labels, figure_alt)
    assert again == first and draw.calls == len(points)  # nothing drawn

    monkeypatch.setenv(FRAME_KEY_ENV, "notebook-2")  # the notebook's code changed
    render_frames("t", draw, points, labels, figure_alt)
    assert draw.calls == 2 * len(points)

    render_frames("another title", draw, points, labels, figure_alt)
    assert draw.calls == 3 * len(points)

    name = first[0].url.removeprefix("../_frames/")
    (tmp_path / name).unlink()  # a frame went missing from the store: draw again
    monkeypatch.setenv(FRAME_KEY_ENV, "notebook-1")
    redrawn = render_frames("t", draw, points, labels, figure_alt)
    assert draw.calls == 4 * len(points)
    assert [frame.alt for frame in redrawn] == [frame.alt for frame in first]
    assert all((tmp_path / f.url.removeprefix("../_frames/")).is_file() for f in redrawn)


def test_without_a_notebook_digest_nothing_is_read_back(tmp_path, monkeypatch):
    points, labels = _grid(2)
    monkeypatch.setenv(WORKERS_ENV, "1")
    monkeypatch.setenv(FRAME_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(FRAME_KEY_ENV, raising=False)
    draw = CountingFrame()
    render_frames("t", draw, points, labels, figure_alt)
    render_frames("t", draw, points, labels, figure_alt)
    assert draw.calls == 2 * len(points)
    assert not list(tmp_path.glob("*.json"))


def test_few_frames_are_drawn_in_this_process(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "8")
    assert worker_count(MIN_FRAMES_PER_WORKER * 2 - 1, per_worker=MIN_FRAMES_PER_WORKER) == 1
    assert worker_count(MIN_FRAMES_PER_WORKER * 3, per_worker=MIN_FRAMES_PER_WORKER) == 3
    assert worker_count(10_000, per_worker=MIN_FRAMES_PER_WORKER) == 8


def test_labels_must_match_the_points():
    points, labels = _grid(2)
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        render_frames("t", CountingFrame(), points, labels[:-1], figure_alt)


@pytest.mark.slow  # a stress test: 128 frames on two workers (15 CPU-seconds)
def test_workers_draw_mathtext_with_fonts_of_their_own(monkeypatch):
    """The parent has drawn mathtext (cached layouts holding its fonts); workers that shared
    those fonts read each other's glyphs and failed about one run in three with 64 frames (one
    in four with 128 when measured again without the fix)."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    figure = new_figure(3, 2, dpi=60)
    axes = figure.add_subplot()

    def draw(a: float):
        axes.clear()
        axes.semilogy([1, 2, 3], [1e-3 * a, 1e-1, 10])
        axes.set_title(rf"$\eta = {a:g}$, $\|\nabla f\|$")
        return figure

    png_bytes(draw(1.0))
    points = [{"a": 1.0 + i} for i in range(128)]
    frames = render_frames("t", draw, points, [[str(p["a"])] for p in points], figure_alt)
    assert len(frames) == len(points)


def test_each_frame_carries_its_smallest_text_drawn_or_read_back(tmp_path, monkeypatch):
    """Oracle: the smallest text of CountingFrame's figure is its 10 pt legend and tick labels
    (the title is 12 pt), so 10 × 40 dpi / 72 pixels; the store's manifest keeps the number."""
    points, labels = _grid(2)
    monkeypatch.setenv(WORKERS_ENV, "1")
    drawn = render_frames("t", CountingFrame(), points, labels, figure_alt)
    assert [frame.text_px for frame in drawn] == [round(10 * 40 / 72, 2)] * len(points)
    monkeypatch.setenv(FRAME_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(FRAME_KEY_ENV, "notebook-1")
    stored = render_frames("t", CountingFrame(), points, labels, figure_alt)
    draw = CountingFrame()
    read_back = render_frames("t", draw, points, labels, figure_alt)
    assert draw.calls == 0
    assert (
        [f.text_px for f in read_back] == [f.text_px for f in stored] == [f.text_px for f in drawn]
    )
