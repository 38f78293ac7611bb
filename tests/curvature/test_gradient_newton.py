"""curvlab.curvature.gradient_newton: the one Newton's method on the gradient.

Oracles: sympy's exact critical points (a Gröbner basis), the closed-form ladder of Newton on
x⁴ + y⁴, and a plain re-implementation of the two loops it replaced (chapter 3's
``newton_endpoints`` with ``numpy.linalg.solve``, and the finder's least-squares loop with its
window check), which must give the same results on the book's surfaces.
"""

import numpy as np
import pytest

from curvlab.curvature.classification import classify_hessian
from curvlab.curvature.critical_points import find_critical_points, solve_critical_points
from curvlab.curvature.gradient_newton import grid_starts, newton_on_gradient
from curvlab.experiments.newton_attraction.compute import newton_endpoints
from curvlab.problems.surfaces import SURFACES, double_well, himmelblau, quartic_bowl, saddle
from curvlab.problems.symbolic import symbolic_objective

POLYNOMIALS = {
    "Himmelblau": ("(x**2 + y - 11)**2 + (x + y**2 - 7)**2", ((-5, 5), (-5, 5))),
    "cubic": ("x**3 + y**3 - 3*x*y", ((-2, 2), (-2, 2))),
    "double well": ("x**2/2 + (y**2 - 1)**2/4", ((-1.5, 1.5), (-1.5, 1.5))),
}


@pytest.mark.parametrize("name", list(POLYNOMIALS))
def test_the_points_reached_are_sympys_critical_points_and_every_one_is_reached(name):
    expr, window = POLYNOMIALS[name]
    exact = solve_critical_points(expr)
    runs = newton_on_gradient(symbolic_objective(expr), grid_starts(window, 15))
    assert runs.converged.any()
    reached = runs.points[runs.converged]
    distance = np.linalg.norm(reached[:, None, :] - exact[None, :, :], axis=2)
    assert distance.min(axis=1).max() < 1e-8
    assert np.all(distance.min(axis=0) < 1e-8)  # every exact point is found from some start


def test_double_well_critical_points_in_closed_form():
    runs = newton_on_gradient(double_well(2.0, 3.0), grid_starts(((-1.5, 1.5), (-1.5, 1.5)), 9))
    # ∇f = (2x, 3y(y² − 1)): critical points (0, −1), (0, 0), (0, 1); |∇f| < 1e-10 puts each
    # within 1e-10 / (smallest |eigenvalue| = 2) of its limit.
    reached = {tuple(np.round(p, 9) + 0.0) for p in runs.points[runs.converged]}
    assert reached == {(0.0, -1.0), (0.0, 0.0), (0.0, 1.0)}


def test_degenerate_point_the_ladder_and_its_location_error_in_closed_form():
    # On x⁴ + y⁴ the Newton step is x ← 2x/3 exactly, so after k steps the iterate is (2/3)^k x₀,
    # the gradient 4 x³ first drops below the tolerance at a known k, and the geometric tail
    # estimate |d| / (1 - q) with q = 2/3 is the distance to the origin itself.
    start = np.array([0.9, -0.6])
    runs = newton_on_gradient(quartic_bowl(), [start], grad_tol=1e-9, maxiter=200)
    k = next(k for k in range(200) if np.linalg.norm(4 * ((2 / 3) ** k * start) ** 3) < 1e-9)
    assert runs.converged[0] and runs.steps[0] == k
    np.testing.assert_allclose(runs.points[0], (2 / 3) ** k * start, rtol=1e-12)
    np.testing.assert_allclose(runs.location_error[0], np.linalg.norm(runs.points[0]), rtol=1e-9)


def test_a_singular_hessian_gets_the_least_squares_step():
    # On the axis y = 0 of x⁴ + y⁴ the Hessian diag(12x², 0) is singular; the minimum-norm step
    # leaves y at 0 and still creeps to the origin.
    runs = newton_on_gradient(quartic_bowl(), [[0.8, 0.0]], maxiter=200)
    assert runs.converged[0] and runs.points[0, 1] == 0.0


