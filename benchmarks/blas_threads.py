"""Seconds for a BLAS-heavy test with OpenBLAS on one thread and on its default, idle and busy.

``scripts/test.sh`` sets ``OPENBLAS_NUM_THREADS=1`` for its pytest session, which keeps every
core busy with processes of its own (the pytest workers, the book build's kernels, the second
back end beside it): a threaded BLAS call there waits for threads that share the cores with
other processes, and OpenBLAS's idle threads spin. This script
times one real test that spends its time in BLAS (dense Hessians of chapter 7's network and
their trace estimates) by pytest's own ``call`` duration, in a fresh process each way, with
OpenBLAS's default thread count and with one, alternating for ``R`` rounds: first on an idle
machine, then while one busy loop per core runs beside it, as in the full run. Prints the
median seconds and the ratio, default over one thread, for each.

Run: ``.venv/bin/python benchmarks/blas_threads.py [R]`` on an otherwise idle machine.
"""

from __future__ import annotations

import os
import pathlib
import re
import signal
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEST = (
    "tests/experiments/test_ch7_experiments.py::"
    "test_hutch_plus_plus_wins_with_outliers_and_not_on_a_flat_bulk"
)
COMMAND = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
COMMAND += ["--durations=1", "--durations-min=0", TEST]
CALL = re.compile(r"([\d.]+)s call ")


THREAD_LIMITS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
"""The variables OpenBLAS reads for its thread count: none is passed on for its default."""


def call_seconds(one_thread: bool) -> float:
    """pytest's duration of the test's call, in a new process."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_LIMITS}
    if one_thread:
        env["OPENBLAS_NUM_THREADS"] = "1"
    done = subprocess.run(COMMAND, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    found = CALL.search(done.stdout)
    if done.returncode != 0 or found is None:
        sys.exit(f"the test failed or printed no call duration:\n{done.stdout}{done.stderr}")
    return float(found.group(1))


def medians(rounds: int) -> dict[bool, float]:
    times: dict[bool, list[float]] = {True: [], False: []}
    for i in range(rounds):
        for one in (True, False) if i % 2 == 0 else (False, True):
            times[one].append(call_seconds(one))
    return {one: statistics.median(seconds) for one, seconds in times.items()}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cores = os.cpu_count() or 2
    print(f"{TEST}\n{rounds} rounds, alternating; median seconds of the test's call")
    idle = medians(rounds)
    # A termination signal ends the script through the ``finally`` below, which stops the loops.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, frame: sys.exit(128 + number))
    busy_loops: list[subprocess.Popen] = []
    try:
        for _ in range(cores):
            busy_loops.append(subprocess.Popen([sys.executable, "-c", "while True: pass"]))
        busy = medians(rounds)
    finally:
        for process in busy_loops:
            process.kill()
            process.wait()
    print(f"{'':34s} {'default':>8s} {'one thread':>11s} {'ratio':>6s}")
    for label, seconds in ((f"idle, {cores} cores", idle), (f"{cores} busy loops beside", busy)):
        ratio = seconds[False] / seconds[True]
        print(f"{label:34s} {seconds[False]:7.1f}s {seconds[True]:10.1f}s {ratio:6.2f}")


if __name__ == "__main__":
    main()
