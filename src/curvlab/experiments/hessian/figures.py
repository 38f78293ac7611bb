"""Chapter 2's figures: the Hessian at a point, its eigenvectors, and the quadratic model."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from curvlab.core.objective import Objective
from curvlab.experiments.hessian.compute import (
    FiniteDifferenceErrors,
    HessianAtPoint,
    rounding_line,
)
from curvlab.plotting.panels import contour_window
from curvlab.plotting.render import (
    FIGURE_DPI,
    freeze_layout,
    new_figure,
    new_frame,
    set_changing_artists,
)
from curvlab.problems.quadratic import Quadratic

__all__ = [
    "ARROW_FLOOR",
    "CONSTANT_HESSIAN",
    "CURVATURE_STYLES",
    "DIRECTION_COLORS",
    "HessianPointFrame",
    "arrow_fractions",
    "finite_difference_error_figure",
    "segment_half_length",
]

DIRECTION_COLORS = ("#1f77b4", "#e6550d")
"""One colour per eigen-direction: q₁ (the smaller eigenvalue) blue, q₂ orange."""

ARROW_FLOOR = 0.2
"""Shortest eigenvector segment, as a fraction of the longest, so that a direction with a tiny or
zero eigenvalue is still drawn and its line style (its sign) can be seen."""


def arrow_fractions(eigenvalues: np.ndarray) -> np.ndarray:
    r"""Half-lengths of the eigenvector segments, as fractions of the longest:
    :math:`\max(\sqrt{|\lambda_i|/\max_j|\lambda_j|},\ 0.2)`.

    A length proportional to :math:`|\lambda|` hides a small eigenvalue beside a large one (at
    (1.2, 2.2) on Rosenbrock's surface, :math:`\lambda_1 \approx -55` beside
    :math:`\lambda_2 \approx 1.1\times 10^3` would be drawn at 5 % of the other); the square root
    keeps the order of the lengths and shows such a direction at about 22 %.

    Examples
    --------
    >>> arrow_fractions(np.array([-25.0, 100.0])).tolist()
    [0.5, 1.0]
    >>> arrow_fractions(np.array([0.0, 0.0])).tolist()
    [0.2, 0.2]
    """
    magnitudes = np.abs(np.asarray(eigenvalues, dtype=float))
    scale = float(magnitudes.max())
    if scale == 0.0:
        return np.full(magnitudes.shape, ARROW_FLOOR)
    return np.maximum(np.sqrt(magnitudes / scale), ARROW_FLOOR)


CURVATURE_STYLES = {"positive": "-", "negative": (0, (1.2, 1.2)), "zero": (0, (6, 3))}
"""The sign of the curvature, as the line style of an eigenvector's segment: solid curving up,
dotted curving down, long dashes flat (zero to round-off)."""


def _sign(eigenvalue: float, scale: float) -> str:
    if abs(eigenvalue) <= 1e-9 * max(1.0, scale):
        return "zero"
    return "positive" if eigenvalue > 0 else "negative"


_WORDS = {"positive": "curving up", "negative": "curving down", "zero": "flat"}


def segment_half_length(
    point: np.ndarray, direction: np.ndarray, length: float, window: tuple
) -> float:
    """``length``, shortened so that the segment ``point ± t·direction`` (``|t| ≤`` the result,
    ``direction`` a unit vector) stays inside ``window`` ((x_lo, x_hi), (y_lo, y_hi)); 0 when
    ``point`` is outside the window.

    Examples
    --------
    >>> segment_half_length(np.array([0.5, 0.0]), np.array([1.0, 0.0]), 2.0, ((-1, 1), (-1, 1)))
    0.5
    """
    limit = float(length)
    for coordinate, step, (low, high) in zip(point, direction, window, strict=True):
        if not low <= coordinate <= high:
            return 0.0
        if abs(step) > 1e-12:
            room = min(high - coordinate, coordinate - low) / abs(step)
            limit = min(limit, float(room))
    return max(limit, 0.0)


class HessianPointFrame:
    """Draws a :class:`~curvlab.experiments.hessian.compute.HessianAtPoint`, in place.

    Left: contours of ``f`` (grey, all solid), contours of its second-order Taylor model near the
    point (dashed gold), and each eigenvector as a segment of half-length proportional to
    ``√|λ|`` (:func:`arrow_fractions`, at least a fifth of the longest; shortened to stay inside
    the window, :func:`segment_half_length`), in its own colour (:data:`DIRECTION_COLORS`), solid
    where the surface curves up along it, dotted where it curves down and dashed where it is flat
    (:data:`CURVATURE_STYLES`). Right: ``f`` (solid) and the model (dashed) along each
    eigenvector, in the same colours. One key below the panels names every encoding. An
    exploration frame (:func:`curvlab.plotting.render.new_frame`).
    """

    def __init__(self) -> None:
        self.figure = new_frame(4.6)
        self.ax_map, self.ax_slice = self.figure.subplots(1, 2, width_ratios=(1.0, 1.1))
        self._surface: str | None = None
        self._contours = None
        self._model_contours = None
        (self._point,) = self.ax_map.plot([], [], "ko", ms=6, zorder=5)
        self._axes_lines = [self.ax_map.plot([], [], "-", lw=3, zorder=4)[0] for _ in range(2)]
        self._true = [self.ax_slice.plot([], [], "-", lw=1.8)[0] for _ in range(2)]
        self._model = [self.ax_slice.plot([], [], "--", lw=1.4)[0] for _ in range(2)]
        self.ax_slice.set_xlabel("t, distance along q")
        self.ax_slice.set_ylabel("f(p + t q) − f(p)")
        self.ax_slice.grid(True, alpha=0.3)
        self.ax_map.set_xlabel("x")
        self.ax_map.set_ylabel("y")
        f_key = Line2D([], [], color="0.6", lw=1.2, label="f: grey contours; along q: solid")
        model_key = Line2D([], [], color="#d4a017", lw=1.2, ls="--",
                           label="quadratic model at p: dashed")  # fmt: skip
        self._legend = self.figure.legend(
            handles=[*self._axes_lines, f_key, model_key],
            labels=["q1: λ1 = -0.000e+00, curving down", "q2: λ2 = -0.000e+00, curving down",
                    f_key.get_label(), model_key.get_label()],
            loc="outside lower center",
            ncols=2,
            title="segments: eigenvectors q, half-length ∝ √|λ|",
        )  # fmt: skip
        self.figure.suptitle("placeholder\nsecond line")
        freeze_layout(self.figure)

    def draw(self, h: HessianAtPoint) -> Figure:
        """Draw one computed Hessian and return the (same, updated) figure."""
        if h.surface != self._surface:
            if self._contours is not None:
                self._contours.remove()
            self._contours = contour_window(
                self.ax_map, h.objective, count=14, negative_linestyles="solid"
            )
            self._surface = h.surface
        p, eigenvalues, eigenvectors, reach = h.point, h.eigenvalues, h.eigenvectors, h.reach
        scale = float(np.max(np.abs(eigenvalues)))
        self._point.set_data([p[0]], [p[1]])
        fractions = arrow_fractions(eigenvalues)
        texts = self._legend.get_texts()
        for i, line in enumerate(self._axes_lines):
            q = eigenvectors[:, i]
            length = segment_half_length(p, q, reach * fractions[i], h.objective.window)
            ends = np.stack([p - length * q, p + length * q])
            line.set_data(ends[:, 0], ends[:, 1])
            sign = _sign(eigenvalues[i], scale)
            line.set_color(DIRECTION_COLORS[i])
            line.set_linestyle(CURVATURE_STYLES[sign])
            texts[i].set_text(f"q{i + 1}: λ{i + 1} = {eigenvalues[i]:.3g}, {_WORDS[sign]}")
            key = self._legend.legend_handles[i]
            key.set_color(DIRECTION_COLORS[i])
            key.set_linestyle(CURVATURE_STYLES[sign])
        self._draw_model_contours(h.model, p, reach)
        self._draw_slices(h, scale)
        spectrum = f"λ = {eigenvalues[0]:.3g}, {eigenvalues[1]:.3g}"
        if isinstance(h.objective, Quadratic) or h.surface in CONSTANT_HESSIAN:
            spectrum += " at every point: a quadratic's Hessian is constant"
        self.figure.suptitle(
            f"{h.objective.name} at p = ({p[0]:.3g}, {p[1]:.3g}), "
            f"sliders ({h.fraction[0]:g}, {h.fraction[1]:g}) × half-width\n{spectrum}"
        )
        # Drawn over the surface's contours each frame; the rest is drawn once per surface.
        changing = [self.ax_slice, self._point, *self._axes_lines, self._model_contours]
        set_changing_artists(self.figure, [*changing, self._legend, self.figure._suptitle])
        return self.figure

    def _draw_model_contours(self, model: Objective, p: np.ndarray, reach: float) -> None:
        if self._model_contours is not None:
            self._model_contours.remove()
        xs = np.linspace(p[0] - reach, p[0] + reach, 41)
        ys = np.linspace(p[1] - reach, p[1] + reach, 41)
        values = model.on_grid(xs, ys)
        levels = np.unique(np.quantile(values, np.linspace(0.05, 0.95, 7)))
        if levels.size < 2:
            levels = np.array([values.min(), values.max() + 1e-12])
        self._model_contours = self.ax_map.contour(
            xs, ys, values, levels=levels, colors="#d4a017", linewidths=1.0, linestyles="dashed"
        )

    def _draw_slices(self, h: HessianAtPoint, scale: float) -> None:
        for i in range(2):
            color = DIRECTION_COLORS[i]
            self._true[i].set_data(h.t, h.along[i])
            self._true[i].set_color(color)
            self._model[i].set_data(h.t, h.quadratic[i])
            self._model[i].set_color(color)
        low = float(min(h.along.min(), h.quadratic.min()))
        high = float(max(h.along.max(), h.quadratic.max()))
        pad = 0.05 * max(high - low, 1e-12)
        self.ax_slice.set_xlim(-h.reach, h.reach)
        self.ax_slice.set_ylim(low - pad, high + pad)


CONSTANT_HESSIAN = frozenset({"10x² + y²"})
"""Surfaces of :data:`~curvlab.problems.surfaces.SURFACES` that are quadratics written as plain
objectives (their Hessian is the same at every point)."""


def finite_difference_error_figure(
    result: FiniteDifferenceErrors, *, dpi: float = FIGURE_DPI
) -> Figure:
    r"""Error of the finite-difference Hessian against the exact one, forward and central, vs h
    (from :func:`~curvlab.experiments.hessian.compute.finite_difference_errors`).

    The dotted line is the rounding model :math:`\varepsilon\,\max_j|\partial_j f(x)|/h`
    (:func:`~curvlab.experiments.hessian.compute.rounding_line`): the size of the gradient's own
    rounding error (ε times its largest entry), divided by ``h``, an order-of-magnitude model. It
    predicts the slope of the errors at small ``h``, not their level: the measured errors run
    roughly parallel to it. The
    dashed lines have slopes 1 and 2, the truncation orders of the two schemes, and pass through
    each scheme's error at the largest ``h`` (their constants are the unknown third and fourth
    derivatives, so only their slopes are predictions).
    """
    h, x = result.h, result.x
    figure = new_figure(6.0, 4.4, dpi=dpi)
    ax = figure.subplots()
    for scheme, marker in (("forward", "s"), ("central", "o")):
        ax.loglog(h, result.errors[scheme], marker=marker, label=scheme)
    ax.loglog(h, rounding_line(result), ":", color="0.3",
              label=f"rounding model ε·max|∇f|/h, order of\nmagnitude (max|∇f| = "
                    f"{result.gradient_scale:.3g})")  # fmt: skip
    last = int(np.argmax(h))
    ax.loglog(h, result.errors["forward"][last] * h / h[last], "--", color="0.6", lw=0.8,
              label="slope 1 (forward's truncation)")  # fmt: skip
    ax.loglog(h, result.errors["central"][last] * (h / h[last]) ** 2, "-.", color="0.6", lw=0.8,
              label="slope 2 (central's truncation)")  # fmt: skip
    ax.set_ylim(1e-12, 1e3)
    ax.set_xlabel("difference step h")
    ax.set_ylabel("max |H̃(h) − H| (entries)")
    ax.set_title(f"Finite-difference Hessian of {result.name} at ({x[0]:g}, {x[1]:g})")
    ax.grid(True, which="major", alpha=0.3)
    figure.legend(fontsize="x-small", loc="outside lower center", ncol=2)
    return figure
