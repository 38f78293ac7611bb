"""scripts/junit_clean.py decides whether scripts/test.sh keeps the slow tests' result."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("junit_clean", ROOT / "scripts" / "junit_clean.py")
junit_clean = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(junit_clean)


def _report(tmp_path: Path, **counts: int) -> str:
    attributes = " ".join(f'{key}="{value}"' for key, value in counts.items())
    path = tmp_path / "report.xml"
    path.write_text(
        f'<?xml version="1.0"?><testsuites><testsuite name="pytest" {attributes}>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    return str(path)


def test_a_run_where_everything_passed_is_kept(tmp_path: Path) -> None:
    report = _report(tmp_path, tests=12, failures=0, errors=0, skipped=0)
    assert junit_clean.counts(report) == {"tests": 12, "failures": 0, "errors": 0, "skipped": 0}
    assert junit_clean.main([report]) == 0


@pytest.mark.parametrize(
    "counts",
    [
        {"tests": 12, "failures": 1, "errors": 0, "skipped": 0},
        {"tests": 12, "failures": 0, "errors": 1, "skipped": 0},
        {"tests": 12, "failures": 0, "errors": 0, "skipped": 1},  # e.g. no browser here
        {"tests": 0, "failures": 0, "errors": 0, "skipped": 0},
    ],
)
def test_a_failure_an_error_a_skip_or_no_test_is_not_kept(tmp_path: Path, counts) -> None:
    assert junit_clean.main([_report(tmp_path, **counts)]) == 1


def test_a_bare_testsuite_root_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    path.write_text('<testsuite tests="3" skipped="2"/>', encoding="utf-8")
    assert junit_clean.counts(str(path))["skipped"] == 2
    assert junit_clean.main([str(path)]) == 1
