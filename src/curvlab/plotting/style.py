"""The one style table of the book's figures: colours, how each kind of critical point is drawn.

Every figure takes its colours and markers from here, so that a saddle looks the same in every
chapter (a purple ``X``), and so does a minimum (a green circle) or a maximum (a red triangle).
"""

from __future__ import annotations

from curvlab.curvature.classification import Kind

__all__ = ["BASIN_COLORS", "KIND_PLURAL", "KIND_STYLE", "PALETTE"]

PALETTE = ("#d4a017", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b")
"""Path colours; the first is the lab's gold."""

KIND_STYLE = {
    Kind.MINIMUM: {"marker": "o", "color": "#2ca02c"},
    Kind.MAXIMUM: {"marker": "^", "color": "#d62728"},
    Kind.SADDLE: {"marker": "X", "color": "#9467bd"},
    Kind.DEGENERATE: {"marker": "D", "color": "#ff7f0e"},
}
"""Marker and colour of each kind of critical point."""

KIND_PLURAL = {
    Kind.MINIMUM: "minima",
    Kind.MAXIMUM: "maxima",
    Kind.SADDLE: "saddles",
    Kind.DEGENERATE: "degenerate",
}
"""How legends count each kind."""

BASIN_COLORS = {
    Kind.MINIMUM: ("#9ecae1", "#6baed6", "#c6dbef", "#4292c6"),
    Kind.SADDLE: ("#fdae6b", "#fd8d3c", "#fdd0a2", "#f16913"),
    Kind.MAXIMUM: ("#d62728",),
    Kind.DEGENERATE: ("#969696",),
}
"""Fill colours of basin maps: blues for minima, oranges for saddles, red for maxima."""
