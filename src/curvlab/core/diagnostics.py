"""Numbers read off a trajectory: zig-zag, observed rates, eigen-coordinates."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.runner import Trajectory
from curvlab.core.validation import as_finite_float, as_square_matrix, as_vector

__all__ = ["eigen_coordinates", "observed_rate", "sign_flip_fraction"]


def sign_flip_fraction(trajectory: Trajectory, direction: ArrayLike) -> float:
    """Fraction of steps after which the iterate's component along ``direction`` changes sign.

    A value near 1 is the zig-zag of gradient descent across a valley: the component
    :math:`d^\\top x_k` alternates sign when its contraction factor :math:`1 - \\eta\\lambda` is
    negative. Steps where the component is exactly zero do not count as flips.

    Raises
    ------
    ValueError
        If ``direction`` is zero, not finite or of the wrong length, or the run took no step.
    """
    d = as_vector(direction, "direction", trajectory.xs.shape[1])
    if not np.any(d):
        raise ValueError("direction must be non-zero")
    if trajectory.nit == 0:
        raise ValueError("trajectory must have taken at least one step")
    components = trajectory.xs @ d
    flips = components[1:] * components[:-1] < 0.0
    return float(np.mean(flips))


def observed_rate(values: ArrayLike, floor: float = 0.0) -> float:
    r"""The geometric-mean ratio per step of ``values - floor`` over the whole sequence.

    .. math:: \hat\rho = \left(\frac{v_K - v^*}{v_0 - v^*}\right)^{1/K}

    For gradient descent on a quadratic the loss gap decays like :math:`\rho^{2k}`, the gradient
    norm like :math:`\rho^k`, where :math:`\rho` is the largest contraction factor.

    Raises
    ------
    ValueError
        If fewer than two values are given, or a gap is not positive.
    """
    sequence = as_vector(values, "values")
    floor = as_finite_float(floor, "floor")
    if sequence.size < 2:
        raise ValueError("values must hold at least two entries")
    gaps = sequence[[0, -1]] - floor
    if np.any(gaps <= 0.0):
        raise ValueError("values must stay above floor at both ends")
    return float((gaps[1] / gaps[0]) ** (1.0 / (sequence.size - 1)))


def eigen_coordinates(trajectory: Trajectory, eigenvectors: ArrayLike) -> np.ndarray:
    r"""The iterates in the eigenbasis: row ``k`` is :math:`Q^\top x_k`."""
    q = as_square_matrix(eigenvectors, "eigenvectors")
    if q.shape[0] != trajectory.xs.shape[1]:
        raise ValueError(
            f"eigenvectors must be {trajectory.xs.shape[1]}×{trajectory.xs.shape[1]}; got {q.shape}"
        )
    return trajectory.xs @ q
