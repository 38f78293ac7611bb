"""Fixtures shared by the test folders."""

from __future__ import annotations

import pytest


@pytest.fixture
def placeholder_frames(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Static explorations list placeholder frames instead of drawing their whole grid.

    For tests of a static exploration's structure (controls, grid size, wiring), which do not
    need hundreds of drawn frames; the book build draws them all. Returns, as they are built,
    each exploration's grid: its title, frame function, points, labels and alt-text function.
    """
    from curvlab.widgets import core

    grids: list[dict] = []

    def placeholders(title, draw, points, labels, alt):
        grids.append({"title": title, "draw": draw, "points": points, "labels": labels, "alt": alt})
        return [core.Frame(f"placeholder {i}", f"frame {i}") for i in range(len(points))]

    monkeypatch.setattr(core, "render_frames", placeholders)
    return grids
