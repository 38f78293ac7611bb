"""How long the README's checks take for a contributor, measured from a fresh clone.

In a fresh clone of this repository's HEAD (in a temporary folder), one after another:

1. ``bash scripts/test.sh``: everything, set-up included (a new machine's first run, but for the
   package caches of pip, npm and apt that this machine already has);
2. ``bash scripts/test.sh`` again, nothing changed;
3. ``bash scripts/test.sh -m "not slow"`` (set-up already done): a contributor's quick answer;

then, in a second fresh clone, ``bash scripts/build.sh`` (the README's first command): its notebook
execution, side by side on every core, as the build reports it (the whole phase, and each
chapter). CI runs the first command (``.ci/run``). Prints one table.

Run: ``.venv/bin/python benchmarks/check_times.py`` (about 30 minutes on 2 cores).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = re.compile(r"(book/[^/\s]+?)\.ipynb: executed in ([\d.]+) s")
"""A chapter's line in the build's log (``_ext/curvlab_execute.py``)."""
PHASE = re.compile(r"executed (\d+) notebooks in ([\d.]+) s")
"""The whole execution phase's line: the notebooks run side by side, so less than their sum."""


def timed(command: list[str], cwd: Path, log: Path) -> float:
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(
            command, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT, check=False
        )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}); see {log}")
    return seconds


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="curvlab-times-"))
    clone = work / "curvlab"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env_note = "CI=true" if os.environ.get("CI") else "CI unset"
    rows = [
        ("bash scripts/test.sh, fresh clone, set-up included", ["bash", "scripts/test.sh"]),
        ("the same again, nothing changed", ["bash", "scripts/test.sh"]),
        (
            'bash scripts/test.sh -m "not slow" after set-up',
            ["bash", "scripts/test.sh", "-m", "not slow"],
        ),
    ]
    results = []
    for i, (label, command) in enumerate(rows, 1):
        results.append((label, timed(command, clone, work / f"run{i}.log")))
    print(f"\nMeasured in {clone} ({os.cpu_count()} CPUs, {env_note}); logs in {work}\n")
    print(f"| {'check':52s} | {'time':>9s} |")
    print(f"|{'-' * 54}|{'-' * 11}|")
    for label, seconds in results:
        print(f"| {label:52s} | {seconds / 60:6.1f} min |")
    build_clone = work / "curvlab-build"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(build_clone)], check=True)
    build = timed(["bash", "scripts/build.sh"], build_clone, work / "build.log")
    print(f"| {'bash scripts/build.sh, fresh clone (everything)':52s} | {build / 60:6.1f} min |")
    build_log = (work / "build.log").read_text(encoding="utf-8", errors="replace")
    phase = PHASE.search(build_log)
    if phase:
        label = f"notebook execution in it ({phase.group(1)} notebooks)"
        print(f"| {label:52s} | {float(phase.group(2)):7.0f} s |")
    for name, seconds in EXECUTED.findall(build_log):
        print(f"|   {name:50s} | {float(seconds):7.0f} s |")


if __name__ == "__main__":
    main()
