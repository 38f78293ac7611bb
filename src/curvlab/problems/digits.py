r"""The 8×8 handwritten digits that ship with scikit-learn, split and standardized.

The data set (1,797 grey-scale images of the digits 0–9, 8×8 pixels with values 0–16, from the
UCI repository) is bundled inside scikit-learn, so :func:`load_digits` needs no download.
:func:`split_and_standardize` makes a seeded, stratified train/test split and standardizes each
pixel with the *training* mean and standard deviation (chapter 4: features on one scale give a
better-conditioned Hessian); pixels that are constant in the training set are only centred.

References
----------
Alpaydin & Kaynak, "Optical recognition of handwritten digits", UCI Machine Learning
Repository (1998); Pedregosa et al., "Scikit-learn: machine learning in Python", JMLR 12 (2011).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_int, check_random_state

__all__ = ["Digits", "load_digits", "split_and_standardize"]


@dataclass(frozen=True, eq=False)
class Digits:
    """A standardized train/test split of a classification data set.

    Attributes
    ----------
    X_train, X_test : ndarray, shape (N, d)
        Standardized inputs.
    y_train, y_test : ndarray of int, shape (N,)
        Labels ``0 .. n_classes - 1``.
    mean, scale : ndarray, shape (d,)
        The training statistics used to standardize both parts.
    classes : tuple of int
        The original digit of each label.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    classes: tuple[int, ...]

    @property
    def n_classes(self) -> int:
        """The number of classes."""
        return len(self.classes)

    @property
    def n_features(self) -> int:
        """The input dimension."""
        return self.X_train.shape[1]

    def targets(self, split: str = "train") -> np.ndarray:
        """One-hot targets of the ``"train"`` or ``"test"`` labels, shape ``(N, n_classes)``."""
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test'; got {split!r}")
        labels = self.y_train if split == "train" else self.y_test
        return np.eye(self.n_classes)[labels]


def split_and_standardize(
    X: ArrayLike,
    y: ArrayLike,
    *,
    test_fraction: float = 0.3,
    n_train: int | None = None,
    standardize: bool = True,
    rng: np.random.Generator | int = 0,
) -> Digits:
    """A seeded stratified split, then standardization with the training statistics.

    Parameters
    ----------
    X : array_like, shape (N, d)
        Inputs; must be finite (a NaN is rejected, not imputed).
    y : array_like of int, shape (N,)
        Labels; they are renumbered ``0 .. C - 1`` in sorted order.
    test_fraction : float
        The share of every class held out, in (0, 1).
    n_train : int, optional
        Keep only this many training examples (a seeded stratified subset), for speed.
    standardize : bool
        If ``False``, return the inputs as they are (``mean = 0``, ``scale = 1``).
    rng : numpy.random.Generator or int
        The shuffle's source.

    Raises
    ------
    ValueError
        If ``X`` contains NaN or inf, the shapes disagree, or a fraction or size is out of range.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"X must have shape (N, d) with N ≥ 2; got {X.shape}")
    if np.isnan(X).any():
        raise ValueError(f"X contains NaN ({int(np.isnan(X).sum())} entries)")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must be finite")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},); got {y.shape}")
    if not (isinstance(test_fraction, float | int) and 0 < test_fraction < 1):
        raise ValueError(f"test_fraction must lie in (0, 1); got {test_fraction!r}")
    generator = check_random_state(rng)
    classes, labels = np.unique(y, return_inverse=True)
    train, test = [], []
    for c in range(len(classes)):
        members = generator.permutation(np.flatnonzero(labels == c))
        cut = max(1, round(test_fraction * len(members)))
        test.append(members[:cut])
        train.append(members[cut:])
    train_idx = np.sort(np.concatenate(train))
    test_idx = np.sort(np.concatenate(test))
    if n_train is not None:
        n_train = as_int(n_train, "n_train")
        if n_train > len(train_idx):
            raise ValueError(f"n_train must be at most {len(train_idx)}; got {n_train}")
        share = n_train / len(train_idx)
        kept = []
        for c in range(len(classes)):
            members = generator.permutation(train_idx[labels[train_idx] == c])
            kept.append(members[: max(1, round(share * len(members)))])
        train_idx = np.sort(np.concatenate(kept))
    if standardize:
        mean = X[train_idx].mean(axis=0)
        std = X[train_idx].std(axis=0)
        scale = np.where(std > 0, std, 1.0)
    else:
        mean, scale = np.zeros(X.shape[1]), np.ones(X.shape[1])
    return Digits(
        X_train=(X[train_idx] - mean) / scale,
        y_train=labels[train_idx].astype(int),
        X_test=(X[test_idx] - mean) / scale,
        y_test=labels[test_idx].astype(int),
        mean=mean,
        scale=scale,
        classes=tuple(int(c) for c in classes),
    )


def load_digits(
    *,
    classes: Sequence[int] | None = None,
    test_fraction: float = 0.3,
    n_train: int | None = None,
    standardize: bool = True,
    rng: np.random.Generator | int = 0,
) -> Digits:
    """scikit-learn's bundled 8×8 digits (no download), split and standardized.

    Parameters
    ----------
    classes : sequence of int, optional
        Keep only these digits (e.g. ``(0, 1)`` for a two-class problem); all ten by default.
    test_fraction, n_train, rng
        As in :func:`split_and_standardize`.
    standardize : bool
        If ``False``, keep the raw pixels divided by 16 (values in [0, 1], not centred), to
        show what standardization changes (``mean = 0``, ``scale = 1`` then describe these).

    Examples
    --------
    >>> data = load_digits()
    >>> data.X_train.shape[1], data.n_classes
    (64, 10)
    """
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    X, y = bunch.data, bunch.target
    if classes is not None:
        wanted = sorted({as_int(c, "classes", 0) for c in classes})
        if len(wanted) < 2 or wanted[-1] > 9:
            raise ValueError(f"classes must name at least two digits in 0..9; got {classes}")
        keep = np.isin(y, wanted)
        X, y = X[keep], y[keep]
    if not standardize:
        X = X / 16.0
    return split_and_standardize(
        X, y, test_fraction=test_fraction, n_train=n_train, standardize=standardize, rng=rng
    )
