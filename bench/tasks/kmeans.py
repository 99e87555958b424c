"""k-means on a million 2-D points (10 true clusters, k = 10): quality and speed against scikit-learn.

Two comparisons, each like with like:
- inertia_ratio: a full fit each way (our seeded greedy k-means++ then Lloyd to convergence, against
  KMeans(n_init=1) with its own k-means++), ours / sklearn's final inertia. Target <= 1.01.
- seconds: Lloyd iterations only, both started from the SAME centroids (k data points picked with
  a fixed seed; random rather than k-means++ so that Lloyd runs all 20 iterations instead of
  converging in 3), sklearn with tol=0 and max_iter=20, ours exactly as many iterations as sklearn ran.
  Both include the final assignment; ours has its data already on the device. Best of 3 runs each.
"""
from __future__ import annotations

import torch
from sklearn.cluster import KMeans

from bench.timing import best_time
from core.kmeans.clustering import KMeansConfig, kmeans
from core.kmeans.datasets import ClusterDataConfig, make_points
from core.kmeans.lloyd import centre_points, lloyd_iterations

NAME = "kmeans"
K = 10
ITERATIONS = 20


def run(device: torch.device, quick: bool) -> dict:
    n = 100_000 if quick else 1_000_000
    cpu_points, _ = make_points(ClusterDataConfig(kind="blobs", n_points=n, true_clusters=K, seed=0))
    X = cpu_points.numpy()
    points = cpu_points.to(device)

    ours = kmeans(points, KMeansConfig(k=K, seed=0), device)
    sklearn_fit = KMeans(n_clusters=K, n_init=1, random_state=0).fit(X)
    inertia_ratio = ours.inertia / sklearn_fit.inertia_

    pick = torch.randperm(n, generator=torch.Generator().manual_seed(1))[:K]
    init = cpu_points[pick]
    seconds_sklearn, fitted = best_time(
        lambda: KMeans(n_clusters=K, init=init.numpy(), n_init=1, max_iter=ITERATIONS, tol=0.0,
                       algorithm="lloyd").fit(X))
    iterations = int(fitted.n_iter_)
    centred, mean = centre_points(points)  # as the stepper does once per dataset (and sklearn inside its fit)
    init_device = (init.to(device) - mean.to(init.dtype)).to(points.dtype)
    lloyd_iterations(centred, init_device, 1)  # warm-up: kernel loading and the like are not k-means
    seconds_torch, _ = best_time(lambda: lloyd_iterations(centred, init_device, iterations), device)
    return {
        "n_points": n,
        "k": K,
        "iterations": iterations,
        "inertia_ratio": round(inertia_ratio, 5),
        "seconds_torch": round(seconds_torch, 4),
        "seconds_sklearn": round(seconds_sklearn, 4),
        "speedup_vs_sklearn": round(seconds_sklearn / seconds_torch, 2),
        "seconds": seconds_torch,
    }
