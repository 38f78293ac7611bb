r"""Races between optimizers: the measurements behind chapter 6's figures and tables.

Everything here runs optimizers through :func:`curvlab.run` and returns plain numbers, so the
figures and the notebook only display them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from curvlab.core.objective import Objective
from curvlab.core.runner import TOL, Status, Trajectory, as_trajectory, run
from curvlab.core.tuning import Tuning, tuned_run
from curvlab.core.validation import (
    as_fraction,
    as_positive_float,
    as_positive_int,
)
from curvlab.curvature.classification import Kind, classify_hessian
from curvlab.optimizers.adaptive import adam
from curvlab.optimizers.base import Optimizer
from curvlab.optimizers.descent import gradient_descent
from curvlab.optimizers.momentum import heavy_ball, nesterov
from curvlab.optimizers.newton import newton
from curvlab.problems.surfaces import SURFACES
from curvlab.theory.momentum_rates import (
    REGIMES,
    MomentumParameters,
    optimal_heavy_ball,
    rate_map,
    stability_limit,
)

__all__ = [
    "RACERS",
    "RACE_ADAM_STEPS",
    "RACE_STEP_FACTORS",
    "RACE_SURFACES",
    "MomentumPlane",
    "OptimalBand",
    "RaceResult",
    "RaceSurface",
    "RaceTuning",
    "adam_coordinate_steps",
    "check_racers",
    "gradient_norm_ceiling",
    "momentum_plane",
    "optimal_band",
    "race",
    "race_optimizers",
    "race_outcome",
    "race_tuning",
    "slow_start",
    "stopped_at_saddle",
]


class RaceSurface(NamedTuple):
    """A surface of the race: a start and reference step sizes.

    The objective is :data:`curvlab.problems.surfaces.SURFACES` under the same name (see
    :meth:`objective`). ``gd_lr`` suits gradient descent and momentum (the surface's reference
    step :math:`1/L` times :data:`RACE_STEP_FACTORS`); ``adam_lr`` is a distance per step for
    Adam (:data:`RACE_ADAM_STEPS`).
    """

    name: str
    x0: tuple[float, float]
    gd_lr: float
    adam_lr: float

    def objective(self) -> Objective:
        """The surface, from the one registry."""
        return SURFACES[self.name]()


RACE_ADAM_STEPS = {
    "axis-aligned bowl κ=50": 0.05,
    "rotated bowl κ=50": 0.05,
    "rotated bowl κ=500": 0.05,
    "Rosenbrock": 0.02,
    "saddle x²−y²": 0.02,
    "Himmelblau": 0.05,
}
"""Adam's step on each race surface: a distance per step (Adam's steps have about this length
whatever the curvature), a small fraction of the window."""

RACE_STEP_FACTORS = {"saddle x²−y²": 0.2}
"""Gradient descent's and momentum's step as a multiple of the surface's reference step
:math:`1/L` (:attr:`curvlab.problems.surfaces.Surface.step`) where it is not 1: :math:`1/(5L)`
on the saddle, whose escape along :math:`-y` then grows by 1.2 a step, slow enough to watch."""

RACE_SURFACES: dict[str, RaceSurface] = {
    name: RaceSurface(
        name,
        SURFACES[name].starts["race"][0],
        RACE_STEP_FACTORS.get(name, 1.0) * SURFACES[name].step,
        adam_lr,
    )
    for name, adam_lr in RACE_ADAM_STEPS.items()
}
"""The race's surfaces, keyed by the names its menu shows, each from the surface's ``"race"``
start. The two rotated bowls differ only in their condition number (50 and 500): choosing
between them is the race's κ control."""


RACERS = ("GD", "heavy ball", "Nesterov", "Adam", "Newton")
"""Short names of the optimizers :func:`race_optimizers` returns, in its order."""


def race_optimizers(
    surface: RaceSurface, lr_scale: float, beta: float, beta2: float
) -> list[Optimizer]:
    """Gradient descent, heavy ball, Nesterov, Adam and Newton (:data:`RACERS`), steps scaled by
    ``lr_scale``.

    Gradient descent, heavy ball and Nesterov use ``lr_scale * surface.gd_lr``; the momentum
    methods have momentum ``beta``; Adam uses ``lr_scale * surface.adam_lr`` with
    ``beta1 = beta`` and ``beta2``; Newton has no parameters.
    """
    lr_scale = as_positive_float(lr_scale, "lr_scale")
    beta = as_fraction(beta, "beta")
    beta2 = as_fraction(beta2, "beta2")
    lr = lr_scale * surface.gd_lr
    return [
        gradient_descent(lr),
        heavy_ball(lr, beta),
        nesterov(lr, beta),
        adam(lr_scale * surface.adam_lr, beta, beta2),
        newton(),
    ]


