r"""What one step of :func:`curvlab.run` costs, against the work it cannot avoid, side by side.

Chapter 6's exploration makes about 1.3 million optimizer steps per build (2,004 distinct runs
of its 972 frames, mostly Adam's), so the runner's own bookkeeping per step counts. For one
surface's block of that grid (every step size, β and β₂), this script times, in one process:

* **run**: :func:`curvlab.run`, as the exploration calls it;
* **floor**: a bare loop that only evaluates :math:`f` and :math:`\nabla f` and asks the
  optimizer for its step (no stopping tests, no records, no counting), for as many steps as the
  run took, reaching the same final point (checked before the timing, for every run that did not
  diverge). It makes one evaluation fewer than the run (which also evaluates its last point, to
  test it) and no step past a divergence: about one evaluation in 700;

the two in alternating order, after one untimed pass, and prints microseconds per step and the
runner's overhead over the floor. It then times the runner's test that a gradient is finite,
read off the norm it records anyway (``runner._finite``, its common case: a finite norm),
against numpy's ``np.all(np.isfinite(g))`` on the same vector (skipped on a version of curvlab
without ``_finite``).

Run: ``.venv/bin/python benchmarks/runner_steps.py [surface]`` (a race surface's name or part of
it; default ``"rotated bowl κ=50"``).
"""

from __future__ import annotations

import sys
import time
import timeit

import numpy as np

from curvlab.core import runner
from curvlab.experiments.momentum.compute import RACE_SURFACES, RACERS, race_optimizers
from curvlab.experiments.momentum.explore import BETA2S, BETAS, LR_SCALES, RACE_MAXITER


def runs(surface: str) -> list:
    """The distinct (optimizer) runs of one surface's block of the exploration's grid."""
    spec = RACE_SURFACES[surface]
    distinct = {}
    for lr_scale in LR_SCALES:
        for beta in BETAS:
            for beta2 in BETA2S:
                for name, optimizer in zip(
                    RACERS, race_optimizers(spec, lr_scale, beta, beta2), strict=True
                ):
                    key = (name, tuple(sorted(optimizer.hyperparameters.items())))
                    distinct.setdefault(key, optimizer)
    return list(distinct.values())


def floor(objective, optimizer, x0, steps: int) -> np.ndarray:
    """``steps`` steps of ``optimizer`` with nothing but its evaluations and updates."""
    derivatives = objective.unchecked
    x = np.asarray(x0, dtype=float)
    state = optimizer.init(x)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            derivatives.fun(x)
            step, state = optimizer.update(derivatives.grad(x), state, x, derivatives)
            x = x + step
    return x


def main(pattern: str) -> None:
    matches = [name for name in RACE_SURFACES if name == pattern] or [
        name for name in RACE_SURFACES if pattern in name
    ]
    if len(matches) != 1:
        raise SystemExit(f"name one of {list(RACE_SURFACES)}; {pattern!r} matches {matches}")
    (surface,) = matches
    spec = RACE_SURFACES[surface]
    objective = spec.objective()
    optimizers = runs(surface)

    def timed_run(optimizer) -> tuple[float, runner.Trajectory]:
        start = time.perf_counter()
        trajectory = runner.run(objective, optimizer, spec.x0, tol=runner.TOL, maxiter=RACE_MAXITER)
        return time.perf_counter() - start, trajectory

    def timed_floor(optimizer, steps: int) -> tuple[float, np.ndarray]:
        start = time.perf_counter()
        end = floor(objective, optimizer, spec.x0, steps)
        return time.perf_counter() - start, end

    # An untimed pass: each run's length, and the same final points from the floor.
    trajectories = [timed_run(optimizer)[1] for optimizer in optimizers]
    for optimizer, trajectory in zip(optimizers, trajectories, strict=True):
        end = timed_floor(optimizer, trajectory.nit)[1]
        if trajectory.status is not runner.Status.DIVERGED and not np.array_equal(
            end, trajectory.x
        ):
            raise SystemExit(f"{optimizer.name}: the floor ended elsewhere than the run")
    seconds = {"run": 0.0, "floor": 0.0}
    for repeat in range(3):  # which of the two goes first alternates
        for optimizer, trajectory in zip(optimizers, trajectories, strict=True):
            if repeat % 2:
                seconds["floor"] += timed_floor(optimizer, trajectory.nit)[0]
                seconds["run"] += timed_run(optimizer)[0]
            else:
                seconds["run"] += timed_run(optimizer)[0]
                seconds["floor"] += timed_floor(optimizer, trajectory.nit)[0]
    steps = sum(trajectory.nit for trajectory in trajectories)
    per_step = {name: 1e6 * total / (3 * steps) for name, total in seconds.items()}
    print(f"{surface}: {len(optimizers)} distinct runs, {steps:,d} steps, timed 3 times")
    print(f"  run    {per_step['run']:6.1f} µs/step")
    print(f"  floor  {per_step['floor']:6.1f} µs/step (evaluations and updates only)")
    print(f"  the runner's own work: {per_step['run'] - per_step['floor']:.1f} µs/step, "
          f"run / floor = {per_step['run'] / per_step['floor']:.2f}")  # fmt: skip

    finite = getattr(runner, "_finite", None)
    if finite is None:
        print("is the gradient finite? this curvlab has no runner._finite to time")
        return
    g = objective.gradient(spec.x0)
    norm = runner._norm(g)
    number = 200_000
    numpy_test = timeit.timeit(lambda: bool(np.all(np.isfinite(g))), number=number)
    from_norm = timeit.timeit(lambda: finite(g, norm), number=number)
    print(f"is the gradient finite (a finite one)? numpy {1e6 * numpy_test / number:.2f} µs, "
          f"from the norm {1e6 * from_norm / number:.2f} µs: "
          f"{numpy_test / from_norm:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "rotated bowl κ=50")
