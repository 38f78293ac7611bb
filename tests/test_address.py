"""The book's address and version are written once (pyproject.toml) and agree everywhere.

``scripts/address.py`` copies ``[project.urls] Repository`` and ``version`` into _config.yml (the
launch buttons), README.md and every chapter's Colab cell; ``scripts/release.sh`` tags the version
that the Colab cells install. These tests check the repository as it is, then run both scripts
in a scratch git repository holding copies of the files they touch: a fork's address set in one
command, a hand edit caught, and a release tagged (refused on a dirty tree or an existing tag).
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
FILES = ["pyproject.toml", "_config.yml", "README.md", "scripts/address.py", "scripts/release.sh"]
FORK = "https://github.com/a-lecturer/geometry-course"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _address():
    spec = importlib.util.spec_from_file_location("address", ROOT / "scripts" / "address.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_copy_agrees_with_pyproject():
    assert _address().problems(ROOT) == []
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == project["urls"]["Repository"]


@pytest.fixture
def scratch(tmp_path: pathlib.Path) -> pathlib.Path:
    """A git repository with copies of the files the scripts read and write, committed."""
    for name in [*FILES, *(p.relative_to(ROOT).as_posix() for p in ROOT.glob("book/0*.ipynb"))]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "scratch")
    return tmp_path


def git(repo: pathlib.Path, *args: str) -> str:
    env = {"PATH": os.environ["PATH"], "HOME": str(repo), **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def run(repo: pathlib.Path, *command: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(repo), "PYTHON": sys.executable, **GIT_ENV}
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=60)


def snapshot(repo: pathlib.Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in repo.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def test_a_fork_sets_its_address_in_one_command(scratch):
    done = run(scratch, sys.executable, "scripts/address.py", "set", FORK)
    assert done.returncode == 0, done.stderr
    assert _address().problems(scratch) == []
    config = yaml.safe_load((scratch / "_config.yml").read_text())
    assert config["repository"]["url"] == FORK
    urls = tomllib.loads((scratch / "pyproject.toml").read_text())["project"]["urls"]
    assert urls == {"Repository": FORK, "Homepage": "https://a-lecturer.github.io/geometry-course/"}
    chapters = sorted(scratch.glob("book/0*.ipynb"))
    assert chapters
    for chapter in chapters:
        assert f'"git+{FORK}@v' in chapter.read_text()
    old = _address().read(ROOT)[0]
    assert not [name for name, data in snapshot(scratch).items() if old.encode() in data]
    # Idempotent: a second run changes nothing.
    before = snapshot(scratch)
    assert run(scratch, sys.executable, "scripts/address.py", "set", FORK).returncode == 0
    assert snapshot(scratch) == before


def test_a_hand_edit_of_a_copy_is_caught(scratch):
    config = scratch / "_config.yml"
    config.write_text(config.read_text().replace("url: https://github.com/", "url: https://x/"))
    done = run(scratch, sys.executable, "scripts/address.py", "check")
    assert done.returncode == 1
    assert "_config.yml" in done.stderr and "address.py sync" in done.stderr
    assert run(scratch, sys.executable, "scripts/address.py", "sync").returncode == 0
    assert run(scratch, sys.executable, "scripts/address.py", "check").returncode == 0


def test_set_refuses_an_address_that_is_not_a_github_repository(scratch):
    done = run(scratch, sys.executable, "scripts/address.py", "set", "https://example.org/book")
    assert done.returncode != 0 and "github.com/OWNER/REPO" in done.stderr
    assert git(scratch, "status", "--porcelain") == ""


def test_release_tags_the_version_the_colab_cells_install(scratch):
    version = tomllib.loads((scratch / "pyproject.toml").read_text())["project"]["version"]
    (scratch / "notes.txt").write_text("not committed")
    dirty = run(scratch, "bash", "scripts/release.sh")
    assert dirty.returncode == 1 and "uncommitted" in dirty.stderr
    assert git(scratch, "tag") == ""
    (scratch / "notes.txt").unlink()

    done = run(scratch, "bash", "scripts/release.sh")
    assert done.returncode == 0, done.stderr
    assert git(scratch, "tag") == f"v{version}"
    assert git(scratch, "rev-list", "-n", "1", f"v{version}") == git(scratch, "rev-parse", "HEAD")
    again = run(scratch, "bash", "scripts/release.sh")
    assert again.returncode == 1 and "exists" in again.stderr

    bumped = run(scratch, "bash", "scripts/release.sh", "0.2.0")
    assert bumped.returncode == 0, bumped.stderr
    assert git(scratch, "tag").split() == [f"v{version}", "v0.2.0"]
    assert git(scratch, "rev-list", "-n", "1", "v0.2.0") == git(scratch, "rev-parse", "HEAD")
    assert git(scratch, "status", "--porcelain") == ""
    url = _address().read(scratch)[0]
    for chapter in sorted(scratch.glob("book/0*.ipynb")):
        assert f"git+{url}@v0.2.0" in chapter.read_text()
    assert _address().problems(scratch) == []