def check_racers(racers: Sequence[str]) -> tuple[str, ...]:
    """Return ``racers`` as a tuple after checking it names distinct members of :data:`RACERS`.

    Raises
    ------
    ValueError
        If ``racers`` is empty, repeats a name, or names an optimizer not in :data:`RACERS`.
    """
    if isinstance(racers, str):
        racers = (racers,)
    chosen = tuple(racers)
    unknown = [r for r in chosen if r not in RACERS]
    if not chosen or unknown or len(set(chosen)) != len(chosen):
        raise ValueError(f"racers must be distinct names from {list(RACERS)}; got {list(chosen)}")
    return chosen


class RaceResult(NamedTuple):
    """One race: who ran on which surface with which parameters and budget, and their runs.

    ``gd_lr`` and ``adam_lr`` are read off the optimizers :func:`race_optimizers` built (the
    step of gradient descent and heavy ball, and Adam's), so the rule lives in one place;
    ``maxiter`` is each racer's budget of steps; ``saddles`` says, per racer, whether its run
    converged to a saddle (:func:`stopped_at_saddle`) rather than a minimum.
    """

    surface: str
    racers: tuple[str, ...]
    trajectories: tuple[Trajectory, ...]
    gd_lr: float
    adam_lr: float
    beta: float
    beta2: float
    maxiter: int
    saddles: tuple[bool, ...] = ()


_RUNS: OrderedDict[tuple, Trajectory] = OrderedDict()
"""The latest runs of :func:`race`, keyed by everything that decides a run (:func:`_race_key`)."""

_RUNS_KEPT = 512
"""How many runs :func:`race` keeps. One surface's block of the exploration's grid (9 step sizes
× 9 β × 2 β₂) holds 9 + 81 + 81 + 162 + 1 = 334 distinct runs (gradient descent, heavy ball,
Nesterov, Adam, Newton), so a block drawn twice is computed once; older runs are dropped first."""


def _race_key(spec: RaceSurface, optimizer: Optimizer, maxiter: int) -> tuple:
    """What decides a run of :func:`race`: the surface (its objective's factory, name, start and
    reference steps), the optimizer (its name and exact hyperparameters), the budget and the
    finish line :data:`~curvlab.core.runner.TOL`."""
    return (
        SURFACES[spec.name],
        spec,
        optimizer.name,
        tuple(sorted(optimizer.hyperparameters.items())),
        maxiter,
        TOL,
    )


def _read_only(trajectory: Trajectory) -> Trajectory:
    """``trajectory`` with its arrays made read-only, so that a shared run cannot be changed."""
    for array in (trajectory.xs, trajectory.fun, trajectory.grad_norm, trajectory.step_norm):
        array.flags.writeable = False
    return trajectory


def _race_run(surface: str, optimizer: Optimizer, maxiter: int) -> Trajectory:
    """Run ``optimizer`` on ``surface`` from its start, or return the same run made before.

    An exploration's grid repeats most runs (gradient descent ignores β and β₂, heavy ball and
    Nesterov ignore β₂, Newton ignores all three): the latest :data:`_RUNS_KEPT` are kept, with
    read-only arrays, and reused when everything that decides them (:func:`_race_key`) is equal.
    """
    spec = RACE_SURFACES[surface]
    key = _race_key(spec, optimizer, maxiter)
    if key in _RUNS:
        _RUNS.move_to_end(key)
        return _RUNS[key]
    trajectory = _read_only(run(spec.objective(), optimizer, spec.x0, tol=TOL, maxiter=maxiter))
    _RUNS[key] = trajectory
    if len(_RUNS) > _RUNS_KEPT:
        _RUNS.popitem(last=False)
    return trajectory


