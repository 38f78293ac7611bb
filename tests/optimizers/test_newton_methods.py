"""Newton's method, its damped variants and preconditioned descent, against independent oracles."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab.core.convergence import (
    convergence_orders,
    convergence_ratios,
    correct_digits,
    errors_to,
)
from curvlab.core.runner import Status, run
from curvlab.curvature.preconditioners import jacobi_preconditioner
from curvlab.optimizers.descent import gradient_descent
from curvlab.optimizers.newton import (
    SingularHessianError,
    damped_newton,
    levenberg_marquardt,
    newton,
    newton_step,
    saddle_free_newton,
)
from curvlab.optimizers.preconditioned import preconditioned_gradient_descent
from curvlab.problems.quadratic import bowl, quadratic, random_spd_matrix, rotated_bowl
from curvlab.problems.surfaces import rosenbrock, saddle
from curvlab.theory.rates import optimal_step


def _one_step(optimizer, objective, x):
    derivatives = objective.unchecked
    step, _ = optimizer.update(derivatives.grad(x), optimizer.init(x), x, derivatives)
    return step


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(2, 8),
    log_kappa=st.floats(0.0, 6.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_one_newton_step_solves_any_spd_quadratic(n, log_kappa, seed):
    rng = np.random.default_rng(seed)
    A = random_spd_matrix(n, 10.0**log_kappa, rng)
    b = rng.standard_normal(n)
    objective = quadratic(A, b)
    trajectory = run(objective, newton(), rng.standard_normal(n), tol=1e-6 * 10.0**log_kappa)
    expected = np.linalg.solve(A, b)
    assert trajectory.nit <= 1
    np.testing.assert_allclose(trajectory.x, expected, rtol=1e-8, atol=1e-8 * 10.0**log_kappa)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_newton_step_divides_each_eigen_component_by_its_eigenvalue(seed):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    eigenvalues = rng.choice([-1.0, 1.0], 4) * rng.uniform(0.5, 5.0, 4)
    H = (q * eigenvalues) @ q.T
    g = rng.standard_normal(4)
    expected = -sum((q[:, i] @ g) / eigenvalues[i] * q[:, i] for i in range(4))
    np.testing.assert_allclose(newton_step(H, g), expected, atol=1e-10)


def test_newton_lands_on_the_saddle_of_an_indefinite_quadratic():
    trajectory = run(saddle(), newton(), [0.8, -0.6])
    assert trajectory.success and trajectory.nit == 1
    np.testing.assert_allclose(trajectory.x, 0.0, atol=1e-15)


def test_singular_hessian_is_a_clear_error_not_a_nan_trajectory():
    flat = quadratic(np.diag([1.0, 0.0]), [0.0, 1.0])
    with pytest.raises(SingularHessianError, match="singular"):
        run(flat, newton(), [1.0, 1.0])
    with pytest.raises(ValueError, match="singular"):
        newton_step(np.zeros((2, 2)), np.ones(2))


def test_levenberg_marquardt_step_is_numpys_shifted_solve():
    rng = np.random.default_rng(1)
    A = random_spd_matrix(3, 50.0, rng)
    objective = quadratic(A, rng.standard_normal(3))
    x = rng.standard_normal(3)
    step = _one_step(levenberg_marquardt(2.5), objective, x)
    expected = np.linalg.solve(A + 2.5 * np.eye(3), -(A @ x - objective.b))
    np.testing.assert_allclose(step, expected, rtol=1e-12)


def test_heavy_damping_turns_levenberg_marquardt_into_gradient_descent():
    objective = rosenbrock()
    x = np.array([-1.2, 1.0])
    step = _one_step(levenberg_marquardt(1e9), objective, x)
    np.testing.assert_allclose(step, -objective.gradient(x) / 1e9, rtol=1e-5)


@pytest.mark.parametrize(
    ("damping", "attracted"), [(0.5, True), (0.9, True), (1.1, False), (3.0, False)]
)
def test_damping_repels_the_saddle_exactly_when_mu_exceeds_half_the_negative_curvature(
    damping, attracted
):
    # x² − y²: λ = −2 along y, and the y-component is multiplied by μ/(μ − 2) each step.
    trajectory = run(saddle(), levenberg_marquardt(damping), [0.5, 0.1], maxiter=2_000)
    if attracted:
        assert trajectory.success
        np.testing.assert_allclose(trajectory.x, 0.0, atol=1e-6)
    else:
        assert trajectory.status is Status.DIVERGED
        assert abs(trajectory.x[1]) > 1e6


def test_saddle_free_step_matches_sympys_absolute_value_of_the_hessian():
    H = sp.Matrix([[1, 3], [3, -2]])
    P, D = H.diagonalize(normalize=True)
    absolute = P * sp.diag(*[sp.Abs(D[i, i]) for i in range(2)]) * P.T
    g = sp.Matrix([1, -2])
    expected = np.array(-(absolute.inv() * g).evalf(), dtype=float).ravel()
    objective = quadratic(np.array(H, dtype=float), -np.array(g, dtype=float).ravel())
    step = _one_step(saddle_free_newton(), objective, np.zeros(2))
    np.testing.assert_allclose(step, expected, rtol=1e-12)
    assert step @ np.array(g, dtype=float).ravel() < 0  # always downhill


def test_saddle_free_newton_escapes_the_saddle_and_floors_zero_curvature():
    trajectory = run(saddle(), saddle_free_newton(), [0.5, 0.1], maxiter=200)
    assert trajectory.status is Status.DIVERGED  # x² − y² is unbounded below along y
    flat = quadratic(np.diag([1.0, 0.0]), [0.0, 1e-3])
    step = _one_step(saddle_free_newton(min_curvature=1e-2), flat, np.array([1.0, 0.0]))
    np.testing.assert_allclose(step, [-1.0, 1e-3 / 1e-2])


def test_damped_newton_converges_on_rosenbrock_and_falls_back_to_the_gradient():
    assert run(rosenbrock(), damped_newton(), [-1.2, 1.0]).success
    objective = saddle()
    x = np.array([0.2, 1.0])  # here Newton's direction points uphill: gᵀd = 2(y² − x²) > 0
    step = _one_step(damped_newton(), objective, x)
    gradient = objective.gradient(x)
    cosine = step @ gradient / (np.linalg.norm(step) * np.linalg.norm(gradient))
    assert cosine == pytest.approx(-1.0)
    assert objective.value(x + step) < objective.value(x)


def test_a_line_search_alone_still_lands_on_the_saddle():
    trajectory = run(saddle(), damped_newton(), [1.0, 0.3])
    assert trajectory.success
    np.testing.assert_allclose(trajectory.x, 0.0, atol=1e-12)


def test_newton_converges_quadratically_and_gradient_descent_linearly_on_rosenbrock():
    objective = rosenbrock()
    errors = errors_to(run(objective, newton(), [-1.2, 1.0]), [1.0, 1.0])
    # quadratic: e_{k+1} / e_k² stays bounded while e_{k+1} / e_k collapses
    assert np.all(convergence_ratios(errors, 2)[-3:] < 1.0)
    assert convergence_ratios(errors, 1)[-1] < 1e-5
    digits = correct_digits(errors)
    assert digits[-1] > 10 and digits[-1] > 1.8 * digits[-2]
    gd = run(objective, gradient_descent(1e-3), [0.9, 0.8], maxiter=4_000)
    gd_orders = convergence_orders(errors_to(gd, [1.0, 1.0])[-50:])
    assert np.nanmedian(gd_orders) == pytest.approx(1.0, abs=0.02)


def test_ideal_preconditioner_solves_in_one_step_and_jacobi_fixes_only_aligned_bowls():
    aligned, turned = bowl(100.0), rotated_bowl(100.0, 45.0)
    x0 = [1.0, 1.0]
    assert run(turned, preconditioned_gradient_descent(turned.A), x0).nit == 1
    assert (
        run(aligned, preconditioned_gradient_descent(jacobi_preconditioner(aligned.A)), x0).nit == 1
    )
    # At 45° diag(A) = 50.5 I: Jacobi is plain GD with step 1/50.5, no better than η*.
    jacobi = run(turned, preconditioned_gradient_descent(jacobi_preconditioner(turned.A)), x0)
    plain = run(turned, gradient_descent(1.0 / 50.5), x0)
    assert jacobi.nit == plain.nit
    assert jacobi.nit >= run(turned, gradient_descent(optimal_step(turned.A)), x0).nit


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: levenberg_marquardt(0.0), ValueError),
        (lambda: levenberg_marquardt(-1.0), ValueError),
        (lambda: saddle_free_newton(0.0), ValueError),
        (lambda: damped_newton(0.0), ValueError),
        (lambda: damped_newton(0.5, 1.0), ValueError),
        (lambda: preconditioned_gradient_descent(np.diag([1.0, -1.0])), ValueError),
        (lambda: preconditioned_gradient_descent([1.0, 0.0]), ValueError),
        (lambda: preconditioned_gradient_descent(np.eye(2), lr=0.0), ValueError),
        (
            lambda: run(bowl(2.0), preconditioned_gradient_descent(np.eye(3)), [1.0, 1.0]),
            ValueError,
        ),
        (lambda: errors_to("run", [1.0]), TypeError),
        (lambda: convergence_orders([1.0, 0.5]), ValueError),
        (lambda: correct_digits([-1.0]), ValueError),
        (lambda: convergence_ratios([1.0, 0.5], order=0.5), ValueError),
        (lambda: convergence_ratios([1.0]), ValueError),
    ],
)
def test_bad_input_is_rejected(call, error):
    with pytest.raises(error):
        call()
