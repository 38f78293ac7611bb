"""The package's import arrows point one way; this test enforces every arrow of the house plan.

The layers, from the bottom: the library (``core`` < ``problems`` < ``curvature`` <
``optimizers`` < ``theory``, in that order: a library subpackage never imports a later one, nor
the top package ``curvlab``), then ``plotting`` (matplotlib), then ``widgets`` (ipywidgets), then
``experiments``. Inside one experiment topic the order is ``compute`` → ``figures`` →
``explore``. A module may import its own layer and the layers below it, never one above.
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "src" / "curvlab"

LIBRARY = ("core", "problems", "curvature", "optimizers", "theory")
DRAWING = ("matplotlib", "ipywidgets", "IPython")
EXPERIMENT_STAGES = ("compute", "figures", "explore")

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "library": (*DRAWING, "curvlab.plotting", "curvlab.widgets", "curvlab.experiments"),
    "plotting": ("ipywidgets", "IPython", "curvlab.widgets", "curvlab.experiments"),
    "widgets": ("curvlab.experiments",),
    "compute": (*DRAWING, "curvlab.plotting", "curvlab.widgets"),
    "figures": ("ipywidgets", "IPython", "curvlab.widgets"),
    "explore": (),
    "registry": (),
}
"""What each layer must never import (a module name or any of its submodules)."""


def module_name(path: pathlib.Path) -> str:
    """``src/curvlab/core/runner.py`` -> ``curvlab.core.runner`` (packages without __init__)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(name: str) -> str:
    """The layer of a module of curvlab, by its dotted name; ``ValueError`` if it has none."""
    parts = name.split(".")
    if parts == ["curvlab"]:
        return "library"  # the thin public __init__ re-exports the library only
    top = parts[1]
    if top in LIBRARY:
        return "library"
    if top in ("plotting", "widgets"):
        return top
    if top == "experiments":
        if len(parts) == 2 or parts[2] == "registry":
            return "registry"
        if len(parts) == 3:
            return "explore"  # a topic's __init__ re-exports its three stages
        if parts[3] in EXPERIMENT_STAGES:
            return parts[3]
    raise ValueError(f"{name} belongs to no layer of the house plan")


def imported_modules(source: str, name: str, is_package: bool = False) -> set[str]:
    """Every module that ``source`` (the module ``name``) imports, relative imports resolved."""
    package = name if is_package else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def library_rank(name: str) -> int | None:
    """The position of a library module's subpackage in ``LIBRARY`` (``None`` outside it)."""
    parts = name.split(".")
    if len(parts) > 1 and parts[0] == "curvlab" and parts[1] in LIBRARY:
        return LIBRARY.index(parts[1])
    return None


