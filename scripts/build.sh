#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book into _build/html, executing every notebook,
# then print the built pages to one PDF, _build/pdf/curvlab.pdf (scripts/build_pdf.py explains
# how; it needs Debian's chromium and is skipped, with a note, without it).
# Any warning or cell error fails the build. Extra arguments go to `jupyter-book build`, e.g.
#   bash scripts/build.sh --path-output /tmp/site   # HTML in /tmp/site/_build/html
#   bash scripts/build.sh --student --path-output _build/student   # the student edition
#   bash scripts/build.sh --no-pdf   # the website only
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# --student: the student edition, every exercise's solution left out (_ext/curvlab_student.py).
# --no-pdf: the website only (tests/website/ checks the student edition's pages, not its PDF).
book_args=()
pdf=1
for arg in "$@"; do
    case "$arg" in
        --student) export CURVLAB_STUDENT=1 ;;
        --no-pdf) pdf=0 ;;
        *) book_args+=("$arg") ;;
    esac
done
set -- ${book_args[@]+"${book_args[@]}"}

bash scripts/setup.sh

# The package draws its explorations as precomputed frames (an ipywidgets Stack of images
# switched by the sliders in the browser), so the published pages need no running kernel.
export CURVLAB_STATIC_WIDGETS=1

echo
echo "==> Building the book (jupyter-book build . -W -n --keep-going $*)"
start=$SECONDS
.venv/bin/jupyter-book build . -W -n --keep-going "$@"
echo "==> Built in $((SECONDS - start)) s"

# The folder jupyter-book writes _build/ into: the repository, or --path-output's argument.
out="$ROOT"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --path-output=*) out="${args[i]#--path-output=}" ;;
        --path-output) out="${args[i + 1]:-}" ;;
    esac
done

if [[ $pdf -eq 0 ]]; then
    echo "==> No PDF (--no-pdf)"
    exit 0
fi
echo
echo "==> Printing the book to $out/_build/pdf/curvlab.pdf"
start=$SECONDS
status=0
.venv/bin/python scripts/build_pdf.py "$out/_build/html" "$out/_build/pdf/curvlab.pdf" || status=$?
if [[ $status -eq 3 ]]; then
    echo "build.sh: no PDF without chromium; the website is built (see above)" >&2
elif [[ $status -ne 0 ]]; then
    exit "$status"
else
    echo "==> Printed in $((SECONDS - start)) s"
fi
