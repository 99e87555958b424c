"""k-fold cross-validation when data is precious (the seed's 500 pictures of Pluto: no point may be wasted).

scikit-learn's KFold chops the points into k folds; each fold in turn validates a model trained on the other
k - 1, so every point is used for training and once for validation. Beside it, the same model scored on one
random train/validation split, repeated with different seeds: a single split's score depends on luck."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import KFold, train_test_split

from core.overfitting.curves import fit_polynomial, mse

MIN_K, MAX_K = 2, 10


@dataclass
class CrossValidation:
    fold_of: np.ndarray  # (N,) the fold that validates each point
    fold_scores: list[float]  # validation MSE of each fold, fold 1 first
    split_scores: list[float]  # validation MSE of each repeated single split

    @property
    def mean(self) -> float:
        return float(np.mean(self.fold_scores))

    @property
    def spread(self) -> float:
        return float(np.std(self.fold_scores))

    @property
    def split_mean(self) -> float:
        return float(np.mean(self.split_scores))

    @property
    def split_spread(self) -> float:
        return float(np.std(self.split_scores))


def kfold_splits(n: int, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train indices, validation indices) for each fold: KFold, shuffled with `seed`."""
    if not MIN_K <= k <= min(MAX_K, n):
        raise ValueError(f"k must be {MIN_K} to {min(MAX_K, n)} for {n} points")
    return list(KFold(n_splits=k, shuffle=True, random_state=seed).split(np.arange(n)))


def score_split(x: np.ndarray, y: np.ndarray, train: np.ndarray, val: np.ndarray, degree: int) -> float:
    model = fit_polynomial(x[train], y[train], degree)
    return mse(model(x[val]), y[val])


def cross_validate(x: np.ndarray, y: np.ndarray, degree: int, k: int, seed: int = 0,
                   repeats: int = 10) -> CrossValidation:
    """k-fold scores for a polynomial of `degree`, and `repeats` single splits holding out 1/k of the points."""
    n = len(x)
    folds = kfold_splits(n, k, seed)
    fold_of = np.empty(n, dtype=np.int64)
    scores = []
    for i, (train, val) in enumerate(folds):
        fold_of[val] = i
        scores.append(score_split(x, y, train, val, degree))
    splits = []
    for r in range(repeats):
        train, val = train_test_split(np.arange(n), test_size=1.0 / k, random_state=seed + 1 + r)
        splits.append(score_split(x, y, train, val, degree))
    return CrossValidation(fold_of, scores, splits)


def cv_error_by_degree(x: np.ndarray, y: np.ndarray, degrees, k: int, seed: int = 0) -> list[float]:
    """Mean k-fold validation MSE for each degree: how cross-validation picks the complexity."""
    folds = kfold_splits(len(x), k, seed)
    return [float(np.mean([score_split(x, y, tr, va, d) for tr, va in folds])) for d in degrees]
