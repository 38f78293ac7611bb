"""Two-mode explorations: live sliders with a kernel, precomputed frames without one."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from curvlab.plotting.render import png_bytes

__all__ = ["MAX_STATIC_FRAMES", "Control", "Exploration", "explore", "static_mode"]

MAX_STATIC_FRAMES = 160
"""The most frames a static exploration may embed (each is a PNG in the page)."""

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
    """

    name: str
    label: str
    options: tuple[tuple[str, Any], ...]
    default: int = 0
    kind: str = "slider"

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
        cls, name: str, label: str, values: Sequence[float], default: float, fmt: str = "{:g}"
    ) -> Control:
        """A slider over ``values``, starting at ``default`` (which must be one of them)."""
        values = tuple(values)
        if default not in values:
            raise ValueError(f"default {default!r} of control {name!r} is not among its values")
        return cls(name, label, tuple((fmt.format(v), v) for v in values), values.index(default))

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
        return widgets.SelectionSlider(
            options=self.options,
            index=self.default,
            description=self.label,
            continuous_update=False,
            layout=layout,
            style=style,
        )


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
    image = widgets.Image(
        value=png_bytes(draw(**_current(controls, control_widgets))), format="png"
    )

    def redraw(change: dict) -> None:
        image.value = png_bytes(draw(**_current(controls, control_widgets)))

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
        frames[indices] = widgets.Image(value=png_bytes(draw(**values), compact=True), format="png")
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
