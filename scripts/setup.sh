#!/usr/bin/env bash
# Set up everything the book needs, in the repository itself. Safe to run again: each step
# is skipped when its inputs have not changed since it last succeeded.
#
#   bash scripts/setup.sh            # .venv/ (requirements-dev.txt), node_modules/, web assets
#   bash scripts/setup.sh --browser  # also Debian's chromium for the browser tests (root only)
#
# Environment: PYTHON picks the interpreter that creates .venv/ (default python3, >= 3.11).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WITH_BROWSER=0
for arg in "$@"; do
    case "$arg" in
        --browser) WITH_BROWSER=1 ;;
        -h | --help)
            sed -n '2,8p' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        *)
            echo "setup.sh: unknown argument '$arg' (expected --browser)" >&2
            exit 2
            ;;
    esac
done

say() { printf '\n==> %s\n' "$*"; }

# Hash of the given files, used as a stamp to skip steps whose inputs did not change.
stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# 1. Python: a virtual environment in .venv/ with the pinned requirements and curvlab (-e .).
PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    say "Creating .venv with $PYTHON"
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' || {
        echo "setup.sh: curvlab needs Python >= 3.11; set PYTHON=/path/to/python3.11" >&2
        exit 1
    }
    "$PYTHON" -m venv .venv
fi
# uv installs them: the same pins, resolved as pip would, but downloaded and unpacked in
# parallel (a fresh .venv in under a minute instead of over two on this project's 2-core
# machine). uv itself is pinned in requirements-dev.txt and installed with the venv's pip.
py_stamp="$(stamp_of requirements.txt requirements-dev.txt pyproject.toml)"
if [[ "$(cat .venv/.curvlab-setup 2>/dev/null || true)" != "$py_stamp" ]]; then
    say "Installing requirements-dev.txt into .venv (with uv)"
    .venv/bin/python -m pip install --disable-pip-version-check --quiet \
        "$(grep -E '^uv==' requirements-dev.txt)"
    # --compile-bytecode: as pip does, so that no import compiles (or, where
    # PYTHONDONTWRITEBYTECODE is set, compiles again in every process). It takes 13.7 s of a
    # 24 s set-up on this project's 2-core machine, and leaving it to the first imports cost
    # about as much later, measured once each way: in a fresh-clone test.sh, pytest's time
    # outside its tests (mostly starting and collecting) was 26-28 s against 20 s, and a fresh
    # clone's notebooks executed in 153 s against 144 s with the bytecode there (two builds
    # minutes apart).
    .venv/bin/uv pip install --python .venv/bin/python --compile-bytecode -r requirements-dev.txt
    echo "$py_stamp" >.venv/.curvlab-setup
else
    echo "setup.sh: .venv is up to date with requirements-dev.txt"
fi

# 2. JavaScript the website serves itself: MathJax 3, and the widget manager bundled from
#    web/widget-manager.js (which says why it is not html-manager's embed-amd.js).
if ! command -v npm >/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        say "Installing Node.js and npm with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
    else
        echo "setup.sh: npm not found; install Node.js (Debian: sudo apt-get install nodejs npm)" >&2
        exit 1
    fi
fi
js_stamp="$(stamp_of package.json package-lock.json)"
if [[ "$(cat node_modules/.curvlab-setup 2>/dev/null || true)" != "$js_stamp" ]]; then
    say "Installing package-lock.json into node_modules (npm ci)"
    npm ci --ignore-scripts --no-audit --no-fund
    echo "$js_stamp" >node_modules/.curvlab-setup
else
    echo "setup.sh: node_modules is up to date with package-lock.json"
fi

# Copied or bundled into book/_static/vendor/, which Sphinx publishes as _build/html/_static/vendor/.
VENDOR=book/_static/vendor
web_stamp="$js_stamp $(stamp_of web/widget-manager.js)"
if [[ "$(cat "$VENDOR/.curvlab-setup" 2>/dev/null || true)" != "$web_stamp" ]]; then
    say "Copying MathJax and bundling the widget manager into $VENDOR"
    rm -rf "$VENDOR"
    mkdir -p "$VENDOR/mathjax" "$VENDOR/widgets"
    cp -R node_modules/mathjax/es5 "$VENDOR/mathjax/es5"
    cp node_modules/mathjax/LICENSE "$VENDOR/mathjax/"
    # One minified script and its stylesheet (widget-manager.js, widget-manager.css); the
    # licences of the bundled packages are kept in widget-manager.LEGAL.txt.
    node_modules/.bin/esbuild web/widget-manager.js --bundle --minify --format=iife \
        --target=es2019 --legal-comments=external --log-level=warning \
        --define:process.env.NODE_ENV='"production"' --define:global=window \
        --outdir="$VENDOR/widgets"
    echo "$web_stamp" >"$VENDOR/.curvlab-setup"
else
    echo "setup.sh: $VENDOR is up to date"
fi

# 3. Optional: the browser the tests drive (Playwright with Debian's chromium).
if [[ "$WITH_BROWSER" == 1 ]]; then
    if [[ -x /usr/bin/chromium ]]; then
        echo "setup.sh: /usr/bin/chromium is installed"
    elif [[ "$(id -u)" == 0 ]]; then
        say "Installing Debian's chromium with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y --no-install-recommends chromium fonts-dejavu-core
    else
        echo "setup.sh: /usr/bin/chromium is missing; run 'sudo apt-get install chromium'" >&2
        exit 1
    fi
fi

say "Setup complete"
