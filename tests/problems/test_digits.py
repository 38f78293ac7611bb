"""The bundled digits: shapes, a stratified seeded split, standardization, NaN rejection."""

import numpy as np
import pytest
from sklearn.datasets import load_digits as sklearn_digits

from curvlab.problems.digits import load_digits, split_and_standardize


def test_split_is_stratified_seeded_and_disjoint():
    data = load_digits(rng=3)
    again = load_digits(rng=3)
    np.testing.assert_array_equal(data.X_train, again.X_train)
    assert data.X_train.shape[0] + data.X_test.shape[0] == 1797
    assert data.X_train.shape[1] == 64 and data.n_classes == 10
    counts_train = np.bincount(data.y_train)
    counts_test = np.bincount(data.y_test)
    np.testing.assert_allclose(counts_test / (counts_train + counts_test), 0.3, atol=0.01)
    raw = sklearn_digits().data
    restored = np.vstack([data.X_train, data.X_test]) * data.scale + data.mean
    rows = {tuple(r) for r in np.round(restored, 9)}
    assert rows == {tuple(r) for r in raw.astype(float)}  # every image exactly once
    assert len(rows) <= 1797


def test_standardization_uses_training_statistics():
    data = load_digits()
    moving = data.scale != 1.0
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(data.X_train[:, moving].std(axis=0), 1.0, rtol=1e-12)
    assert not np.allclose(data.X_test.mean(axis=0), 0.0, atol=1e-3)


def test_raw_pixels_option():
    raw = load_digits(standardize=False)
    assert raw.X_train.min() == 0.0 and raw.X_train.max() == 1.0
    np.testing.assert_allclose(raw.X_train * 16, np.round(raw.X_train * 16), atol=1e-12)
    std = load_digits()
    np.testing.assert_array_equal(raw.y_test, std.y_test)


def test_class_subsets_and_training_subsets():
    data = load_digits(classes=(3, 8), n_train=100)
    assert data.classes == (3, 8) and data.n_classes == 2
    assert abs(len(data.y_train) - 100) <= 1
    assert set(np.unique(data.y_train)) == {0, 1}
    assert data.targets("test").shape == (len(data.y_test), 2)


def test_nan_and_bad_arguments_are_rejected():
    X = np.ones((10, 3))
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        split_and_standardize(X, np.arange(10) % 2)
    with pytest.raises(ValueError, match="test_fraction"):
        split_and_standardize(np.ones((10, 3)), np.arange(10) % 2, test_fraction=1.5)
    with pytest.raises(ValueError, match="y"):
        split_and_standardize(np.ones((10, 3)), np.arange(9))
    with pytest.raises(ValueError, match="classes"):
        load_digits(classes=(3,))
    with pytest.raises(ValueError, match="split"):
        load_digits().targets("validation")
