"""Curve fitting against numpy's least squares; the sweet spot; k-fold cross-validation against a by-hand
computation; learning curves."""
import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from core.overfitting.crossval import cross_validate, cv_error_by_degree, kfold_splits
from core.overfitting.curves import CurveConfig, CurveMLP, complexity_sweep, fit_polynomial, make_curve_data, mse
from core.overfitting.learning import learning_curves

DATA = make_curve_data(CurveConfig(function="sine", n_train=20, n_val=200, noise=0.25, seed=0))


@pytest.mark.parametrize("degree", [1, 3, 8, 12])
def test_polynomial_fit_matches_sklearn_least_squares(degree):
    model = fit_polynomial(DATA.train_x, DATA.train_y, degree)
    reference = make_pipeline(PolynomialFeatures(degree), LinearRegression()).fit(DATA.train_x[:, None], DATA.train_y)
    np.testing.assert_allclose(model(DATA.grid_x), reference.predict(DATA.grid_x[:, None]), rtol=1e-5, atol=1e-5)


def test_the_sweep_finds_a_sweet_spot_between_too_simple_and_too_wiggly():
    sweep = complexity_sweep(DATA)
    assert sweep.complexity == list(range(1, 21))
    train, val = np.array(sweep.train_mse), np.array(sweep.val_mse)
    assert np.all(np.diff(train) <= 1e-9)  # nested least squares: more terms never fit the training points worse
    assert train[18] < 1e-12  # degree 19 goes through all 20 points
    assert 3 <= sweep.best <= 8
    best = val[sweep.best - 1]
    assert val[0] > 1.5 * best and val[-1] > 10 * best  # underfit and overfit both lose to the sweet spot
    assert best == pytest.approx(mse(fit_polynomial(DATA.train_x, DATA.train_y, sweep.best)(DATA.val_x),
                                      DATA.val_y))


def test_the_mlp_fits_and_is_seeded():
    a = CurveMLP(8, steps=150, seed=3).fit(DATA.train_x, DATA.train_y)
    b = CurveMLP(8, steps=150, seed=3).fit(DATA.train_x, DATA.train_y)
    np.testing.assert_array_equal(a.predict(DATA.grid_x), b.predict(DATA.grid_x))
    assert mse(a.predict(DATA.train_x), DATA.train_y) < 0.5 * np.var(DATA.train_y)


@pytest.mark.parametrize("k", [2, 5, 10])
def test_kfold_folds_match_sklearn_and_each_score_is_a_by_hand_fit(k):
    x, y = DATA.train_x, DATA.train_y
    cv = cross_validate(x, y, degree=3, k=k, seed=4, repeats=6)
    expected = list(KFold(n_splits=k, shuffle=True, random_state=4).split(x))
    assert len(cv.fold_scores) == k
    for i, (train, val) in enumerate(expected):
        assert set(np.flatnonzero(cv.fold_of == i)) == set(val)  # each point validated once, by its own fold
        coef = np.polyfit(x[train], y[train], 3)
        assert cv.fold_scores[i] == pytest.approx(np.mean((np.polyval(coef, x[val]) - y[val]) ** 2), rel=1e-6)
    assert cv.mean == pytest.approx(np.mean(cv.fold_scores)) and cv.spread == pytest.approx(np.std(cv.fold_scores))
    assert len(cv.split_scores) == 6 and cv.split_spread > 0  # one split's score depends on which points it held out


def test_bad_k_is_refused():
    with pytest.raises(ValueError):
        kfold_splits(20, 1, 0)
    with pytest.raises(ValueError):
        kfold_splits(20, 11, 0)


def test_cross_validation_picks_a_moderate_degree():
    errors = cv_error_by_degree(DATA.train_x, DATA.train_y, range(1, 13), k=5)
    assert 2 <= int(np.argmin(errors)) + 1 <= 8 and errors[-1] > errors[int(np.argmin(errors))]


def test_a_large_model_needs_more_data_than_a_small_one():
    curve = learning_curves(CurveConfig(noise=0.25, seed=1), degrees=(3, 15), sizes=(12, 30, 300), repeats=5)
    small, large = curve.val_mse[3], curve.val_mse[15]
    assert large[0] > 5 * small[0]  # with 12 points the degree-15 polynomial is hopeless
    assert large[-1] < 1.3 * small[-1]  # with 300 it has caught up
    assert large[-1] < large[0] / 10
