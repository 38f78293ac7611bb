"""The package's layers point one way: computation <- figures <- explore."""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "src" / "curvlab"
FORBIDDEN = {
    "computation": ("matplotlib", "ipywidgets", "IPython", "curvlab.figures", "curvlab.explore"),
    "figures": ("ipywidgets", "IPython", "curvlab.explore"),
    "explore": (),
}


def layer_of(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] == "experiments" and path.stem in ("figures", "explore"):
        return path.stem  # experiments/<topic>/{compute,figures,explore}.py
    return parts[0] if parts[0] in ("figures", "explore") else "computation"


def imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_module_imports_respect_its_layer(path):
    banned = FORBIDDEN[layer_of(path)]
    offending = sorted(
        name
        for name in imported_modules(path)
        if any(name == b or name.startswith(b + ".") for b in banned)
    )
    assert not offending, f"{path.relative_to(PACKAGE)} ({layer_of(path)}) imports {offending}"
