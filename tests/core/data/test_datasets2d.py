"""2-D datasets: the same points as scikit-learn's generators, a stratified split, and the shapes they promise."""
import numpy as np
import pytest
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from core.data.datasets2d import (BLOB_STD, KINDS, TWO_BLOB_CENTRES, XOR_CENTRES, Dataset2DConfig, blob_centres, generate,
                             make_dataset)


def _all(ds):
    return np.concatenate([ds.train_x, ds.test_x]), np.concatenate([ds.train_y, ds.test_y])


@pytest.mark.parametrize("kind, reference", [
    ("moons", lambda c: make_moons(n_samples=c.n_points, noise=c.noise, random_state=c.seed)),
    ("circles", lambda c: make_circles(n_samples=c.n_points, noise=c.noise, factor=0.5, random_state=c.seed)),
    ("two_blobs", lambda c: make_blobs(n_samples=c.n_points, centers=np.array(TWO_BLOB_CENTRES),
                                       cluster_std=BLOB_STD + c.noise, random_state=c.seed)),
    ("blobs", lambda c: make_blobs(n_samples=c.n_points, centers=blob_centres(4), cluster_std=BLOB_STD + c.noise,
                                   random_state=c.seed)),
])
def test_matches_sklearn_generator(kind, reference):
    cfg = Dataset2DConfig(kind=kind, n_points=150, noise=0.15, n_classes=4, seed=7)
    x, y = generate(cfg)
    ref_x, ref_y = reference(cfg)
    np.testing.assert_allclose(x, ref_x.astype(np.float32))
    np.testing.assert_array_equal(y, ref_y)


def test_xor_labels_are_the_exclusive_or_of_the_signs():
    cfg = Dataset2DConfig(kind="xor", n_points=200, noise=0.0, seed=3)
    x, y = generate(cfg)
    ref_x, corner = make_blobs(n_samples=200, centers=np.array(XOR_CENTRES), cluster_std=BLOB_STD, random_state=3)
    np.testing.assert_allclose(x, ref_x.astype(np.float32))
    np.testing.assert_array_equal(y, ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(int))  # tight blobs: no point crosses an axis
    assert LogisticRegression().fit(x, y).score(x, y) < 0.75  # no straight line does it


def test_two_blobs_are_linearly_separable_and_xor_spiral_circles_are_not():
    x, y = generate(Dataset2DConfig(kind="two_blobs", noise=0.2))
    assert LogisticRegression(C=1e4).fit(x, y).score(x, y) == 1.0
    for kind in ("spiral", "circles"):
        x, y = generate(Dataset2DConfig(kind=kind, noise=0.0, n_points=400))
        assert LogisticRegression().fit(x, y).score(x, y) < 0.75, kind


def test_noise_free_spiral_is_two_clean_interleaved_arms():
    ds = make_dataset(Dataset2DConfig(kind="spiral", n_points=600, noise=0.0, seed=1))
    x, y = _all(ds)
    assert np.bincount(y).tolist() == [300, 300]
    r = np.linalg.norm(x, axis=1)
    assert r.min() >= 0.1 - 1e-6 and r.max() <= 2.1 + 1e-5
    knn = KNeighborsClassifier(n_neighbors=1).fit(ds.train_x, ds.train_y)
    assert knn.score(ds.test_x, ds.test_y) > 0.97  # neighbours along an arm share its class


@pytest.mark.parametrize("kind", KINDS)
def test_split_is_stratified_seeded_and_loses_nothing(kind):
    cfg = Dataset2DConfig(kind=kind, n_points=120, test_fraction=0.25, n_classes=5, seed=2)
    ds = make_dataset(cfg)
    assert len(ds.test_y) == 30 and len(ds.train_y) == 90
    assert ds.n_classes == cfg.classes == (5 if kind == "blobs" else 2)
    x, y = generate(cfg)
    got_x, got_y = _all(ds)
    order = np.lexsort(got_x.T), np.lexsort(x.T)
    np.testing.assert_array_equal(got_x[order[0]], x[order[1]])
    np.testing.assert_array_equal(got_y[order[0]], y[order[1]])
    frac = np.bincount(ds.test_y, minlength=ds.n_classes) / np.bincount(y, minlength=ds.n_classes)
    assert np.all(np.abs(frac - 0.25) < 0.1)
    x0, x1, y0, y1 = ds.extent
    assert x0 < x[:, 0].min() and x[:, 0].max() < x1 and y0 < x[:, 1].min() and x[:, 1].max() < y1
    again = make_dataset(cfg)
    np.testing.assert_array_equal(again.train_x, ds.train_x)
    other = make_dataset(Dataset2DConfig(kind=kind, n_points=120, test_fraction=0.25, n_classes=5, seed=3))
    assert not np.array_equal(other.train_x, ds.train_x)


def test_added_points_join_the_training_set_only():
    cfg = Dataset2DConfig(kind="moons")
    plain = make_dataset(cfg)
    ds = make_dataset(cfg, ((0.5, 0.25, 1), (-1.0, 2.0, 0)))
    assert ds.n_added == 2 and len(ds.train_y) == len(plain.train_y) + 2
    np.testing.assert_allclose(ds.train_x[-2:], [[0.5, 0.25], [-1.0, 2.0]])
    assert ds.train_y[-2:].tolist() == [1, 0]
    np.testing.assert_array_equal(ds.test_x, plain.test_x)
    assert ds.extent == plain.extent
    with pytest.raises(ValueError, match="class"):
        make_dataset(cfg, ((0.0, 0.0, 2),))


@pytest.mark.parametrize("bad", [dict(kind="swirl"), dict(n_points=5), dict(noise=-0.1), dict(test_fraction=0.0),
                                 dict(kind="blobs", n_classes=2), dict(kind="blobs", n_classes=9),
                                 dict(kind="blobs", n_classes=5, n_points=40, test_fraction=0.1)])
def test_bad_configs_say_what_is_wrong(bad):
    with pytest.raises(ValueError):
        Dataset2DConfig(**bad)