def test_runs_stop_at_the_budget_at_the_window_and_at_non_finite_values():
    far = newton_on_gradient(himmelblau(), [[4.9, 4.9]], maxiter=1)
    assert not far.converged[0] and far.steps[0] == 1 and np.isnan(far.location_error[0])
    # On x²/2 + (y² − 1)²/4 the Hessian's y entry 3y² − 1 nearly vanishes at y = 0.577, so the
    # first step throws y far outside a tight window; without the window the run comes back.
    start = [[0.2, 0.577]]
    assert newton_on_gradient(double_well(), start).converged[0]
    boxed = newton_on_gradient(double_well(), start, window=((-0.7, 0.7), (-0.7, 0.7)))
    assert not boxed.converged[0] and boxed.steps[0] == 1
    assert np.any(np.abs(boxed.points[0]) > 0.7)
    nan = symbolic_objective("sqrt(x) + y**2")
    assert not newton_on_gradient(nan, [[-1.0, 0.5]]).converged[0]


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="starts"):
        newton_on_gradient(saddle(), [0.0, 1.0])
    with pytest.raises(ValueError, match="starts"):
        newton_on_gradient(saddle(), [[0.0, np.nan]])
    with pytest.raises(ValueError, match="grad_tol"):
        newton_on_gradient(saddle(), [[0.0, 1.0]], grad_tol=0.0)
    with pytest.raises(ValueError, match="maxiter"):
        newton_on_gradient(saddle(), [[0.0, 1.0]], maxiter=0)
    with pytest.raises(ValueError, match="window"):
        newton_on_gradient(saddle(), [[0.0, 1.0]], window=((1, -1), (0, 1)))
    with pytest.raises(TypeError, match="objective"):
        newton_on_gradient("saddle", [[0.0, 1.0]])
    with pytest.raises(ValueError, match="per_axis"):
        grid_starts(((-1, 1), (0, 1)), 0)


# --- the two loops it replaced, re-implemented plainly as oracles ----------------------------


def _solve_loop(objective, starts, tol=1e-10, maxiter=50, eig_tol=1e-8):
    """Chapter 3's former newton_endpoints: numpy.linalg.solve, give up at a singular Hessian."""
    kinds, converged, points = [], [], []
    for x in np.asarray(starts, dtype=float):
        done = False
        with np.errstate(all="ignore"):
            for _ in range(maxiter + 1):
                g = objective.gradient(x)
                if not np.all(np.isfinite(g)):
                    break
                if np.linalg.norm(g) < tol:
                    done = True
                    break
                try:
                    x = x - np.linalg.solve(objective.hessian(x), g)
                except np.linalg.LinAlgError:
                    break
                if not np.all(np.isfinite(x)):
                    break
        points.append(x)
        converged.append(done)
        kinds.append(classify_hessian(objective.hessian(x), eig_tol).kind.value if done else "none")
    return np.array(points), np.array(converged), np.array(kinds)


def _finder_loop(objective, window, per_axis, grad_tol=1e-10, maxiter=100):
    """The finder's former loop: least squares, stop outside the window, maxiter - 1 steps."""
    (x_lo, x_hi), (y_lo, y_hi) = window
    center = np.array([(x_lo + x_hi) / 2, (y_lo + y_hi) / 2])
    half = np.array([(x_hi - x_lo) / 2, (y_hi - y_lo) / 2])
    found = []
    for sx in np.linspace(x_lo, x_hi, per_axis):
        for sy in np.linspace(y_lo, y_hi, per_axis):
            x, last = np.array([sx, sy]), 0.0
            with np.errstate(all="ignore"):
                for _ in range(maxiter):
                    g = objective.gradient(x)
                    if not np.all(np.isfinite(g)):
                        break
                    step = np.linalg.lstsq(objective.hessian(x), -g, rcond=None)[0]
                    if np.linalg.norm(g) < grad_tol:
                        ahead = float(np.linalg.norm(step))
                        ratio = ahead / last if last > 0 else 1.0
                        found.append((x, ahead / (1 - ratio) if ratio < 1 else ahead))
                        break
                    last = float(np.linalg.norm(step))
                    x = x + step
                    if not (np.all(np.isfinite(x)) and np.all(np.abs(x - center) <= half)):
                        break
    return found


BOOK_SURFACES = ["Himmelblau", "saddle x²−y²", "Rosenbrock", "double well", "monkey saddle"]


@pytest.mark.parametrize("name", BOOK_SURFACES)
def test_chapter_3s_endpoints_are_what_the_solve_loop_gave(name):
    objective = SURFACES[name]()
    starts = grid_starts(objective.window, 15)
    points, converged, kinds = _solve_loop(objective, starts)
    ends = newton_endpoints(objective, starts)
    np.testing.assert_array_equal(ends.converged, converged)
    np.testing.assert_array_equal(ends.kinds, kinds)
    np.testing.assert_allclose(ends.points[converged], points[converged], rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", [*BOOK_SURFACES, "quartic x⁴+y⁴"])
def test_the_finders_runs_are_what_its_own_loop_gave(name):
    objective = SURFACES[name]()
    expected = _finder_loop(objective, objective.window, 15)
    runs = newton_on_gradient(objective, grid_starts(objective.window, 15), window=objective.window)
    reached = list(
        zip(runs.points[runs.converged], runs.location_error[runs.converged], strict=True)
    )
    assert len(reached) == len(expected)
    for (p, error), (q, expected_error) in zip(reached, expected, strict=True):
        np.testing.assert_array_equal(p, q)
        assert error == expected_error
    found = find_critical_points(objective)
    assert all(any(np.array_equal(f.x, p) for p, _ in expected) for f in found)
