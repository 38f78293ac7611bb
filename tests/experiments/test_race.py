"""Chapter 6's optimizer race in both modes, at every corner of its control grid."""

import itertools
import json

import numpy as np
import pytest
from ipywidgets.embed import dependency_state

import curvlab.experiments.momentum.compute as momentum_compute
from curvlab.core.runner import TOL, Status, Trajectory, run
from curvlab.experiments.momentum.compute import (
    RACE_SURFACES,
    RACERS,
    adam_coordinate_steps,
    gradient_norm_ceiling,
    race,
    race_optimizers,
    race_tuning,
    slow_start,
    stopped_at_saddle,
)
from curvlab.experiments.momentum.explore import (
    BETA2S,
    BETAS,
    LR_SCALES,
    RACE_MAXITER,
    optimizer_race_explorer,
    starting_settings,
)
from curvlab.experiments.momentum.figures import (
    GRADIENT_FLOOR,
    OptimizerRaceFrame,
    race_outcome,
    until_it_leaves,
)
from curvlab.optimizers import gradient_descent
from curvlab.plotting.panels import PathLossFigure
from curvlab.plotting.render import FRAME_DPI, clipped_texts, png_bytes, smallest_text_px
from curvlab.problems.quadratic import quadratic
from curvlab.problems.surfaces import double_well
from curvlab.widgets import MAX_STATIC_FRAMES
from curvlab.widgets.core import FRAME_DIR_ENV, FRAME_URL_ENV

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FRAME = OptimizerRaceFrame()


@pytest.mark.parametrize("surface", list(RACE_SURFACES))
@pytest.mark.parametrize(
    ("lr_scale", "beta", "beta2"),
    list(
        itertools.product(
            [min(LR_SCALES), max(LR_SCALES)], [min(BETAS), max(BETAS)], [min(BETA2S), max(BETA2S)]
        )
    ),
)
def test_frame_is_legible_at_every_corner_of_the_grid(surface, lr_scale, beta, beta2):
    """Every extreme of every control (with every surface): text of at least 10 pt at the
    frames' resolution (a font of s points is s·dpi/72 pixels tall), nothing cut off, the key
    below the panels (outside the data), the axes those of the surface alone."""
    result = race(surface, lr_scale, beta, beta2, maxiter=RACE_MAXITER)
    figure = FRAME.draw(result)
    assert surface in figure.get_suptitle()
    assert f"β₂ = {beta2:g}" in figure.get_suptitle()
    assert f"{RACE_MAXITER:,d} steps" in figure.get_suptitle()
    assert png_bytes(figure).startswith(PNG_SIGNATURE)
    assert smallest_text_px(figure) >= 10 * FRAME_DPI / 72 - 1e-9
    assert clipped_texts(figure) == []
    ax_path, ax_loss = figure.axes
    (key,) = figure.legends
    renderer = figure.canvas.get_renderer()
    key_box = key.get_window_extent(renderer)
    for ax in (ax_path, ax_loss):
        assert key_box.y1 <= ax.get_tightbbox(renderer).y0 + 1.0
    assert ax_loss.get_xlim() == pytest.approx((1.0, RACE_MAXITER + 1.0))
    assert ax_loss.get_ylim() == pytest.approx(
        (GRADIENT_FLOOR, 3.0 * gradient_norm_ceiling(surface))
    )
    assert ax_path.get_xlim() == pytest.approx(RACE_SURFACES[surface].objective().window[0])


def _pixels(figure) -> np.ndarray:
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def test_default_frame_differs_from_the_frame_at_another_position_of_each_control():
    exploration = optimizer_race_explorer(static=False)
    defaults = {c.description: c.value for c in exploration.controls}
    surface, lr_scale, beta, beta2 = defaults.values()
    frame = OptimizerRaceFrame()
    default = _pixels(frame.draw(race(surface, lr_scale, beta, beta2, maxiter=RACE_MAXITER)))
    for i, control in enumerate(exploration.controls):
        values = [c.value for c in exploration.controls]
        options = [value for _, value in control.options]
        values[i] = options[(options.index(control.value) + 1) % len(options)]
        moved = _pixels(frame.draw(race(*values, maxiter=RACE_MAXITER)))
        assert not np.array_equal(moved, default), control.description


