"""Matrix-shaped parameters for optimizers that act on ``W`` rather than on ``vec(W)``."""

from __future__ import annotations

import numpy as np

from curvlab.core.validation import as_positive_int

__all__ = ["as_shape", "check_size"]


def as_shape(shape: tuple[int, int]) -> tuple[int, int]:
    """Return ``shape`` as a pair of positive ints ``(m, n)``.

    Raises
    ------
    TypeError, ValueError
        If ``shape`` is not a pair of positive integers.
    """
    try:
        m, n = shape
    except (TypeError, ValueError) as err:
        raise ValueError(f"shape must be a pair (m, n); got {shape!r}") from err
    return as_positive_int(m, "shape[0]"), as_positive_int(n, "shape[1]")


def check_size(x0: np.ndarray, shape: tuple[int, int]) -> None:
    """Raise ``ValueError`` unless ``x0`` holds exactly ``m * n`` numbers."""
    if x0.size != shape[0] * shape[1]:
        raise ValueError(
            f"shape mismatch: x0 has {x0.size} entries but shape {shape} needs "
            f"{shape[0] * shape[1]}"
        )
