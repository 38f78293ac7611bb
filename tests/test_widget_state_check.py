"""The build's widget check (``_ext/curvlab_sphinx.py``): a page whose widget state lacks a
model its views need, or whose exploration lists too few frames, fails the build."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from ipywidgets.embed import dependency_state, embed_snippet

from curvlab.plotting.render import new_figure
from curvlab.widgets import Control, explore

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "curvlab_sphinx", ROOT / "_ext" / "curvlab_sphinx.py"
)
extension = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(extension)

STATE = re.compile(
    r'(<script type="application/vnd\.jupyter\.widget-state\+json">)(.*?)(</script>)', re.S
)


def _page() -> str:
    figure = new_figure(1, 1, dpi=20)
    axes = figure.add_subplot()

    def draw(a: float, b: float):
        axes.clear()
        axes.set_title(f"{a}, {b}")
        return figure

    controls = [Control.numbers("a", "a", [1, 2, 3], 1), Control.numbers("b", "b", [1, 2], 1)]
    exploration = explore("tiny", draw, controls, static=True)
    return embed_snippet(views=[exploration], state=dependency_state([exploration]))


def _edit_state(html: str, edit) -> str:
    match = STATE.search(html)
    state = json.loads(match.group(2))
    edit(state["state"])
    return html[: match.start(2)] + json.dumps(state) + html[match.end(2) :]


def test_a_complete_page_passes_and_lists_its_frames():
    problems, frames = extension.widget_problems(_page())
    assert problems == []
    assert len(frames) == 6 and all(url.startswith("data:image/png") for url in frames)


def test_a_lost_model_fails():
    def lose_a_slider(state: dict) -> None:
        slider = next(k for k, v in state.items() if v["model_name"] == "SelectionSliderModel")
        del state[slider]

    problems, _ = extension.widget_problems(_edit_state(_page(), lose_a_slider))
    assert any("not in the page's widget state" in problem for problem in problems)


def test_a_lost_box_fails():
    def lose_the_box(state: dict) -> None:
        box = next(k for k, v in state.items() if v["model_name"] == "VBoxModel")
        del state[box]

    problems, _ = extension.widget_problems(_edit_state(_page(), lose_the_box))
    assert problems and "not in the page's widget state" in problems[0]


def test_too_few_frames_fail():
    def drop_a_frame(state: dict) -> None:
        box = next(v for v in state.values() if v["model_name"] == "VBoxModel")
        box["state"]["frame_urls"] = box["state"]["frame_urls"][:-1]

    problems, _ = extension.widget_problems(_edit_state(_page(), drop_a_frame))
    assert problems == [problems[0]] and "5 frames for a grid of 6" in problems[0]


@pytest.mark.parametrize("html", ["<p>no widgets</p>", ""])
def test_a_page_without_widgets_passes(html):
    assert extension.widget_problems(html) == ([], [])
