"""k-means in PyTorch: k-means++ seeding, then Lloyd's two half-steps (assign, move) until nothing moves.

Written to match scikit-learn's KMeans (greedy k-means++, relative tol, empty clusters moved to far
points) so the two can be compared number for number, and to run on any torch device. Distances
are computed in row chunks, so a million points never need more than a few MB at once."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

CHUNK_ELEMENTS = 1 << 22  # distances held at once (4M floats = 16 MB): a million points x k=10 in 3 chunks


@dataclass(frozen=True)
class KMeansConfig:
    k: int = 3
    max_iter: int = 100
    tol: float = 1e-4  # like scikit-learn: relative to the data's mean per-axis variance
    seed: int = 0

    def __post_init__(self):
        if self.k < 1:
            raise ValueError(f"k must be at least 1, got {self.k}")
        if self.max_iter < 1:
            raise ValueError(f"max_iter must be at least 1, got {self.max_iter}")
        if self.tol < 0:
            raise ValueError(f"tol must not be negative, got {self.tol}")


def _accumulate_dtype(device: torch.device) -> torch.dtype:
    return torch.float32 if device.type == "mps" else torch.float64  # MPS has no float64


def _row_chunks(n_rows: int, n_cols: int):
    step = max(1, CHUNK_ELEMENTS // max(1, n_cols))
    for start in range(0, n_rows, step):
        yield slice(start, min(n_rows, start + step))


def _centre_scores(points: torch.Tensor, centres: torch.Tensor, centre_norms: torch.Tensor) -> torch.Tensor:
    """|c|^2 - 2 x.c: the squared distance less |x|^2, which is the same for every centre of a point,
    so its argmin is the nearest centre. One matmul, no (n, k, d) difference tensor."""
    return torch.addmm(centre_norms.unsqueeze(0), points, centres.T, alpha=-2.0)


def nearest_centroid(points: torch.Tensor, centroids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(label of the nearest centroid, squared distance to it) for every point, chunk by chunk.

    The argmin uses the fast matmul form; the returned distance is recomputed directly from the
    difference, which is exact even for data far from the origin."""
    labels = torch.empty(points.shape[0], dtype=torch.long, device=points.device)
    norms = (centroids * centroids).sum(1)
    for rows in _row_chunks(points.shape[0], centroids.shape[0]):
        labels[rows] = _centre_scores(points[rows], centroids, norms).argmin(1)
    d2 = ((points - centroids[labels]) ** 2).sum(1)
    return labels, d2


def inertia(points: torch.Tensor, centroids: torch.Tensor) -> float:
    """Sum of squared distances from each point to its nearest centroid (what k-means minimises)."""
    _, d2 = nearest_centroid(points, centroids)
    return float(d2.to(_accumulate_dtype(points.device)).sum())


def kmeans_plus_plus(points: torch.Tensor, k: int, generator: torch.Generator) -> torch.Tensor:
    """Greedy k-means++ (as in scikit-learn): each new centre is the best of 2 + ln k candidates drawn
    with probability proportional to the squared distance to the nearest centre so far.

    The random numbers come from a CPU generator, so a seed gives the same centres on every device."""
    n, device = points.shape[0], points.device
    acc = _accumulate_dtype(device)
    trials = 2 + int(math.log(k))
    point_norms = (points * points).sum(1, keepdim=True)
    first = int(torch.randint(n, (1,), generator=generator))
    centres = [points[first]]
    closest = ((points - points[first]) ** 2).sum(1)
    for _ in range(1, k):
        cumulative = closest.to(acc).cumsum(0)
        draws = torch.rand(trials, generator=generator, dtype=torch.float64).to(device=device, dtype=acc)
        candidates = torch.searchsorted(cumulative, draws * cumulative[-1]).clamp_(max=n - 1)
        cand = points[candidates]
        cand_norms = (cand * cand).sum(1)
        potentials = torch.zeros(trials, dtype=acc, device=device)
        for rows in _row_chunks(n, trials):  # the total left if each candidate were chosen
            d2 = (_centre_scores(points[rows], cand, cand_norms) + point_norms[rows]).clamp_(min=0.0)
            potentials += torch.minimum(d2, closest[rows, None]).to(acc).sum(0)
        best = candidates[int(potentials.argmin())]
        centres.append(points[best])
        closest = torch.minimum(closest, ((points - points[best]) ** 2).sum(1))
    return torch.stack(centres)


def cluster_sums(points: torch.Tensor, labels: torch.Tensor, k: int, one_hot: bool | None = None) -> torch.Tensor:
    """Per-cluster coordinate sums, accumulated in float64 where the device has it.

    On a GPU, index_add_ would send a million atomic adds to k rows, which serialise; a one-hot
    matrix product per chunk is contention-free. On a CPU index_add_ is the faster of the two."""
    acc = _accumulate_dtype(points.device)
    if one_hot is None:
        one_hot = points.device.type != "cpu"
    if not one_hot:
        return torch.zeros(k, points.shape[1], dtype=acc, device=points.device).index_add_(0, labels, points.to(acc))
    sums = torch.zeros(k, points.shape[1], dtype=acc, device=points.device)
    for rows in _row_chunks(points.shape[0], k):
        sums += torch.nn.functional.one_hot(labels[rows], k).to(acc).T @ points[rows].to(acc)
    return sums


