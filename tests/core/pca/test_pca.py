"""PCA against scikit-learn; the elephant and three-photo-mixture claims; augmentation; eigen-images."""
import numpy as np
import pytest
import torch
from sklearn.decomposition import PCA

from core.pca.augment import AugmentConfig, augment, normalise, originals, to_small_gray
from core.pca.decompose import pca
from core.pca.eigen import eigen_from_photos, fit_eigen, storage
from core.pca.lead_in import FEATURES, amounts_from, elephants, load_mix_photos, mix, standardise


def correlated(n=120, d=9, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 4)) @ rng.normal(size=(4, d)) + 0.1 * rng.normal(size=(n, d)) + 3.0


@pytest.mark.parametrize("k", [3, 9])
def test_components_variance_and_coordinates_match_sklearn(k):
    x = correlated()
    ours = pca(torch.from_numpy(x), k)
    ref = PCA(n_components=k, svd_solver="full").fit(x)
    np.testing.assert_allclose(ours.components.numpy(), ref.components_, atol=1e-9)  # same sign rule too
    np.testing.assert_allclose(ours.explained_variance.numpy(), ref.explained_variance_, rtol=1e-9)
    np.testing.assert_allclose(ours.explained_variance_ratio.numpy(), ref.explained_variance_ratio_, rtol=1e-9)
    np.testing.assert_allclose(ours.transform(torch.from_numpy(x)).numpy(), ref.transform(x), atol=1e-9)


def test_all_components_rebuild_the_data_exactly():
    x = torch.from_numpy(correlated(n=30, d=12))
    result = pca(x)
    assert result.n_components == 12
    np.testing.assert_allclose(result.reconstruct(result.transform(x)).numpy(), x.numpy(), atol=1e-10)
    with pytest.raises(ValueError):
        pca(x, 13)


def test_the_elephant_has_a_direction_that_carries_almost_nothing():
    x = standardise(elephants(300, seed=1))
    result = pca(torch.from_numpy(x))
    ratio = result.explained_variance_ratio.numpy()
    np.testing.assert_allclose(ratio, PCA().fit(x).explained_variance_ratio_, atol=1e-12)
    assert ratio[-1] < 1e-10 and ratio[-2] > 0.01  # ears follow age exactly: one direction is empty, only one
    last = result.components[-1].numpy() ** 2
    age, ears = FEATURES.index("age (years)"), FEATURES.index("ear size (m²)")
    assert last[age] + last[ears] > 0.99  # and it is made of age against ear size
    noisy = pca(torch.from_numpy(standardise(elephants(300, seed=1, ear_noise=0.05))))
    assert 1e-10 < noisy.explained_variance_ratio[-1] < 0.02  # nearly redundant: still almost nothing


def test_mixtures_of_three_photos_are_three_numbers_each():
    photos = load_mix_photos(24)
    mixed = mix(photos, n=9, seed=2)
    flat = torch.from_numpy(mixed.pictures.reshape(9, -1))
    result = pca(flat, 6)
    ratio = result.explained_variance_ratio.numpy()
    assert ratio[:3].sum() == pytest.approx(1.0, abs=1e-9) and ratio[3] < 1e-12
    rebuilt = pca(flat, 3).reconstruct(pca(flat, 3).transform(flat)).numpy().reshape(mixed.pictures.shape)
    np.testing.assert_allclose(rebuilt, mixed.pictures, atol=1e-10)  # exactly, from three numbers each
    np.testing.assert_allclose(amounts_from(rebuilt, photos), mixed.amounts, atol=1e-8)  # the seed's bars


def test_augmentation_is_seeded_local_and_varied():
    rng = np.random.default_rng(0)
    bases = [to_small_gray(rng.uniform(size=(60, 80, 3)), 16), to_small_gray(rng.uniform(size=(50, 50, 3)), 16)]
    cfg = AugmentConfig(n_images=40, size=16, seed=3)
    state = torch.random.get_rng_state()
    a, b = augment(bases, cfg), augment(bases, cfg)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert a.shape == (40, 16, 16) and torch.equal(a, b)
    assert not torch.equal(a, augment(bases, AugmentConfig(n_images=40, size=16, seed=4)))
    assert len({tuple(img.flatten().round(decimals=4).tolist()) for img in a}) == 40  # all different
    still = augment(bases, AugmentConfig(n_images=6, size=16, rotation=0, shift=0, scale=0, flip=False))
    np.testing.assert_allclose(still.numpy(), originals(bases, 16).repeat(3, 1, 1).numpy(),
                               atol=1e-5)  # no change asked for: the photos themselves, in turn
    n = normalise(a).reshape(40, -1)
    np.testing.assert_allclose(n.mean(1).numpy(), 0, atol=1e-5)
    np.testing.assert_allclose(n.std(1).numpy(), 1, atol=1e-4)


def test_eigen_images_match_sklearn_and_more_components_rebuild_better():
    import skimage.data

    photo = skimage.data.chelsea()[..., :3] / 255.0
    e = eigen_from_photos([photo], AugmentConfig(n_images=300, size=24, seed=1))
    ref = PCA(n_components=200, svd_solver="full").fit(e.images.reshape(300, -1).numpy())
    assert np.abs(e.result.explained_variance_ratio[:200].numpy() - ref.explained_variance_ratio_).max() <= 1e-3
    errors = [float(np.mean((e.rebuild(k) - e.originals.numpy()) ** 2)) for k in (3, 30, 200)]
    assert errors[0] > errors[1] > errors[2]
    assert e.eigen_images(12).shape == (12, 24, 24)
    assert e.cumulative_ratio()[-1] == pytest.approx(1.0, abs=1e-4)  # 300 images: 299 directions hold everything
    whole = fit_eigen(e.images[:20], e.images[:2])  # a training image, all components: exact
    np.testing.assert_allclose(whole.rebuild(20), e.images[:2].numpy(), atol=1e-4)


def test_storage_counts_numbers():
    s = storage(n_images=1000, pixels=2304, k=100)
    assert s["ratio_per_image"] == pytest.approx(23.04)
    assert s["compressed_numbers"] == 1000 * 100 + 101 * 2304
