"""k-means (core/kmeans/: clustering, choose_k, datasets) against scikit-learn."""
import numpy as np
import pytest
import torch
from sklearn.cluster import KMeans
from sklearn.metrics import pairwise_distances, silhouette_score

import core.kmeans.lloyd as km
from core.kmeans.choose_k import mean_silhouette, scan_k, silhouette, silhouette_sample_index
from core.kmeans.clustering import (
    KMeansConfig,
    KMeansStepper,
    assign_labels,
    kmeans,
    kmeans_plus_plus,
    label_grid,
    lloyd_iterations,
    nearest_centroid,
)
from core.kmeans.datasets import ClusterDataConfig, make_points, true_cluster_count


def data(kind="blobs", n=800, clusters=4, seed=0) -> np.ndarray:
    return make_points(ClusterDataConfig(kind=kind, n_points=n, true_clusters=clusters, seed=seed))[0].numpy()


@pytest.mark.parametrize("kind,clusters,k", [("blobs", 4, 4), ("blobs", 5, 3), ("uneven", 4, 4), ("moons", 2, 5)])
def test_lloyd_matches_sklearn_from_the_same_start(kind, clusters, k):
    X = data(kind, clusters=clusters, seed=3)
    stepper = KMeansStepper(X, KMeansConfig(k=k, seed=1))
    start = stepper.centroids.numpy().copy()
    stepper.fit(stop_at_tol=True)
    ref = KMeans(n_clusters=k, init=start, n_init=1, algorithm="lloyd").fit(X)
    assert stepper.inertia == pytest.approx(ref.inertia_, rel=1e-4)
    order = np.argsort(ref.cluster_centers_[:, 0])
    np.testing.assert_allclose(stepper.centroids.numpy()[np.argsort(stepper.centroids.numpy()[:, 0])],
                               ref.cluster_centers_[order], atol=1e-3)
    assert abs(stepper.iteration - ref.n_iter_) <= 1  # sklearn counts the final no-change pass differently


@pytest.mark.parametrize("kind,clusters,k", [("blobs", 4, 4), ("blobs", 6, 3), ("uneven", 4, 4), ("moons", 2, 2)])
def test_own_kmeans_plus_plus_reaches_sklearn_inertia_within_one_percent(kind, clusters, k):
    X = data(kind, clusters=clusters, seed=1)
    ours = min(kmeans(X, KMeansConfig(k=k, seed=s)).inertia for s in range(3))
    theirs = KMeans(n_clusters=k, n_init=3, random_state=0).fit(X).inertia_
    assert ours / theirs <= 1.01


def test_kmeans_plus_plus_is_seeded_and_spreads_over_the_blobs():
    X = torch.as_tensor(data("blobs", clusters=5, seed=2))
    a = kmeans_plus_plus(X, 5, torch.Generator().manual_seed(7))
    b = kmeans_plus_plus(X, 5, torch.Generator().manual_seed(7))
    c = kmeans_plus_plus(X, 5, torch.Generator().manual_seed(8))
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert all((X == centre).all(1).any() for centre in a)  # every start is a data point
    truth = make_points(ClusterDataConfig(n_points=800, true_clusters=5, seed=2))[1]
    owners = {int(truth[(X == centre).all(1).nonzero()[0, 0]]) for centre in a}
    assert owners == set(range(5))  # one start in each well-separated blob


def test_empty_cluster_restarts_at_the_farthest_point_like_sklearn():
    X = np.array([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [30, 30]], dtype=np.float32)
    start = np.array([[0, 0], [10, 10], [100, 100]], dtype=np.float32)  # the third centroid wins no point
    pts = torch.as_tensor(X)
    labels, d2 = nearest_centroid(pts, torch.as_tensor(start))
    new, moved = km.move_centroids(pts, labels, d2, torch.as_tensor(start))
    assert moved == 1 and new[2].tolist() == [30.0, 30.0]  # (30, 30) was farthest from its centroid
    centroids, labels = lloyd_iterations(pts, torch.as_tensor(start), 5)
    assert torch.bincount(labels, minlength=3).min() > 0
    ref = KMeans(n_clusters=3, init=start, n_init=1, max_iter=5).fit(X)
    assert km.inertia(pts, centroids) == pytest.approx(ref.inertia_, rel=1e-5)


