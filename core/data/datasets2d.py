"""Small 2-D classification datasets, split into train and test: the pictures a boundary is drawn on.

Every kind is a scikit-learn generator (or a few lines of NumPy for the spiral), seeded, so the same
config always gives the same points. `noise` is the standard deviation of the jitter for moons,
circles and spiral; for the blob kinds it widens the blobs (cluster_std = BLOB_STD + noise)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.model_selection import train_test_split

KINDS = ("two_blobs", "moons", "circles", "xor", "spiral", "blobs")
KIND_LABELS = {
    "two_blobs": "two blobs (linearly separable)",
    "moons": "moons",
    "circles": "circles",
    "xor": "XOR",
    "spiral": "spiral",
    "blobs": "3-5 blobs (more classes)",
}
CLASS_NAMES = ("A", "B", "C", "D", "E")
BLOB_STD = 0.25  # blob width at noise 0: tight but not points
TWO_BLOB_CENTRES = ((-1.5, -1.5), (1.5, 1.5))
XOR_CENTRES = ((-1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (1.0, -1.0))  # first two are class 0, last two class 1
CIRCLES_FACTOR = 0.5
SPIRAL_TURNS = 1.5
SPIRAL_RADIUS = 2.0
MIN_POINTS, MAX_POINTS = 20, 5000


@dataclass(frozen=True)
class Dataset2DConfig:
    kind: str = "moons"
    n_points: int = 200  # before the split
    noise: float = 0.2
    test_fraction: float = 0.3
    n_classes: int = 3  # used by "blobs" only; the other kinds have two classes
    seed: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown dataset {self.kind!r}; known: {', '.join(KINDS)}")
        if not MIN_POINTS <= self.n_points <= MAX_POINTS:
            raise ValueError(f"n_points must be from {MIN_POINTS} to {MAX_POINTS}, got {self.n_points}")
        if not (0.0 <= self.noise <= 5.0):
            raise ValueError(f"noise must be from 0 to 5, got {self.noise}")
        if not (0.05 <= self.test_fraction <= 0.8):
            raise ValueError(f"test_fraction must be from 0.05 to 0.8, got {self.test_fraction}")
        if self.kind == "blobs" and not 3 <= self.n_classes <= len(CLASS_NAMES):
            raise ValueError(f"blobs needs 3 to {len(CLASS_NAMES)} classes, got {self.n_classes}")
        n_test = math.ceil(self.n_points * self.test_fraction)  # as train_test_split counts
        if min(n_test, self.n_points - n_test) < self.classes:
            raise ValueError(f"{self.n_points} points split {1 - self.test_fraction:.0%}/{self.test_fraction:.0%} "
                             f"leave fewer than one point per class ({self.classes}) on one side: use more points")

    @property
    def classes(self) -> int:
        return self.n_classes if self.kind == "blobs" else 2


@dataclass
class Dataset2D:
    train_x: np.ndarray  # (N, 2) float32
    train_y: np.ndarray  # (N,) int64
    test_x: np.ndarray
    test_y: np.ndarray
    n_classes: int
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1: the plot area, from the generated points only
    n_added: int = 0  # clicked-in points, at the end of the training set


def blob_centres(n_classes: int, radius: float = 2.0) -> np.ndarray:
    """Centres evenly spaced on a circle, so no two blobs sit on top of each other."""
    angles = np.pi / 2 + 2 * np.pi * np.arange(n_classes) / n_classes
    return np.stack([radius * np.cos(angles), radius * np.sin(angles)], axis=1)


def spiral(n_points: int, noise: float, seed: int, arms: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class. sqrt(uniform) spreads points evenly along each arm."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for arm in range(arms):
        m = n_points // arms + (1 if arm < n_points % arms else 0)
        t = np.sqrt(rng.uniform(0.0, 1.0, m))
        angle = 2 * np.pi * SPIRAL_TURNS * t + 2 * np.pi * arm / arms
        radius = SPIRAL_RADIUS * t + 0.1
        points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        xs.append(points + rng.normal(0.0, noise, (m, 2)))
        ys.append(np.full(m, arm))
    return np.concatenate(xs), np.concatenate(ys)


def generate_points(kind: str, n: int, noise: float, n_classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """All the points of a dataset kind, before the split: (x float32 (N, 2), y int64 (N,))."""
    std = BLOB_STD + noise
    if kind == "two_blobs":
        x, y = make_blobs(n_samples=n, centers=np.array(TWO_BLOB_CENTRES), cluster_std=std, random_state=seed)
    elif kind == "moons":
        x, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    elif kind == "circles":
        x, y = make_circles(n_samples=n, noise=noise, factor=CIRCLES_FACTOR, random_state=seed)
    elif kind == "xor":
        x, corner = make_blobs(n_samples=n, centers=np.array(XOR_CENTRES), cluster_std=std, random_state=seed)
        y = (corner >= 2).astype(np.int64)  # corners 0, 1 are one class; 2, 3 the other
    elif kind == "spiral":
        x, y = spiral(n, noise, seed)
    else:
        x, y = make_blobs(n_samples=n, centers=blob_centres(n_classes), cluster_std=std, random_state=seed)
    return x.astype(np.float32), y.astype(np.int64)


def split_points(x: np.ndarray, y: np.ndarray, test_fraction: float, seed: int, extra_points=()):
    """(train_x, train_y, test_x, test_y): a stratified seeded split; `extra_points` (x, y, class) join training."""
    train_x, test_x, train_y, test_y = train_test_split(x, y, test_size=test_fraction, random_state=seed, stratify=y)
    if extra_points:
        train_x = np.concatenate([train_x, np.array([p[:2] for p in extra_points], dtype=np.float32)])
        train_y = np.concatenate([train_y, np.array([p[2] for p in extra_points], dtype=np.int64)])
    return train_x, train_y, test_x, test_y


def generate(cfg: Dataset2DConfig) -> tuple[np.ndarray, np.ndarray]:
    """All the points of a dataset, before the split: (x (N, 2), y (N,))."""
    return generate_points(cfg.kind, cfg.n_points, cfg.noise, cfg.n_classes, cfg.seed)


def plot_extent(x: np.ndarray, pad: float = 0.15) -> tuple[float, float, float, float]:
    """A box around the points with some room, so the boundary is visible beyond the data."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    margin = pad * (hi - lo).max()
    return (float(lo[0] - margin), float(hi[0] + margin), float(lo[1] - margin), float(hi[1] + margin))


def make_dataset(cfg: Dataset2DConfig, extra_points: tuple[tuple[float, float, int], ...] = ()) -> Dataset2D:
    """The dataset, split (stratified, seeded); `extra_points` (x, y, class) are appended to the training set."""
    x, y = generate(cfg)
    extra = [(float(px), float(py), int(c)) for px, py, c in extra_points]
    bad = [c for _, _, c in extra if not 0 <= c < cfg.classes]
    if bad:
        raise ValueError(f"added points name class(es) {sorted(set(bad))}, but this dataset has {cfg.classes} classes")
    train_x, train_y, test_x, test_y = split_points(x, y, cfg.test_fraction, cfg.seed, extra)
    return Dataset2D(train_x, train_y, test_x, test_y, cfg.classes, plot_extent(x), len(extra))