def stopped_at_saddle(objective: Objective, trajectory: Trajectory) -> bool:
    r"""Whether a converged run stopped at a saddle.

    :math:`\|\nabla f\| < \text{tol}` says that a run reached a critical point, not a minimum. At
    a saddle the Hessian :math:`\nabla^2 f(x)` is indefinite; this returns True when the run
    converged and the library's second-derivative test at its last iterate
    (:func:`curvlab.curvature.classification.classify_hessian`, with its default tolerance) says
    :attr:`~curvlab.curvature.classification.Kind.SADDLE`.

    Raises
    ------
    TypeError
        If ``trajectory`` is not a :class:`~curvlab.core.runner.Trajectory`.
    """
    as_trajectory(trajectory)
    if trajectory.status is not Status.CONVERGED:
        return False
    return classify_hessian(objective.hessian(trajectory.x)).kind is Kind.SADDLE


def race_outcome(trajectory: Trajectory, *, saddle: bool = False) -> str:
    """How a racer's run ended, in a few words for a race's key (its budget is in the title).

    A converged run ``"finished in N steps"``, or, if ``saddle`` (it converged to a saddle:
    :func:`stopped_at_saddle`), ``"reached a saddle in N
    steps"``; a diverged run ``"diverged at step N"``; a run that used its budget ``"out of steps,
    ‖∇f‖ = …"``. Both of the chapter's races word their keys with it.
    """
    steps = f"{trajectory.nit:,d} step" + ("" if trajectory.nit == 1 else "s")
    if trajectory.status is Status.CONVERGED:
        return f"reached a saddle in {steps}" if saddle else f"finished in {steps}"
    if trajectory.status is Status.DIVERGED:
        return f"diverged at step {trajectory.nit:,d}"
    return f"out of steps, ‖∇f‖ = {trajectory.grad_norm[-1]:.1e}"


def race(
    surface: str,
    lr_scale: float,
    beta: float,
    beta2: float,
    *,
    maxiter: int = 400,
    racers: Sequence[str] = RACERS,
) -> RaceResult:
    """Run the optimizers named in ``racers`` on the surface ``surface`` of :data:`RACE_SURFACES`.

    Returns a :class:`RaceResult` with one trajectory per racer, in the order of ``racers``.
    Runs are independent of one another; a run already made on the same surface from the same
    start, with the same optimizer, hyperparameters and budget (in this process, among the
    latest :data:`_RUNS_KEPT`), is reused rather than repeated. Its arrays are read-only.

    Raises
    ------
    ValueError
        If ``surface`` is not a race surface, ``racers`` is not a set of names from
        :data:`RACERS`, or a parameter is out of range.
    """
    if surface not in RACE_SURFACES:
        raise ValueError(f"surface must be one of {list(RACE_SURFACES)}; got {surface!r}")
    chosen = check_racers(racers)
    maxiter = as_positive_int(maxiter, "maxiter")
    spec = RACE_SURFACES[surface]
    optimizers = dict(zip(RACERS, race_optimizers(spec, lr_scale, beta, beta2), strict=True))
    trajectories = tuple(_race_run(surface, optimizers[r], maxiter) for r in chosen)
    objective = spec.objective()
    return RaceResult(
        surface,
        chosen,
        trajectories,
        optimizers["GD"].hyperparameters["lr"],
        optimizers["Adam"].hyperparameters["lr"],
        beta,
        beta2,
        maxiter,
        tuple(stopped_at_saddle(objective, t) for t in trajectories),
    )


def gradient_norm_ceiling(surface: str, *, grid: int = 41) -> float:
    r"""The largest gradient norm :math:`\max \|\nabla f\|` over the window of a race surface.

    Evaluated on a ``grid × grid`` lattice of the surface's window (corners included): the top
    of the exploration's gradient-norm panel, which then depends on the surface only, as the
    path panel's window does.

    Raises
    ------
    ValueError
        If ``surface`` is not in :data:`RACE_SURFACES` or ``grid`` is below 2.
    """
    if surface not in RACE_SURFACES:
        raise ValueError(f"surface must be one of {list(RACE_SURFACES)}; got {surface!r}")
    grid = as_positive_int(grid, "grid")
    if grid < 2:
        raise ValueError(f"grid must be at least 2; got {grid}")
    objective = RACE_SURFACES[surface].objective()
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    return max(
        float(np.linalg.norm(objective.gradient([x, y])))
        for x in np.linspace(x_lo, x_hi, grid)
        for y in np.linspace(y_lo, y_hi, grid)
    )


