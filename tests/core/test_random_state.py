"""One random-generator contract: every ``rng`` argument of the library goes through
:func:`curvlab.core.validation.check_random_state`.

The oracle is numpy itself: a seed ``s`` must give exactly the numbers of
``numpy.random.default_rng(s)``, and a Generator must be used as the caller's own stream. The
list of functions is checked against the library (every public callable with an ``rng``
parameter), so a new one cannot be forgotten.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import numpy as np
import pytest

from curvlab.core.validation import check_random_state
from curvlab.curvature.density import slq
from curvlab.curvature.lanczos import lanczos, power_iteration
from curvlab.curvature.random_matrices import goe_matrices, positive_definite_fraction
from curvlab.curvature.trace import (
    hutch_plus_plus,
    hutchinson_diagonal,
    hutchinson_trace,
    rademacher,
)
from curvlab.problems.digits import load_digits, split_and_standardize
from curvlab.problems.kronecker import random_kronecker_least_squares
from curvlab.problems.least_squares import synthetic_housing
from curvlab.problems.mlp import MLP
from curvlab.problems.quadratic import random_spd_matrix
from curvlab.theory.costs import time_solves

LIBRARY = ("core", "problems", "curvature", "optimizers", "theory")

H = np.diag([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]) + 0.1


def _leaves(value):
    """Every array inside a result (NamedTuples, dataclasses, tuples), flattened in order."""
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (int, float, np.floating, np.integer)):
        return [np.asarray(value)]
    if isinstance(value, tuple):
        return [leaf for item in value for leaf in _leaves(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [
            leaf for field in value.__dataclass_fields__ for leaf in _leaves(getattr(value, field))
        ]
    return []


_X = np.arange(60.0).reshape(20, 3) % 7
_Y = np.arange(20) % 2

# name -> call(rng) whose result depends on the random numbers drawn
CALLS = {
    "curvlab.problems.quadratic:random_spd_matrix": lambda rng: random_spd_matrix(3, 10.0, rng),
    "curvlab.problems.least_squares:synthetic_housing": lambda rng: synthetic_housing(5, rng),
    "curvlab.problems.kronecker:random_kronecker_least_squares": lambda rng: (
        random_kronecker_least_squares(2, 3, 4.0, 5.0, rng).W_star
    ),
    "curvlab.problems.digits:split_and_standardize": lambda rng: split_and_standardize(
        _X, _Y, rng=rng
    ),
    "curvlab.problems.digits:load_digits": lambda rng: load_digits(classes=[0, 1], rng=rng),
    "curvlab.problems.mlp:MLP.init": lambda rng: MLP([2, 3, 1]).init(rng),
    "curvlab.curvature.random_matrices:goe_matrices": lambda rng: goe_matrices(3, 2, rng),
    "curvlab.curvature.random_matrices:positive_definite_fraction": lambda rng: (
        positive_definite_fraction(2, 200, rng).fraction
    ),
    "curvlab.curvature.trace:rademacher": lambda rng: rademacher(5, rng),
    "curvlab.curvature.trace:hutchinson_trace": lambda rng: hutchinson_trace(H, 12, rng=rng),
    "curvlab.curvature.trace:hutch_plus_plus": lambda rng: hutch_plus_plus(H, 6, rng=rng),
    "curvlab.curvature.trace:hutchinson_diagonal": lambda rng: hutchinson_diagonal(H, 3, rng),
    "curvlab.curvature.density:slq": lambda rng: slq(H, n_steps=3, n_probes=2, rng=rng),
    "curvlab.curvature.lanczos:lanczos": lambda rng: lanczos(H, 1, maxiter=2, rng=rng),
    "curvlab.curvature.lanczos:power_iteration": lambda rng: power_iteration(H, maxiter=2, rng=rng),
}
# name -> call(rng) whose result is not reproducible (timings): only the argument check applies
UNREPRODUCIBLE = {
    "curvlab.theory.costs:time_solves": lambda rng: time_solves([2], rng, repeats=1),
}


def rng_functions() -> set[str]:
    """Every public function or method of the library with an ``rng`` parameter."""
    found = set()
    for sub in LIBRARY:
        package = importlib.import_module(f"curvlab.{sub}")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"curvlab.{sub}.{info.name}")
            for name, obj in vars(module).items():
                if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                    continue
                candidates = [(name, obj)]
                if inspect.isclass(obj):
                    if hasattr(obj, "_fields"):  # a NamedTuple that stores a Generator
                        continue
                    candidates = [
                        (f"{name}.{member}", value)
                        for member, value in vars(obj).items()
                        if inspect.isfunction(value) and not member.startswith("_")
                    ]
                for label, function in candidates:
                    if callable(function) and "rng" in inspect.signature(function).parameters:
                        found.add(f"{module.__name__}:{label}")
    return found - {"curvlab.core.validation:check_random_state"}


def test_every_function_with_an_rng_is_covered():
    assert rng_functions() == set(CALLS) | set(UNREPRODUCIBLE)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_seed_and_its_generator_give_the_same_numbers(name):
    by_seed = _leaves(CALLS[name](7))
    by_generator = _leaves(CALLS[name](np.random.default_rng(7)))
    other_seed = _leaves(CALLS[name](8))
    assert by_seed, f"{name} returned no arrays to compare"
    assert len(by_seed) == len(by_generator)
    assert all(np.array_equal(a, b) for a, b in zip(by_seed, by_generator, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(by_seed, other_seed, strict=True)), (
        f"{name} ignores rng"
    )


@pytest.mark.parametrize("name", sorted(CALLS) + sorted(UNREPRODUCIBLE))
@pytest.mark.parametrize(
    ("bad", "error"),
    [(None, TypeError), (1.5, TypeError), (True, TypeError), ("3", TypeError), (-1, ValueError)],
)
def test_a_bad_rng_is_refused_by_name(name, bad, error):
    call = {**CALLS, **UNREPRODUCIBLE}[name]
    with pytest.raises(error, match="rng"):
        call(bad)


def test_check_random_state_follows_numpy():
    g = np.random.default_rng(1)
    assert check_random_state(g) is g
    assert check_random_state(np.int64(5)).random() == np.random.default_rng(5).random()
    with pytest.raises(TypeError, match="seed"):
        check_random_state(np.random.RandomState(0), "seed")
    with pytest.raises(TypeError, match="never draws unseeded"):
        check_random_state(None)
    with pytest.raises(ValueError, match="non-negative"):
        check_random_state(-3)


def test_a_generator_is_shared_not_copied():
    """Two draws from one Generator differ: the function advances the caller's stream."""
    g = np.random.default_rng(3)
    first, second = rademacher(50, g), rademacher(50, g)
    assert not np.array_equal(first, second)
    assert np.array_equal(np.concatenate([first, second]), rademacher(100, 3))
