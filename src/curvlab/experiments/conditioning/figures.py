"""Chapter 4's figures: iterations against κ and η, and the regression whose units set κ."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from curvlab.core.runner import TOL, Status
from curvlab.experiments.conditioning.compute import (
    SCALED_GRID,
    BowlStepStudy,
    KappaSweep,
    StepSweep,
)
from curvlab.plotting.panels import contour_window
from curvlab.plotting.render import (
    FIGURE_DPI,
    FRAME_FONT_PT,
    freeze_layout,
    new_figure,
    new_frame,
    set_changing_artists,
)
from curvlab.plotting.style import PALETTE

__all__ = [
    "ConditioningFrame",
    "RegressionScaleFrame",
    "kappa_iterations_figure",
    "step_sweep_figure",
]


def kappa_iterations_figure(
    sweep: KappaSweep,
    random_kappas: np.ndarray | None = None,
    random_counts: np.ndarray | None = None,
    *,
    random_label: str = "random SPD matrices",
    dpi: float = FIGURE_DPI,
) -> Figure:
    """Gradient evaluations at the optimal step against κ, measured and predicted, log-log.

    ``random_counts`` (shape ``(len(random_kappas), trials)``) adds the runs on random
    non-diagonal matrices as points.
    """
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    fine = np.geomspace(max(float(sweep.kappa.min()), 1.0), float(sweep.kappa.max()), 200)
    bound = sweep.bound["gradient descent"] + 1
    ax.loglog(sweep.kappa, bound, "-", color="0.55", lw=2.5, label="prediction from (κ−1)/(κ+1)")
    ax.loglog(
        sweep.kappa,
        sweep.evaluations(),
        "o",
        color=PALETTE[0],
        ms=7,
        label="measured, bowl diag(1, κ)",
    )
    if random_kappas is not None and random_counts is not None:
        kappas = np.repeat(np.asarray(random_kappas, dtype=float), random_counts.shape[1])
        ax.loglog(kappas, random_counts.ravel(), "x", color=PALETTE[1], ms=6, label=random_label)
    slope_ref = bound[-1] * fine / fine[-1]
    ax.loglog(fine, slope_ref, ":", color="0.3", lw=1, label="∝ κ (slope 1)")
    ax.set_xlabel("condition number κ")
    ax.set_ylabel(f"gradient evaluations to |∇f| < {TOL:g}")
    ax.set_title("Gradient descent at η* = 2/(λmin+λmax): cost grows like κ")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    return figure


def step_sweep_figure(sweep: StepSweep, *, dpi: float = FIGURE_DPI) -> Figure:
    """Gradient evaluations against the step size η, with η* and 2/λmax marked.

    Draws the measured runs of ``sweep`` and the closed-form curve it carries
    (:func:`~curvlab.experiments.conditioning.compute.step_sweep` computes both).
    """
    bound, best = sweep.bound, sweep.lr_star
    figure = new_figure(6.4, 4.0, dpi=dpi)
    ax = figure.subplots()
    ax.semilogy(sweep.fine_lr, sweep.predicted, "-", color="0.55", lw=2, label="closed form")
    converged = np.isfinite(sweep.evaluations)
    ax.semilogy(
        sweep.lr[converged],
        sweep.evaluations[converged],
        "o",
        color=PALETTE[0],
        ms=5,
        label="measured runs",
    )
    diverged = [s is Status.DIVERGED for s in sweep.status]
    if any(diverged):
        # A diverged run has no count: mark its step size on the top edge of the axes (x in data
        # units, y in axes units), not at an invented height on the count axis.
        ax.plot(
            sweep.lr[diverged],
            np.full(sum(diverged), 0.97),
            "X",
            color=PALETTE[2],
            ms=7,
            ls="none",
            transform=ax.get_xaxis_transform(),
            clip_on=False,
            label="diverged (no count; marked on the top edge)",
        )
    ax.axvline(best, color=PALETTE[3], lw=1.2, label=f"η* = 2/(λmin+λmax) = {best:.4g}")
    ax.axvspan(
        bound,
        sweep.lr.max() * 1.02,
        color=PALETTE[2],
        alpha=0.12,
        label=f"unstable: η ≥ 2/λmax = {bound:.4g}",
    )
    ax.set_xlim(0, sweep.lr.max() * 1.02)
    ax.set_xlabel("step size η")
    ax.set_ylabel(f"gradient evaluations to |∇f| < {TOL:g}")
    ax.set_title(f"One bowl (κ = {sweep.kappa:g}), many step sizes")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="upper center")
    return figure


class ConditioningFrame:
    """The frame of chapter 4's first exploration: the bowl ``diag(1, κ)`` and a step ``η``.

    :meth:`draw` takes a :class:`~curvlab.experiments.conditioning.compute.BowlStepStudy` (from
    :func:`~curvlab.experiments.conditioning.compute.bowl_step_study`) and only draws it. The
    step is given relative to the steepest curvature, ``η·λmax`` (stable below 2), so one
    slider serves every κ. Left: the path on the contours (a diverging path cut where it leaves
    the window, ✕ there). Middle: gradient evaluations to ``|∇f| < TOL`` against ``η·λmax`` in
    closed form, the unstable region shaded, η* dashed, the fewest evaluations from the start
    marked and the current step marked on the curve (on the top edge when the run diverges).
    Right: the same near 2, against ``2 − η·λmax`` on a log axis, where η* and the dip below it
    sit at large κ. A key below
    the panels names every line, marker and shade. An exploration frame
    (:func:`curvlab.plotting.render.new_frame`), made once: the axes' limits are the same for
    every κ, and each κ's contours and cost curve are computed once and then only shown or
    hidden.
    """

    REACH = 1.3
    """Half-width of the square window of the path panel (the start is (1, 1))."""

    COUNT_LIMITS = (1.0, 1e6)
    """Limits of the count axis, the same for every κ (at κ = 3000, η·λmax = 0.1 needs 4·10⁵)."""

    ZOOM_LIMITS = (0.3, 1e-4)
    """Limits of the zoom's axis ``2 − η·λmax`` (log, decreasing: 2 is to the right)."""

    def __init__(self) -> None:
        self.figure = new_frame(4.9)
        self.ax_path, self.ax_cost, self.ax_zoom = self.figure.subplots(
            1, 3, width_ratios=(1.0, 1.0, 0.7)
        )
        self._kappa: float | None = None
        self._bowls: dict[float, tuple] = {}
        reach = self.REACH
        self._window = ((-reach, reach), (-reach, reach))
        ax = self.ax_path
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.set_aspect("equal")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        (self._path,) = ax.plot([], [], "-", color=PALETTE[0], lw=1.6, marker=".", ms=4)
        (self._end,) = ax.plot([], [], "o", color=PALETTE[0], ms=7, ls="none")
        for artist in (self._path, self._end):
            artist.set_zorder(3)
        ax = self.ax_cost
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())  # decades are enough, and ticks cost time
        ax.set_xlim(0, SCALED_GRID[-1])
        ax.set_ylim(*self.COUNT_LIMITS)
        ax.set_xlabel("step η · λmax")
        ax.set_ylabel(f"evaluations to |∇f| < {TOL:g}")
        ax.grid(True, which="major", alpha=0.3)
        unstable = ax.axvspan(2.0, SCALED_GRID[-1], color=PALETTE[2], alpha=0.15, lw=0)
        # The zoom: the last stretch below 2 on a log axis of 2 − η·λmax (2 to the right), where
        # η* sits at large κ and where the count from (1, 1) dips below η*'s and climbs again.
        ax = self.ax_zoom
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(*self.ZOOM_LIMITS)
        ax.set_ylim(*self.COUNT_LIMITS)
        ax.xaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_xticks([0.1, 0.01, 0.001], labels=["10⁻¹", "10⁻²", "10⁻³"])
        ax.set_yticks(self.ax_cost.get_yticks())
        ax.set_ylim(*self.COUNT_LIMITS)
        ax.tick_params(labelleft=False)
        ax.set_xlabel("2 − η · λmax")
        ax.grid(True, which="major", alpha=0.3)
        curve = Line2D([], [], color="0.4", lw=1.8)  # stand-ins for the key
        best = Line2D([], [], color=PALETTE[3], lw=1.5, ls="--")
        fewest = Line2D([], [], color="0.15", marker="D", ms=6, ls="none")
        self._marker, self._zoom_marker = (
            axis.plot([1.0], [1e2], "o", color=PALETTE[0], mec="k", ms=9, ls="none", zorder=5)[0]
            for axis in (self.ax_cost, self.ax_zoom)
        )
        path = Line2D([], [], color=PALETTE[0], lw=1.6, marker="o", ms=6)
        stopped = Line2D([], [], color=PALETTE[0], ls="none", marker="X", ms=7)
        contours = Line2D([], [], color="0.6", lw=1.0)
        marker = Line2D([], [], color=PALETTE[0], mec="k", ms=8, marker="o", ls="none")
        self.figure.legend(
            [path, stopped, contours, curve, fewest, marker, best, unstable],
            [
                "path from (1, 1); ● where it stopped",
                "✕ where a diverging path leaves the window",
                "contours of f",
                "evaluations for every step (closed form)",
                "fewest evaluations from (1, 1)",
                "this step (✕ at the top: diverges)",
                "η* = 2/(λmin + λmax)",
                "unstable: η · λmax ≥ 2",
            ],
            loc="outside lower center",
            ncols=2,
        )
        self.figure.suptitle("placeholder\nplaceholder", fontsize=FRAME_FONT_PT + 1)
        freeze_layout(self.figure)
        self._marker.set_clip_on(False)  # a diverging run's marker sits on the top edge
        self._end.set_clip_on(False)  # a diverging path's ✕ sits on the window's edge

    def _set_bowl(self, study: BowlStepStudy) -> None:
        kappa = float(study.objective.spectrum.eigenvalues[-1])
        if kappa not in self._bowls:
            contours = contour_window(
                self.ax_path,
                study.objective,
                self._window,
                grid=101,
                colors="0.6",
                set_limits=False,
            )
            best = 2.0 * kappa / (1.0 + kappa)  # η* λmax
            fewest = int(np.nanargmin(study.curve))
            below = SCALED_GRID < 2.0
            artists = [contours]
            for ax, xs, x_best, x_fewest in (
                (self.ax_cost, SCALED_GRID, best, SCALED_GRID[fewest]),
                (self.ax_zoom, 2.0 - SCALED_GRID[below], 2.0 - best, 2.0 - SCALED_GRID[fewest]),
            ):
                # the curve above the dashed η* line, so that the line never hides it
                ys = study.curve if ax is self.ax_cost else study.curve[below]
                line = ax.axvline(x_best, color=PALETTE[3], lw=1.5, ls="--", zorder=2)
                (curve,) = ax.plot(xs, ys, "-", color="0.4", lw=1.8, zorder=3)
                (mark,) = ax.plot(
                    [x_fewest], [study.curve[fewest]], "D", color="0.15", ms=6, zorder=4
                )
                artists += [line, curve, mark]
            self._bowls[kappa] = tuple(artists)
        for key, artists in self._bowls.items():
            for artist in artists:
                artist.set_visible(key == kappa)
        self._kappa = kappa

    def _shown_path(self, xs: np.ndarray, diverged: bool) -> np.ndarray:
        """The iterates up to where the path leaves the window, and that exit point (a diverging
        run's path is cut there; a converging one stays inside, since each of its coordinates
        shrinks)."""
        reach = self.REACH
        outside = np.flatnonzero(np.any(~(np.abs(xs) <= reach), axis=1))
        if not diverged or outside.size == 0 or outside[0] == 0:
            return np.clip(xs, -10.0 * reach, 10.0 * reach)  # no overflow to draw
        i = int(outside[0])
        inside, beyond = xs[i - 1], xs[i]
        step = beyond - inside
        with np.errstate(divide="ignore", invalid="ignore"):  # a coordinate that does not move
            fractions = np.where(step != 0.0, (np.sign(step) * reach - inside) / step, np.inf)
        exit_point = inside + float(np.min(fractions)) * step
        return np.vstack([xs[:i], exit_point])

    def draw(self, study: BowlStepStudy) -> Figure:
        """Draw one computed study and return the (same, updated) figure."""
        kappa = float(study.objective.spectrum.eigenvalues[-1])
        if kappa != self._kappa:
            self._set_bowl(study)
        trajectory, count = study.trajectory, study.evaluations
        diverged = trajectory.status is Status.DIVERGED
        xs = self._shown_path(trajectory.xs, diverged)
        self._path.set_data(xs[:, 0], xs[:, 1])
        self._end.set_data([xs[-1, 0]], [xs[-1, 1]])
        self._end.set_marker("X" if diverged else "o")
        height = count if count is not None else self.COUNT_LIMITS[1]
        self._marker.set_data([study.lr_scaled], [height])
        self._marker.set_marker("o" if count is not None else "X")
        gap = 2.0 - study.lr_scaled
        low, high = sorted(self.ZOOM_LIMITS)
        self._zoom_marker.set_data([gap if gap > 0 else high], [height])
        self._zoom_marker.set_visible(count is not None and low <= gap <= high)
        optimal = abs(study.lr - study.lr_star) <= 1e-12 * study.lr_star
        outcome = "diverges" if count is None else f"{count:,d} evaluations"
        if trajectory.status is Status.MAXITER:  # the count is the closed form's
            outcome += f"; path: first {trajectory.nit:,d} steps"
        if optimal:  # η* λmax = 2κ/(1 + κ): four digits, so that 1.9993 does not print as 2
            step = f"η* = 2/(1 + κ) = {study.lr:.4g}, η* · λmax = {study.lr_scaled:.4g}"
        else:
            best = study.lr_star * kappa
            step = f"η = {study.lr:.4g}, η · λmax = {study.lr_scaled:g} (η* · λmax = {best:.4g})"
        self.figure.suptitle(
            f"κ = {kappa:g}, {step}\nrate max|1 − ηλ| = {_rate(study.rate)}: {outcome}",
            fontsize=FRAME_FONT_PT + 1,
        )
        # The run and the title change; each κ's contours, curves and key are drawn once.
        changing = [
            self._path,
            self._end,
            self._marker,
            self._zoom_marker,
            self.figure._suptitle,
        ]
        set_changing_artists(self.figure, changing)
        return self.figure


