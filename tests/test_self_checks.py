"""Self-checks: a few conceptual questions per chapter, answered without a kernel.

Each ``book/self_checks/<chapter>.md`` holds 3 to 5 multiple-choice questions; each answer and
its explanation sit in a sphinx-design dropdown (a ``<details>`` element: keyboard and
screen-reader usable, themed in dark mode). The chapter shows the file through a MyST include
that ``scripts/self_checks.py`` writes before its exercises. The browser checks (keyboard, axe)
are in tests/website/test_site_editions.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))
QUESTION = re.compile(r"^\*\*(\d)\.\*\* ", re.MULTILINE)


def _script():
    spec = importlib.util.spec_from_file_location(
        "self_checks", ROOT / "scripts" / "self_checks.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def questions(chapter: pathlib.Path) -> list[str]:
    text = (ROOT / "book" / "self_checks" / f"{chapter.stem}.md").read_text(encoding="utf-8")
    assert text.startswith("## Check your understanding\n")
    return [part for part in QUESTION.split(text)[2::2]]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_three_to_five_questions_each_with_options_and_an_explained_answer(chapter):
    qs = questions(chapter)
    assert 3 <= len(qs) <= 5
    answers = []
    for number, q in enumerate(qs, start=1):
        options = re.findall(r"^- \(([a-e])\) \S", q, re.MULTILINE)
        assert options == list("abcde"[: len(options)]) and len(options) >= 3, q[:80]
        (answer,) = re.findall(
            rf"^:::{{dropdown}} Answer to question {number}\n\*\*\(([a-e])\)\.\*\* (.+?)\n:::$",
            q,
            re.MULTILINE | re.DOTALL,
        )
        assert answer[0] in options
        assert len(answer[1].split()) >= 15, "the answer explains itself"
        answers.append(answer[0])
    assert len(set(answers)) > 1, "the right answer is not always the same letter"


def test_self_checks_are_not_solutions():
    """Self-checks stay in the student edition, which drops sphinx-exercise solutions only."""
    for path in (ROOT / "book" / "self_checks").glob("*.md"):
        assert "{solution" not in path.read_text(encoding="utf-8")


def test_the_script_adds_one_include_before_the_exercises_and_nothing_else(tmp_path):
    (tmp_path / "book").mkdir()
    shutil.copytree(ROOT / "book" / "self_checks", tmp_path / "book" / "self_checks")
    for chapter in CHAPTERS:
        shutil.copy2(chapter, tmp_path / "book" / chapter.name)
    script = _script()
    assert script.main(["--root", str(tmp_path)]) == 0
    assert script.main(["--root", str(tmp_path), "--check"]) == 0
    after = {p.name: p.read_bytes() for p in (tmp_path / "book").glob("0*.ipynb")}
    assert script.main(["--root", str(tmp_path)]) == 0  # a second run changes nothing
    assert after == {p.name: p.read_bytes() for p in (tmp_path / "book").glob("0*.ipynb")}
    for chapter in CHAPTERS:
        old = json.loads(chapter.read_text(encoding="utf-8"))
        new = json.loads((tmp_path / "book" / chapter.name).read_text(encoding="utf-8"))
        block = f"```{{include}} self_checks/{chapter.stem}.md\n```\n\n"
        changed = [(a, b) for a, b in zip(old["cells"], new["cells"], strict=True) if a != b]
        if script.has_include(chapter):
            assert changed == []
            continue
        ((a, b),) = changed
        assert "".join(b["source"]) == "".join(a["source"]).replace(
            "## Exercises", block + "## Exercises", 1
        )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_includes_its_self_check(chapter):
    if not _script().has_include(chapter):
        message = (
            f"{chapter.name} does not include its self-check: run python3 scripts/self_checks.py"
        )
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