def test_stepper_half_steps_alternate_and_inertia_never_rises():
    s = KMeansStepper(data("uneven", clusters=5), KMeansConfig(k=5, seed=0))
    assert s.phase == "assign" and s.labels is None and s.inertia is None
    s.step()
    assert s.phase == "move" and s.labels is not None and s.iteration == 0
    s.step()
    assert s.phase == "assign" and s.iteration == 1 and len(s.trail) == 2
    s.run_to_convergence()
    assert s.converged and s.phase == "move" and s.stop_reason == "converged"
    assert all(b <= a + 1e-3 for a, b in zip(s.inertias, s.inertias[1:], strict=False))
    assert s.trail_array().shape == (s.iteration + 1, 5, 2)
    # labels belong to the final centroids
    assert np.array_equal(s.labels.numpy(), assign_labels(s.points.numpy(), s.centroids.numpy()))


def test_max_iter_stops_early_and_config_is_checked():
    s = kmeans(data("moons"), KMeansConfig(k=8, max_iter=1, seed=0))
    assert s.iteration == 1 and not s.converged
    for bad in (dict(k=0), dict(max_iter=0), dict(tol=-1.0)):
        with pytest.raises(ValueError):
            KMeansConfig(**bad)
    with pytest.raises(ValueError, match="more than"):
        KMeansStepper(np.zeros((3, 2)), KMeansConfig(k=4))


def test_distances_are_chunked_for_a_million_points(monkeypatch):
    blocks = []
    real = km.centre_scores
    monkeypatch.setattr(km, "centre_scores", lambda p, c, n: blocks.append(p.shape[0] * c.shape[0]) or real(p, c, n))
    pts = torch.rand(1_000_000, 2, generator=torch.Generator().manual_seed(0))
    cents = pts[:10].clone()
    labels, d2 = nearest_centroid(pts, cents)
    assert len(blocks) > 1 and max(blocks) <= km.CHUNK_ELEMENTS  # never the whole 1M x 10 matrix at once
    sample = torch.arange(0, 1_000_000, 997)
    brute = torch.cdist(pts[sample].double(), cents.double()).argmin(1)
    assert torch.equal(labels[sample], brute)
    assert torch.allclose(d2[sample].double(), torch.cdist(pts[sample].double(), cents.double()).min(1).values ** 2,
                          atol=1e-6)


def test_both_ways_of_summing_clusters_agree(monkeypatch):
    monkeypatch.setattr(km, "CHUNK_ELEMENTS", 1000)  # several chunks
    g = torch.Generator().manual_seed(0)
    pts, labels = torch.randn(5000, 2, generator=g) * 50, torch.randint(0, 7, (5000,), generator=g)
    one_hot, scattered = km.cluster_sums(pts, labels, 7, one_hot=True), km.cluster_sums(pts, labels, 7, one_hot=False)
    assert one_hot.dtype == torch.float64 and torch.allclose(one_hot, scattered, rtol=1e-12, atol=1e-9)
    assert torch.allclose(scattered[3], pts[labels == 3].double().sum(0))


