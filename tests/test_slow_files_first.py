"""tests/conftest.py's SLOW_FILES_FIRST names real files, every website test file among them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("tests_conftest", ROOT / "tests" / "conftest.py")
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)
SLOW_FILES_FIRST = _conftest.SLOW_FILES_FIRST


def test_every_listed_file_exists_once() -> None:
    assert len(set(SLOW_FILES_FIRST)) == len(SLOW_FILES_FIRST)
    missing = [name for name in SLOW_FILES_FIRST if not (ROOT / name).is_file()]
    assert missing == []


def test_every_website_test_file_is_listed() -> None:
    website = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/website").glob("test_*.py")}
    assert website and website <= set(SLOW_FILES_FIRST)
