"""2-D point clouds for clustering: round blobs (k-means' home ground), blobs of uneven size and
spread, and two moons (where k-means fails). Seeded, CPU-generated: same seed, same points.

The generators are small pure functions (torch and math; the moons are scikit-learn's make_moons, the same
generator the classification page uses), so the export script includes their source verbatim."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from sklearn.datasets import make_moons

GENERATED_KINDS = ("blobs", "uneven", "moons")
KINDS = GENERATED_KINDS + ("csv",)  # csv: points uploaded by the user, not generated here
KIND_LABELS = {"blobs": "round blobs", "uneven": "uneven blobs", "moons": "two moons", "csv": "upload a CSV"}
MOONS_NOISE = 0.08


@dataclass(frozen=True)
class ClusterDataConfig:
    kind: str = "blobs"
    n_points: int = 600
    true_clusters: int = 4  # ignored by moons (always 2)
    seed: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown data kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        if self.n_points < 2:
            raise ValueError(f"need at least 2 points, got {self.n_points}")
        if not 1 <= self.true_clusters <= 10:
            raise ValueError(f"true_clusters must be 1 to 10, got {self.true_clusters}")
        if self.n_points < self.true_clusters:
            raise ValueError(f"{self.n_points} points cannot make {self.true_clusters} clusters")


def spread_centres(clusters, min_gap, generator):
    """Cluster centres in a square, each at least min_gap from the others (the gap shrinks if the
    square gets crowded), so every true cluster is visible."""
    half = 3.0 * math.sqrt(clusters) + 3.0
    centres = []
    while len(centres) < clusters:
        for _ in range(200):
            c = (torch.rand(2, generator=generator) * 2 - 1) * half
            if all(float((c - o).norm()) >= min_gap for o in centres):
                centres.append(c)
                break
        else:
            min_gap *= 0.9
    return torch.stack(centres)


def split_counts(n, weights):
    """n points shared in proportion to weights, every cluster getting at least one."""
    total = sum(weights)
    counts = [max(1, int(n * w / total)) for w in weights]
    while sum(counts) > n:  # the minimum of one point each overshot: take from the biggest
        counts[counts.index(max(counts))] -= 1
    counts[0] += n - sum(counts)
    return counts


def blobs(n, clusters, generator):
    """Round clusters of equal spread and (nearly) equal size."""
    centres = spread_centres(clusters, 6.0, generator)
    counts = split_counts(n, [1.0] * clusters)
    labels = torch.cat([torch.full((c,), i) for i, c in enumerate(counts)])
    points = centres[labels] + torch.randn(n, 2, generator=generator)
    return points, labels


def uneven_blobs(n, clusters, generator):
    """One big wide cluster and ever smaller, tighter ones: k-means splits the big one and merges the small."""
    centres = spread_centres(clusters, 6.0, generator)
    weights = [0.5 ** i for i in range(clusters)]
    spreads = torch.tensor([2.2 * 0.7 ** i for i in range(clusters)])
    counts = split_counts(n, weights)
    labels = torch.cat([torch.full((c,), i) for i, c in enumerate(counts)])
    points = centres[labels] + torch.randn(n, 2, generator=generator) * spreads[labels, None]
    return points, labels


def moons(n, seed):
    """Two interleaved half-circles with a little noise: scikit-learn's make_moons, seeded."""
    points, labels = make_moons(n_samples=n, noise=MOONS_NOISE, random_state=seed)
    return torch.from_numpy(points), torch.from_numpy(labels)


def generate(kind, n, clusters, seed):
    """(points float32 (n, 2), true cluster labels (n,)) of a generated kind, on the CPU."""
    if kind == "moons":
        points, labels = moons(n, seed)
    else:
        generator = torch.Generator().manual_seed(seed)  # local: sessions in other threads cannot change it
        points, labels = (uneven_blobs if kind == "uneven" else blobs)(n, clusters, generator)
    return points.float(), labels.long()


def make_points(config: ClusterDataConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """(points float32 (n, 2), true cluster labels (n,)) on the CPU."""
    if config.kind == "csv":
        raise ValueError("csv points come from an upload, not from a generator")
    return generate(config.kind, config.n_points, config.true_clusters, config.seed)


def true_cluster_count(config: ClusterDataConfig) -> int | None:
    """How many clusters the generator made (None for uploaded points: nobody knows)."""
    if config.kind == "csv":
        return None
    return 2 if config.kind == "moons" else config.true_clusters
