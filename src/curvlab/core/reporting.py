r"""Numbers as the book quotes them: rounded to what the text claims, round-off as a bound.

Round-off differs between CPUs: numpy's bundled OpenBLAS chooses its kernels by processor,
and numpy dispatches its own SIMD loops by processor too, so the last digits of a computed
float (and every digit of a residual at round-off level) change from machine to machine. A
stored notebook output must not record them. The book therefore quotes

* a computed quantity rounded to the digits the text claims (:func:`significant`, and
  :func:`glue`, which rounds before it records a number for the prose);
* a quantity that is pure round-off (a residual of :math:`10^{-12}` or :math:`10^{-28}`, the
  distance between two algorithms' answers) as a verdict against a stated bound
  (:func:`below`), which fails loudly if the bound does not hold.

The tests compare the full-precision values with their oracles; only the display is rounded.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from curvlab.core.validation import as_finite_float, as_positive_float, as_positive_int

__all__ = ["below", "glue", "quote", "significant"]

GLUE_DIGITS = 6
"""Significant digits a glued float keeps: far more than any sentence quotes, far fewer than
the 15–17 where CPUs disagree."""


def significant(value: float, digits: int = GLUE_DIGITS) -> float:
    """Round ``value`` to ``digits`` significant digits.

    Examples
    --------
    >>> significant(157065.27315042375, 4)
    157100.0
    >>> significant(0.9664215340516918)
    0.966422

    Raises
    ------
    TypeError, ValueError
        If ``value`` is not a finite real number or ``digits`` is not a positive integer.
    """
    value = as_finite_float(value, "value")
    digits = as_positive_int(digits, "digits")
    if value == 0.0:
        return 0.0
    return float(f"{value:.{digits - 1}e}")


def below(value: float, bound: float) -> str:
    """Say that ``|value|`` is below ``bound``, as ``"below 1e-12"``; refuse if it is not.

    Use it for quantities that are round-off: their digits differ between CPUs, their size
    relative to a bound does not.

    Examples
    --------
    >>> below(3.7e-28, 1e-20)
    'below 1e-20'

    Raises
    ------
    ValueError
        If ``|value| >= bound`` (the claim would be false), or an argument is not a finite
        number (``bound`` must be positive).
    """
    value = as_finite_float(value, "value")
    bound = as_positive_float(bound, "bound")
    if not abs(value) < bound:
        raise ValueError(f"|value| = {abs(value):.2e} is not below the bound {bound:.0e}")
    return f"below {bound:.0e}".replace("e-0", "e-").replace("e+0", "e+")


def quote(value: float, floor: float, digits: int = 2) -> str:
    """Quote ``value`` as ``"= 4.4e-09"`` when it is at least ``floor``, else as ``"below 1e-12"``.

    For a column of results some of which are real numbers and some round-off (the final loss
    of runs that stopped early and of runs that converged).

    Examples
    --------
    >>> quote(4.4e-09, 1e-12), quote(5.7e-28, 1e-12)
    ('= 4.4e-09', 'below 1e-12')

    Raises
    ------
    TypeError, ValueError
        If ``value`` is not finite, ``floor`` is not positive or ``digits`` not a positive integer.
    """
    value = as_finite_float(value, "value")
    floor = as_positive_float(floor, "floor")
    digits = as_positive_int(digits, "digits")
    if abs(value) < floor:
        return below(value, floor)
    return f"= {value:.{digits - 1}e}"


def glue(name: str, value: Any, digits: int = GLUE_DIGITS) -> None:
    """Record ``value`` for the prose with myst-nb's ``glue``, floats rounded first.

    A float (numpy floats included) is rounded to ``digits`` significant digits by
    :func:`significant`; integers, strings and other objects are recorded as they are. Nothing
    is displayed in the cell (``display=False``): the prose shows it, formatted by the role,
    e.g. ``{glue:text}`kappa:.1f```.

    Raises
    ------
    TypeError, ValueError
        If ``name`` is not a string, or a float is not finite.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str; got {type(name).__name__}")
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral | bool):
        if not math.isfinite(float(value)):
            raise ValueError(f"value glued as {name!r} must be finite; got {value}")
        value = significant(float(value), digits)
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)
    from myst_nb import glue as myst_glue  # a book-building dependency, not a package one

    myst_glue(name, value, display=False)
