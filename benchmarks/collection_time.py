"""Seconds for pytest to collect the quick tests, with and without this repository's bytecode.

pytest rewrites the asserts of every test module it imports and keeps the rewritten module as
bytecode in ``__pycache__/``, as Python keeps ``src/``'s; with ``PYTHONDONTWRITEBYTECODE`` set,
nothing is kept, so every process (each pytest-xdist worker of every run) rewrites and compiles
them all again. ``scripts/test.sh`` therefore unsets it. This script runs
``pytest --collect-only -m "not slow" tests src`` in a fresh process each way, alternating for
``R`` rounds: with the bytecode an earlier run kept (an untimed run writes it first), and with
``PYTHONDONTWRITEBYTECODE=1`` in a tree without any (as every run finds it where that variable
is set; the bytecode of ``.venv`` is kept either way). It checks that both ways collect the same
tests, and prints the median seconds and their ratio. It deletes the repository's
``__pycache__/`` folders as it goes (an ignored cache; the next run writes it again).

Run: ``.venv/bin/python benchmarks/collection_time.py [R]``.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
COMMAND += ["-m", "not slow", "tests", "src"]


def collect(keep_bytecode: bool) -> tuple[float, str]:
    """Seconds to collect, and pytest's summary line."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "CURVLAB_STATIC_WIDGETS")
    }
    if not keep_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    start = time.perf_counter()
    done = subprocess.run(COMMAND, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, done.stdout.strip().splitlines()[-1]


def forget_bytecode() -> None:
    """Delete the repository's own ``__pycache__/`` folders (not those of .venv)."""
    for folder in ("src", "tests", "_ext", "scripts", "benchmarks"):
        for cache in sorted((ROOT / folder).rglob("__pycache__"), reverse=True):
            shutil.rmtree(cache)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    times: dict[bool, list[float]] = {True: [], False: []}
    summaries = set()
    for i in range(rounds):
        for keep in (True, False) if i % 2 == 0 else (False, True):
            if keep:
                collect(keep_bytecode=True)  # untimed: writes the bytecode
            else:
                forget_bytecode()
            seconds, summary = collect(keep)
            times[keep].append(seconds)
            summaries.add(summary.split(" in ")[0])
    if len(summaries) != 1:
        sys.exit(f"the two ways collected different tests: {sorted(summaries)}")
    kept, compiled = statistics.median(times[True]), statistics.median(times[False])
    print(f"{summaries.pop()}; {rounds} rounds, alternating; median seconds per process")
    print(f"bytecode kept (scripts/test.sh):       {kept:6.1f} s")
    print(f"PYTHONDONTWRITEBYTECODE=1, none kept:  {compiled:6.1f} s")
    print(f"ratio:                                 {compiled / kept:6.2f}")


if __name__ == "__main__":
    main()
