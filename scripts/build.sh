#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book into _build/html, executing every notebook.
# Any warning or cell error fails the build. Extra arguments go to `jupyter-book build`, e.g.
#   bash scripts/build.sh --path-output /tmp/site   # HTML in /tmp/site/_build/html
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

# The package draws its explorations as precomputed frames (an ipywidgets Stack of images
# switched by the sliders in the browser), so the published pages need no running kernel.
export CURVLAB_STATIC_WIDGETS=1

echo
echo "==> Building the book (jupyter-book build . -W -n --keep-going $*)"
start=$SECONDS
.venv/bin/jupyter-book build . -W -n --keep-going "$@"
echo "==> Built in $((SECONDS - start)) s"
