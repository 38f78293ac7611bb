"""Figures of chapter 6's adaptive sections: bowls, preconditioned spectra, second moments."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from curvlab.core.runner import Trajectory
from curvlab.experiments.adaptive.compute import (
    NewtonSchulzStudy,
    Racer,
    diagonal_preconditioned_spectrum,
    preconditioned_spectrum,
)
from curvlab.experiments.momentum.compute import race_outcome
from curvlab.plotting.panels import contour_window, describe_run
from curvlab.plotting.render import FIGURE_DPI, new_figure
from curvlab.plotting.style import PALETTE
from curvlab.problems.quadratic import Quadratic

__all__ = [
    "RACE_COLOURS",
    "bowl_pair_figure",
    "newton_schulz_figure",
    "preconditioned_spectrum_figure",
    "race_figure",
    "second_moment_figure",
]

RACE_COLOURS = (*PALETTE, "#ff7f0e", "#17becf", "#7f7f7f")
"""One colour per racer of :func:`race_figure`: the palette, then three more, none repeated."""


def _window_holding(objectives: Sequence[Quadratic], runs) -> tuple[tuple[float, float], ...]:
    """The smallest window, square and centred on the minimum, that holds every objective's own
    window and every path, with a margin of 8 %."""
    points = np.concatenate([t.xs for trajectories in runs for t in trajectories])
    own = max(max(abs(v) for side in objective.window for v in side) for objective in objectives)
    reach = max(own, 1.08 * float(np.max(np.abs(points))))
    return ((-reach, reach), (-reach, reach))


def bowl_pair_figure(
    objectives: Sequence[Quadratic],
    runs: Sequence[Sequence[Trajectory]],
    labels: Sequence[str],
    *,
    dpi: float = FIGURE_DPI,
) -> Figure:
    """Paths of the same optimizers on two bowls, one panel per optimizer and bowl, and their
    gradient norms (right).

    ``runs[i][j]`` is optimizer ``j`` on ``objectives[i]``; row ``i`` of path panels shows bowl
    ``i``, column ``j`` optimizer ``j``. Every path panel shares one window that holds every path
    (momentum can overshoot far beyond the start), so no path leaves its panel and none hides
    another. The right panel draws the first bowl's runs solid and the second's dashed.
    """
    count = len(labels)
    window = _window_holding(objectives, runs)
    figure = new_figure(2.6 * count + 4.2, 5.6, dpi=dpi)
    grid = figure.add_gridspec(2, count + 1, width_ratios=[1.0] * count + [1.8])
    for row, (objective, trajectories) in enumerate(zip(objectives, runs, strict=True)):
        for column, (t, label) in enumerate(zip(trajectories, labels, strict=True)):
            ax = figure.add_subplot(grid[row, column])
            contour_window(ax, objective, window, grid=121)
            colour = PALETTE[column % len(PALETTE)]
            ax.plot(t.xs[:, 0], t.xs[:, 1], "-", color=colour, lw=1.1, marker=".", ms=2)
            ax.plot(*t.xs[0], "o", color="k", ms=4)
            ax.plot(0.0, 0.0, "*", color="k", ms=8)
            ax.set_title(f"{label}: {describe_run(t)}", fontsize="x-small", color=colour)
            ax.tick_params(labelsize="x-small")
            if row == len(objectives) - 1:
                ax.set_xlabel("x")
            else:
                ax.tick_params(labelbottom=False)
            if column == 0:
                ax.set_ylabel(f"{objective.name}\ny", fontsize="small")
            else:
                ax.tick_params(labelleft=False)
    ax = figure.add_subplot(grid[:, count])
    for style, trajectories in zip(("-", "--"), runs, strict=True):
        for colour, t, label in zip(PALETTE, trajectories, labels, strict=False):
            ax.semilogy(
                np.maximum(t.grad_norm, 1e-16),
                style,
                color=colour,
                lw=1.3,
                label=label if style == "-" else None,
            )
    ax.set_xlabel("step k")
    ax.set_ylabel(r"$\|\nabla f(x_k)\|$")
    ax.set_title(f"solid: {objectives[0].name}\ndashed: {objectives[1].name}", fontsize="small")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", loc="upper right")
    return figure


def preconditioned_spectrum_figure(
    objectives: Sequence[Quadratic],
    adam_denominators: Sequence[np.ndarray],
    *,
    dpi: float = FIGURE_DPI,
) -> Figure:
    r"""The spectrum of :math:`P^{-1/2} H P^{-1/2}` for four preconditioners on two bowls.

    Left: for each bowl, one column per preconditioner (identity, Jacobi :math:`\mathrm{diag}(H)`,
    Adam's :math:`\mathrm{diag}(\sqrt{\hat v}+\varepsilon)` at the last step of its run, and
    :math:`H`), its eigenvalues divided by the largest on a log axis, so the length of each
    column is the condition number that preconditioned gradient descent faces. Right: that
    condition number along Adam's run, for both bowls.
    """
    figure = new_figure(12.0, 4.2, dpi=dpi)
    ax_ladder, ax_run = figure.subplots(1, 2, width_ratios=(1.25, 1.0))
    names = ("identity", "Jacobi diag(H)", "Adam √v̂+ε (last step)", "Newton: H")
    for group, (objective, denominators) in enumerate(
        zip(objectives, adam_denominators, strict=True)
    ):
        H = objective.A
        spectra = [
            diagonal_preconditioned_spectrum(H, np.ones(H.shape[0]))[0],
            diagonal_preconditioned_spectrum(H, np.diag(H))[0],
            diagonal_preconditioned_spectrum(H, denominators[-1])[0],
            preconditioned_spectrum(H, H),
        ]
        for i, values in enumerate(spectra):
            position = group * (len(names) + 1) + i
            scaled = values / values.max()
            ax_ladder.plot(
                [position, position],
                [scaled.min(), 1.0],
                "-",
                color=PALETTE[i],
                lw=6,
                solid_capstyle="butt",
                alpha=0.8,
            )
            ax_ladder.plot(np.full(scaled.size, position), scaled, "o", color="k", ms=4)
            ax_ladder.annotate(
                f"κ = {values.max() / values.min():.3g}",
                (position, 1.0),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize="x-small",
            )
        ax_ladder.text(
            group * (len(names) + 1) + 1.5,
            2e-3,
            objective.name,
            ha="center",
            fontsize="small",
        )
        kappas = [
            values.max() / values.min()
            for values in diagonal_preconditioned_spectrum(H, denominators)
        ]
        ax_run.semilogy(
            np.arange(1, len(kappas) + 1),
            kappas,
            "-",
            color=PALETTE[group + 1],
            lw=1.5,
            label=f"Adam on {objective.name}",
        )
    ax_ladder.set_yscale("log")
    ax_ladder.set_ylim(1e-3, 3.0)
    ticks = [g * (len(names) + 1) + i for g in range(len(objectives)) for i in range(len(names))]
    ax_ladder.set_xticks(
        ticks, [n for _ in objectives for n in names], rotation=35, ha="right", fontsize="x-small"
    )
    ax_ladder.set_ylabel(r"eigenvalues of $P^{-1/2} H P^{-1/2}$ / largest")
    ax_ladder.set_title(
        "What each preconditioner leaves of the condition number", fontsize="medium"
    )
    identity = diagonal_preconditioned_spectrum(objectives[0].A, np.ones(objectives[0].dim))[0]
    ax_run.axhline(identity[-1] / identity[0], color="0.4", ls=":", lw=1, label="no preconditioner")
    ax_run.axhline(1.0, color="0.4", ls="--", lw=1, label="Newton (P = H)")
    ax_run.set_ylim(0.7, None)
    ax_run.set_xlabel("Adam step t")
    ax_run.set_ylabel(r"$\kappa(P_t^{-1/2} H P_t^{-1/2})$")
    ax_run.set_title("Adam's diagonal along its run", fontsize="medium")
    ax_run.grid(True, which="both", alpha=0.3)
    ax_run.legend(fontsize="small")
    return figure


def second_moment_figure(
    curvature: Sequence[np.ndarray],
    second_moment: Sequence[np.ndarray],
    labels: Sequence[str],
    *,
    dpi: float = FIGURE_DPI,
) -> Figure:
    r"""Adam's :math:`\hat v` (scaled as labelled) against the diagonal Hessian, per coordinate.

    Points on the diagonal line mean :math:`\hat v` measures curvature. Each series is one
    experiment: ``curvature[i]`` and ``second_moment[i]`` are per-coordinate arrays.
    """
    figure = new_figure(6.0, 4.4, dpi=dpi)
    ax = figure.subplots()
    floor = 1e-12
    everything = np.concatenate([np.concatenate(curvature), np.concatenate(second_moment)])
    low = max(floor, everything[everything > 0].min() / 3.0)
    high = everything.max() * 3.0
    ax.loglog([low, high], [low, high], "-", color="0.5", lw=1, label="v̂ = diag(H)")
    markers = "os^D"
    for i, (h, v, label) in enumerate(zip(curvature, second_moment, labels, strict=True)):
        ax.loglog(
            h, np.maximum(v, low), markers[i % 4], color=PALETTE[i], ms=7, label=label, alpha=0.85
        )
    ax.set_xlabel("diagonal of the Hessian, $H_{ii}$")
    ax.set_ylabel(r"Adam's second moment $\hat v_i$ (× batch size)")
    ax.set_title("Does v̂ measure curvature? Only for noisy likelihood gradients", fontsize="medium")
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize="x-small", loc="upper left")
    return figure


def newton_schulz_figure(study: NewtonSchulzStudy, *, dpi: float = FIGURE_DPI) -> Figure:
    r"""What Newton–Schulz steps do to the singular values of a matrix (from
    :func:`~curvlab.experiments.adaptive.compute.newton_schulz_study`).

    Left: the scalar maps :math:`\sigma \mapsto p^{\circ k}(\sigma)` of the cubic and of Muon's
    quintic on :math:`[10^{-4}, 1]`. Right: the singular values of ``M`` (normalized by
    :math:`\|M\|_F`) and of both outputs.
    """
    n_steps = study.n_steps
    figure = new_figure(10.0, 3.8, dpi=dpi)
    ax_map, ax_values = figure.subplots(1, 2)
    ax_map.plot(study.sigma, study.cubic_map, color=PALETTE[1], label="cubic (1.5, −0.5)")
    ax_map.plot(study.sigma, study.quintic_map, color=PALETTE[2], label="Muon's quintic")
    ax_map.axhline(1.0, color="0.5", lw=0.8, ls=":")
    ax_map.set_xscale("log")
    ax_map.set_xlim(1e-4, 1.0)
    ax_map.set_xlabel(r"normalized singular value $\sigma / \|M\|_F$")
    ax_map.set_ylabel(f"after {n_steps} steps")
    ax_map.set_title("The scalar map on singular values", fontsize="medium")
    ax_map.legend(fontsize="small")
    index = np.arange(1, study.before.size + 1)
    ax_values.semilogy(
        index, study.before, "o-", color="0.3", label="momentum matrix ÷ its Frobenius norm"
    )
    for colour, after, label in (
        (PALETTE[1], study.after_cubic, "cubic"),
        (PALETTE[2], study.after_quintic, "quintic (Muon)"),
    ):
        ax_values.semilogy(index, after, "s-", color=colour, label=f"after {n_steps} {label} steps")
    ax_values.axhline(1.0, color="0.5", lw=0.8, ls=":")
    ax_values.set_xlabel("singular value index")
    ax_values.set_ylabel("singular value")
    ax_values.set_title("Orthogonalizing a momentum matrix", fontsize="medium")
    ax_values.legend(fontsize="small")
    return figure


def race_figure(
    racers: Sequence[Racer], *, title: str, floor: float = 1e-14, dpi: float = FIGURE_DPI
) -> Figure:
    r"""The loss :math:`f(x_k) - f^*` of each racer of
    :func:`~curvlab.experiments.adaptive.compute.layer_race` per step, one colour each.

    Values below ``floor`` (round-off, on a problem with :math:`f^* = 0`) are not drawn; a ▼ on
    the floor marks the step where a run went below it. Each legend entry gives the run's end,
    worded as the exploration's race words it
    (:func:`~curvlab.experiments.momentum.compute.race_outcome`), and its budget in
    gradient-equivalents.

    Raises
    ------
    ValueError
        If there are more racers than :data:`RACE_COLOURS`.
    """
    if len(racers) > len(RACE_COLOURS):
        raise ValueError(f"racers must number at most {len(RACE_COLOURS)}; got {len(racers)}")
    figure = new_figure(9.0, 4.4, dpi=dpi)
    ax = figure.subplots()
    styles = ("-", "--", "-.", ":")
    for i, racer in enumerate(racers):
        t = racer.trajectory
        values = np.where(t.fun >= floor, t.fun, np.nan)
        ax.semilogy(
            values,
            styles[i % len(styles)],
            color=RACE_COLOURS[i],
            lw=1.7,
            marker="o" if t.nit < 5 else None,
            label=f"{racer.name}: {race_outcome(t)}; "
            f"{racer.counts.gradient_equivalents:,d} gradient-equivalents",
        )
        if t.fun[-1] < floor:  # reached round-off: mark where, on the floor
            ax.plot(t.nit, floor, "v", color=RACE_COLOURS[i], ms=8, clip_on=False, zorder=4)
    ax.set_ylim(floor, None)
    ax.set_xlabel("step k")
    ax.set_ylabel(r"$f(x_k) - f^*$")
    ax.set_title(f"{title}\n(▼: below {floor:.0e}, round-off)", fontsize="medium")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure
