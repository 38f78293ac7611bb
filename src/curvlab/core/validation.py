"""Argument checks for the public boundary of curvlab.

Every public function validates its arguments once, here, and raises a ``TypeError`` or
``ValueError`` whose message names the argument and says what was expected. Internal code
trusts what these functions return.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "Window",
    "as_callable",
    "as_choice",
    "as_condition_number",
    "as_finite_float",
    "as_fraction",
    "as_int",
    "as_non_negative_float",
    "as_positive_float",
    "as_positive_int",
    "as_spd_matrix",
    "as_square_matrix",
    "as_symmetric_matrix",
    "as_vector",
    "as_window",
    "check_random_state",
    "require_positive_definite",
]

Window = tuple[tuple[float, float], tuple[float, float]]
"""A plotting window ``((xmin, xmax), (ymin, ymax))`` for a 2-D objective."""


def _as_float_array(value: ArrayLike, name: str) -> np.ndarray:
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers; got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers; got {value!r}") from err
    return array


def _require_finite(array: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(array)):
        bad = int(np.count_nonzero(~np.isfinite(array)))
        raise ValueError(f"{name} must be finite; it has {bad} NaN or infinite entries")


def as_vector(value: ArrayLike, name: str, dim: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite 1-D float array, optionally of length ``dim``.

    Raises
    ------
    TypeError
        If ``value`` is not numeric.
    ValueError
        If it is not 1-D, is empty, has the wrong length, or holds NaN or inf.
    """
    array = _as_float_array(value, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector; got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if dim is not None and array.size != dim:
        raise ValueError(f"{name} must have length {dim}; got length {array.size}")
    _require_finite(array, name)
    return array.copy()


def as_square_matrix(value: ArrayLike, name: str) -> np.ndarray:
    """Return ``value`` as a finite, non-empty, square 2-D float array."""
    array = _as_float_array(value, name)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"{name} must be a square matrix; got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    _require_finite(array, name)
    return array.copy()


def as_symmetric_matrix(value: ArrayLike, name: str, rtol: float = 1e-10) -> np.ndarray:
    """Return ``value`` as a finite symmetric matrix, symmetrized exactly.

    The asymmetry ``max |A - A.T|`` may be at most ``rtol * max(1, max |A|)``; within that
    tolerance the returned matrix is ``(A + A.T) / 2``, so that later eigen-decompositions
    see an exactly symmetric matrix.

    Raises
    ------
    ValueError
        If the matrix is not square, is empty, holds NaN or inf, or is not symmetric.
    """
    array = as_square_matrix(value, name)
    asymmetry = float(np.max(np.abs(array - array.T)))
    scale = max(1.0, float(np.max(np.abs(array))))
    if asymmetry > rtol * scale:
        raise ValueError(f"{name} must be symmetric; max |{name} - {name}.T| = {asymmetry:.1e}")
    return (array + array.T) / 2.0


def _as_real_scalar(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r}")
    return float(value)


def as_finite_float(value: Any, name: str) -> float:
    """Return ``value`` as a finite float."""
    number = _as_real_scalar(value, name)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite; got {number}")
    return number


def as_positive_float(value: Any, name: str) -> float:
    """Return ``value`` as a finite float ``> 0`` (step sizes, tolerances, scales)."""
    number = as_finite_float(value, name)
    if number <= 0.0:
        raise ValueError(f"{name} must be positive; got {number}")
    return number


def as_fraction(value: Any, name: str) -> float:
    """Return ``value`` as a float in the half-open interval ``[0, 1)`` (decay rates)."""
    number = as_finite_float(value, name)
    if not 0.0 <= number < 1.0:
        raise ValueError(f"{name} must lie in [0, 1); got {number}")
    return number


def as_int(value: Any, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an ``int >= minimum`` (counts, sizes, budgets)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


def as_positive_int(value: Any, name: str) -> int:
    """Return ``value`` as an ``int >= 1`` (iteration counts, sizes)."""
    return as_int(value, name, 1)


def as_non_negative_float(value: Any, name: str) -> float:
    """Return ``value`` as a finite float ``>= 0`` (radii, tolerances that may be zero)."""
    number = as_finite_float(value, name)
    if number < 0.0:
        raise ValueError(f"{name} must be non-negative; got {number}")
    return number


def as_choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``options``."""
    if value not in options:
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def as_callable(value: Any, name: str) -> Callable[..., Any]:
    """Return ``value`` if it is callable, else raise a ``TypeError`` naming it."""
    if not callable(value):
        raise TypeError(f"{name} must be callable; got {type(value).__name__}")
    return value


def as_window(value: Any, name: str = "window") -> Window:
    """Check a window ``((xmin, xmax), (ymin, ymax))``: finite, xmin < xmax and ymin < ymax.

    Raises
    ------
    ValueError
        If ``value`` is not a pair of pairs of finite numbers, or a range is empty or reversed.
    """
    try:
        (x_lo, x_hi), (y_lo, y_hi) = value
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be ((xmin, xmax), (ymin, ymax)); got {value!r}") from err
    bounds = [as_finite_float(v, name) for v in (x_lo, x_hi, y_lo, y_hi)]
    if not (bounds[0] < bounds[1] and bounds[2] < bounds[3]):
        raise ValueError(f"{name} must have xmin < xmax and ymin < ymax; got {value!r}")
    return (bounds[0], bounds[1]), (bounds[2], bounds[3])


def as_condition_number(value: Any, name: str = "kappa") -> float:
    """Check a condition number: a finite real number at least 1.

    Raises
    ------
    TypeError, ValueError
        If ``value`` is not a real number, or is not finite, or is below 1.
    """
    kappa = as_finite_float(value, name)
    if kappa < 1.0:
        raise ValueError(f"{name} must be at least 1 (a condition number); got {kappa:g}")
    return kappa


def check_random_state(rng: Any, name: str = "rng") -> np.random.Generator:
    """Return the random generator that ``rng`` names: the one contract of every ``rng`` argument.

    After scikit-learn's ``check_random_state``, with one difference: ``None`` is refused. The
    book reproduces every number it prints, so randomness is always seeded explicitly and never
    drawn from global or fresh operating-system entropy.

    ========================  ======================================================
    ``rng``                   result
    ========================  ======================================================
    ``numpy.random.Generator``  the same object: draws advance the caller's stream
    ``int`` ≥ 0 (numpy too)   ``numpy.random.default_rng(rng)``, a new stream
    ========================  ======================================================

    So ``f(..., rng=3)`` and ``f(..., rng=np.random.default_rng(3))`` give the same numbers.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        The generator, or a non-negative seed.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        If ``rng`` is ``None``, a ``bool``, a float, a legacy ``numpy.random.RandomState`` or
        anything else that is neither a Generator nor an integer.
    ValueError
        If ``rng`` is a negative integer.

    References
    ----------
    scikit-learn, ``sklearn.utils.check_random_state``; NumPy, "Random Generator"
    (``numpy.random.default_rng``).

    Examples
    --------
    >>> import numpy as np
    >>> check_random_state(3).standard_normal() == np.random.default_rng(3).standard_normal()
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"{name} must be a non-negative integer seed; got {int(rng)}")
        return np.random.default_rng(int(rng))
    hint = " (seed it: curvlab never draws unseeded)" if rng is None else ""
    raise TypeError(
        f"{name} must be a numpy.random.Generator or a non-negative integer seed; "
        f"got {type(rng).__name__}{hint}"
    )


def require_positive_definite(eigenvalues: np.ndarray, name: str = "H") -> None:
    """Raise ``ValueError`` unless every eigenvalue is positive."""
    smallest = float(np.min(eigenvalues))
    if not smallest > 0.0:
        raise ValueError(
            f"{name} must be positive definite; its smallest eigenvalue is {smallest:.3g}"
        )


def as_spd_matrix(value: ArrayLike, name: str) -> np.ndarray:
    """Return ``value`` as a symmetric positive definite matrix (symmetrized exactly).

    Raises
    ------
    ValueError
        If the matrix is not square, finite and symmetric, or an eigenvalue is not positive.
    """
    matrix = as_symmetric_matrix(value, name)
    require_positive_definite(np.linalg.eigvalsh(matrix), name)
    return matrix