def _rate(rate: float) -> str:
    """The contraction factor with enough decimals to tell it from 1 and from a neighbouring
    rate (three significant digits of its gap to 1, at least three decimals): 0.818 is
    "0.8182", 1 − 1/30,000 is "0.99996667", not "1.000"; 0.998002 and 0.998020 differ."""
    gap = abs(1.0 - rate)
    if gap == 0.0:
        return "1"
    decimals = max(3, int(np.ceil(-np.log10(gap))) + 3)
    return f"{rate:.{decimals}f}"


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _number(value: float) -> str:
    """A count or κ as a reader takes it in: three significant digits below 10⁵ ("39.5",
    "1,891"), else two with a power of ten ("1.6 × 10⁵", "2.4 × 10¹²")."""
    if value < 1e5:
        return f"{value:,.0f}" if value >= 1000 else f"{value:.3g}"
    exponent = int(np.floor(np.log10(value)))
    mantissa = value / 10.0**exponent
    if round(mantissa, 1) >= 10.0:
        mantissa, exponent = mantissa / 10.0, exponent + 1
    return f"{mantissa:.1f} × 10{str(exponent).translate(_SUPERSCRIPTS)}"


def _dollars(amount: float) -> str:
    """An amount of dollars in words a reader parses at once: "1 dollar", "3.16 dollars",
    "3,162 dollars", "1,000,000 dollars"."""
    text = f"{amount:,.0f}" if amount >= 1000 else f"{amount:.3g}"
    return f"{text} dollar" + ("" if text == "1" else "s")


