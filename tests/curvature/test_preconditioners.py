"""curvlab.curvature.preconditioners: condition numbers of P^-1 A against dense numpy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab.curvature.preconditioners import jacobi_preconditioner, preconditioned_condition_number
from curvlab.problems.quadratic import bowl, random_spd_matrix, rotated_bowl


def _one_step(optimizer, objective, x):
    derivatives = objective.unchecked
    step, _ = optimizer.update(derivatives.grad(x), optimizer.init(x), x, derivatives)
    return step


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), log_kappa=st.floats(0.0, 4.0))
def test_preconditioned_condition_number_is_that_of_p_inverse_a(seed, log_kappa):
    rng = np.random.default_rng(seed)
    A = random_spd_matrix(4, 10.0**log_kappa, rng)
    P = random_spd_matrix(4, 5.0, rng)
    eigenvalues = np.sort(np.linalg.eigvals(np.linalg.solve(P, A)).real)
    expected = eigenvalues[-1] / eigenvalues[0]
    assert preconditioned_condition_number(A, P) == pytest.approx(expected, rel=1e-6)
    assert preconditioned_condition_number(A, A) == pytest.approx(1.0, abs=1e-6)


def test_jacobi_condition_numbers_aligned_and_rotated():
    assert preconditioned_condition_number(
        bowl(100.0).A, jacobi_preconditioner(bowl(100.0).A)
    ) == pytest.approx(1.0)
    turned = rotated_bowl(100.0, 45.0).A
    assert preconditioned_condition_number(turned, jacobi_preconditioner(turned)) == pytest.approx(
        100.0
    )
    with pytest.raises(ValueError):
        jacobi_preconditioner(np.diag([1.0, -2.0]))
    with pytest.raises(ValueError):
        preconditioned_condition_number(np.eye(2), np.eye(3))
