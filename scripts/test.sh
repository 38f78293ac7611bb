#!/usr/bin/env bash
# Set up (scripts/setup.sh, with the browser on CI or as root), lint, then run every test:
# the unit tests in tests/, the site build and browser tests, the Binder check, and nbval
# over the chapter notebooks (strict: each stored output must match a fresh run). Then nbval
# runs once more over the notebooks on another numerical back end (generic x86-64 OpenBLAS
# kernels, numpy's SIMD loops off), so that outputs stored on one CPU are proven to reproduce
# on others. Extra arguments go to the first pytest run, e.g. `bash scripts/test.sh -m "not slow"`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The browser tests need Debian's chromium. On CI they must run, so install it there; as root
# on a workstation installing it is harmless. Otherwise they skip and say how to enable them.
if [[ -n "${CI:-}" || "$(id -u)" == 0 ]]; then
    bash scripts/setup.sh --browser
else
    bash scripts/setup.sh
fi

echo
echo "==> ruff check"
.venv/bin/ruff check .
echo "==> ruff format --check"
.venv/bin/ruff format --check .

shopt -s nullglob
notebooks=(book/*.ipynb)
shopt -u nullglob
if [[ ${#notebooks[@]} -eq 0 ]]; then
    echo "test.sh: no notebooks in book/ for nbval to check" >&2
    exit 1
fi

echo
echo "==> pytest tests/ and nbval (strict) over ${notebooks[*]}"
# `--nbval` (not --nbval-lax) compares every stored output; --nbval-current-env runs the
# notebooks in this interpreter (.venv) whatever kernel they name. The notebooks run as a
# reader runs them, with live explorations (CURVLAB_STATIC_WIDGETS unset); the site tests
# build with scripts/build.sh, which sets it. pytest exits 5 when it collected no test,
# which fails this script like any other non-zero status.
unset CURVLAB_STATIC_WIDGETS
.venv/bin/python -m pytest tests "${notebooks[@]}" --nbval --nbval-current-env "$@"

# The same stored outputs, on a different numerical back end. OpenBLAS picks its kernels by CPU
# and numpy dispatches its SIMD loops by CPU, so round-off differs between machines; a notebook
# that printed one machine's last digits would fail here. Prescott is OpenBLAS's generic x86-64
# kernel, which every x86-64 CPU runs; NPY_DISABLE_CPU_FEATURES switches off numpy's dispatched
# features that this CPU has (naming one it lacks is an error, so they are read from numpy).
echo
if [[ "$(uname -m)" == x86_64 ]]; then
    features="$(.venv/bin/python scripts/simd_features.py)"
    echo "==> nbval again with OPENBLAS_CORETYPE=Prescott NPY_DISABLE_CPU_FEATURES=\"$features\""
    OPENBLAS_CORETYPE=Prescott NPY_DISABLE_CPU_FEATURES="$features" \
        .venv/bin/python -m pytest "${notebooks[@]}" --nbval --nbval-current-env -p no:cacheprovider
else
    echo "==> second nbval run skipped: OPENBLAS_CORETYPE=Prescott names an x86-64 kernel and" \
        "this machine is $(uname -m); the first run checked the stored outputs on this CPU"
fi
