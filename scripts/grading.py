"""Turn homework/ into student notebooks and autograders, and grade submissions (otter-grader).

Run through ``bash scripts/grade.sh``, which makes the grading environment first:

* ``assign [hwNN ...] [--out DIR] [--no-run-tests]``: ``otter assign`` on each
  ``homework/hwNN/hwNN.ipynb`` (the notebook with solutions and tests, in otter's format) into
  ``DIR/hwNN/student/`` and ``DIR/hwNN/autograder/hwNN-autograder.zip`` (DIR defaults to
  ``_build/homework``), checking that the reference solutions pass the tests unless told not to;
* ``grade hwNN FOLDER [--autograder ZIP]``: ``otter run`` (no Docker) on every ``*.ipynb`` in
  FOLDER, one results file each in ``FOLDER/results/``, and the table ``FOLDER/grades.csv``: one
  row per submission, one column per autograded problem, then the total and the maximum.
  Problems marked manual (the open questions) are not in it: the lecturer reads them.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout

ROOT = pathlib.Path(__file__).resolve().parents[1]
HOMEWORK = ROOT / "homework"
DEFAULT_OUT = ROOT / "_build" / "homework"
OTTER = pathlib.Path(sys.executable).with_name("otter")


def homework_sets() -> list[str]:
    return sorted(p.name for p in HOMEWORK.glob("hw[0-9][0-9]") if p.is_dir())


def assign(names: list[str], out: pathlib.Path, *, run_tests: bool = True) -> None:
    """``otter assign`` each set of ``names`` (all by default) into ``out/hwNN/``; with
    ``run_tests`` otter first checks that the reference solutions pass their tests."""
    for name in names or homework_sets():
        source = HOMEWORK / name / f"{name}.ipynb"
        if not source.is_file():
            sys.exit(f"grading.py: no {source.relative_to(ROOT)}")
        dest = out / name
        shutil.rmtree(dest, ignore_errors=True)
        # otter assign runs the reference solutions against the tests and fails if one fails
        # (unless run_tests is False: tests/test_homework.py grades the reference itself).
        subprocess.run(
            [
                str(OTTER),
                "assign",
                "--no-pdfs",
                *([] if run_tests else ["--no-run-tests"]),
                str(source),
                str(dest),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # otter names the zip after the time; one stable name for the lecturer and the tests.
        (zipped,) = (dest / "autograder").glob(f"{name}-autograder_*.zip")
        zipped.rename(dest / "autograder" / f"{name}-autograder.zip")
        print(f"{name}: student notebook {dest / 'student' / f'{name}.ipynb'}")
        print(f"{name}: autograder      {dest / 'autograder' / f'{name}-autograder.zip'}")


def grade_one(zip_path: pathlib.Path, submission: pathlib.Path) -> dict[str, tuple[float, float]]:
    """Return ``{problem: (score, max_score)}`` for one submission, as ``otter run`` grades it.

    Called in a process forked for this submission alone (see :func:`grade`): otter's own
    ``otter run`` function, with the command's arguments, in a process that imported otter
    before it forked, instead of a new ``otter`` command that imports it again (a second of
    CPU per submission).
    """
    from otter.run import main as otter_run

    with tempfile.TemporaryDirectory() as tmp:
        # otter reads the notebook by its assignment name; a copy keeps the submission intact.
        with open(os.devnull, "w") as quiet, redirect_stdout(quiet), redirect_stderr(quiet):
            otter_run(str(submission), autograder=str(zip_path), output_dir=tmp, no_logo=True)
        results = json.loads((pathlib.Path(tmp) / "results.json").read_text())
    return {
        t["name"]: (float(t["score"]), float(t["max_score"]))
        for t in results["tests"]
        if t.get("max_score") is not None and t["name"] != "Public Tests"
    }


def grade(name: str, folder: pathlib.Path, zip_path: pathlib.Path | None) -> None:
    zip_path = zip_path or DEFAULT_OUT / name / "autograder" / f"{name}-autograder.zip"
    if not zip_path.is_file():
        sys.exit(f"grading.py: no {zip_path}; run `bash scripts/grade.sh assign {name}` first")
    submissions = sorted(folder.glob("*.ipynb"))
    if not submissions:
        sys.exit(f"grading.py: no .ipynb in {folder}")
    (folder / "results").mkdir(exist_ok=True)
    # One process and one kernel per submission, as many at a time as there are cores. Each
    # process is forked from this one once it has imported otter, and serves one submission
    # only (maxtasksperchild=1), so that nothing one submission leaves behind reaches another.
    import otter.run  # noqa: F401  (imported before the fork, inherited by every child)

    context = multiprocessing.get_context("fork")
    with context.Pool(os.cpu_count() or 1, maxtasksperchild=1) as pool:
        graded = pool.starmap(grade_one, [(zip_path, s) for s in submissions], chunksize=1)
    rows = []
    for submission, scores in zip(submissions, graded, strict=True):
        (folder / "results" / f"{submission.stem}.json").write_text(json.dumps(scores, indent=1))
        rows.append((submission.name, scores))
    problems = sorted({q for _, scores in rows for q in scores})
    with open(folder / "grades.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", *problems, "total", "possible"])
        for file, scores in rows:
            total = sum(scores[q][0] for q in problems)
            possible = sum(scores[q][1] for q in problems)
            marks = [f"{scores[q][0]:g}" for q in problems]
            writer.writerow([file, *marks, f"{total:g}", f"{possible:g}"])
    print((folder / "grades.csv").read_text(), end="")
    print(f"grading.py: {len(rows)} submissions graded; {folder / 'grades.csv'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assign")
    a.add_argument("names", nargs="*", help="homework sets, e.g. hw01 (default: all)")
    a.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    a.add_argument(
        "--no-run-tests",
        action="store_true",
        help="skip otter's run of the reference solutions against the tests (for a caller that "
        "grades the reference itself, as tests/test_homework.py does)",
    )
    g = sub.add_parser("grade")
    g.add_argument("name", help="the homework set, e.g. hw01")
    g.add_argument("folder", type=pathlib.Path, help="a folder of submitted notebooks")
    g.add_argument("--autograder", type=pathlib.Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "assign":
        assign(args.names, args.out.resolve(), run_tests=not args.no_run_tests)
    else:
        grade(args.name, args.folder.resolve(), args.autograder)


if __name__ == "__main__":
    main()