def move_centroids(points: torch.Tensor, labels: torch.Tensor, sq_dist: torch.Tensor,
                   centroids: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Each centroid to the mean of its points. A centroid that lost all its points jumps to the point
    farthest from its own centroid (scikit-learn does the same), so k clusters stay k clusters.
    Returns (new centroids, number of empty clusters that were moved)."""
    k, acc = centroids.shape[0], _accumulate_dtype(points.device)
    sums = cluster_sums(points, labels, k)
    counts = torch.bincount(labels, minlength=k)
    new = torch.where(counts[:, None] > 0, sums / counts.clamp_min(1)[:, None].to(acc), centroids.to(acc))
    new = new.to(points.dtype)
    empty = (counts == 0).nonzero().flatten()
    if len(empty):
        far = sq_dist.topk(min(len(empty), len(sq_dist))).indices
        new[empty[:len(far)]] = points[far]
    return new, int(len(empty))


class KMeansStepper:
    """Lloyd's algorithm one half-step at a time, for watching it work; fit() runs it to the end.

    Phases alternate: `assign` (colour every point by its nearest centroid), then `move` (centroids
    to their cluster means). `trail` keeps every centroid position, `inertias` the value after each
    assignment."""

    def __init__(self, points, config: KMeansConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.points = torch.as_tensor(np.asarray(points, dtype=np.float32) if not torch.is_tensor(points) else points,
                                      dtype=torch.float32).to(self.device)
        if self.points.ndim != 2 or self.points.shape[0] < 1:
            raise ValueError(f"points must be an (n, d) array with n >= 1, got shape {tuple(self.points.shape)}")
        n = self.points.shape[0]
        if config.k > n:
            raise ValueError(f"k = {config.k} is more than the {n} points to cluster")
        self.generator = torch.Generator().manual_seed(config.seed)
        variance = self.points.to(_accumulate_dtype(self.device)).var(0, unbiased=False).mean()
        self.tol = float(variance) * config.tol
        self.centroids = kmeans_plus_plus(self.points, config.k, self.generator)
        self.labels: torch.Tensor | None = None
        self.sq_dist: torch.Tensor | None = None
        self.phase = "assign"
        self.iteration = 0  # completed move steps
        self.converged = False
        self.last_shift = float("nan")
        self.empty_moved = 0
        self.trail: list[torch.Tensor] = [self.centroids.clone()]
        self.inertias: list[float] = []

    @property
    def inertia(self) -> float | None:
        return self.inertias[-1] if self.inertias else None

    def assign(self) -> None:
        labels, self.sq_dist = nearest_centroid(self.points, self.centroids)
        if self.labels is not None and torch.equal(labels, self.labels):
            self.converged = True  # same clusters -> same means: nothing will move again
        self.labels = labels
        self.inertias.append(float(self.sq_dist.to(_accumulate_dtype(self.device)).sum()))
        self.phase = "move"

    def move(self) -> None:
        if self.labels is None:
            self.assign()
        new, self.empty_moved = move_centroids(self.points, self.labels, self.sq_dist, self.centroids)
        self.last_shift = float(((new - self.centroids) ** 2).to(_accumulate_dtype(self.device)).sum())
        if self.last_shift <= self.tol:
            self.converged = True
        self.centroids = new
        self.trail.append(new.clone())
        self.iteration += 1
        self.phase = "assign"

    def step(self) -> None:
        """The next half-step, whichever it is."""
        self.assign() if self.phase == "assign" else self.move()

    def fit(self) -> "KMeansStepper":
        """Run to convergence (or max_iter moves), ending with the labels of the final centroids."""
        while not self.converged and self.iteration < self.config.max_iter:
            self.step()
        if self.phase == "assign":
            self.assign()
        return self

    def trail_array(self) -> np.ndarray:
        """Centroid positions so far, shape (steps + 1, k, d)."""
        return torch.stack(self.trail).cpu().numpy()


def kmeans(points, config: KMeansConfig, device: torch.device | str = "cpu") -> KMeansStepper:
    """Fit k-means and return the finished stepper (centroids, labels, inertia, iteration)."""
    return KMeansStepper(points, config, device).fit()


def lloyd_iterations(points: torch.Tensor, centroids: torch.Tensor, iterations: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Exactly `iterations` Lloyd steps from given centroids (no early stop), then the final labels.
    The benchmark times this against scikit-learn started from the same centroids."""
    for _ in range(iterations):
        labels, d2 = nearest_centroid(points, centroids)
        centroids, _ = move_centroids(points, labels, d2, centroids)
    labels, _ = nearest_centroid(points, centroids)
    return centroids, labels


def assign_labels(points, centroids) -> np.ndarray:
    """Nearest-centroid labels for arrays (to draw a fit whose labels were not kept)."""
    pts = torch.as_tensor(np.asarray(points), dtype=torch.float32)
    labels, _ = nearest_centroid(pts, torch.as_tensor(np.asarray(centroids), dtype=torch.float32))
    return labels.numpy()


def label_grid(centroids, x_range: tuple[float, float], y_range: tuple[float, float],
               resolution: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Voronoi regions: the nearest centroid's label on a resolution x resolution grid (xs, ys, labels[y, x])."""
    centroids = torch.as_tensor(centroids, dtype=torch.float32)
    resolution = max(2, min(int(resolution), 100))
    xs = torch.linspace(*x_range, resolution)
    ys = torch.linspace(*y_range, resolution)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    grid = torch.stack([gx.reshape(-1), gy.reshape(-1)], 1).to(centroids.device)
    labels, _ = nearest_centroid(grid, centroids[:, :2])
    return xs.numpy(), ys.numpy(), labels.reshape(resolution, resolution).cpu().numpy()