def test_every_racer_finishes_at_the_starting_settings():
    """The default frame shows a finish: every racer converges within the budget."""
    exploration = optimizer_race_explorer(static=False)
    result = race(*(c.value for c in exploration.controls), maxiter=RACE_MAXITER)
    assert all(t.status is Status.CONVERGED for t in result.trajectories)
    assert all(t.grad_norm[-1] < TOL for t in result.trajectories)


def _trajectory(status, nit, last_grad_norm=1.0):
    """A hand-made run of ``nit`` steps ending with ``status`` (the oracle: literal wordings)."""
    count = nit + 1
    return Trajectory(
        xs=np.zeros((count, 2)),
        fun=np.zeros(count),
        grad_norm=np.full(count, last_grad_norm),
        step_norm=np.zeros(nit),
        status=status,
        message="",
        objective="test",
        optimizer="test",
    )


def test_race_outcome_says_how_each_kind_of_run_ended():
    assert race_outcome(_trajectory(Status.CONVERGED, 1)) == "finished in 1 step"
    assert race_outcome(_trajectory(Status.CONVERGED, 1234)) == "finished in 1,234 steps"
    assert (
        race_outcome(_trajectory(Status.CONVERGED, 6), saddle=True) == "reached a saddle in 6 steps"
    )
    assert race_outcome(_trajectory(Status.DIVERGED, 21)) == "diverged at step 21"
    assert race_outcome(_trajectory(Status.MAXITER, 600, 9.3e-4)) == "out of steps, ‖∇f‖ = 9.3e-04"


@pytest.mark.parametrize(
    ("surface", "steps"), [("Himmelblau", 6), ("saddle x²−y²", 1), ("axis-aligned bowl κ=50", 1)]
)
def test_the_key_says_where_newton_stopped(surface, steps):
    """Newton stops wherever ∇f = 0: on Himmelblau and on x² − y² at a saddle, which the key
    says; on a bowl at the minimum."""
    result = race(surface, 1.0, 0.9, 0.999, maxiter=RACE_MAXITER)
    newton = result.trajectories[-1]
    assert newton.status is Status.CONVERGED and newton.nit == steps
    # Oracle: the Hessian at the end from central differences of the gradient.
    objective = RACE_SURFACES[surface].objective()
    h = 1e-5
    columns = [
        (objective.gradient(newton.x + h * e) - objective.gradient(newton.x - h * e)) / (2 * h)
        for e in np.eye(2)
    ]
    saddle = np.linalg.eigvalsh(0.5 * (np.array(columns) + np.array(columns).T))[0] < -1e-3
    assert saddle == (surface != "axis-aligned bowl κ=50")
    assert result.saddles[-1] == saddle
    key = [t.get_text() for t in OptimizerRaceFrame().draw(result).legends[0].get_texts()]
    word = "reached a saddle in" if saddle else "finished in"
    assert key[-2] == f"Newton: {word} {steps} step" + ("" if steps == 1 else "s")
    if surface == "Himmelblau":
        np.testing.assert_allclose(newton.x, [-0.128, -1.954], atol=1e-3)


def test_stopped_at_saddle_is_false_for_runs_that_did_not_converge():
    objective = RACE_SURFACES["saddle x²−y²"].objective()
    assert not stopped_at_saddle(objective, _trajectory(Status.MAXITER, 3))
    with pytest.raises(TypeError, match="trajectory"):
        stopped_at_saddle(objective, "run")


def test_a_diverged_path_is_drawn_until_it_first_leaves_the_window():
    window = RACE_SURFACES["saddle x²−y²"].objective().window
    (x_lo, x_hi), (y_lo, y_hi) = window
    diverged = race("saddle x²−y²", 1.0, 0.9, 0.999, maxiter=RACE_MAXITER).trajectories[1]
    assert diverged.status is Status.DIVERGED
    shown = until_it_leaves(diverged, window).xs
    # Oracle: a plain loop over the iterates.
    first_out = next(
        k for k, (x, y) in enumerate(diverged.xs) if not (x_lo <= x <= x_hi and y_lo <= y <= y_hi)
    )
    np.testing.assert_array_equal(shown, diverged.xs[: first_out + 1])
    converged = race("axis-aligned bowl κ=50", 1.0, 0.9, 0.999).trajectories[0]
    assert until_it_leaves(converged, window) is converged


