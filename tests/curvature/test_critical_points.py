"""curvlab.curvature.critical_points: the one classifier and the one finder, against sympy and
Cholesky."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab.curvature.critical_points import (
    Kind,
    circle_differences,
    classify_critical_point,
    classify_hessian,
    count_sign_changes,
    find_critical_points,
    hessian_uncertainty,
    solve_critical_points,
)
from curvlab.curvature.random_matrices import goe_matrices
from curvlab.problems.quadratic import quadratic
from curvlab.problems.surfaces import (
    himmelblau,
    monkey_saddle,
    quartic_bowl,
    rosenbrock,
    saddle,
)
from curvlab.problems.symbolic import symbolic_objective

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


# --- the classifier -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eigenvalues", "kind"),
    [
        ((1.0, 2.0), Kind.MINIMUM),
        ((-1.0, -2.0), Kind.MAXIMUM),
        ((-1.0, 2.0), Kind.SADDLE),
        ((0.0, 2.0), Kind.DEGENERATE),
        ((0.0, 0.0), Kind.DEGENERATE),
        ((-1.0, 0.0, 1.0), Kind.SADDLE),  # mixed signs decide even with a zero eigenvalue
        ((1e-9, 1.0), Kind.DEGENERATE),  # within the default tolerance 1e-8
    ],
)
def test_classifier_reads_the_signs(eigenvalues, kind):
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.standard_normal((len(eigenvalues), len(eigenvalues))))
    H = q @ np.diag(eigenvalues) @ q.T
    result = classify_hessian(H)
    assert result.kind is kind
    np.testing.assert_allclose(result.eigenvalues, sorted(eigenvalues), atol=1e-12)


def test_tolerance_is_explicit():
    H = np.diag([1e-6, 1.0])
    assert classify_hessian(H, tol=1e-8).kind is Kind.MINIMUM
    assert classify_hessian(H, tol=1e-5).kind is Kind.DEGENERATE
    assert classify_hessian(H, tol=1e-5).inertia == (1, 0, 1)
    assert classify_hessian(np.diag([1.0, -1.0]), tol=0.0).kind is Kind.SADDLE


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_classifier_agrees_with_cholesky_on_random_symmetric_matrices(n, seed):
    A = goe_matrices(n, 1, np.random.default_rng(seed))[0]
    kind = classify_hessian(A, tol=0.0).kind
    try:
        np.linalg.cholesky(A)
        positive_definite = True
    except np.linalg.LinAlgError:
        positive_definite = False
    try:
        np.linalg.cholesky(-A)
        negative_definite = True
    except np.linalg.LinAlgError:
        negative_definite = False
    assert (kind is Kind.MINIMUM) == positive_definite
    assert (kind is Kind.MAXIMUM) == negative_definite


@pytest.mark.parametrize(
    ("H", "tol", "error", "match"),
    [
        (np.ones((2, 3)), 1e-8, ValueError, "square"),
        ([[1.0, 2.0], [0.0, 1.0]], 1e-8, ValueError, "symmetric"),
        ([[np.nan, 0.0], [0.0, 1.0]], 1e-8, ValueError, "finite"),
        (np.eye(2), -1e-3, ValueError, "tol must be non-negative"),
        (np.eye(2), float("nan"), ValueError, "tol must be finite"),
        ("H", 1e-8, TypeError, "H must be an array"),
        (np.eye(2), "1e-8", TypeError, "tol must be a real number"),
    ],
)
def test_classifier_refuses_bad_input(H, tol, error, match):
    with pytest.raises(error, match=match):
        classify_hessian(H, tol)


def test_classify_critical_point_refuses_a_non_critical_point():
    with pytest.raises(ValueError, match="not a critical point"):
        classify_critical_point(rosenbrock(), [0.0, 0.0])
    with pytest.raises(ValueError, match="grad_tol must be non-negative"):
        classify_critical_point(rosenbrock(), [1.0, 1.0], grad_tol=-1.0)


# --- finding critical points two ways -----------------------------------------------------


def test_himmelblau_has_nine_critical_points_both_ways():
    exact = solve_critical_points(HIMMELBLAU)
    found = find_critical_points(himmelblau())
    assert exact.shape == (9, 2)
    assert len(found) == 9
    numeric = np.array(sorted(p.x.tolist() for p in found))
    np.testing.assert_allclose(numeric, exact, atol=1e-10)
    kinds = [p.kind for p in found]
    assert kinds.count(Kind.MINIMUM) == 4
    assert kinds.count(Kind.SADDLE) == 4
    assert kinds.count(Kind.MAXIMUM) == 1
    for p in found:
        if p.kind is Kind.MINIMUM:
            assert p.value == pytest.approx(0.0, abs=1e-20)


def test_known_critical_points():
    np.testing.assert_allclose(solve_critical_points("(1 - x)**2 + 100*(y - x**2)**2"), [[1, 1]])
    for expr in ("x**2 - y**2", "x**3 - 3*x*y**2", "x**4 + y**4"):
        np.testing.assert_array_equal(solve_critical_points(expr), [[0.0, 0.0]])
    np.testing.assert_allclose(
        solve_critical_points("x**2/2 + (y**2 - 1)**2/4"), [[0, -1], [0, 0], [0, 1]]
    )
    # not polynomial: sympy.solve
    np.testing.assert_allclose(solve_critical_points("exp(x**2) + cos(y)*0 + y**2"), [[0, 0]])
    assert solve_critical_points("x + y**2 + 1").shape == (0, 2)


def test_solver_refuses_non_isolated_points_and_wrong_variables():
    with pytest.raises(ValueError, match="not isolated"):
        solve_critical_points("(x - y)**2")
    with pytest.raises(ValueError, match="not isolated"):
        solve_critical_points("5")
    with pytest.raises(ValueError, match="not among variables"):
        solve_critical_points("x**2 + z**2")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (saddle, Kind.SADDLE),
        (rosenbrock, Kind.MINIMUM),
        (monkey_saddle, Kind.DEGENERATE),
        (quartic_bowl, Kind.DEGENERATE),
    ],
)
def test_numerical_search_classifies_the_chapter_surfaces(make, expected):
    found = find_critical_points(make())
    assert len(found) == 1
    assert found[0].kind is expected
    np.testing.assert_allclose(
        found[0].x, [1.0, 1.0] if make is rosenbrock else [0.0, 0.0], atol=1e-3
    )


def _x4_plus_y2():
    return symbolic_objective("x**4 + y**2", window=((-1.5, 1.5), (-1.5, 1.5)))


@pytest.mark.parametrize(
    "make", [_x4_plus_y2, monkey_saddle, quartic_bowl], ids=lambda m: m.__name__
)
@pytest.mark.parametrize(
    ("starts", "window"),
    [(14, None), (15, None), (16, None), (40, None), (15, ((-2.9, 3.1), (-2.9, 3.1))), (4, None)],
)
def test_degenerate_verdict_does_not_depend_on_the_grid(make, starts, window):
    # Only the 15-start default grid contains the exact point 0; elsewhere Newton stops about
    # 1e-6 to 3e-4 away, where the Hessian's eigenvalues are small but nonzero.
    (point,) = find_critical_points(make(), window, starts_per_axis=starts)
    assert point.kind is Kind.DEGENERATE
    assert np.linalg.norm(point.x) < 1e-3
    # The tolerance used covers the eigenvalues that the location error alone produces ...
    assert point.classification.tol >= np.min(np.abs(point.classification.eigenvalues))
    # ... and the location error estimate is honest: the true point 0 is within it (up to 2x).
    assert np.linalg.norm(point.x) <= 2.0 * point.location_error + 1e-12


def test_location_error_is_negligible_at_nondegenerate_points():
    # Quadratic convergence: the estimated error is at round-off level and the default tolerance
    # is used unchanged, so the nine Himmelblau verdicts stay sharp.
    found = find_critical_points(himmelblau(), starts_per_axis=16)
    assert len(found) == 9
    assert all(p.location_error < 1e-12 for p in found)
    assert all(p.classification.tol == 1e-8 for p in found)
    assert [p.kind.value for p in found].count("saddle") == 4


def test_hessian_uncertainty_matches_the_third_derivative():
    # f = x^4 + y^4, H = diag(12x^2, 12y^2): moving x from 0.1 by r changes H_xx by
    # 12((0.1 + r)^2 - 0.01).
    r = 1e-3
    expected = 12.0 * ((0.1 + r) ** 2 - 0.01)
    assert hessian_uncertainty(quartic_bowl(), [0.1, 0.0], r) == pytest.approx(expected, rel=1e-12)
    assert hessian_uncertainty(quartic_bowl(), [0.1, 0.0], 0.0) == 0.0
    with pytest.raises(ValueError, match="radius"):
        hessian_uncertainty(quartic_bowl(), [0.1, 0.0], -1.0)


def test_newton_reaches_degenerate_points_only_approximately():
    # A grid without the origin: Newton converges linearly there, x ← (2/3) x for x⁴ + y⁴.
    found = find_critical_points(quartic_bowl(), ((-1.3, 1.5), (-1.3, 1.5)), starts_per_axis=4)
    assert len(found) == 1
    assert 1e-6 < np.linalg.norm(found[0].x) < 1e-2


def test_finder_refuses_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        find_critical_points(quadratic(np.eye(3)))
    with pytest.raises(ValueError, match="window is required"):
        find_critical_points(symbolic_objective("x**2 + y**2"))
    with pytest.raises(ValueError, match="tol must be non-negative"):
        find_critical_points(himmelblau(), tol=-1.0)
    with pytest.raises(TypeError, match="objective"):
        find_critical_points("himmelblau")
    with pytest.raises(ValueError, match="window must have xmin < xmax"):
        find_critical_points(himmelblau(), ((5.0, -5.0), (-5.0, 5.0)))
    with pytest.raises(ValueError, match=r"window must be \(\(xmin, xmax\)"):
        find_critical_points(himmelblau(), (1.0, 2.0))
    with pytest.raises(ValueError, match="window"):
        find_critical_points(himmelblau(), ((0.0, np.nan), (0.0, 1.0)))


def test_the_circle_test_tells_monkey_saddle_from_quartic_minimum():
    _, monkey = circle_differences(monkey_saddle(), [0.0, 0.0], 0.1, count=360)
    _, quartic = circle_differences(quartic_bowl(), [0.0, 0.0], 0.1, count=360)
    assert count_sign_changes(monkey) == 6
    assert np.all(quartic > 0)
    assert count_sign_changes(quartic) == 0
    with pytest.raises(ValueError, match="radius must be positive"):
        circle_differences(monkey_saddle(), [0.0, 0.0], 0.0)


# --- random symmetric matrices ------------------------------------------------------------


# --- gradient descent near a saddle -------------------------------------------------------


# --- figures and the exploration ----------------------------------------------------------


def test_there_is_one_kind():
    """Every import path names the one enum of the sympy-free second-derivative test."""
    from curvlab.curvature import Kind as from_package
    from curvlab.curvature.classification import Kind, classify_hessian
    from curvlab.curvature.critical_points import Kind as old_path
    from curvlab.plotting.style import KIND_STYLE

    assert from_package is Kind and old_path is Kind
    assert set(KIND_STYLE) == set(Kind)
    assert classify_hessian(np.diag([1.0, -1.0])).kind is Kind.SADDLE
