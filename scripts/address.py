"""The book's address and version, defined once in pyproject.toml and copied where they are used.

``pyproject.toml`` holds them: ``version`` and ``[project.urls] Repository`` (the GitHub
repository the book is published from). Everything else is derived from those two:

* ``_config.yml`` ``repository.url``: the launch buttons (Binder, Colab, Live Code) and the
  repository and issues links of every page;
* ``[project.urls] Homepage``: the GitHub Pages address, ``https://OWNER.github.io/REPO/``;
* every chapter's Colab cell (tagged ``colab-install``): ``git+<Repository>@v<version>``, the tag
  that ``scripts/release.sh`` creates;
* the block of README.md between ``<!-- book-address -->`` and ``<!-- /book-address -->``.

Commands (Python >= 3.11, standard library only)::

    python3 scripts/address.py check         # every copy agrees with pyproject.toml, or exit 1
    python3 scripts/address.py set URL       # a fork's own address, e.g. https://github.com/me/book
    python3 scripts/address.py version X.Y.Z # a new version (scripts/release.sh uses it)
    python3 scripts/address.py sync          # rewrite the copies from pyproject.toml
    python3 scripts/address.py show          # print the address, the site and the version

Every rewrite is textual and idempotent: a second run changes nothing.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
PIN = re.compile(r"git\+https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+@v[0-9][\w.]*")
README_BLOCK = re.compile(r"<!-- book-address -->\n.*?<!-- /book-address -->", re.DOTALL)


def read(root: pathlib.Path = ROOT) -> tuple[str, str]:
    """``(repository URL, version)`` from pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["urls"]["Repository"], project["version"]


def pages_url(url: str) -> str:
    """GitHub Pages' address of a repository: ``https://OWNER.github.io/REPO/``."""
    match = GITHUB.match(url)
    if match is None:
        raise ValueError(f"url must look like https://github.com/OWNER/REPO, got {url!r}")
    owner, repo = match.groups()
    return f"https://{owner.lower()}.github.io/{repo}/"


def readme_block(url: str, version: str) -> str:
    return (
        "<!-- book-address -->\n"
        f"Published at <{pages_url(url)}> from <{url}>; this is version {version}, and\n"
        f"its notebooks install `curvlab` on Colab from the tag `v{version}`.\n"
        "<!-- /book-address -->"
    )


def chapters(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted((root / "book").glob("0*.ipynb"))


def expected_files(root: pathlib.Path, url: str, version: str) -> dict[pathlib.Path, str]:
    """The text each derived file must have (only the files whose text would change)."""
    out: dict[pathlib.Path, str] = {}
    pin = f"git+{url}@v{version}"

    def put(path: pathlib.Path, new: str) -> None:
        if path.read_text(encoding="utf-8") != new:
            out[path] = new

    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^Homepage = "[^"]*"$', f'Homepage = "{pages_url(url)}"', text)
    put(pyproject, text)
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(repository:\n(?:  .*\n|\s*#.*\n)*?  url: ).*$", rf"\g<1>{url}", text)
    put(config, text)
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    put(readme, README_BLOCK.sub(lambda _: readme_block(url, version), text))
    for chapter in chapters(root):
        put(chapter, PIN.sub(pin, chapter.read_text(encoding="utf-8")))
    return out


def problems(root: pathlib.Path = ROOT) -> list[str]:
    """What disagrees with pyproject.toml (empty when every copy agrees)."""
    url, version = read(root)
    found = [f"{p.relative_to(root)} is not in step" for p in expected_files(root, url, version)]
    pin = f"git+{url}@v{version}"
    for chapter in chapters(root):
        if pin not in chapter.read_text(encoding="utf-8"):
            found.append(f"{chapter.relative_to(root)} has no Colab cell installing {pin}")
    if not README_BLOCK.search((root / "README.md").read_text(encoding="utf-8")):
        found.append("README.md has no <!-- book-address --> block")
    if not re.search(r"(?m)^Homepage = ", (root / "pyproject.toml").read_text(encoding="utf-8")):
        found.append("pyproject.toml has no [project.urls] Homepage")
    return found


def sync(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    url, version = read(root)
    changed = expected_files(root, url, version)
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    return list(changed)


def _set_in_pyproject(root: pathlib.Path, pattern: str, line: str) -> None:
    path = root / "pyproject.toml"
    text, n = re.subn(pattern, line, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    if n != 1:
        raise SystemExit(f"address.py: no line matching {pattern!r} in pyproject.toml")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None, root: pathlib.Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "set", "version", "sync", "show"])
    parser.add_argument("value", nargs="?")
    args = parser.parse_args(argv)
    if args.command in ("set", "version") and not args.value:
        parser.error(f"{args.command} needs a value")
    if args.command == "set":
        url = args.value.rstrip("/").removesuffix(".git")
        pages_url(url)  # validates
        _set_in_pyproject(root, r'^Repository = "[^"]*"$', f'Repository = "{url}"')
    elif args.command == "version":
        if not VERSION.match(args.value):
            parser.error(f"version must look like 1.2.3, got {args.value!r}")
        _set_in_pyproject(root, r'^version = "[^"]*"$', f'version = "{args.value}"')
    if args.command in ("set", "version", "sync"):
        for path in sync(root):
            print(f"address.py: updated {path.relative_to(root)}")
    url, version = read(root)
    if args.command == "show":
        print(f"repository {url}\nsite       {pages_url(url)}\nversion    {version}")
        return 0
    found = problems(root)
    for problem in found:
        print(f"address.py: {problem}; run `python3 scripts/address.py sync`", file=sys.stderr)
    if not found and args.command == "check":
        print(f"address.py: {url} version {version}, the same everywhere")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
