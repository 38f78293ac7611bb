"""Chapter 6's figures: they draw what they are given, with titles and labels."""

import numpy as np
import pytest

from curvlab import bowl, rotated_bowl, run
from curvlab.core.tuning import tuned_run
from curvlab.experiments.adaptive.compute import (
    adam_denominators,
    newton_schulz_study,
    replay_states,
)
from curvlab.experiments.adaptive.figures import (
    bowl_pair_figure,
    newton_schulz_figure,
    preconditioned_spectrum_figure,
    second_moment_figure,
)
from curvlab.experiments.conditioning.compute import KAPPA_METHODS, kappa_sweep
from curvlab.experiments.momentum.compute import momentum_plane
from curvlab.experiments.momentum.figures import (
    kappa_law_figure,
    momentum_paths_figure,
    rate_map_figure,
)
from curvlab.optimizers.adaptive import adam
from curvlab.optimizers.momentum import heavy_ball
from curvlab.plotting.panels import loss_curves_figure


def test_kappa_law_figure_draws_the_sweep_it_is_given():
    sweep = kappa_sweep([10.0, 100.0], methods=KAPPA_METHODS, maxiter=20_000)
    figure = kappa_law_figure(sweep)
    assert "√κ" in figure.axes[0].get_title()
    first = figure.axes[0].lines[0]
    np.testing.assert_array_equal(first.get_ydata(), sweep.nit["gradient descent"])
    with pytest.raises(ValueError, match="kappas"):
        kappa_sweep([0.5])


def test_tuned_run_picks_the_fastest_step():
    f = bowl(10.0)
    best = tuned_run(f, lambda lr: heavy_ball(lr, 0.5), [0.01, 0.1], [1.0, 1.0])
    # Oracle: every value the search tried, run one by one.
    counts = {lr: run(f, heavy_ball(lr, 0.5), [1.0, 1.0], maxiter=10_000) for lr in best.grid}
    steps = {lr: (t.nit if t.success else np.inf) for lr, t in counts.items()}
    assert best.value == min(steps, key=steps.get)
    assert best.result.nit == min(steps.values()) == best.score
    assert best.interior  # the search widened past 0.1 until a step failed or slowed down


def test_rate_map_and_path_figures():
    figure = rate_map_figure(momentum_plane(50.0, resolution=40))
    assert "κ = 50" in figure.get_suptitle()
    assert len(figure.axes) == 3  # two panels and a colour bar
    # The regime legend sits outside the regime panel: it hides none of its cells.
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ax_regime = figure.axes[1]
    legend_box = ax_regime.get_legend().get_window_extent(renderer)
    assert not legend_box.overlaps(ax_regime.get_window_extent(renderer))
    f = bowl(10.0)
    t = run(f, heavy_ball(0.1, 0.5), [-1.5, 1.0])
    figure = momentum_paths_figure(10.0, [t], ["heavy ball"])
    assert "10" in figure.get_suptitle()


def test_adaptive_figures():
    objectives = [bowl(20.0), rotated_bowl(20.0, 45.0)]
    runs, denominators = [], []
    for f in objectives:
        optimizer = adam(0.1)
        t = run(f, optimizer, [-1.5, 1.0], maxiter=2000)
        runs.append([t])
        denominators.append(adam_denominators(replay_states(f, optimizer, t), 0.9, 0.999, 1e-8))
    hb = heavy_ball(0.15, 0.9)  # overshoots far beyond the start
    for f, trajectories in zip(objectives, runs, strict=True):
        trajectories.append(run(f, hb, [-1.5, 1.0], maxiter=2000))
    figure = bowl_pair_figure(objectives, runs, ["Adam", "heavy ball"])
    assert len(figure.axes) == 2 * 2 + 1  # a panel per bowl and optimizer, and the norms
    assert figure.axes[0].get_title().startswith("Adam: ")
    # Every path lies inside its own panel, and the panels share one window.
    panels = iter(figure.axes[:4])
    for trajectories in runs:
        for t in trajectories:
            ax = next(panels)
            (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
            assert x_lo < t.xs[:, 0].min() and t.xs[:, 0].max() < x_hi
            assert y_lo < t.xs[:, 1].min() and t.xs[:, 1].max() < y_hi
            assert ax.get_xlim() == figure.axes[0].get_xlim()
    assert max(np.abs(t.xs).max() for t in runs[1]) > 1.6  # the overshoot is in the window
    figure = preconditioned_spectrum_figure(objectives, denominators)
    labels = [a.get_text() for a in figure.axes[0].texts]
    assert "κ = 20" in labels and "κ = 1" in labels
    figure = second_moment_figure([np.array([1.0, 2.0])], [np.array([1.1, 1.9])], ["test"])
    assert figure.axes[0].get_xscale() == "log"


def test_newton_schulz_and_loss_curve_figures():
    rng = np.random.default_rng(0)
    figure = newton_schulz_figure(newton_schulz_study(rng.standard_normal((4, 6))))
    assert len(figure.axes) == 2
    t = run(bowl(5.0), adam(0.1), [1.0, 1.0], maxiter=100)
    figure = loss_curves_figure([t], title="race")
    assert figure.axes[0].get_title() == "race"
    with pytest.raises(ValueError, match="metric"):
        loss_curves_figure([t], title="race", metric="speed")


def test_rate_map_alt_text_reads_its_symbols_as_words():
    """Oracle: the sentence a reader would say for αλ_max and β, written out by hand."""
    from curvlab.plotting.render import figure_alt

    alt = figure_alt(rate_map_figure(momentum_plane(100, resolution=24)))
    assert "step size × largest curvature, alpha lambda sub max" in alt
    assert "momentum beta" in alt
    assert not any(mark in alt for mark in ("\\", "$", "{", "}"))
