"""Independent computations on every core: forked workers, results in order, the same floats.

A chapter's studies repeat one computation over seeds, step sizes or class counts, and an
exploration draws one frame per grid point. :func:`fork_map` runs such a loop in worker
processes forked from the calling one, so that the function may be a closure over data that
cannot be pickled (a forked child already has it); only the items' indices go to the workers
and only the results come back, in order. Each item is computed by the same code on the same
inputs as in a plain loop, so the results are the same floats as long as they do not depend on
how many threads BLAS uses: workers run BLAS on one thread (:func:`use_one_thread`), and the
chapters' studies do too (:func:`single_thread`); their tests compare with the loop.

It falls back to a plain loop off Linux (``fork`` does not exist on Windows, and Python's
documentation calls it unsafe on macOS, whose system libraries may start threads), for fewer
items than ``per_worker`` times two or than fit in one chunk, when :data:`WORKERS_ENV` is 1,
inside a worker (a study whose items call another function that uses :func:`fork_map` runs that
one as a plain loop), and in a daemonic process such as a worker of a caller's own pool.

A worker writes to the process's own streams rather than to a Jupyter kernel's, whose
``sys.stdout`` sends through a thread that a forked child does not have: what a worker prints
is not shown in the notebook. The function must not call JAX: JAX's threads do not survive a
fork (once its backend has started, JAX warns at every fork; that warning is silenced here,
since chapter 7 starts JAX and the functions given here never call it). Call it from one thread
at a time.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from threadpoolctl import threadpool_limits

__all__ = [
    "WORKERS_ENV",
    "cpu_count",
    "fork_map",
    "single_thread",
    "use_one_thread",
    "worker_count",
]

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "CURVLAB_WORKERS"
"""How many processes :func:`fork_map` may use (default: :func:`cpu_count`). The book build
sets it to a notebook's share of the cores when notebooks run side by side."""


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the enclosed numpy code on one BLAS thread (restored afterwards)."""
    with threadpool_limits(limits=1):
        yield


def use_one_thread() -> None:
    """Limit BLAS to one thread from now on (for a whole notebook: the chapter's matrices are
    small, and on a shared machine extra threads cost more than they save)."""
    threadpool_limits(limits=1)


def cpu_count() -> int:
    """The CPUs this process may run on.

    Returns
    -------
    int
        The size of the process's affinity mask (``os.sched_getaffinity``), or
        ``os.cpu_count()`` where there is none; at least 1. CPU quotas of a container are not
        seen: set :data:`WORKERS_ENV` there.
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(count: int, *, per_worker: int = 1) -> int:
    """How many processes should compute ``count`` items.

    Parameters
    ----------
    count : int
        The number of items.
    per_worker : int
        The fewest items worth a worker.

    Returns
    -------
    int
        ``min(cpus, count // per_worker)``, at least 1, with ``cpus`` from :data:`WORKERS_ENV`
        or :func:`cpu_count`; 1 off Linux and inside a worker of :func:`fork_map`.

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
    if _JOB is not None or multiprocessing.current_process().daemon:
        return 1  # a worker of fork_map, or of a caller's pool (which may not have children)
    setting = os.environ.get(WORKERS_ENV, "").strip()
    if setting:
        try:
            cpus = int(setting)
        except ValueError:
            raise ValueError(f"{WORKERS_ENV} must be a whole number; got {setting!r}") from None
        if cpus < 1:
            raise ValueError(f"{WORKERS_ENV} must be at least 1; got {cpus}")
    else:
        cpus = cpu_count()
    return max(1, min(cpus, count // max(1, per_worker)))


# In a worker only: the function and items it computes, set by its initializer from what the
# fork handed it. The calling process's own value stays None.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _start_worker(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    """Initialize a forked worker: its job, its own output streams, BLAS on one thread."""
    global _JOB
    _JOB = (function, items)
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    use_one_thread()


def _run(index: int) -> Any:
    assert _JOB is not None
    function, items = _JOB
    return function(items[index])


def fork_map(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    per_worker: int = 1,
    chunksize: int = 1,
) -> list[R]:
    """``[function(item) for item in items]``, computed by forked workers on every core.

    Parameters
    ----------
    function : callable
        Computes one item's result; it may be a closure, and must not call JAX. Its result
        (and any exception it raises) must be picklable.
    items : iterable
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

    Raises
    ------
    Exception
        The first exception, in the order of ``items``, that ``function`` raised.
    concurrent.futures.process.BrokenProcessPool
        If a worker died (killed, or out of memory) before it returned.
    ValueError
        If :data:`WORKERS_ENV` is malformed (:func:`worker_count`).
    """
    items = items if isinstance(items, Sequence) else list(items)
    chunksize = max(1, chunksize)
    workers = min(
        worker_count(len(items), per_worker=per_worker), math.ceil(len(items) / chunksize)
    )
    if workers <= 1:
        return [function(item) for item in items]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "os.fork\\(\\) was called", RuntimeWarning)
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(function, items),  # inherited by the forked workers, not pickled
        ) as pool:
            return list(pool.map(_run, range(len(items)), chunksize=chunksize))
