#!/usr/bin/env bash
# Set up (scripts/setup.sh, with the browser on CI or as root), lint, then run every test in
# one pytest session: the unit tests in tests/ and the examples in src/'s docstrings, the site
# build (which executes every notebook once) with its browser tests, and the comparison of every
# stored output with that execution (nbval's strict comparison, scripts/compare_outputs.py), the
# Binder and Colab checks. Then nbval runs over the notebooks on another numerical back end
# (generic x86-64 OpenBLAS kernels, numpy's SIMD loops off), so that outputs stored on one CPU are
# proven to reproduce on others. Extra arguments go to the first pytest run, e.g.
# `bash scripts/test.sh -m "not slow"` (no build, no browser, no second back end: about a minute and a half).
#
# A re-run with nothing changed is quick: the build executes only notebooks whose code, the
# curvlab package or requirements.txt changed, and reads unchanged exploration frames back
# (_ext/curvlab_sphinx.py); the second back end is skipped when the notebooks, src/ and the
# requirements are those it last passed on (a stamp in _build/.curvlab_cache/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# pytest rewrites every test module's asserts and keeps the result as bytecode beside it (in
# __pycache__/, which git ignores). Where PYTHONDONTWRITEBYTECODE is set, each worker of every
# run rewrites and compiles all of tests/ and src/ again, about 2 s per worker of this machine
# (benchmarks/collection_time.py). So this repository's bytecode is written; .venv's was
# compiled when it was installed (scripts/setup.sh).
unset PYTHONDONTWRITEBYTECODE

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

# The same stored outputs, on a different numerical back end. OpenBLAS picks its kernels by CPU
# and numpy dispatches its SIMD loops by CPU, so round-off differs between machines; a notebook
# that printed one machine's last digits would fail here. Prescott is OpenBLAS's generic x86-64
# kernel, which every x86-64 CPU runs; NPY_DISABLE_CPU_FEATURES switches off numpy's dispatched
# features that this CPU has (naming one it lacks is an error, so they are read from numpy).
# It runs beside the main session and is reported after it. Left out when pytest is given -m or
# -k (a contributor's quick answer), on a machine that is not x86-64, and when it already passed
# on these notebooks, src/ and requirements.
second=""
second_note=""
for arg in "$@"; do
    case "$arg" in
        -m | -k | -m* | -k*) second_note="left out (pytest was given $arg)" ;;
    esac
done
if [[ -z "$second_note" && "$(uname -m)" != x86_64 ]]; then
    second_note="skipped: OPENBLAS_CORETYPE=Prescott names an x86-64 kernel and this machine is \
$(uname -m); the first run checked the stored outputs on this CPU"
fi
if [[ -z "$second_note" ]]; then
    features="$(.venv/bin/python scripts/simd_features.py)"
    mkdir -p _build/.curvlab_cache
    stamp_file=_build/.curvlab_cache/second-backend.ok
    second_log=_build/.curvlab_cache/second-backend.log
    # shellcheck disable=SC2046  # one word per source file
    stamp="$(cat "${notebooks[@]}" requirements.txt requirements-dev.txt pyproject.toml \
        scripts/simd_features.py $(find src -name '*.py' | sort) | sha256sum | cut -d' ' -f1) $features"
    if [[ "$(cat "$stamp_file" 2>/dev/null || true)" == "$stamp" ]]; then
        second_note="skipped: it passed on these notebooks, src/ and requirements ($stamp_file;\
 delete it to run again)"
    else
        echo
        echo "==> started in the background: nbval with OPENBLAS_CORETYPE=Prescott" \
            "NPY_DISABLE_CPU_FEATURES=\"$features\" (log: $second_log)"
        OPENBLAS_CORETYPE=Prescott NPY_DISABLE_CPU_FEATURES="$features" \
            .venv/bin/python -m pytest "${notebooks[@]}" --nbval --nbval-current-env \
            -p no:cacheprovider -p no:xdist >"$second_log" 2>&1 &
        second=$!
    fi
