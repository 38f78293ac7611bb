"""How long presenting each chapter takes, by the rule book/lecturers.md states.

In the markdown cells before a chapter's "## Exercises": 120 words of prose a minute (a word
starts with a letter or digit, so punctuation and table pipes are not words; an inline formula
counts as one word; displayed equations, directives and citations not at all), one minute per
displayed equation, half a minute per code cell (discussing its output) and five minutes per
exploration; the sum is rounded to 5 minutes.

    .venv/bin/python scripts/chapter_times.py     # prints one row per chapter
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DISPLAY = re.compile(r"\$\$.*?\$\$|```\{math\}.*?```", re.S)
DIRECTIVE = re.compile(r"^```.*?$|^:\w+:.*$", re.M)
INLINE = re.compile(r"\$[^$\n]+\$")
ROLE = re.compile(r"\{\w+(?::\w+)?\}`[^`]*`")


def minutes(chapter: Path) -> tuple[int, dict[str, int]]:
    """Presenting time of ``chapter`` (rounded to 5 minutes) and the counts behind it."""
    cells = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    words = equations = code = explorations = 0
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            if text.lstrip().startswith("## Exercises"):
                break
            equations += len(DISPLAY.findall(text))
            prose = ROLE.sub(" ", DIRECTIVE.sub(" ", DISPLAY.sub(" ", text)))
            # A word starts with a letter or digit: punctuation split off a formula and table
            # pipes are not words.
            words += len(re.findall(r"\w\S*", INLINE.sub(" formula ", prose)))
        elif cell["cell_type"] == "code" and "remove-cell" not in cell["metadata"].get("tags", []):
            code += 1
            explorations += text.count("_explorer(")
    total = words / 120 + equations + code / 2 + 5 * explorations
    counts = {
        "words": words,
        "equations": equations,
        "code cells": code,
        "explorations": explorations,
    }
    return 5 * round(total / 5), counts


def main() -> int:
    for chapter in sorted((ROOT / "book").glob("0*.ipynb")):
        time, counts = minutes(chapter)
        details = ", ".join(f"{value} {name}" for name, value in counts.items())
        print(f"{chapter.stem:28s} about {time:3d} min  ({details})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
