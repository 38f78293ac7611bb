"""Argument checks at the public boundary of the chapter-7 modules (messages name the argument).

These mirror ``curvlab.validation``, which is moving to ``curvlab.core`` in the restructuring;
at the merge they can become thin aliases of it.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

__all__ = ["choice", "count", "non_negative", "positive"]


def count(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int ``>= minimum`` or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


def positive(value: Any, name: str) -> float:
    """Return ``value`` as a finite float ``> 0`` or raise naming ``name``."""
    number = _real(value, name)
    if not number > 0:
        raise ValueError(f"{name} must be positive; got {number}")
    return number


def non_negative(value: Any, name: str) -> float:
    """Return ``value`` as a finite float ``>= 0`` or raise naming ``name``."""
    number = _real(value, name)
    if number < 0:
        raise ValueError(f"{name} must be non-negative; got {number}")
    return number


def choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``options`` or raise naming ``name``."""
    if value not in options:
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def _real(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite; got {number}")
    return number
