"""Two-mode explorations: live sliders with a kernel, precomputed frames without one."""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import traitlets
from matplotlib.figure import Figure

from curvlab.plotting.render import figure_alt, png_bytes, smallest_text_px
from curvlab.widgets.frames import FRAME_DIR_ENV, FRAME_URL_ENV, Frame, render_frames

__all__ = [
    "FRAME_DIR_ENV",
    "FRAME_URL_ENV",
    "MAX_STATIC_FRAMES",
    "Control",
    "Exploration",
    "Frame",
    "explore",
    "static_mode",
]

MAX_STATIC_FRAMES = 1000
"""The most frames a static exploration may hold. Each frame costs about 0.1 s to draw when the
book is built (on one core), so this bounds the build time rather than the page: on the website
the frames are separate files that the browser fetches only when a control first shows them."""

STATIC_ENV = "CURVLAB_STATIC_WIDGETS"


def static_mode() -> bool:
    """Whether explorations should be rendered kernel-free (``CURVLAB_STATIC_WIDGETS=1``)."""
    return os.environ.get(STATIC_ENV, "") == "1"


@dataclass(frozen=True)
class Control:
    """One control of an exploration: a slider (numbers) or a dropdown (choices).

    Parameters
    ----------
    name : str
        The keyword argument of ``draw`` that this control sets.
    label : str
        What the reader sees beside the control.
    options : sequence of (str, value)
        The grid of choices, as ``(label, value)`` pairs, in slider order.
    default : int
        Index of the initial choice.
    kind : {"slider", "dropdown"}
        How the choice is presented.
    continuous : bool
        Whether a slider stands for a continuous parameter (a step size, a coordinate) rather
        than a pick among a few named cases ("start #2"). The website's slider carries it as the
        class ``curvlab-continuous`` or ``curvlab-discrete``; the browser test holds every
        continuous slider to at least nine positions.
    """

    name: str
    label: str
    options: tuple[tuple[str, Any], ...]
    default: int = 0
    kind: str = "slider"
    continuous: bool = True

    def __post_init__(self) -> None:
        if not self.options:
            raise ValueError(f"control {self.name!r} needs at least one option")
        if not 0 <= self.default < len(self.options):
            raise ValueError(
                f"default of control {self.name!r} must index its {len(self.options)} options; "
                f"got {self.default}"
            )
        if self.kind not in ("slider", "dropdown"):
            raise ValueError(f"kind must be 'slider' or 'dropdown'; got {self.kind!r}")

    @classmethod
    def numbers(
        cls,
        name: str,
        label: str,
        values: Sequence[float],
        default: float,
        fmt: str = "{:g}",
        *,
        continuous: bool = True,
    ) -> Control:
        """A slider over ``values``, starting at ``default`` (which must be one of them)."""
        values = tuple(values)
        if default not in values:
            raise ValueError(f"default {default!r} of control {name!r} is not among its values")
        options = tuple((fmt.format(v), v) for v in values)
        return cls(name, label, options, values.index(default), continuous=continuous)

    def widget(self) -> widgets.SelectionSlider | widgets.Dropdown:
        """A fresh ipywidget for this control."""
        layout = widgets.Layout(width="420px")
        style = {"description_width": "120px"}
        if self.kind == "dropdown":
            return widgets.Dropdown(
                options=self.options,
                index=self.default,
                description=self.label,
                layout=layout,
                style=style,
            )
        slider = widgets.SelectionSlider(
            options=self.options,
            index=self.default,
            description=self.label,
            continuous_update=False,
            layout=layout,
            style=style,
        )
        slider.add_class("curvlab-continuous" if self.continuous else "curvlab-discrete")
        return slider


class FrameImage(widgets.Image):
    """An ``ipywidgets.Image`` whose ``tooltip`` (the frame's alt text) the browser can show.

    ipywidgets 8's ``DOMWidgetView.updateTooltip`` reads ``model.get("description").length``,
    and ``Image`` has no ``description``: any tooltip on a plain ``Image`` makes its view fail
    ("Cannot read properties of undefined (reading 'length')"). An empty ``description`` makes
    the view set the tooltip as the image's ``title``, which the site's ``ipywidgets-setup.js``
    copies into ``alt``. The model is still an ``ImageModel``, so any front end renders it.
    """

    description = traitlets.Unicode("").tag(sync=True)


class Exploration(widgets.VBox):
    """The widget an exploration displays: its controls above its frame.

    Static, it also carries every frame of its control grid: ``frame_urls`` and ``frame_alts``
    hold, for each grid point in row-major order of the controls (the last control varies
    fastest), the frame's URL and its text alternative. With a kernel, moving a control shows
    the frame at its grid point; on the website, with no kernel, the page's widget manager
    (``web/widget-manager.js``) does the same from the embedded state. The whole exploration is
    then one box, its controls, one image and their layouts: a dozen widget models however
    large the grid, so the executed notebook's widget state cannot lose part of it.

    Its plain-text form names it and nothing else (no object ids, and not its controls: the
    static one may have fewer), the same in both modes, so that a notebook's stored outputs
    compare equal whichever mode executed it.
    """

    frame_urls = traitlets.List(traitlets.Unicode()).tag(sync=True)
    frame_alts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    frame_text_px = traitlets.List(traitlets.Float()).tag(sync=True)
    """For each frame (static) or the frame shown (live), the height in image pixels of its
    smallest text (:func:`curvlab.plotting.render.smallest_text_px`): shown ``w`` CSS pixels
    wide, a frame ``W`` image pixels wide shows it as ``text_px * w / W`` CSS pixels, which the
    site's browser test compares with the page's caption text."""

    def __init__(self, title: str, mode: str, controls: list, frame: widgets.Widget) -> None:
        super().__init__([*controls, frame])
        self.title = title
        self.mode = mode
        self.controls = controls
        self.frame = frame

    def __repr__(self) -> str:
        return f"Exploration: {self.title}"

    def grid_index(self) -> int:
        """The row-major index of the controls' current positions in the control grid."""
        index = 0
        for control in self.controls:
            index = index * len(control.options) + control.index
        return index


