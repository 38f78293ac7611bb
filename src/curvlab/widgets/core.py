"""Two-mode explorations: live sliders with a kernel, precomputed frames without one."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import traitlets
from matplotlib.figure import Figure

from curvlab.plotting.render import figure_alt, png_bytes

__all__ = [
    "FRAME_DIR_ENV",
    "FRAME_URL_ENV",
    "MAX_STATIC_FRAMES",
    "Control",
    "Exploration",
    "explore",
    "static_mode",
]

MAX_STATIC_FRAMES = 1000
"""The most frames a static exploration may hold. Each frame costs about 0.1 s to draw when the
book is built, so this bounds the build time rather than the page: on the website the frames
are separate files that the browser fetches only when a control first shows them."""

STATIC_ENV = "CURVLAB_STATIC_WIDGETS"

FRAME_DIR_ENV = "CURVLAB_FRAME_DIR"
"""Set (by the book build, see ``_ext/curvlab_sphinx.py``) to the folder of the built site where
static frames are written as files, one PNG per frame named by its content's hash."""

FRAME_URL_ENV = "CURVLAB_FRAME_URL"
"""The URL of :data:`FRAME_DIR_ENV`'s folder as the pages see it (e.g. ``../_frames/``)."""


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
    """The widget an exploration displays: its controls above its frame(s).

    Its plain-text form is a stable one-line description (no object ids), so that notebooks
    stored with outputs compare equal under nbval.
    """

    def __init__(self, title: str, mode: str, controls: list, frame: widgets.Widget) -> None:
        super().__init__([*controls, frame])
        self.title = title
        self.mode = mode
        self.controls = controls
        self.frame = frame

    def __repr__(self) -> str:
        names = ", ".join(c.description for c in self.controls)
        return f"Exploration {self.title!r} ({self.mode}; controls: {names})"


def explore(
    title: str,
    draw: Callable[..., Figure],
    controls: Sequence[Control],
    *,
    compute: Callable[..., Any] | None = None,
    static: bool | None = None,
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
        Force a mode; by default :func:`static_mode` decides.

    Raises
    ------
    ValueError
        If a static exploration would embed more than :data:`MAX_STATIC_FRAMES` frames.
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
    if static:
        return _static(title, frame, controls)
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

    def redraw(change: dict) -> None:
        figure = draw(**_current(controls, control_widgets))
        image.value = png_bytes(figure)
        image.tooltip = _alt(title, figure)

    for w in control_widgets:
        w.observe(redraw, names="value")
    return Exploration(title, "live", control_widgets, image)


def _static(title: str, draw: Callable[..., Figure], controls: list[Control]) -> Exploration:
    sizes = [len(c.options) for c in controls]
    total = 1
    for size in sizes:
        total *= size
    if total > MAX_STATIC_FRAMES:
        raise ValueError(
            f"a static exploration may embed at most {MAX_STATIC_FRAMES} frames; "
            f"{title!r} would need {total}"
        )
    control_widgets = [c.widget() for c in controls]
    frames = {}
    for indices in itertools.product(*(range(size) for size in sizes)):
        values = {c.name: c.options[i][1] for c, i in zip(controls, indices, strict=True)}
        figure = draw(**values)
        frames[indices] = _frame_image(png_bytes(figure, compact=True), _alt(title, figure))
    stacks_by_depth: list[list[widgets.Stack]] = [[] for _ in controls]

    def nest(depth: int, prefix: tuple[int, ...]) -> widgets.Widget:
        if depth == len(controls):
            return frames[prefix]
        children = [nest(depth + 1, (*prefix, i)) for i in range(sizes[depth])]
        stack = widgets.Stack(children, selected_index=controls[depth].default)
        stacks_by_depth[depth].append(stack)
        return stack

    root = nest(0, ())
    for control_widget, stacks in zip(control_widgets, stacks_by_depth, strict=True):
        for stack in stacks:
            widgets.jslink((control_widget, "index"), (stack, "selected_index"))
    return Exploration(title, "static", control_widgets, root)


def _alt(title: str, figure: Figure) -> str:
    """The text alternative of a frame: the exploration's name, then what the figure shows
    (its titles, axes and legend, which state the frame's parameters and outcome)."""
    return f"Exploration, {title}. {figure_alt(figure)}"


def _frame_image(png: bytes, alt: str) -> FrameImage:
    """One static frame: a file fetched when first shown if the build gave a frame folder
    (:data:`FRAME_DIR_ENV`), else the PNG embedded in the widget state.

    Measured on the built site: chapter 2's 324 frames are 5.4 MB of PNG and chapter 6's 810 are
    13.8 MB, which a page embedding them would carry as base64 (gzip gains almost nothing on
    PNG); fetched on demand, each exploration costs the first load one frame (9-14 kB).

    The alt text goes to the image's ``tooltip`` (its ``title``), which the site's
    ``ipywidgets-setup.js`` copies into ``alt``.
    """
    folder = os.environ.get(FRAME_DIR_ENV, "")
    if not folder:
        return FrameImage(value=png, format="png", tooltip=alt)
    name = hashlib.sha256(png).hexdigest()[:20] + ".png"
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        with open(path, "wb") as stream:
            stream.write(png)
    url = os.environ.get(FRAME_URL_ENV, "") + name
    return FrameImage(value=url.encode("utf-8"), format="url", tooltip=alt)
