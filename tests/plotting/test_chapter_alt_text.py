"""The text alternatives of chapters 1-3 say their mathematics in words, never as raw TeX.

Every figure a chapter shows carries its alt text in the stored output's metadata
(:func:`curvlab.widgets.display.register_alt_text`), and every exploration its frame's alt text in
the widget state: the stored notebooks hold what each figure function and exploration of the
chapter wrote. The explorations are also drawn here at a second position of every control.
"""

import json
import re
from pathlib import Path

import pytest

from curvlab.experiments.registry import EXPLORATIONS

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ["01_gradient_descent", "02_hessian", "03_critical_points"]
TEX = re.compile(r"[$\\{}]|\^\{|_\{")


def _alts(notebook: dict) -> list[str]:
    alts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if alt is not None:
                alts.append(alt)
    state = (
        notebook["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    )
    for model in state.get("state", {}).values():
        tooltip = model.get("state", {}).get("tooltip")
        if model.get("model_name") == "ImageModel" and tooltip:
            alts.append(tooltip)
    return alts


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_stored_alt_texts_have_no_tex(chapter):
    notebook = json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    alts = _alts(notebook)
    assert len(alts) >= 2, f"{chapter}: only {len(alts)} alt texts stored"
    raw = [alt for alt in alts if TEX.search(alt)]
    assert raw == [], f"{chapter}: alt text with TeX: {raw[:2]}"


@pytest.mark.parametrize(
    "name", [n for n in EXPLORATIONS if n.startswith(("ch1 ", "ch2 ", "ch3 "))]
)
def test_exploration_alt_texts_have_no_tex(name):
    exploration = EXPLORATIONS[name](static=False)
    seen = [exploration.frame.tooltip]
    for control in exploration.controls:
        default = control.index
        control.index = len(control.options) - 1 if default == 0 else 0
        seen.append(exploration.frame.tooltip)
        control.index = default
    raw = [alt for alt in seen if TEX.search(alt)]
    assert raw == [], f"{name}: {raw[:1]}"
    assert all(alt.startswith("Exploration, ") for alt in seen)