class MomentumPlane(NamedTuple):
    r"""The :math:`(\alpha\lambda_{\max}, \beta)` plane of a momentum method on ``diag(1, κ)``.

    ``steps`` is :math:`\log 10^{-6}/\log\rho` on the grid (capped at :math:`10^4`, and
    :math:`10^4` where the method diverges), ``regime`` the codes of
    :data:`curvlab.theory.momentum_rates.REGIMES`, ``limit`` the stability limit of
    :math:`\alpha\lambda_{\max}` for each β and ``best`` Polyak's optimum.
    """

    kappa: float
    method: str
    scaled: np.ndarray
    betas: np.ndarray
    steps: np.ndarray
    regime: np.ndarray
    limit: np.ndarray
    best: MomentumParameters


def momentum_plane(
    kappa: float, *, method: str = "heavy ball", resolution: int = 240
) -> MomentumPlane:
    """Compute the rate map of ``method`` on ``diag(1, kappa)`` for :func:`rate_map_figure`."""
    A = np.diag([1.0, kappa])
    scaled = np.linspace(0.01, 4.0, resolution)  # α λ_max
    betas = np.linspace(0.0, 0.995, resolution)
    grid = rate_map(A, scaled / kappa, betas, method)
    with np.errstate(divide="ignore"):
        steps = np.log(1e-6) / np.log(np.clip(grid.rate, 1e-300, 1.0 - 1e-15))
    steps = np.where(grid.rate < 1.0, np.minimum(steps, 1e4), 1e4)
    limit = np.array([stability_limit(b, method) for b in betas])
    return MomentumPlane(
        float(kappa), method, scaled, betas, steps, grid.regime, limit, optimal_heavy_ball(A)
    )


class OptimalBand(NamedTuple):
    r"""Where the "optimal" cells of a :class:`MomentumPlane` lie (see :func:`optimal_band`)."""

    beta_range: tuple[float, float]
    scaled_range: tuple[float, float]
    off_critical: float
    off_limit: float


def optimal_band(plane: MomentumPlane) -> OptimalBand:
    r"""Locate the near-optimal band of a heavy-ball plane against two curves.

    The slow mode (:math:`\lambda = \mu = \lambda_{\max}/\kappa`) is critically damped where
    :math:`1 + \beta - \alpha\mu = 2\sqrt\beta`, i.e. :math:`\beta = (1 - \sqrt{\alpha\mu})^2`;
    the stability limit is :math:`\alpha\lambda_{\max} = 2(1 + \beta)`.

    Returns
    -------
    OptimalBand
        The band's extent in β and in :math:`\alpha\lambda_{\max}`, its largest distance in β
        from the slow mode's critical-damping curve, and its smallest distance in
        :math:`\alpha\lambda_{\max}` from the stability limit.

    Raises
    ------
    ValueError
        If the plane is not heavy ball's or has no optimal cell.
    """
    if plane.method != "heavy ball":
        raise ValueError(f"plane must be a heavy-ball plane; got {plane.method!r}")
    band = plane.regime == REGIMES.index("optimal")
    if not band.any():
        raise ValueError("plane has no optimal cell; raise its resolution")
    betas, scaled = np.meshgrid(plane.betas, plane.scaled, indexing="ij")
    b, s = betas[band], scaled[band]
    critical = (1.0 - np.sqrt(s / plane.kappa)) ** 2
    return OptimalBand(
        (float(b.min()), float(b.max())),
        (float(s.min()), float(s.max())),
        float(np.max(np.abs(b - critical))),
        float(np.min(2.0 * (1.0 + b) - s)),
    )