def test_label_grid_is_the_voronoi_diagram_and_capped_at_100():
    cents = torch.tensor([[-1.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    xs, ys, grid = label_grid(cents, (-2, 2), (-2, 3), resolution=500)
    assert grid.shape == (100, 100) and len(xs) == len(ys) == 100
    gx, gy = np.meshgrid(xs, ys)
    brute = np.argmin(((np.stack([gx, gy], -1)[:, :, None, :] - cents.numpy()) ** 2).sum(-1), -1)
    assert (grid == brute).mean() > 0.999  # ties on the borders may go either way


def test_silhouette_and_scan_against_sklearn():
    X = data("blobs", n=600, clusters=3, seed=5)
    scan = scan_k(X, range(1, 7), seed=0)
    assert np.isnan(scan.silhouettes[0])  # undefined for one cluster
    assert scan.best_silhouette_k == 3
    assert scan.inertias[0] > scan.inertias[2] > scan.inertias[-1]
    labels = assign_labels(X, scan.centroids[2])
    assert scan.silhouettes[2] == pytest.approx(silhouette_score(X, labels), rel=1e-6)
    big = np.random.default_rng(0).normal(size=(5000, 2)).astype(np.float32)
    assert not np.isnan(silhouette(big, (big[:, 0] > 0).astype(int), sample=500))
    assert np.isnan(silhouette(big, np.zeros(5000, dtype=int)))
    quick = scan_k(big, range(1, 3), max_points=1000)
    assert quick.points_used == 1000 and quick.silhouette_sample == 1000


def test_the_matrix_silhouette_is_scikit_learns():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 2))
    for labels in (rng.integers(0, 4, 300), (X[:, 0] > 0).astype(int), np.r_[np.zeros(298, int), 1, 2]):
        expected = silhouette_score(X, labels)  # the last labelling has two clusters of one point: they score 0
        assert mean_silhouette(pairwise_distances(X), labels) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert np.isnan(mean_silhouette(pairwise_distances(X), np.zeros(300, int)))
    assert np.isnan(mean_silhouette(pairwise_distances(X[:3]), np.array([0, 1, 2])))  # as many clusters as points
    big = rng.normal(size=(3000, 2))
    labels = (big[:, 1] > 0.3).astype(int) + 2 * (big[:, 0] > 0)
    scored = silhouette_sample_index(len(big), 700, seed=5)
    assert len(set(scored.tolist())) == 700 and silhouette_sample_index(700, 700) is None
    assert silhouette(big, labels, sample=700, seed=5) == pytest.approx(
        silhouette_score(big[scored], labels[scored]), rel=1e-9)


def test_cluster_data_kinds_are_seeded_and_shaped():
    a, la = make_points(ClusterDataConfig("blobs", 500, 5, seed=4))
    b, _ = make_points(ClusterDataConfig("blobs", 500, 5, seed=4))
    assert torch.equal(a, b) and a.shape == (500, 2) and a.dtype == torch.float32
    assert set(la.tolist()) == set(range(5))
    _, lu = make_points(ClusterDataConfig("uneven", 500, 4, seed=0))
    sizes = torch.bincount(lu).tolist()
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 4 * sizes[-1]
    m, lm = make_points(ClusterDataConfig("moons", 301, 7, seed=0))
    assert m.shape == (301, 2) and set(lm.tolist()) == {0, 1}
    _, tiny = make_points(ClusterDataConfig("uneven", 10, 10, seed=0))
    assert torch.bincount(tiny).min() == 1  # every cluster keeps a point
    assert true_cluster_count(ClusterDataConfig("moons", true_clusters=5)) == 2
    assert true_cluster_count(ClusterDataConfig("csv")) is None
    for bad in (dict(kind="spiral"), dict(n_points=1), dict(true_clusters=11), dict(n_points=3, true_clusters=4)):
        with pytest.raises(ValueError):
            ClusterDataConfig(**bad)
    with pytest.raises(ValueError):
        make_points(ClusterDataConfig("csv"))


@pytest.mark.parametrize("offset", [1e3, 1e4, 1e5])
def test_far_from_the_origin_matches_sklearn(offset):
    """Map coordinates or years: the |c|^2 - 2 x.c shortcut in float32 loses the difference unless the data is
    centred first (scikit-learn does it too). Uncentred, 10^4 gave 5x sklearn's inertia and 73 of 2,000 wrong."""
    near = data("blobs", n=2000, clusters=6, seed=4)
    X = (near + np.float32(offset)).astype(np.float32)
    ours = kmeans(X, KMeansConfig(k=6, seed=0))
    ref = KMeans(n_clusters=6, init=ours.trail[0].numpy(), n_init=1, algorithm="lloyd").fit(X)
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-3)
    assert np.array_equal(ours.labels.numpy(), ref.labels_)
    own_init = KMeans(n_clusters=6, n_init=1, random_state=0).fit(X).inertia_
    assert ours.inertia / own_init <= 1.01
    at_origin = kmeans(near, KMeansConfig(k=6, seed=0))  # the same clustering as the unshifted data
    assert np.array_equal(ours.labels.numpy(), at_origin.labels.numpy())
    assert ours.inertia == pytest.approx(at_origin.inertia, rel=1e-3)
    np.testing.assert_allclose(ours.centroids.numpy() - offset, at_origin.centroids.numpy(), atol=0.05)
    assert np.array_equal(assign_labels(X, ours.centroids.numpy()), ours.labels.numpy())
    xs, ys, grid = label_grid(ours.centroids, (offset - 15, offset + 15), (offset - 15, offset + 15), 40)
    gx, gy = np.meshgrid(xs.astype(np.float64), ys.astype(np.float64))
    cents = ours.centroids.numpy().astype(np.float64)
    brute = np.argmin(((np.stack([gx, gy], -1)[:, :, None, :] - cents) ** 2).sum(-1), -1)
    assert (grid == brute).mean() > 0.99


