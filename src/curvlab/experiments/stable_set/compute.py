r"""Which starts does *discrete* gradient descent carry into the double well's saddle?

On :math:`f = \tfrac{a}{2}x^2 + \tfrac{b}{4}(y^2 - 1)^2` gradient descent with step :math:`\eta`
acts on :math:`y` alone by the map

.. math:: y_+ = T(y) = y\,\bigl(1 - \eta b\,(y^2 - 1)\bigr),

while :math:`x` contracts by :math:`1 - \eta a`. A run converges to the saddle :math:`(0, 0)` iff
its :math:`y` reaches 0 (from then on it stays 0), that is iff the start lies on one of the
horizontal lines :math:`y = c` with :math:`T^k(c) = 0` for some :math:`k`. For gradient *flow*
only :math:`c = 0` qualifies (the stable manifold is the :math:`x`-axis), but :math:`T` has the
other zeros :math:`c = \pm\sqrt{1 + 1/(\eta b)}`, whose preimages, their preimages and so on
form countably many lines: a set of measure zero (each level is the finite set of real roots of
a cubic), yet not the :math:`x`-axis alone. The general theorem of Lee et al. (2016) does not
cover this case: it assumes a globally Lipschitz gradient and :math:`\eta < 1/L`, which make the
gradient map a diffeomorphism, while the quartic well is not globally :math:`L`-smooth and
:math:`T` is not one-to-one (:math:`T(0) = T(\pm\sqrt{1 + 1/(\eta b)}) = 0`), which is exactly
why the extra lines exist. The lines pile up at the 2-cycle :math:`T(c) = -c`,
:math:`|c| = \sqrt{1 + 2/(\eta b)}` (:func:`two_cycle_height`); from beyond it :math:`|y|` grows
at every step and the run diverges. Reference: Lee, Simchowitz, Jordan & Recht (2016), "Gradient
descent only converges to minimizers", COLT.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_int, as_positive_float

__all__ = ["stable_lines", "two_cycle_height", "well_map"]


def well_map(y: ArrayLike, lr: float, curvature: float = 1.0) -> np.ndarray | float:
    r"""Return :math:`T(y) = y(1 - \eta b(y^2 - 1))`, one gradient step on the double well's ``y``.

    Examples
    --------
    >>> float(well_map(np.sqrt(11.0), 0.1, 1.0)) == 0.0 or abs(well_map(np.sqrt(11.0), 0.1)) < 1e-14
    True
    """
    lr, curvature = as_positive_float(lr, "lr"), as_positive_float(curvature, "curvature")
    values = np.asarray(y, dtype=float)
    image = values * (1.0 - lr * curvature * (values**2 - 1.0))
    return float(image) if image.ndim == 0 else image


def stable_lines(lr: float, curvature: float = 1.0, levels: int = 3) -> list[np.ndarray]:
    r"""Return the heights :math:`c` with :math:`T^k(c) = 0`, level by level, up to ``levels``.

    Level 0 is ``[0.]``; level :math:`k` holds the real solutions of :math:`T(c) = c'` for every
    :math:`c'` of level :math:`k - 1` (the cubic :math:`\eta b\,c^3 - (1 + \eta b)\,c + c' = 0`),
    except those already found at a lower level. Each root is polished by two Newton steps.

    Raises
    ------
    ValueError
        If ``lr`` or ``curvature`` is not positive or ``levels`` not a non-negative integer.

    Examples
    --------
    >>> [np.round(level, 4).tolist() for level in stable_lines(0.1, 1.0, 1)]
    [[0.0], [-3.3166, 3.3166]]
    """
    lr, curvature = as_positive_float(lr, "lr"), as_positive_float(curvature, "curvature")
    levels = as_int(levels, "levels", 0)
    s = lr * curvature
    found = [np.array([0.0])]
    seen = [0.0]
    for _ in range(int(levels)):
        roots = []
        for target in found[-1]:
            for root in np.roots([s, 0.0, -(1.0 + s), target]):
                if abs(root.imag) > 1e-9 * max(1.0, abs(root.real)):
                    continue
                c = float(root.real)
                for _ in range(2):
                    c -= (c * (1.0 - s * (c * c - 1.0)) - target) / (1.0 + s - 3.0 * s * c * c)
                if min(abs(c - old) for old in seen) > 1e-9:
                    roots.append(c)
                    seen.append(c)
        found.append(np.sort(np.array(roots)))
    return found


def two_cycle_height(lr: float, curvature: float = 1.0) -> float:
    r"""Return :math:`\sqrt{1 + 2/(\eta b)}`, the height of the 2-cycle :math:`T(c) = -c`.

    :math:`T(c) = c\,(1 - \eta b(c^2 - 1)) = -c` with :math:`c \ne 0` gives
    :math:`\eta b(c^2 - 1) = 2`. For :math:`|y|` above this height :math:`|T(y)| > |y|`, and
    :math:`|T(y)|/|y| = \eta b(y^2 - 1) - 1` grows with :math:`|y|`, so a run from there diverges;
    the stable lines of :func:`stable_lines` accumulate at it from below.

    Raises
    ------
    ValueError
        If ``lr`` or ``curvature`` is not a positive finite number.

    Examples
    --------
    >>> round(two_cycle_height(0.1, 1.0) ** 2, 12)  # 1 + 2/0.1
    21.0
    """
    lr, curvature = as_positive_float(lr, "lr"), as_positive_float(curvature, "curvature")
    return float(np.sqrt(1.0 + 2.0 / (lr * curvature)))