def adam_coordinate_steps(
    surface: str, lr_scale: float, beta: float, beta2: float, *, maxiter: int
) -> np.ndarray:
    r"""Adam's step along each coordinate, :math:`\alpha/(\sqrt{\hat v_t} + \varepsilon)` (race).

    Adam's update is :math:`x_t = x_{t-1} - \alpha\,\hat m_t/(\sqrt{\hat v_t} + \varepsilon)`
    (Kingma & Ba 2015, Algorithm 1): momentum on :math:`\hat m` with a step per coordinate.
    Its run in :func:`race` is replayed (:func:`curvlab.experiments.adaptive.compute.replay_states`)
    to read these steps.

    Returns
    -------
    ndarray, shape (steps, 2)
        Row ``t - 1`` holds the two coordinates' steps at Adam's step ``t``.

    Raises
    ------
    ValueError
        As :func:`race`.
    """
    from curvlab.experiments.adaptive.compute import replay_states

    result = race(surface, lr_scale, beta, beta2, maxiter=maxiter, racers=("Adam",))
    optimizer = race_optimizers(RACE_SURFACES[surface], lr_scale, beta, beta2)[RACERS.index("Adam")]
    lr, eps = optimizer.hyperparameters["lr"], optimizer.hyperparameters["eps"]
    states = replay_states(RACE_SURFACES[surface].objective(), optimizer, result.trajectories[0])
    return np.array([lr / (np.sqrt(s.corrected(beta, beta2)[1]) + eps) for s in states])


class RaceTuning(NamedTuple):
    """Two racers of :func:`race` with their steps chosen for the surface (see :func:`race_tuning`).

    ``heavy_ball`` ran at Polyak's optimal (α, β) (told both extreme curvatures); ``adam`` is
    Adam's step tuned on a quarter-decade grid with β₁ = ``beta`` and β₂ = ``beta2``.
    """

    surface: str
    polyak: MomentumParameters
    heavy_ball: Trajectory
    adam: Tuning


def race_tuning(
    surface: str, *, beta: float = 0.9, beta2: float = 0.999, maxiter: int = 10_000
) -> RaceTuning:
    r"""Heavy ball at Polyak's optimum and Adam with a tuned step, on a race bowl.

    Heavy ball gets :math:`\alpha^*, \beta^*` of
    :func:`curvlab.theory.momentum_rates.optimal_heavy_ball` for the bowl's Hessian
    (Polyak 1964). Adam's step is tuned by :func:`~curvlab.core.tuning.tuned_run` on the grid
    :math:`10^{j/4}`, :math:`j = -8, \dots, 2` (widened until the best is interior), scored by
    the steps to :math:`\|\nabla f\| <` :data:`~curvlab.core.runner.TOL`, each run given
    ``maxiter`` steps.

    Raises
    ------
    ValueError
        If ``surface`` is not a quadratic race surface (one with a Hessian matrix ``A``).
    """
    if surface not in RACE_SURFACES:
        raise ValueError(f"surface must be one of {list(RACE_SURFACES)}; got {surface!r}")
    beta = as_fraction(beta, "beta")
    beta2 = as_fraction(beta2, "beta2")
    maxiter = as_positive_int(maxiter, "maxiter")
    spec = RACE_SURFACES[surface]
    objective = spec.objective()
    A = getattr(objective, "A", None)
    if A is None:
        raise ValueError(f"surface must be a quadratic bowl; got {surface!r}")
    polyak = optimal_heavy_ball(A)
    heavy = run(objective, heavy_ball(polyak.lr, polyak.beta), spec.x0, maxiter=maxiter)
    adam_tuning = tuned_run(
        objective,
        lambda lr: adam(lr, beta, beta2),
        10.0 ** (np.arange(-8, 3) / 4.0),
        spec.x0,
        maxiter=maxiter,
    )
    return RaceTuning(surface, polyak, heavy, adam_tuning)


def slow_start(surface: str) -> float:
    r"""The start's component along a race bowl's slow eigenvector, :math:`|v_{\min}^\top x_0|`.

    Gradient descent with step :math:`\alpha` shrinks that component by
    :math:`1 - \alpha\mu` per step, so of two bowls with one spectrum, the start with the
    larger slow component needs :math:`\ln(c_1/c_2)/(-\ln(1 - \alpha\mu))` more steps.

    Raises
    ------
    ValueError
        If ``surface`` is not a quadratic race surface.
    """
    if surface not in RACE_SURFACES:
        raise ValueError(f"surface must be one of {list(RACE_SURFACES)}; got {surface!r}")
    spec = RACE_SURFACES[surface]
    A = getattr(spec.objective(), "A", None)
    if A is None:
        raise ValueError(f"surface must be a quadratic bowl; got {surface!r}")
    _, vectors = np.linalg.eigh(np.asarray(A, dtype=float))
    return float(abs(vectors[:, 0] @ np.asarray(spec.x0, dtype=float)))
