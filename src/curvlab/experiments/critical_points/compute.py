r"""Gradient descent near a saddle: the plateau, the escape, and how long it takes.

Near a saddle :math:`x_s` the gradient is :math:`\nabla f(x_s + d) \approx H d`, so gradient
descent with step :math:`\eta` multiplies the component of :math:`d` along each eigenvector
:math:`q_i` by :math:`1 - \eta\lambda_i`. Along a negative-curvature direction,
:math:`\lambda_- < 0`, the factor is :math:`1 + \eta|\lambda_-| > 1`: a component that starts at
distance :math:`\delta` reaches :math:`r` after

.. math:: k \approx \frac{\ln(r/\delta)}{\ln(1 + \eta|\lambda_-|)}
          \approx \frac{\ln(r/\delta)}{\eta\,|\lambda_-|} \quad\text{steps},

logarithmic in :math:`1/\delta` and inversely proportional to :math:`|\lambda_-|`. A start with
:math:`\delta = 0` exactly (on the saddle's stable manifold) never leaves: the iterates converge
to the saddle. Reference: Dauphin et al. (2014); Lee et al. (2016) show that this happens only
from a set of starting points of measure zero.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.runner import Trajectory
from curvlab.core.validation import as_finite_float, as_generator, as_positive_float, as_vector

__all__ = ["escape_step", "perturb", "predicted_escape_steps"]


def escape_step(
    trajectory: Trajectory, saddle: ArrayLike, direction: ArrayLike, radius: float
) -> int | None:
    r"""First step ``k`` with :math:`|\langle x_k - x_s, u\rangle| \ge r`, or ``None`` if never.

    ``u`` is ``direction`` normalized (the negative-curvature eigenvector of the saddle).

    Raises
    ------
    ValueError
        If a vector has the wrong length, ``direction`` is zero or ``radius`` not positive.
    """
    if not isinstance(trajectory, Trajectory):
        raise TypeError(f"trajectory must be a curvlab Trajectory; got {type(trajectory).__name__}")
    dim = trajectory.xs.shape[1]
    center = as_vector(saddle, "saddle", dim)
    u = as_vector(direction, "direction", dim)
    norm = float(np.linalg.norm(u))
    if norm == 0.0:
        raise ValueError("direction must be non-zero")
    radius = as_positive_float(radius, "radius")
    reach = np.abs((trajectory.xs - center) @ (u / norm))
    beyond = np.flatnonzero(reach >= radius)
    return int(beyond[0]) if beyond.size else None


def predicted_escape_steps(
    lr: float, negative_curvature: float, distance: float, radius: float
) -> float:
    r"""The linearized escape time :math:`\ln(r/\delta) / \ln(1 + \eta|\lambda_-|)` in steps.

    Exact for the quadratic saddle :math:`\tfrac12(\lambda_+ x^2 - |\lambda_-| y^2)` (up to rounding
    up to a whole step); near a non-quadratic saddle the nonlinear terms add a bounded offset.

    Raises
    ------
    ValueError
        If any argument is not positive and finite, or ``distance > radius``.
    """
    lr = as_positive_float(lr, "lr")
    curvature = abs(as_finite_float(negative_curvature, "negative_curvature"))
    if curvature == 0.0:
        raise ValueError("negative_curvature must be non-zero")
    distance = as_positive_float(distance, "distance")
    radius = as_positive_float(radius, "radius")
    if distance > radius:
        raise ValueError(f"distance must not exceed radius; got {distance} > {radius}")
    return math.log(radius / distance) / math.log1p(lr * curvature)


def perturb(x: ArrayLike, scale: float, rng: np.random.Generator) -> np.ndarray:
    r"""Return :math:`x + \sigma\,\xi` with :math:`\xi \sim \mathcal N(0, I)` drawn from ``rng``.

    Raises
    ------
    TypeError, ValueError
        For a bad point, a non-positive ``scale`` or an ``rng`` that is not a Generator.
    """
    point = as_vector(x, "x")
    scale = as_positive_float(scale, "scale")
    as_generator(rng)
    return point + scale * rng.standard_normal(point.shape)
