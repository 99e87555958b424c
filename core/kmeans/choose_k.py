"""Choosing k: fit k-means for each k and score it by inertia (the elbow) and by silhouette.

Inertia always falls as k grows (k = n gives 0), so its "elbow" is read by eye. The silhouette
compares each point's distance to its own cluster with the nearest other one: it peaks near a
natural k, and is undefined for k = 1 (there is no other cluster)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.metrics import pairwise_distances, silhouette_score

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


def silhouette(points: np.ndarray, labels: np.ndarray, sample: int = 2000, seed: int = 0,
               distances: np.ndarray | None = None) -> float:
    """scikit-learn's silhouette on at most `sample` random points (it is O(n^2)); nan where undefined.
    `distances`: the points' pairwise distances, when there are at most `sample` points (computed once for many
    labellings of the same points, as scan_k does)."""
    n_labels = len(np.unique(labels))
    if n_labels < 2 or n_labels > len(points) - 1:
        return float("nan")
    size = sample if len(points) > sample else None
    try:
        if distances is not None and size is None:
            return float(silhouette_score(distances, labels, metric="precomputed"))
        return float(silhouette_score(points, labels, sample_size=size, random_state=seed))
    except ValueError:  # the random subset happened to hold a single cluster
        return float("nan")


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
    distances = pairwise_distances(points) if len(points) <= silhouette_sample else None
    for k in ks:
        fit = kmeans(points, KMeansConfig(k=k, max_iter=max_iter, seed=seed), device)
        inertias.append(fit.inertia)
        labels = fit.labels.cpu().numpy()
        scores.append(silhouette(points, labels, silhouette_sample, seed, distances) if k > 1 else float("nan"))
        centroids.append(fit.centroids.cpu().numpy())
    return KScan(ks, tuple(inertias), tuple(scores), tuple(centroids), min(len(points), silhouette_sample), len(points))