def violations(name: str, source: str, is_package: bool = False) -> list[str]:
    """The imports of module ``name`` that break an arrow of the house plan."""
    layer = layer_of(name)
    banned = list(FORBIDDEN[layer])
    parts = name.split(".")
    rank = library_rank(name)
    if rank is not None:
        # inside the library: core < problems < curvature < optimizers < theory, and never the
        # top package (which re-exports them all)
        banned += [f"curvlab.{above}" for above in LIBRARY[rank + 1 :]]
    if layer in EXPERIMENT_STAGES:
        # inside a topic: compute <- figures <- explore; another topic only through its compute
        topic = ".".join(parts[:3])
        above = EXPERIMENT_STAGES[EXPERIMENT_STAGES.index(layer) + 1 :]
        banned += [f"{topic}.{stage}" for stage in above]
    imports = imported_modules(source, name, is_package)
    bad = []
    for imported in sorted(imports):
        if rank is not None and imported == "curvlab":
            bad.append(imported)
        elif any(imported == b or imported.startswith(b + ".") for b in banned):
            bad.append(imported)
        elif layer in EXPERIMENT_STAGES and imported.startswith("curvlab.experiments."):
            other = imported.split(".")
            if other[2] != parts[2] and (len(other) < 4 or other[3] != "compute"):
                bad.append(imported)
    # a name imported from a module is reported with the module; keep the shortest
    return [b for b in bad if not any(b != o and b.startswith(o + ".") for o in bad)]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_module_imports_respect_its_layer(path):
    name = module_name(path)
    offending = violations(name, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    assert not offending, f"{name} ({layer_of(name)}) imports {offending}"


def test_every_subpackage_is_part_of_the_plan():
    # A folder with no module (a removed subpackage's leftover __pycache__/) is no subpackage.
    tops = {
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and not p.name.startswith("_") and any(p.glob("*.py"))
    }
    assert tops == {*LIBRARY, "plotting", "widgets", "experiments"}
    for topic in (PACKAGE / "experiments").iterdir():
        if topic.is_dir() and not topic.name.startswith("_"):
            stems = {p.stem for p in topic.glob("*.py")} - {"__init__"}
            assert stems <= set(EXPERIMENT_STAGES), f"{topic.name} has {sorted(stems)}"


# Each arrow of the plan, reversed: the checker must flag every one of them.
REVERSED_ARROWS = [
    ("curvlab.core.runner", "from curvlab.plotting.render import png_bytes"),
    ("curvlab.theory.rates", "import matplotlib.pyplot as plt"),
    ("curvlab.curvature.taylor", "from curvlab.widgets import explore"),
    ("curvlab.optimizers.adaptive", "from curvlab.experiments.adaptive.compute import replay"),
    ("curvlab.problems.surfaces", "from ..experiments import registry"),
    ("curvlab", "from curvlab.plotting import panels"),
    ("curvlab.plotting.panels", "from curvlab.widgets.core import explore"),
    ("curvlab.plotting.render", "import ipywidgets"),
    ("curvlab.plotting.style", "from curvlab.experiments.newton.compute import BasinMap"),
    ("curvlab.widgets.core", "from curvlab.experiments.registry import EXPLORATIONS"),
    ("curvlab.experiments.newton.compute", "from curvlab.experiments.newton.figures import X"),
    ("curvlab.experiments.newton.compute", "from .explore import basin_explorer"),
    ("curvlab.experiments.newton.compute", "from matplotlib.figure import Figure"),
    ("curvlab.experiments.newton.figures", "from curvlab.experiments.newton import explore"),
    ("curvlab.experiments.newton.figures", "from curvlab.widgets import Control"),
    ("curvlab.experiments.momentum.figures", "from curvlab.experiments.adaptive.figures import f"),
    ("curvlab.core.runner", "from curvlab.optimizers.base import Optimizer"),
    ("curvlab.core.tuning", "from curvlab.problems.quadratic import bowl"),
    ("curvlab.problems.mlp", "from curvlab import Objective"),
    ("curvlab.problems.mlp", "import curvlab"),
    ("curvlab.problems.digits", "from curvlab.curvature.operators import as_rng"),
    ("curvlab.curvature.trace", "from curvlab.optimizers import adam"),
    ("curvlab.optimizers.sophia", "from curvlab.theory.rates import optimal_step"),
    ("curvlab.optimizers.adaptive", "from ..theory import rates"),
    ("curvlab.core.runner", "from .. import problems"),
]


@pytest.mark.parametrize(("name", "source"), REVERSED_ARROWS)
def test_the_checker_fails_on_a_reversed_arrow(name, source):
    assert violations(name, source), f"{name}: {source!r} was not flagged"


ALLOWED_ARROWS = [
    ("curvlab.plotting.panels", "from curvlab.core.runner import Trajectory"),
    ("curvlab.widgets.core", "from curvlab.plotting.render import png_bytes"),
    ("curvlab.experiments.newton.figures", "from curvlab.experiments.newton.compute import B"),
    ("curvlab.experiments.newton.explore", "from .figures import BasinMapFrame"),
    (
        "curvlab.experiments.adaptive.compute",
        "from curvlab.experiments.gradient_descent.compute import S",
    ),
    (
        "curvlab.experiments.registry",
        "from curvlab.experiments.newton.explore import basin_explorer",
    ),
    ("curvlab.core.runner", "from curvlab.core.optimizer import Optimizer"),
    ("curvlab.problems.mlp", "from curvlab.core.objective import Objective"),
    ("curvlab.optimizers.sophia", "from curvlab.curvature.operators import CountingOperator"),
    ("curvlab.theory.rates", "from curvlab.core.spectrum import spectrum"),
    ("curvlab.theory", "from curvlab.optimizers import adam"),
    ("curvlab", "from curvlab.theory import optimal_step"),
]


@pytest.mark.parametrize(("name", "source"), ALLOWED_ARROWS)
def test_the_checker_accepts_the_arrows_of_the_plan(name, source):
    assert not violations(name, source)


def test_a_module_outside_the_plan_has_no_layer():
    with pytest.raises(ValueError, match="no layer"):
        layer_of("curvlab.figures.gd_bowl")


@pytest.mark.parametrize("package", ["curvlab", *(f"curvlab.{name}" for name in LIBRARY)])
def test_importing_the_library_loads_no_drawing_code(package):
    code = (
        f"import sys, {package}; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]", f"import {package} loads {loaded}"


@pytest.mark.parametrize(
    "package",
    ["curvlab", "curvlab.plotting", "curvlab.curvature", "curvlab.curvature.classification"],
)
def test_importing_plotting_loads_no_sympy(package):
    """sympy is for the symbolic tools alone: drawing a figure must not load it."""
    code = f"import sys, {package}; print('sympy' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "False", f"import {package} loads sympy"
