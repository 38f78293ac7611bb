"""The problem sets in homework/ grade themselves (otter-grader, run by scripts/grade.sh).

Each ``homework/hwNN/hwNN.ipynb`` holds the problems with their reference solutions and tests in
otter-grader's assign format; ``bash scripts/grade.sh assign`` turns it into the student notebook
(solutions replaced by ``...``) and an autograder, and ``bash scripts/grade.sh grade`` grades a
folder of submissions without Docker. The quick tests check the sets' shape; the slow ones run
the real tools in their own environment (.venv-grading/, made by the script) and prove, for
every set, that the reference solutions score full marks, the untouched student notebook scores
zero, and each problem's typical wrong answer (homework/wrong_answers.yml) loses exactly that
problem's points.
"""

from __future__ import annotations

import csv
import json
import pathlib
import subprocess

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
SETS = sorted(p.name for p in (ROOT / "homework").glob("hw[0-9][0-9]"))
WRONG = yaml.safe_load((ROOT / "homework" / "wrong_answers.yml").read_text(encoding="utf-8"))
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))


def questions(notebook: pathlib.Path) -> dict[str, dict]:
    """``{name: config + {"solution": source of its answer cells}}`` from otter's raw cells."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: dict[str, dict] = {}
    current, in_solution = None, False
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw" and source.startswith("# BEGIN QUESTION"):
            current = yaml.safe_load(source.split("\n", 1)[1])
            current["solution"] = ""
            found[current["name"]] = current
        elif cell["cell_type"] == "raw" and source.strip() == "# BEGIN SOLUTION":
            in_solution = True
        elif cell["cell_type"] == "raw" and source.strip() == "# END SOLUTION":
            in_solution = False
        elif in_solution and current is not None:
            current["solution"] += source + "\n"
    return found


def test_one_set_per_chapter():
    assert SETS == [f"hw{i:02d}" for i in range(1, len(CHAPTERS) + 1)]
    assert sorted(WRONG) == SETS


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_three_to_five_problems_one_open_and_a_wrong_answer_for_the_rest(name):
    qs = questions(ROOT / "homework" / name / f"{name}.ipynb")
    assert 3 <= len(qs) <= 5
    assert sum(bool(q.get("manual")) for q in qs.values()) == 1, "one open question"
    graded = {n for n, q in qs.items() if not q.get("manual")}
    assert set(WRONG[name]) == graded
    for q, wrong in WRONG[name].items():
        assert qs[q]["solution"].count(wrong["replace"]) == 1, (q, wrong["replace"])
        assert wrong["what"] and wrong["with"] != wrong["replace"]


# --- The real tools (slow: they make .venv-grading/ on first use, then a few seconds a set).


@pytest.fixture(scope="session")
def assigned(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("homework")
    subprocess.run(
        # otter's own run of the reference against the tests is left out: each test below grades
        # the reference solutions and requires full marks, the same check.
        ["bash", "scripts/grade.sh", "assign", "--no-run-tests", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return out


def _submission(source: pathlib.Path, replace: str | None = None, by: str = "") -> dict:
    nb = json.loads(source.read_text(encoding="utf-8"))
    if replace is not None:
        hits = [c for c in nb["cells"] if replace in "".join(c["source"])]
        assert len(hits) == 1, replace
        hits[0]["source"] = "".join(hits[0]["source"]).replace(replace, by)
    return nb


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_reference_scores_full_student_zero_and_each_wrong_answer_loses_its_points(
    name, assigned, tmp_path
):
    reference = assigned / name / "autograder" / f"{name}.ipynb"
    student = assigned / name / "student" / f"{name}.ipynb"
    points = {
        n: float(q["points"])
        for n, q in questions(ROOT / "homework" / name / f"{name}.ipynb").items()
        if not q.get("manual")
    }
    folder = tmp_path / "submissions"
    folder.mkdir()
    subs = {"reference": _submission(reference), "student": _submission(student)}
    for q, wrong in WRONG[name].items():
        subs[f"wrong_{q}"] = _submission(reference, wrong["replace"], wrong["with"])
    for sub, nb in subs.items():
        (folder / f"{sub}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    zip_path = assigned / name / "autograder" / f"{name}-autograder.zip"
    subprocess.run(
        ["bash", "scripts/grade.sh", "grade", name, str(folder), "--autograder", str(zip_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=900,
    )
    with open(folder / "grades.csv", newline="") as f:
        rows = {row["submission"].removesuffix(".ipynb"): row for row in csv.DictReader(f)}
    full = sum(points.values())
    assert float(rows["reference"]["possible"]) == full
    assert {q: float(rows["reference"][q]) for q in points} == points
    assert float(rows["student"]["total"]) == 0
    for q in WRONG[name]:
        row = rows[f"wrong_{q}"]
        expected = {p: (0.0 if p == q else pts) for p, pts in points.items()}
        assert {p: float(row[p]) for p in points} == expected, (q, WRONG[name][q]["what"])
        assert float(row["total"]) == full - points[q]