@pytest.mark.parametrize("kappa", [50, 500])
def test_gradient_norm_ceiling_of_a_bowl_is_at_a_corner_of_the_window(kappa):
    """Oracle: |Ax| is convex, so its maximum over a rectangle is at one of the four corners."""
    name = f"rotated bowl κ={kappa}"
    objective = RACE_SURFACES[name].objective()
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    corners = [np.array([x, y]) for x in (x_lo, x_hi) for y in (y_lo, y_hi)]
    expected = max(np.linalg.norm(objective.A @ c) for c in corners)
    assert gradient_norm_ceiling(name) == pytest.approx(expected)
    with pytest.raises(ValueError, match="surface"):
        gradient_norm_ceiling("moon")
    with pytest.raises(ValueError, match="grid"):
        gradient_norm_ceiling(name, grid=1)


def test_a_race_reuses_runs_that_do_not_depend_on_the_changed_parameter():
    """Oracle: a fresh run of each optimizer; gradient descent ignores β and β₂, Newton all."""
    a = race("Himmelblau", 1.0, 0.5, 0.999, maxiter=200)
    b = race("Himmelblau", 1.0, 0.9, 0.9, maxiter=200)
    assert a.trajectories[0] is b.trajectories[0]
    assert a.trajectories[-1] is b.trajectories[-1]
    assert a.trajectories[1] is not b.trajectories[1]
    spec = RACE_SURFACES["Himmelblau"]
    for optimizer, kept in zip(race_optimizers(spec, 1.0, 0.9, 0.9), b.trajectories, strict=True):
        fresh = run(spec.objective(), optimizer, spec.x0, maxiter=200)
        np.testing.assert_array_equal(fresh.xs, kept.xs)
    with pytest.raises(ValueError, match="maxiter"):
        race("Himmelblau", 1.0, 0.9, 0.9, maxiter=0)


def _fresh(surface, lr_scale, beta, beta2, maxiter):
    spec = RACE_SURFACES[surface]
    return [
        run(spec.objective(), optimizer, spec.x0, maxiter=maxiter)
        for optimizer in race_optimizers(spec, lr_scale, beta, beta2)
    ]


def test_the_run_cache_keys_on_everything_that_decides_a_run(monkeypatch):
    """Each race below differs from the one before in one thing a run depends on (the surface,
    the budget, a step size past three significant digits, β, β₂, the start); every run must
    equal a fresh one. Oracle: :func:`curvlab.core.runner.run` without the cache."""
    races = [
        ("Himmelblau", 1.0, 0.9, 0.999, 60),
        ("Rosenbrock", 1.0, 0.9, 0.999, 60),  # another surface
        ("Rosenbrock", 1.0, 0.9, 0.999, 40),  # another budget
        ("Rosenbrock", 1.0001, 0.9, 0.999, 40),  # steps that .3g prints the same
        ("Rosenbrock", 1.0001, 0.90001, 0.999, 40),  # β that .3g prints the same
        ("Rosenbrock", 1.0001, 0.90001, 0.99901, 40),  # β₂ likewise
    ]
    for settings in races:
        kept = race(*settings[:4], maxiter=settings[4]).trajectories
        for fresh, run_kept in zip(_fresh(*settings), kept, strict=True):
            np.testing.assert_array_equal(fresh.xs, run_kept.xs)
    # Another start for the same surface name: the old runs must not come back.
    moved = RACE_SURFACES["Himmelblau"]._replace(x0=(3.0, 3.0))
    monkeypatch.setitem(RACE_SURFACES, "Himmelblau", moved)
    kept = race("Himmelblau", 1.0, 0.9, 0.999, maxiter=60).trajectories
    for fresh, run_kept in zip(_fresh("Himmelblau", 1.0, 0.9, 0.999, 60), kept, strict=True):
        np.testing.assert_array_equal(run_kept.xs[0], [3.0, 3.0])
        np.testing.assert_array_equal(fresh.xs, run_kept.xs)


def test_shared_runs_are_read_only():
    result = race("Rosenbrock", 1.0, 0.9, 0.999, maxiter=30)
    for trajectory in result.trajectories:
        for array in (trajectory.xs, trajectory.fun, trajectory.grad_norm, trajectory.step_norm):
            with pytest.raises(ValueError, match="read-only"):
                array[0] = 9.0