def explore(
    title: str,
    draw: Callable[..., Figure],
    controls: Sequence[Control],
    *,
    compute: Callable[..., Any] | None = None,
    static: bool | None = None,
    same_frame: Callable[..., dict[str, Any]] | None = None,
) -> Exploration:
    """Build an exploration (controls, compute, frame) whose frame is ``draw(compute(**values))``.

    Parameters
    ----------
    title : str
        A name for the exploration (shown in its text form).
    draw : callable
        The frame: returns the figure to show (it may update and return the same figure every
        time). With ``compute`` it is called with ``compute``'s result and only draws it;
        without, with one keyword per control. The same function serves both modes.
    controls : sequence of Control
        The sliders and dropdowns, outermost first.
    compute : callable, optional
        Called with one keyword per control; returns what ``draw`` draws (numpy only, no
        matplotlib), so that the computation can be tested and timed without a figure.
    static : bool, optional
        Force a mode; by default :func:`static_mode` decides. Static, every frame of the control
        grid is drawn now (:func:`curvlab.widgets.frames.render_frames`: on every core, and
        read back instead when the book build has drawn the same frames before).
    same_frame : callable, optional
        Called with one keyword per control, returns the control values whose frame is the same
        (e.g. a switch that makes a slider irrelevant returns the slider's default): static,
        grid points with the same answer share one drawn frame.

    Raises
    ------
    ValueError
        If a static exploration would hold more than :data:`MAX_STATIC_FRAMES` frames.
    """
    controls = list(controls)
    if not controls:
        raise ValueError("controls must hold at least one Control")
    if not callable(draw):
        raise TypeError(f"draw must be callable; got {type(draw).__name__}")
    if compute is not None and not callable(compute):
        raise TypeError(f"compute must be callable; got {type(compute).__name__}")
    frame = draw if compute is None else _compose(draw, compute)
    static = static_mode() if static is None else static
    if same_frame is not None and not callable(same_frame):
        raise TypeError(f"same_frame must be callable; got {type(same_frame).__name__}")
    if static:
        return _static(title, frame, controls, same_frame)
    return _live(title, frame, controls)


def _compose(draw: Callable[..., Figure], compute: Callable[..., Any]) -> Callable[..., Figure]:
    def frame(**values: Any) -> Figure:
        return draw(compute(**values))

    return frame


def _current(controls: list[Control], control_widgets: list) -> dict[str, Any]:
    return {c.name: w.value for c, w in zip(controls, control_widgets, strict=True)}


def _live(title: str, draw: Callable[..., Figure], controls: list[Control]) -> Exploration:
    control_widgets = [c.widget() for c in controls]
    figure = draw(**_current(controls, control_widgets))
    image = FrameImage(value=png_bytes(figure), format="png", tooltip=_alt(title, figure))
    exploration = Exploration(title, "live", control_widgets, image)
    exploration.frame_text_px = [smallest_text_px(figure)]

    def redraw(change: dict) -> None:
        figure = draw(**_current(controls, control_widgets))
        image.value = png_bytes(figure)
        image.tooltip = _alt(title, figure)
        exploration.frame_text_px = [smallest_text_px(figure)]

    for w in control_widgets:
        w.observe(redraw, names="value")
    return exploration


def _static(
    title: str,
    draw: Callable[..., Figure],
    controls: list[Control],
    same_frame: Callable[..., dict[str, Any]] | None = None,
) -> Exploration:
    total = math.prod(len(c.options) for c in controls)
    if total > MAX_STATIC_FRAMES:
        raise ValueError(
            f"a static exploration may hold at most {MAX_STATIC_FRAMES} frames; "
            f"{title!r} would need {total}"
        )
    grid = list(itertools.product(*(c.options for c in controls)))
    points = [{c.name: value for c, (_, value) in zip(controls, row, strict=True)} for row in grid]
    labels = [[label for label, _ in row] for row in grid]
    # Grid points whose frame is the same (same_frame) are drawn once: the first of each.
    position: dict[str, int] = {}
    chosen: list[int] = []
    drawn_index: list[int] = []
    for i, point in enumerate(points):
        key = repr(sorted((same_frame(**point) if same_frame else point).items()))
        if key not in position:
            position[key] = len(chosen)
            chosen.append(i)
        drawn_index.append(position[key])
    unique = render_frames(
        title,
        draw,
        [points[i] for i in chosen],
        [labels[i] for i in chosen],
        lambda figure: _alt(title, figure),
    )
    frames = [unique[k] for k in drawn_index]
    image = FrameImage(format="url")
    exploration = Exploration(title, "static", [c.widget() for c in controls], image)
    exploration.frame_urls = [frame.url for frame in frames]
    exploration.frame_alts = [frame.alt for frame in frames]
    exploration.frame_text_px = [frame.text_px for frame in frames]

    def show(change: dict | None = None) -> None:
        index = exploration.grid_index()
        image.value = exploration.frame_urls[index].encode("utf-8")
        image.tooltip = exploration.frame_alts[index]

    show()
    for control in exploration.controls:
        control.observe(show, names="index")
    return exploration


def _alt(title: str, figure: Figure) -> str:
    """The text alternative of a frame: the exploration's name, then what the figure shows
    (its titles, axes and legend, which state the frame's parameters and outcome)."""
    return f"Exploration, {title}. {figure_alt(figure)}"
