"""Choosing k: fit k-means for each k and score it by inertia (the elbow) and by silhouette.

Inertia always falls as k grows (k = n gives 0), so its "elbow" is read by eye. The silhouette
compares each point's distance to its own cluster with the nearest other one: it peaks near a
natural k, and is undefined for k = 1 (there is no other cluster)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.metrics import pairwise_distances

from core.kmeans.clustering import KMeansConfig, kmeans


@dataclass(frozen=True)
class KScan:
    ks: tuple[int, ...]
    inertias: tuple[float, ...]
    silhouettes: tuple[float, ...]  # nan where undefined (k = 1, or fewer distinct clusters than 2)
    centroids: tuple[np.ndarray, ...]  # the fitted centroids for each k, to draw any of them
    silhouette_sample: int  # points the silhouette was computed on (all, or a random subset)
    points_used: int  # points the fits used: all, or a random subset of big data

    @property
    def best_silhouette_k(self) -> int | None:
        scores = np.asarray(self.silhouettes, dtype=float)
        if np.isnan(scores).all():
            return None
        return int(self.ks[int(np.nanargmax(scores))])


def silhouette_sample_index(n: int, sample: int, seed: int = 0) -> np.ndarray | None:
    """The points scored when there are more than `sample`: a random `sample` of them, the same for every k of a
    sweep. None: all of them."""
    return None if n <= sample else np.random.default_rng(seed).permutation(n)[:sample]


def mean_silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """scikit-learn's silhouette_score(distances, labels, metric="precomputed") as one matrix product: every
    point's summed distance to every cluster at once (scikit-learn walks the rows in chunks, about 10x slower
    for a thousand points). A point alone in its cluster scores 0; nan where the score is undefined."""
    labels = np.unique(labels, return_inverse=True)[1].ravel()
    n, n_clusters = len(labels), int(labels.max()) + 1 if len(labels) else 0
    if n_clusters < 2 or n_clusters > n - 1:
        return float("nan")
    rows = np.arange(n)
    members = np.zeros((n, n_clusters))
    members[rows, labels] = 1.0
    sums = np.asarray(distances, dtype=np.float64) @ members  # (n, clusters): distance to each cluster, summed
    counts = members.sum(0)
    own = counts[labels]
    within = sums[rows, labels] / np.maximum(own - 1, 1)
    means = sums / counts
    means[rows, labels] = np.inf
    nearest_other = means.min(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (nearest_other - within) / np.maximum(within, nearest_other)
    scores[own == 1] = 0.0
    return float(np.nan_to_num(scores).mean())


def silhouette(points: np.ndarray, labels: np.ndarray, sample: int = 2000, seed: int = 0) -> float:
    """The mean silhouette on at most `sample` random points (it compares every pair); nan where undefined."""
    points, labels = np.asarray(points), np.asarray(labels)
    index = silhouette_sample_index(len(points), sample, seed)
    if index is not None:
        points, labels = points[index], labels[index]
    return mean_silhouette(pairwise_distances(points.astype(np.float64)), labels)


def scan_k(points, ks=range(1, 11), seed: int = 0, device: torch.device | str = "cpu",
           max_iter: int = 100, silhouette_sample: int = 2000, max_points: int = 20_000) -> KScan:
    """k-means for every k in ks. Big data is fitted on a random `max_points` of it: ten fits of
    200,000 points would keep a page waiting, and the curves barely change."""
    points = np.asarray(points, dtype=np.float32)
    if len(points) > max_points:
        points = points[np.random.default_rng(seed).choice(len(points), max_points, replace=False)]
    ks = tuple(k for k in ks if 1 <= k <= len(points))
    inertias, scores, centroids = [], [], []
    # every k scores the same points: their distances once, not once per k
    scored = silhouette_sample_index(len(points), silhouette_sample, seed)
    scored = slice(None) if scored is None else scored
    distances = pairwise_distances(points[scored].astype(np.float64))
    for k in ks:
        fit = kmeans(points, KMeansConfig(k=k, max_iter=max_iter, seed=seed), device)
        inertias.append(fit.inertia)
        labels = fit.labels.cpu().numpy()
        scores.append(mean_silhouette(distances, labels[scored]) if k > 1 else float("nan"))
        centroids.append(fit.centroids.cpu().numpy())
    return KScan(ks, tuple(inertias), tuple(scores), tuple(centroids), min(len(points), silhouette_sample), len(points))