class RegressionScaleFrame:
    """The frame of chapter 4's second exploration: the units of one feature set κ.

    ``curves`` maps a preprocessing label to ``(factors, kappas, evaluations)``, all computed
    in advance by :func:`~curvlab.experiments.conditioning.compute.unit_sweep`; :meth:`draw`
    marks one factor on the chosen preprocessing's curves. Left: κ of the Hessian; right: the
    gradient-descent evaluations at η*, both against the income unit, one colour per
    preprocessing, keyed below the panels. An exploration frame
    (:func:`curvlab.plotting.render.new_frame`), laid out once; only the markers and the title
    change.
    """

    def __init__(self, curves: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> None:
        self.curves = curves
        self.figure = new_frame(4.6)
        self.ax_kappa, self.ax_cost = self.figure.subplots(1, 2)
        self._markers = {}
        handles = []
        for i, (label, (factors, kappas, counts)) in enumerate(curves.items()):
            color = PALETTE[(i + 1) % len(PALETTE)]
            (line,) = self.ax_kappa.loglog(factors, kappas, "-", color=color, lw=1.8)
            self.ax_cost.loglog(factors, counts, "-", color=color, lw=1.8)
            (mk,) = self.ax_kappa.plot([], [], "o", color=color, mec="k", ms=9, zorder=4)
            (mc,) = self.ax_cost.plot([], [], "o", color=color, mec="k", ms=9, zorder=4)
            self._markers[label] = (mk, mc)
            handles.append(line)
        marker = Line2D([], [], color="0.5", mec="k", ms=8, marker="o", ls="none")
        for ax in (self.ax_kappa, self.ax_cost):
            ax.xaxis.set_minor_locator(NullLocator())  # decades are enough, and ticks cost time
            ax.yaxis.set_minor_locator(NullLocator())
            ax.set_xlabel("income factor (1: thousands)")
            ax.grid(True, which="major", alpha=0.3)
        self.ax_kappa.set_ylabel("κ of the Hessian XᵀX/N")
        self.ax_cost.set_ylabel("evaluations at η* (closed form)")
        self.figure.legend(
            [*handles, marker],
            [*curves, "the chosen unit and preprocessing"],
            loc="outside lower center",
            ncols=3,
        )
        self.figure.suptitle("placeholder\nplaceholder", fontsize=FRAME_FONT_PT + 1)
        freeze_layout(self.figure)
        for marker in (m for pair in self._markers.values() for m in pair):
            marker.set_clip_on(False)  # one at an end of a curve sits on the axes' edge

    def draw(self, factor: float, preprocessing: str) -> Figure:
        """Mark the income unit ``factor`` on the curve of ``preprocessing``."""
        if preprocessing not in self.curves:
            raise ValueError(
                f"preprocessing must be one of {list(self.curves)}; got {preprocessing!r}"
            )
        for label, (factors, kappas, counts) in self.curves.items():
            mk, mc = self._markers[label]
            visible = label == preprocessing
            mk.set_visible(visible)
            mc.set_visible(visible)
            if visible:
                index = int(np.argmin(np.abs(np.log(factors / factor))))
                mk.set_data([factors[index]], [kappas[index]])
                mc.set_data([factors[index]], [counts[index]])
                kappa, count = kappas[index], counts[index]
        self.figure.suptitle(
            f"{preprocessing}; income × {factor:,.4g} (its unit: {_dollars(1000.0 / factor)})\n"
            f"κ = {_number(kappa)}: gradient descent at η* needs {_number(count)} evaluations",
            fontsize=FRAME_FONT_PT + 1,
        )
        # Only the markers and the title change; the curves and the key are drawn once.
        markers = [m for pair in self._markers.values() for m in pair]
        set_changing_artists(self.figure, [*markers, self.figure._suptitle])
        return self.figure