fi

# The slow tests (the book build, the browser, the student edition, homework grading, Binder's
# checks) are kept, like a build system's test cache, when they all passed, none skipped, on
# exactly these inputs: the content of every file git sees in the repository (tracked, or new
# and not ignored), the installed Python packages, the browser's version and the machine's
# architecture. Any change to any of them runs them again; so does deleting the stamp. A run
# given pytest arguments neither reads nor writes the stamp. The quick tests always run.
slow_stamp_file=_build/.curvlab_cache/slow-tests.ok
slow_junit=_build/.curvlab_cache/last-run.xml
slow_key=""
slow_args=()
if [[ $# -eq 0 ]] && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mkdir -p _build/.curvlab_cache
    slow_key="$(
        {
            git ls-files -z --cached --others --exclude-standard |
                while IFS= read -r -d '' file; do [[ -f $file ]] && printf '%s\0' "$file"; done |
                sort -z | xargs -0 sha256sum
            .venv/bin/python -m pip freeze --all 2>/dev/null
            /usr/bin/chromium --version 2>/dev/null || echo "no chromium"
            uname -m
        } | sha256sum | cut -d' ' -f1
    )"
    if [[ "$(cat "$slow_stamp_file" 2>/dev/null || true)" == "$slow_key" ]]; then
        slow_args=(-m "not slow")
        echo
        echo "==> slow tests skipped: they all passed on exactly these inputs ($slow_stamp_file;" \
            "delete it to run them again)"
    else
        slow_args=(--junitxml "$slow_junit")
        rm -f "$slow_junit"
    fi
fi

echo
echo "==> pytest tests/ src/ on every core (unit tests, doctests, the book build and its checks)"
# The notebooks run as the website build runs them (scripts/build.sh sets
# CURVLAB_STATIC_WIDGETS=1); the stored outputs are compared with that execution, and an
# exploration's text form is the same in both modes. pytest exits 5 when it collected no test,
# which fails this script like any other non-zero status.
#
# BLAS runs on one thread in every process of this session (its workers, the book build's
# kernels). The session keeps every core busy with processes of its own, so a BLAS call gains
# nothing from threads of its own, and a threaded call waits for threads that share the cores
# with other processes (OpenBLAS's idle threads also spin).
# tests/experiments/test_ch7_experiments.py's Hutch++ test took 21 s on OpenBLAS's default
# threads and 3.4 s on one in two fresh-clone runs of this script; side by side, beside one
# busy loop per core, 5.3 s against 3.5 s, and on an idle machine 2.3 s against 2.4 s
# (benchmarks/blas_threads.py). The thread count changes round-off as a CPU does, and the
# notebooks print numbers rounded so that it does not show; the second back end, started
# above, runs with OpenBLAS's default threads, as a reader's machine does.
status=0
env -u CURVLAB_STATIC_WIDGETS OPENBLAS_NUM_THREADS=1 .venv/bin/python -m pytest -n auto --dist loadgroup --no-loadscope-reorder --durations=25 \
    ${slow_args[@]+"${slow_args[@]}"} tests src "$@" || status=$?
if [[ $status -eq 0 && -n "$slow_key" && -f "$slow_junit" ]] &&
    .venv/bin/python scripts/junit_clean.py "$slow_junit"; then
    echo "$slow_key" >"$slow_stamp_file"
fi

echo
if [[ -n "$second" ]]; then
    second_status=0
    wait "$second" || second_status=$?
    echo "==> nbval again with OPENBLAS_CORETYPE=Prescott NPY_DISABLE_CPU_FEATURES=\"$features\""
    cat "$second_log"
    if [[ $second_status -eq 0 ]]; then
        echo "$stamp" >"$stamp_file"
    elif [[ $status -eq 0 ]]; then
        status=$second_status
    fi
else
    echo "==> second nbval run $second_note"
fi
exit "$status"
