"""Every chapter opens with the cell that makes it run on Colab: install curvlab if it is missing.

On Colab (or any Jupyter without the book's environment) ``import curvlab`` would fail, so each
chapter's first code cell installs the package, pinned to the book's version, from the book's
repository; where curvlab is installed (a clone set up with ``scripts/setup.sh``, Binder, the
build, nbval) it does nothing and prints nothing. These tests check that every chapter has the
same cell, that it is pinned to the version in ``pyproject.toml`` and the repository in
``_config.yml``, and that it really installs curvlab into a fresh environment that lacks it, from
this checkout instead of the repository (``CURVLAB_SOURCE``), so without reaching GitHub. (pip
still takes setuptools, the build backend, from its cache or the package index.)
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))
TAG = "colab-install"


def install_cell(chapter: pathlib.Path) -> dict:
    cells = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    return next(c for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_first_code_cell_installs_curvlab_when_missing(chapter):
    cell = install_cell(chapter)
    assert TAG in cell["metadata"].get("tags", []), f"{chapter.name}: first code cell is not it"
    # Hidden on the website (the build has curvlab), visible in the notebook.
    assert "remove-cell" in cell["metadata"]["tags"]
    source = "".join(cell["source"])
    assert source == "".join(install_cell(CHAPTERS[0])["source"]), "the cell differs"
    assert cell["outputs"] == [], "where curvlab is installed the cell must print nothing"


def test_the_cell_is_pinned_to_this_version_and_repository():
    source = "".join(install_cell(CHAPTERS[0])["source"])
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    (pinned,) = re.findall(r'"git\+(\S+?)@v([\w.]+)"', source)
    assert pinned == (url, version)


def _run_cell(python: pathlib.Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    source = "".join(install_cell(CHAPTERS[0])["source"])
    return subprocess.run(
        [str(python), "-c", source], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_the_cell_installs_curvlab_into_an_environment_without_it(tmp_path):
    venv = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),  # pip's cache
        # This checkout instead of the repository; the dependencies (numpy, ...) are not what
        # is tested, so they are not installed.
        "CURVLAB_SOURCE": ROOT.as_uri(),
        "PIP_NO_DEPS": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    check = [str(python), "-c", "import importlib.metadata as m; print(m.version('curvlab'))"]
    assert subprocess.run(check, env=env, capture_output=True).returncode != 0, "not clean"
    first = _run_cell(python, env)
    assert first.returncode == 0, first.stderr
    installed = subprocess.run(check, env=env, capture_output=True, text=True)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert installed.stdout.strip() == version
    # Run again: curvlab is found, so pip is not called (a bad source would make it fail).
    again = _run_cell(python, {**env, "CURVLAB_SOURCE": "file:///nonexistent"})
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
