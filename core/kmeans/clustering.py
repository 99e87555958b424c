"""k-means one half-step at a time (the page watches it work), or run to the end; built on core/kmeans/lloyd.py.

"Converged" means what it says: an assignment changed no label, so another assign or move changes nothing.
Stopping because the centroids moved less than the tolerance (scikit-learn's rule) is reported separately."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.kmeans.lloyd import (  # noqa: F401  (re-exported: bench, earlier imports)
    accumulate_dtype,
    centre_points,
    inertia,
    kmeans_plus_plus,
    lloyd_iterations,
    move_centroids,
    nearest_centroid,
    relative_tol,
    squared_shift,
)
from core.seeding import generator


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


class KMeansStepper:
    """Lloyd's algorithm one half-step at a time; fit() runs it to convergence.

    Phases alternate: `assign` (colour every point by its nearest centroid), then `move` (centroids to their
    cluster means). The data is centred once (see lloyd.centre_points); `centroids`, `trail` and `points`
    are in the data's own coordinates. `inertias` holds the value after each assignment."""

    def __init__(self, points, config: KMeansConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        data = points if torch.is_tensor(points) else torch.as_tensor(np.asarray(points, dtype=np.float32))
        self.points = data.to(self.device, torch.float32)
        if self.points.ndim != 2 or self.points.shape[0] < 1:
            raise ValueError(f"points must be an (n, d) array with n >= 1, got shape {tuple(self.points.shape)}")
        n = self.points.shape[0]
        if config.k > n:
            raise ValueError(f"k = {config.k} is more than the {n} points to cluster")
        self.centred, self.offset = centre_points(self.points)
        self.generator = generator(config.seed)  # local: another session's seeding cannot change the start
        self.tol = relative_tol(self.centred, config.tol)
        self._centroids = kmeans_plus_plus(self.centred, config.k, self.generator)
        self.labels: torch.Tensor | None = None
        self.sq_dist: torch.Tensor | None = None
        self.phase = "assign"
        self.iteration = 0  # completed move steps
        self.converged = False  # the last assignment changed no label: nothing will move again
        self.tol_reached = False  # the last move was shorter than the tolerance
        self.last_shift = float("nan")
        self.empty_moved = 0
        self._trail: list[torch.Tensor] = [self._centroids.clone()]
        self.inertias: list[float] = []

    def _uncentre(self, centroids: torch.Tensor) -> torch.Tensor:
        return (centroids.to(self.offset.dtype) + self.offset).to(centroids.dtype)

    @property
    def centroids(self) -> torch.Tensor:
        return self._uncentre(self._centroids)

    @property
    def trail(self) -> list[torch.Tensor]:
        return [self._uncentre(c) for c in self._trail]

    @property
    def inertia(self) -> float | None:
        return self.inertias[-1] if self.inertias else None

    @property
    def stop_reason(self) -> str | None:
        """"converged", "tolerance" (moved less than tol, labels may still change), "max_iter", or None."""
        if self.converged:
            return "converged"
        if self.tol_reached:
            return "tolerance"
        return "max_iter" if self.iteration >= self.config.max_iter else None

    def assign(self) -> None:
        labels, self.sq_dist = nearest_centroid(self.centred, self._centroids)
        self.converged = self.labels is not None and torch.equal(labels, self.labels)
        self.labels = labels
        self.inertias.append(float(self.sq_dist.to(accumulate_dtype(self.device)).sum()))
        self.phase = "move"

    def move(self) -> None:
        if self.labels is None:
            self.assign()
        new, self.empty_moved = move_centroids(self.centred, self.labels, self.sq_dist, self._centroids)
        self.last_shift = squared_shift(self._centroids, new)
        self.tol_reached = self.last_shift <= self.tol
        self._centroids = new
        self._trail.append(new.clone())
        self.iteration += 1
        self.phase = "assign"

    def step(self) -> None:
        """The next half-step, whichever it is."""
        self.assign() if self.phase == "assign" else self.move()

    def _finish(self) -> KMeansStepper:
        if self.phase == "assign":  # the labels must belong to the final centroids
            self.assign()
        return self

    def fit(self, stop_at_tol: bool = False) -> KMeansStepper:
        """Run until an assignment changes nothing (converged) or max_iter moves; with `stop_at_tol`, also stop
        when the centroids move less than the tolerance (scikit-learn's rule: kmeans() and the choose-k scan)."""
        while not (self.converged or (stop_at_tol and self.tol_reached)) and self.iteration < self.config.max_iter:
            self.step()
        return self._finish()

    def run_to_convergence(self) -> KMeansStepper:
        """The page's "run to convergence": until an assignment changes nothing, or max_iter moves."""
        return self.fit(stop_at_tol=False)

    def trail_array(self) -> np.ndarray:
        """Centroid positions so far, shape (steps + 1, k, d)."""
        return torch.stack(self.trail).cpu().numpy()


def kmeans(points, config: KMeansConfig, device: torch.device | str = "cpu") -> KMeansStepper:
    """Fit k-means as scikit-learn does (tolerance stop included) and return the finished stepper."""
    return KMeansStepper(points, config, device).fit(stop_at_tol=True)


def _centred_pair(points: torch.Tensor, centroids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Points and centroids both less the centroids' mean: the nearest centroid stays exact far from the origin."""
    acc = accumulate_dtype(centroids.device)
    shift = centroids.to(acc).mean(0)
    return (points.to(acc) - shift).float(), (centroids.to(acc) - shift).float()


def assign_labels(points, centroids) -> np.ndarray:
    """Nearest-centroid labels for arrays (to draw a fit whose labels were not kept)."""
    pts = torch.as_tensor(np.asarray(points), dtype=torch.float32)
    labels, _ = nearest_centroid(*_centred_pair(pts, torch.as_tensor(np.asarray(centroids), dtype=torch.float32)))
    return labels.numpy()


def label_grid(centroids, x_range: tuple[float, float], y_range: tuple[float, float],
               resolution: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Voronoi regions: the nearest centroid's label on a resolution x resolution grid (xs, ys, labels[y, x])."""
    centroids = torch.as_tensor(centroids, dtype=torch.float32).cpu()  # at most 10,000 cells: the CPU is fine
    resolution = max(2, min(int(resolution), 100))
    xs = torch.linspace(*x_range, resolution, dtype=torch.float64)
    ys = torch.linspace(*y_range, resolution, dtype=torch.float64)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    grid = torch.stack([gx.reshape(-1), gy.reshape(-1)], 1)
    labels, _ = nearest_centroid(*_centred_pair(grid, centroids[:, :2]))
    return xs.float().numpy(), ys.float().numpy(), labels.reshape(resolution, resolution).numpy()
