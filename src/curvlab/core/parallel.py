"""Independent computations on every core: forked workers, results in order, the same floats.

A chapter's studies repeat one computation over seeds, step sizes or class counts, and an
exploration draws one frame per grid point. :func:`fork_map` runs such a loop in worker
processes forked from the calling one, so that the function may be a closure over data that
cannot be pickled (a forked child already has it); only the items' indices go to the workers
and only the results come back, in order. Each item is computed by the same code on the same
inputs as in a plain loop, so the results are the same floats, as long as they do not depend on
how many threads BLAS uses (workers use one; the chapters' studies run BLAS on one thread
anyway, ``network_curvature.compute.single_thread``, and their tests compare with the loop).

It falls back to a plain loop off Linux (``fork`` does not exist on Windows, and Python's
documentation calls it unsafe on macOS, whose system libraries may start threads), for fewer
items than ``per_worker`` times two, when :data:`WORKERS_ENV` is 1, and inside a worker (a
study whose items call another function that uses :func:`fork_map` runs that one as a plain
loop).

A worker writes to the process's own streams rather than to a Jupyter kernel's, whose
``sys.stdout`` sends through a thread that a forked child does not have, and lets BLAS use one
thread, since the workers already keep every core busy. (JAX, which chapter 7 loads, warns at
every fork of a process that imported it; the functions given here never call it.)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from threadpoolctl import threadpool_limits

__all__ = ["WORKERS_ENV", "fork_map", "worker_count"]

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "CURVLAB_WORKERS"
"""How many processes :func:`fork_map` may use (default: the CPUs this process may run on).
The book build sets it to a notebook's share of the cores when notebooks run side by side."""


def worker_count(count: int, *, per_worker: int = 1) -> int:
    """How many processes should compute ``count`` items, each worker getting at least
    ``per_worker`` of them: 1 off Linux and inside a worker.

    Raises
    ------
    ValueError
        If :data:`WORKERS_ENV` is set to something other than a whole number of at least 1.
    """
    if (
        not sys.platform.startswith("linux")
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1  # macOS's system libraries are not safe to fork (Python's multiprocessing docs)
    if multiprocessing.current_process().daemon:
        return 1  # a worker of a pool (which may not have children): its own items, here
    setting = os.environ.get(WORKERS_ENV, "").strip()
    if setting:
        try:
            cpus = int(setting)
        except ValueError:
            raise ValueError(f"{WORKERS_ENV} must be a whole number; got {setting!r}") from None
        if cpus < 1:
            raise ValueError(f"{WORKERS_ENV} must be at least 1; got {cpus}")
    else:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, count // max(1, per_worker)))


# The job the forked workers compute: set just before the pool forks, so that each child
# inherits the function (maybe a closure that cannot be pickled) and the items.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run(index: int) -> Any:
    assert _JOB is not None
    function, items = _JOB
    return function(items[index])


def _fresh_worker() -> None:
    """Write to the process's own streams, and let BLAS use one thread: the workers already
    keep every core busy."""
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    threadpool_limits(1)


def fork_map(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    per_worker: int = 1,
    chunksize: int = 1,
) -> list[R]:
    """``[function(item) for item in items]``, computed by forked workers on every core.

    Parameters
    ----------
    function : callable
        Computes one item's result; it may be a closure. Its result must be picklable.
    items : sequence
        The inputs, in order.
    per_worker : int
        The fewest items worth a worker (forking costs about as much as a small item).
    chunksize : int
        Neighbouring items given to a worker at once (items that share work, such as frames
        that share a drawn background, go together).

    Returns
    -------
    list
        The results in the order of ``items``.
    """
    global _JOB
    items = list(items) if not isinstance(items, Sequence) else items
    workers = worker_count(len(items), per_worker=per_worker)
    if workers == 1:
        return [function(item) for item in items]
    _JOB = (function, items)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_fresh_worker) as pool:
            return pool.map(_run, range(len(items)), chunksize=max(1, chunksize))
    finally:
        _JOB = None
