"""One eigendecomposition for every spectral function: a Spectrum or a Quadratic is accepted
wherever a symmetric matrix is, and gives the same numbers without decomposing again."""

from __future__ import annotations

import numpy as np
import pytest

from curvlab.core.spectrum import Spectrum, as_spectrum, condition_number, spectrum
from curvlab.problems.quadratic import quadratic, random_spd_matrix
from curvlab.theory.rates import (
    contraction_factors,
    convergence_rate,
    optimal_rate,
    optimal_step,
    predicted_steps,
    stability_bound,
)

A = random_spd_matrix(4, 30.0, 5)
B = np.array([0.5, -1.0, 0.25, 2.0])
X0 = np.array([1.0, 2.0, -1.0, 0.5])

FUNCTIONS = {
    "condition_number": condition_number,
    "stability_bound": stability_bound,
    "optimal_step": optimal_step,
    "optimal_rate": optimal_rate,
    "contraction_factors": lambda a: contraction_factors(a, 0.05),
    "convergence_rate": lambda a: convergence_rate(a, 0.05),
    "predicted_steps": lambda a: predicted_steps(a, [0.02, 0.05], X0, 1e-8, B),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_a_spectrum_or_a_quadratic_gives_the_matrix_numbers(name, monkeypatch):
    function = FUNCTIONS[name]
    expected = function(A)
    decomposed, carrying = spectrum(A, "A"), quadratic(A, B)

    def refuse(*args, **kwargs):
        raise AssertionError("decomposed again")

    monkeypatch.setattr(np.linalg, "eigh", refuse)
    assert np.array_equal(function(carrying), expected)
    if name == "predicted_steps":
        # the start's gradient is formed in the eigenbasis: same counts, other round-off
        np.testing.assert_array_equal(function(decomposed), expected)
    else:
        assert np.array_equal(function(decomposed), expected)


def test_a_quadratic_supplies_its_linear_term():
    f = quadratic(A, B)
    assert predicted_steps(f, 0.05, X0, 1e-8) == predicted_steps(A, 0.05, X0, 1e-8, B)
    assert predicted_steps(f, 0.05, X0, 1e-8) != predicted_steps(A, 0.05, X0, 1e-8)


def test_as_spectrum_returns_what_it_is_given():
    s = spectrum(A)
    assert as_spectrum(s) is s
    assert as_spectrum(quadratic(A)) is not None
    np.testing.assert_allclose(as_spectrum(A).eigenvalues, np.linalg.eigvalsh(A), rtol=1e-12)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (Spectrum(np.array([2.0, 1.0]), np.eye(2)), "ascending"),
        (Spectrum(np.array([1.0, np.nan]), np.eye(2)), "finite"),
        (Spectrum(np.array([1.0, 2.0]), np.eye(3)), "n × n"),
    ],
)
def test_a_malformed_spectrum_is_refused(bad, words):
    with pytest.raises(ValueError, match=words):
        optimal_step(bad)
