"""Binder builds the environment the book is built and tested with.

``repo2docker --no-build --debug .`` prints the Dockerfile that Binder would build from this
repository, without Docker. It must use the Python that ``runtime.txt`` pins (left alone,
repo2docker picks its own default, which has been 3.10 and is now 3.14) and install
``requirements.txt``, whose last line (``-e .``) installs curvlab from the copied repository.

On CI (``CI`` set) this test may not skip; elsewhere it skips if repo2docker is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _repo2docker() -> str:
    beside_python = Path(sys.executable).parent / "repo2docker"
    found = str(beside_python) if beside_python.is_file() else shutil.which("repo2docker")
    if found is None:
        reason = "repo2docker not found: `bash scripts/setup.sh` installs it (requirements-dev.txt)"
        if _on_ci():
            pytest.fail(f"{reason} (CI is set, so this test may not skip)")
        pytest.skip(reason)
    return found


def _pinned_python() -> str:
    runtime = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"runtime.txt must read 'python-3.X', not {runtime!r}"
    return match.group(1)


def _unescape(text: str) -> str:
    """Undo repo2docker's escaping of file names in COPY lines ('-2e' for '.', '-2d' for '-')."""
    return re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), text)


@pytest.fixture(scope="module")
def dockerfile() -> tuple[str, str]:
    """The Dockerfile repo2docker prints (stdout) and its log (stderr)."""
    result = subprocess.run(
        [_repo2docker(), "--no-build", "--debug", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"repo2docker failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout, result.stderr


def test_runtime_pins_a_supported_python() -> None:
    assert _pinned_python() == "3.11"


@pytest.mark.slow
def test_binder_uses_the_pinned_python(dockerfile: tuple[str, str]) -> None:
    text, log = dockerfile
    python = _pinned_python()
    # The conda environment is installed from a lock file named after its Python version.
    locks = re.findall(r"environment\.py-(\d+\.\d+)-linux-64\.lock", _unescape(text))
    assert locks == [python], f"expected the Python {python} environment, found {locks}"
    assert f"Building conda environment for python={python}" in log
    assert "Python version unspecified" not in log


@pytest.mark.slow
def test_binder_installs_requirements_after_copying_the_repository(
    dockerfile: tuple[str, str],
) -> None:
    lines = dockerfile[0].splitlines()
    install = [
        i
        for i, line in enumerate(lines)
        if re.search(r"pip install .*-r \"?requirements\.txt", line)
    ]
    assert install, "the Dockerfile has no `pip install -r requirements.txt` step"
    copy_repo = [
        i for i, line in enumerate(lines) if re.match(r"COPY .*src/ \$\{REPO_DIR\}/$", line)
    ]
    assert copy_repo, "the Dockerfile does not copy the repository"
    # `-e .` in requirements.txt needs the package's source in place.
    assert copy_repo[0] < install[0]