def test_the_cache_holds_one_surface_block_of_the_exploration():
    """Oracle: count the distinct (optimizer, hyperparameters) pairs of one surface's block."""
    spec = RACE_SURFACES["Rosenbrock"]
    distinct = {
        (o.name, tuple(sorted(o.hyperparameters.items())))
        for lr_scale, beta, beta2 in itertools.product(LR_SCALES, BETAS, BETA2S)
        for o in race_optimizers(spec, lr_scale, beta, beta2)
    }
    assert len(distinct) == 334
    assert momentum_compute._RUNS_KEPT >= len(distinct)


def test_path_loss_figure_log_steps_fixed_limits_and_path_styles():
    """The options the race adds to the shared panels: step k + 1 on a log axis, limits that
    no run changes, and per-run path styles."""
    objective = RACE_SURFACES["axis-aligned bowl κ=50"].objective()
    runs = [run(objective, gradient_descent(lr), (-1.5, 1.0)) for lr in (0.01, 0.02)]
    limits = ((1.0, 101.0), (1e-8, 1e3))
    panels = PathLossFigure(
        objective.window,
        metric="grad_norm",
        frame=True,
        log_steps=True,
        loss_limits=limits,
        path_styles=[{}, {"lw": 0.5, "zorder": 1.0}],
    )
    panels.add_key(panels.run_keys(2), ["first", "second"])
    panels.set_paths(runs, ["a", "b"])
    assert panels.ax_loss.get_xscale() == "log"
    assert panels.ax_loss.get_xlim() == pytest.approx(limits[0])
    assert panels.ax_loss.get_ylim() == pytest.approx(limits[1])
    steps, values = panels.ax_loss.lines[0].get_data()
    np.testing.assert_array_equal(steps, np.arange(1, runs[0].nit + 2))
    np.testing.assert_array_equal(values, np.maximum(runs[0].grad_norm, 1e-16))
    first, second = panels.ax_path.lines[0], panels.ax_path.lines[2]
    assert second.get_linewidth() == 0.5 and second.get_zorder() == 1.0
    assert first.get_linewidth() == 1.6
    with pytest.raises(ValueError, match="loss_limits"):
        PathLossFigure(objective.window, log_steps=True, loss_limits=((0.0, 10.0), (1.0, 2.0)))


def test_race_outcomes_that_the_chapter_relies_on():
    # Newton solves each bowl in one step and walks straight onto the saddle point.
    for name in ("axis-aligned bowl κ=50", "rotated bowl κ=50", "saddle x²−y²"):
        newton_run = race(name, 1.0, 0.9, 0.999).trajectories[-1]
        assert newton_run.success and newton_run.nit == 1
    np.testing.assert_allclose(
        race("saddle x²−y²", 1.0, 0.9, 0.999).trajectories[-1].x, 0.0, atol=1e-12
    )
    # Gradient descent escapes the saddle down the unbounded y direction: reported as diverged.
    gd_run = race("saddle x²−y²", 1.0, 0.0, 0.999).trajectories[0]
    assert gd_run.status is Status.DIVERGED
    assert np.all(np.isfinite(gd_run.xs))


def test_race_rejects_unknown_surface_and_bad_parameters():
    with pytest.raises(ValueError, match="surface must be one of"):
        race("moon", 1.0, 0.9, 0.999)
    surface = RACE_SURFACES["Rosenbrock"]
    with pytest.raises(ValueError, match="beta2"):
        race_optimizers(surface, 1.0, 0.9, 1.0)
    with pytest.raises(ValueError, match="beta"):
        race_optimizers(surface, 1.0, -0.1, 0.9)
    with pytest.raises(ValueError, match="lr_scale"):
        race_optimizers(surface, 0.0, 0.9, 0.9)


