#!/usr/bin/env bash
# Homework that grades itself (homework/, otter-grader), without Docker.
#
#   bash scripts/grade.sh setup                 # only make .venv-grading/ (requirements-grading.txt)
#   bash scripts/grade.sh assign [hw01 ...]     # student notebooks and autograders, all sets by default
#                                               # (--no-run-tests: skip otter's run of the reference)
#   bash scripts/grade.sh grade hw01 FOLDER     # grade every .ipynb in FOLDER; writes FOLDER/grades.csv
#
# assign writes _build/homework/hwNN/student/hwNN.ipynb (hand this out) and
# _build/homework/hwNN/autograder/ (the reference notebook and hwNN-autograder.zip); --out DIR
# writes there instead. grade runs `otter run` on each submission in this machine's Python
# (.venv-grading/, with curvlab installed from this checkout): no Docker, no network.
# Environment: PYTHON picks the interpreter that creates .venv-grading/ (default python3, >= 3.11).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Python keeps each module's bytecode once it has compiled it (.venv-grading/ is installed
# without it): otherwise every grading process compiles otter and numpy again.
unset PYTHONDONTWRITEBYTECODE

case "${1:-}" in
    setup | assign | grade) ;;
    -h | --help | "")
        sed -n '2,12p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    *)
        echo "grade.sh: unknown command '$1' (expected setup, assign or grade)" >&2
        exit 2
        ;;
esac

# The grading environment: its own, since graders need neither Jupyter Book nor a browser.
PYTHON="${PYTHON:-python3}"
VENV=.venv-grading
if [[ ! -x $VENV/bin/python ]]; then
    echo "==> Creating $VENV with $PYTHON" >&2
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' || {
        echo "grade.sh: curvlab needs Python >= 3.11; set PYTHON=/path/to/python3.11" >&2
        exit 1
    }
    "$PYTHON" -m venv "$VENV"
fi
stamp="$(cat requirements-grading.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [[ "$(cat $VENV/.curvlab-setup 2>/dev/null || true)" != "$stamp" ]]; then
    echo "==> Installing requirements-grading.txt into $VENV" >&2
    # With uv, as scripts/setup.sh installs .venv (its pin is in requirements-dev.txt).
    $VENV/bin/python -m pip install --disable-pip-version-check --quiet \
        "$(grep -E '^uv==' requirements-dev.txt)" >&2
    # Without --compile-bytecode: Python writes each module's bytecode when it first imports
    # it, and grading imports a fraction of what is installed. Set-up and the first grading of
    # two submissions took 6.3 + 6.0 s, against 16.7 + 3.0 s compiling every module.
    $VENV/bin/uv pip install --python $VENV/bin/python --quiet \
        -r requirements-grading.txt >&2
    echo "$stamp" >$VENV/.curvlab-setup
fi
[[ "$1" == setup ]] && exit 0

exec $VENV/bin/python scripts/grading.py "$@"
