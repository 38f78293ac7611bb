#!/usr/bin/env bash
# Tag a release: v<version of pyproject.toml>, the tag every chapter's Colab cell installs
# curvlab from (git+<repository>@v<version>).
#
#   bash scripts/release.sh          # tag the current commit v<version>
#   bash scripts/release.sh 0.2.0    # set version 0.2.0 (pyproject.toml, the Colab cells, README),
#                                    # commit that, and tag it v0.2.0
#
# It refuses a working tree with uncommitted changes, an address or version that is not the same
# everywhere (scripts/address.py check) and a tag that exists. It pushes nothing: it prints the
# `git push` that publishes the tag.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

if [[ -n "$(git status --porcelain)" ]]; then
    echo "release.sh: the working tree has uncommitted changes; commit or stash them first:" >&2
    git status --short >&2
    exit 1
fi
if [[ $# -gt 1 ]]; then
    echo "release.sh: expected at most one argument, the new version (e.g. 0.2.0)" >&2
    exit 2
fi
if [[ $# -eq 1 ]]; then
    "$PYTHON" scripts/address.py version "$1"
    git add -A
    git commit --quiet -m "Release v$1: the Colab cells install curvlab from the tag v$1"
fi
"$PYTHON" scripts/address.py check
version="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
tag="v$version"
if git rev-parse --quiet --verify "refs/tags/$tag" >/dev/null; then
    echo "release.sh: the tag $tag exists; give a new version: bash scripts/release.sh X.Y.Z" >&2
    exit 1
fi
git tag --annotate "$tag" --message "curvlab $version"
echo "release.sh: tagged $tag at $(git rev-parse --short HEAD)"
echo "release.sh: publish it with: git push origin HEAD $tag"