def test_static_mode_links_every_frame_and_stays_light(tmp_path, monkeypatch):
    """As the book build does, frames go to files; the page's state holds their URLs only."""
    monkeypatch.setenv(FRAME_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(FRAME_URL_ENV, "../_frames/")
    exploration = optimizer_race_explorer(
        surfaces=["axis-aligned bowl κ=50", "saddle x²−y²"],
        lr_scales=(0.5, 2.0),
        betas=(0.0, 0.9),
        static=True,
    )
    assert exploration.mode == "static"
    frames = 2 * 2 * 2 * len(BETA2S)
    assert len(exploration.frame_urls) == frames == len(list(tmp_path.glob("*.png")))
    assert all(url.startswith("../_frames/") for url in exploration.frame_urls)
    state = dependency_state(exploration)
    assert [s["model_name"] for s in state.values()].count("ImageModel") == 1
    per_frame = len(json.dumps(state)) / frames
    full_grid = len(RACE_SURFACES) * len(LR_SCALES) * len(BETAS) * len(BETA2S)
    assert full_grid <= MAX_STATIC_FRAMES
    # The full grid's widget state (each frame: a URL and a 400-character alt text in the
    # exploration's own state) before gzip.
    assert per_frame * full_grid < 1_000_000


def test_a_chosen_subset_of_optimizers_races_alone_and_in_order():
    everyone = race("Rosenbrock", 1.0, 0.9, 0.999).trajectories
    pair = race("Rosenbrock", 1.0, 0.9, 0.999, racers=("Adam", "GD")).trajectories
    np.testing.assert_array_equal(pair[0].xs, everyone[RACERS.index("Adam")].xs)
    np.testing.assert_array_equal(pair[1].xs, everyone[RACERS.index("GD")].xs)
    chosen = race("Rosenbrock", 1.0, 0.9, 0.999, racers=["GD", "Newton"])
    figure = OptimizerRaceFrame().draw(chosen)
    key = [t.get_text() for t in figure.legends[0].get_texts()]
    assert [text.split(":")[0] for text in key] == ["GD", "Newton", "finish line at ‖∇f‖ = 10⁻⁶"]
    default = optimizer_race_explorer(static=False).frame.value
    assert optimizer_race_explorer(racers=["GD", "Newton"], static=False).frame.value != default


@pytest.mark.parametrize("racers", [(), ("GD", "GD"), ("Muon",), "Adagrad"])
def test_unknown_or_repeated_racers_are_refused(racers):
    with pytest.raises(ValueError, match="racers must be distinct names"):
        race("Rosenbrock", 1.0, 0.9, 0.999, racers=racers)


def test_the_title_reads_the_step_sizes_off_the_optimizers_that_ran():
    result = race("Rosenbrock", 2.0, 0.9, 0.99)
    spec = RACE_SURFACES["Rosenbrock"]
    assert result.gd_lr == pytest.approx(2.0 * spec.gd_lr)
    assert result.adam_lr == pytest.approx(2.0 * spec.adam_lr)
    assert f"η = {result.gd_lr:.3g}" in OptimizerRaceFrame().draw(result).get_suptitle()


def test_the_two_rotated_bowls_differ_only_in_their_condition_number():
    low, high = (RACE_SURFACES[f"rotated bowl κ={k}"].objective() for k in (50, 500))
    # Oracle: dense eigendecompositions of the two Hessians.
    (w_low, v_low), (w_high, v_high) = np.linalg.eigh(low.A), np.linalg.eigh(high.A)
    np.testing.assert_allclose(w_low, [1.0, 50.0])
    np.testing.assert_allclose(w_high, [1.0, 500.0])
    np.testing.assert_allclose(np.abs(v_low.T @ v_high), np.eye(2), atol=1e-12)
    assert RACE_SURFACES["rotated bowl κ=50"].x0 == RACE_SURFACES["rotated bowl κ=500"].x0


def test_the_outcomes_the_chapter_states_at_the_starting_settings():
    """Section 6's words: at the explorer's starting settings every racer finishes on the
    axis-aligned bowl; on the rotated bowls heavy ball and Nesterov finish on both, gradient
    descent only on κ = 50, Adam on neither; heavy ball takes as many steps on both κ = 50
    bowls."""
    start = starting_settings()
    widgets = [c.value for c in optimizer_race_explorer(static=False).controls]
    assert widgets == [start["surface"], start["lr_scale"], start["beta"], start["beta2"]]
    settings = (start["lr_scale"], start["beta"], start["beta2"])
    finished = {}
    for surface in ("axis-aligned bowl κ=50", "rotated bowl κ=50", "rotated bowl κ=500"):
        result = race(surface, *settings, maxiter=RACE_MAXITER)
        finished[surface] = {
            name: t.status is Status.CONVERGED
            for name, t in zip(result.racers, result.trajectories, strict=True)
        }
    assert all(finished["axis-aligned bowl κ=50"].values())
    assert finished["rotated bowl κ=50"] == dict(
        zip(RACERS, [True, True, True, False, True], strict=True)
    )
    assert finished["rotated bowl κ=500"] == dict(
        zip(RACERS, [False, True, True, False, True], strict=True)
    )


def test_adam_steps_on_the_rotated_bowl_match_a_loop_of_its_own():
    """Oracle: Adam written out (Kingma & Ba 2015, Algorithm 1) on the rotated κ = 50 bowl."""
    spec = RACE_SURFACES["rotated bowl κ=50"]
    objective = spec.objective()
    steps = adam_coordinate_steps("rotated bowl κ=50", 1.0, 0.9, 0.999, maxiter=50)
    lr, b1, b2, eps = spec.adam_lr, 0.9, 0.999, 1e-8
    x, m, v = np.array(spec.x0), np.zeros(2), np.zeros(2)
    for t in range(1, 51):
        g = objective.gradient(x)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        step = lr / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(steps[t - 1], step, rtol=1e-10)
        x = x - step * m / (1 - b1**t)
    # On the rotated bowl both coordinates get nearly the same step.
    assert np.max(np.abs(steps[:, 0] / steps[:, 1] - 1.0)) < 0.05


def test_race_tuning_brackets_adam_and_runs_polyak_heavy_ball():
    tuning = race_tuning("rotated bowl κ=50", maxiter=2_000)
    assert tuning.adam.interior
    # Oracle: Polyak's closed form for the spectrum {1, 50}, and a run at it.
    kappa = 50.0
    assert tuning.polyak.lr == pytest.approx(4.0 / (1.0 + np.sqrt(kappa)) ** 2)
    assert tuning.polyak.beta == pytest.approx(((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2)
    assert tuning.heavy_ball.status is Status.CONVERGED
    with pytest.raises(ValueError, match="quadratic"):
        race_tuning("Rosenbrock")


def test_slow_start_explains_gradient_descents_two_counts_on_one_spectrum():
    """The two κ = 50 bowls share their spectrum; gradient descent's counts differ by
    ln(c₁/c₂) / −ln(1 − 1/50) steps, c the start's slow components (the oracle: the count of
    steps that the slow mode's contraction predicts, within two steps)."""
    axis, rotated = slow_start("axis-aligned bowl κ=50"), slow_start("rotated bowl κ=50")
    assert axis == pytest.approx(1.5)
    assert rotated == pytest.approx(0.5 / np.sqrt(2.0))
    counts = [
        race(s, 1.0, 0.0, 0.999, maxiter=RACE_MAXITER, racers=("GD",)).trajectories[0].nit
        for s in ("axis-aligned bowl κ=50", "rotated bowl κ=50")
    ]
    predicted = np.log(axis / rotated) / -np.log(1.0 - 1.0 / 50.0)
    assert abs(counts[0] - counts[1] - predicted) <= 2.0


def _converged_at(point):
    """A converged hand-made run of one step that ends at ``point``."""
    return Trajectory(
        xs=np.array([point, point], dtype=float),
        fun=np.zeros(2),
        grad_norm=np.zeros(2),
        step_norm=np.zeros(1),
        status=Status.CONVERGED,
        message="",
        objective="test",
        optimizer="test",
    )


def test_stopped_at_saddle_is_the_librarys_second_derivative_test():
    # Oracle: the closed-form critical points of x²/2 + (y² − 1)²/4 (a saddle at the origin,
    # minima at (0, ±1)), of −(x² + y²) (a maximum, not a saddle) and of x² − y².
    well = double_well()
    assert stopped_at_saddle(well, _converged_at([0.0, 0.0]))
    assert not stopped_at_saddle(well, _converged_at([0.0, 1.0]))
    cap = quadratic(-2.0 * np.eye(2))
    assert not stopped_at_saddle(cap, _converged_at([0.0, 0.0]))
    assert stopped_at_saddle(RACE_SURFACES["saddle x²−y²"].objective(), _converged_at([0.0, 0.0]))
