"""Chapter 1's experiment inputs: where the runs on the bowl start."""

from __future__ import annotations

import numpy as np

__all__ = ["BOWL_START"]

BOWL_START = np.array([-1.5, 1.0])
"""Where the chapter's runs on the bowl start (chapter 6 reuses it)."""
