"""Put each chapter's self-check questions on its page: one MyST include, before its exercises.

The questions live in ``book/self_checks/<chapter>.md`` (a few conceptual questions, each answer
and explanation in a sphinx-design dropdown: a ``<details>`` element, which the keyboard opens
with Enter and screen readers announce as a disclosure). A chapter shows them through::

    ```{include} self_checks/<chapter>.md
    ```

written just before its ``## Exercises`` heading, in the same markdown cell. This script adds
that block to every chapter that lacks it and changes nothing else (a second run changes
nothing); ``--check`` only reports chapters without it (exit 1).

    python3 scripts/self_checks.py          # add the include to every chapter
    python3 scripts/self_checks.py --check  # every chapter includes its file, or exit 1
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXERCISES = re.compile(r"^## Exercises\s*$", re.MULTILINE)


def include_block(chapter: pathlib.Path) -> str:
    return f"```{{include}} self_checks/{chapter.stem}.md\n```\n\n"


def chapters(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted((root / "book").glob("0*.ipynb"))


def has_include(chapter: pathlib.Path) -> bool:
    cells = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return include_block(chapter).strip() in text


def add_include(chapter: pathlib.Path) -> bool:
    """Add the include before ``## Exercises``; return whether the file changed."""
    if has_include(chapter):
        return False
    raw = chapter.read_text(encoding="utf-8")
    nb = json.loads(raw)
    cells = [
        c
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and EXERCISES.search("".join(c["source"]))
    ]
    if len(cells) != 1:
        raise SystemExit(f"self_checks.py: {chapter.name}: expected one '## Exercises' heading")
    source = "".join(cells[0]["source"])
    at = EXERCISES.search(source).start()
    source = source[:at] + include_block(chapter) + source[at:]
    cells[0]["source"] = source.splitlines(keepends=True)
    # The notebooks are stored as nbformat writes them (one-space indent, UTF-8, final newline).
    chapter.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    missing = []
    for chapter in chapters(args.root):
        if not (args.root / "book" / "self_checks" / f"{chapter.stem}.md").is_file():
            missing.append(f"book/self_checks/{chapter.stem}.md does not exist")
        elif args.check:
            if not has_include(chapter):
                missing.append(f"{chapter.name} does not include its self-check")
        elif add_include(chapter):
            print(f"self_checks.py: {chapter.name} now includes self_checks/{chapter.stem}.md")
    for problem in missing:
        print(f"self_checks.py: {problem}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
