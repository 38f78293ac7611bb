"""The publishing workflow (.github/workflows/publish.yml) is valid and runs what README says.

GitHub Actions cannot run here, so the workflow is checked by actionlint (pinned in
requirements-dev.txt), and held to README.md's Quick start and to .ci/run: it runs the same two
commands, tests before it publishes, and uploads the folder that ``scripts/build.sh`` writes.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PUBLISH = ROOT / ".github" / "workflows" / "publish.yml"


def _actionlint() -> str | None:
    beside = pathlib.Path(sys.executable).with_name("actionlint")
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def _commands(text: str) -> list[str]:
    """The ``bash ...`` command lines of a script or a code block."""
    return [line.strip() for line in text.splitlines() if line.strip().startswith("bash ")]


def readme_quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1)
    return _commands(block)


def workflow() -> dict:
    data = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_actionlint_accepts_every_workflow():
    assert WORKFLOWS, "no workflow in .github/workflows"
    actionlint = _actionlint()
    if actionlint is None:
        message = "actionlint is not installed: run `bash scripts/setup.sh`"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    # shellcheck and pyflakes are not part of the book's tools; actionlint's own checks run.
    result = subprocess.run(
        [actionlint, "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The check can fail: a misspelt key and an unknown expression are reported."""
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip("actionlint is not installed")
    broken = tmp_path / "broken.yml"
    text = PUBLISH.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1)
    broken.write_text(text.replace("steps.deployment", "steps.deploy"), encoding="utf-8")
    result = subprocess.run(
        [actionlint, "-shellcheck=", "-pyflakes=", str(broken)],
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "run-on" in result.stdout and "deploy" in result.stdout


def test_the_workflow_runs_the_readme_commands_and_ci():
    ci = _commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    quick = readme_quick_start()
    assert quick == ["bash scripts/build.sh", "bash scripts/test.sh"]
    assert ci == ["bash scripts/test.sh"], "CI runs the second command of the Quick start"
    (build,) = [
        job
        for job in workflow()["jobs"].values()
        if "steps" in job and any("run" in step for step in job["steps"])
    ]
    ran: list[str] = []
    for step in build["steps"]:
        for command in _commands(step.get("run", "")):
            ran += ci if command == "bash .ci/run" else [command]
    # Test first, then build what is published: both commands of the Quick start, nothing else.
    assert ran == ["bash scripts/test.sh", "bash scripts/build.sh"]


def test_it_publishes_the_built_site_to_pages_on_push_to_main():
    wf = workflow()
    assert wf["on"]["push"]["branches"] == ["main"]
    jobs = wf["jobs"]
    steps = [step for job in jobs.values() for step in job.get("steps", [])]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "_build/html"  # where scripts/build.sh writes the site
    (deploy,) = [
        name
        for name, job in jobs.items()
        if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", []))
    ]
    assert jobs[deploy]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs[deploy]["environment"]["name"] == "github-pages"
