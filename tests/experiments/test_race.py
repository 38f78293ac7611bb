"""Chapter 6's optimizer race in both modes, at every corner of its control grid."""

import itertools
import json

import numpy as np
import pytest
from ipywidgets.embed import dependency_state

from curvlab.core.runner import Status
from curvlab.experiments.momentum.compute import RACE_SURFACES, RACERS, race, race_optimizers
from curvlab.experiments.momentum.explore import BETA2S, BETAS, LR_SCALES, optimizer_race_explorer
from curvlab.experiments.momentum.figures import OptimizerRaceFrame
from curvlab.plotting.render import png_bytes
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
def test_frame_survives_every_corner_of_the_grid(surface, lr_scale, beta, beta2):
    result = race(surface, lr_scale, beta, beta2, maxiter=300)
    figure = FRAME.draw(result)
    assert surface in figure.get_suptitle()
    assert f"β₂ = {beta2:g}" in figure.get_suptitle()
    assert png_bytes(figure).startswith(PNG_SIGNATURE)


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
    legend = [t.get_text() for t in figure.axes[1].get_legend().get_texts()]
    assert [text.split(":")[0] for text in legend] == ["GD", "Newton"]
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