def test_converged_means_another_assign_changes_nothing():
    X = data("uneven", n=1500, clusters=5, seed=1)
    loose = KMeansStepper(X, KMeansConfig(k=5, seed=2, tol=0.05)).fit(stop_at_tol=True)  # a large tol: early
    assert loose.stop_reason == "tolerance" and not loose.converged
    before, labels = loose.inertia, loose.labels.clone()
    loose.move()
    loose.assign()  # one more round still improves: so it was right not to call this converged
    assert loose.inertia < before and not torch.equal(loose.labels, labels)
    exact = KMeansStepper(X, KMeansConfig(k=5, seed=2, tol=0.05)).fit()  # what the page's button runs
    assert exact.converged and exact.stop_reason == "converged" and exact.iteration > loose.iteration
    settled, labels, centroids = exact.inertia, exact.labels.clone(), exact.centroids.clone()
    for _ in range(2):
        exact.move()
        exact.assign()
        assert exact.converged and exact.inertia == settled and torch.equal(exact.labels, labels)
    assert torch.equal(exact.centroids, centroids)


def test_stop_reasons():
    X = data("blobs", n=600, clusters=4, seed=0)
    s = KMeansStepper(X, KMeansConfig(k=4, seed=0))
    assert s.stop_reason is None
    assert kmeans(X, KMeansConfig(k=4, seed=0, max_iter=1)).stop_reason in ("max_iter", "tolerance", "converged")
    capped = KMeansStepper(data("moons"), KMeansConfig(k=8, max_iter=1, tol=0.0, seed=0)).run_to_convergence()
    assert capped.stop_reason == "max_iter" and capped.iteration == 1


def test_moons_are_scikit_learns():
    from sklearn.datasets import make_moons

    from core.kmeans.datasets import KIND_LABELS, KINDS, MOONS_NOISE

    points, labels = make_points(ClusterDataConfig("moons", 301, seed=7))
    want_x, want_y = make_moons(n_samples=301, noise=MOONS_NOISE, random_state=7)
    np.testing.assert_array_equal(points.numpy(), want_x.astype(np.float32))
    np.testing.assert_array_equal(labels.numpy(), want_y)
    assert set(KIND_LABELS) == set(KINDS)


def test_kmeans_plus_plus_ignores_the_global_generator():
    X = torch.as_tensor(data("blobs", clusters=5, seed=2))
    torch.manual_seed(1)
    a = KMeansStepper(X, KMeansConfig(k=5, seed=3)).centroids
    torch.manual_seed(2)
    b = KMeansStepper(X, KMeansConfig(k=5, seed=3)).centroids
    assert torch.equal(a, b)
