"""fork_map: the same results as a plain loop, in order, from forked workers.

Oracle: the plain list comprehension. The workers' process ids show that processes other than
this one did the work, so a fork_map that silently ran the loop here would fail.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from curvlab.core.parallel import WORKERS_ENV, fork_map, single_thread, worker_count


def test_workers_return_what_a_loop_returns_in_order(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")
    data = np.random.default_rng(0).standard_normal((40, 30))

    def work(i: int) -> tuple[int, float, int]:
        row = data[i] @ data.T
        return i, float(np.sort(row)[-3]), os.getpid()

    items = list(range(len(data)))
    forked = fork_map(work, items)
    looped = [work(i) for i in items]
    assert [r[:2] for r in forked] == [r[:2] for r in looped]  # the same floats, exactly
    # Forked workers did the work (how the items split between them is the pool's affair: on a
    # busy machine one worker may take them all before the other starts).
    workers = {pid for *_, pid in forked}
    assert workers and os.getpid() not in workers


def test_a_closure_that_cannot_be_pickled_is_fine(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")
    offsets = {"a": 1.5}
    assert fork_map(lambda x: x + offsets["a"], [1.0, 2.0, 3.0, 4.0]) == [2.5, 3.5, 4.5, 5.5]


def test_one_worker_or_few_items_run_here(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "1")
    assert {pid for pid in fork_map(lambda _: os.getpid(), range(6))} == {os.getpid()}
    monkeypatch.setenv(WORKERS_ENV, "4")
    assert worker_count(7, per_worker=4) == 1
    assert worker_count(8, per_worker=4) == 2
    assert worker_count(100, per_worker=4) == 4
    assert fork_map(lambda _: os.getpid(), range(3), per_worker=2) == [os.getpid()] * 3
    assert fork_map(lambda x: x, []) == []


def test_the_first_error_in_order_reaches_the_caller(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")

    def work(x: int) -> int:
        if x in (3, 5):
            raise ValueError(f"item {x} is bad")
        return x

    with pytest.raises(ValueError, match="item 3 is bad"):
        fork_map(work, range(6))


def test_a_worker_that_dies_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")

    def work(x: int) -> int:
        if x == 2:
            os._exit(1)  # as a worker killed for memory would end
        return x

    with pytest.raises(BrokenProcessPool):
        fork_map(work, range(4))


def test_a_worker_computes_a_nested_map_itself(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")

    def inner(x: int) -> int:
        return os.getpid()

    def outer(x: int) -> tuple[int, list[int]]:
        return os.getpid(), fork_map(inner, range(4))

    for pid, inner_pids in fork_map(outer, range(4)):
        assert inner_pids == [pid] * 4 and pid != os.getpid()


def _map_in_this_process() -> tuple[int, list[int]]:
    return os.getpid(), fork_map(lambda _: os.getpid(), range(4))


def test_a_worker_of_a_callers_own_pool_maps_itself(monkeypatch):
    """A daemonic process (a multiprocessing.Pool worker) may not have children."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pid, inner = pool.apply(_map_in_this_process)
    assert inner == [pid] * 4 and pid != os.getpid()


def test_no_more_workers_than_chunks(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "4")
    pids = fork_map(lambda _: os.getpid(), range(8), chunksize=4)
    assert 1 <= len(set(pids)) <= 2 and os.getpid() not in pids
    assert fork_map(lambda _: os.getpid(), range(4), chunksize=4) == [os.getpid()] * 4


def test_an_iterable_that_is_not_a_sequence(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert fork_map(lambda x: x * x, (i for i in range(5))) == [0, 1, 4, 9, 16]


@pytest.mark.parametrize("setting", ["two", "0", "-1"])
def test_a_bad_worker_count_is_refused(monkeypatch, setting):
    monkeypatch.setenv(WORKERS_ENV, setting)
    with pytest.raises(ValueError, match=WORKERS_ENV):
        worker_count(100)


def test_single_thread_limits_blas_to_one_thread_and_restores_it():
    before = [pool["num_threads"] for pool in threadpool_info()]
    assert before, "no BLAS found by threadpoolctl"
    with single_thread():
        assert [pool["num_threads"] for pool in threadpool_info()] == [1] * len(before)
    assert [pool["num_threads"] for pool in threadpool_info()] == before
