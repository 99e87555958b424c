"""A small noisy training set and a large validation set: few points to learn from, many to judge by.

2-D kinds come from core.data.datasets2d (moons, circles, XOR, spiral, blobs); "digits" is scikit-learn's
bundled 8x8 digits (64 inputs, 10 classes). The split is stratified and seeded."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

from core.data.datasets2d import KINDS, Dataset2DConfig, generate

DATA_KINDS = ("moons", "circles", "xor", "spiral", "digits")
DATA_LABELS = {"moons": "moons (2-D)", "circles": "circles (2-D)", "xor": "XOR (2-D)", "spiral": "spiral (2-D)",
               "digits": "8×8 digits (64 inputs)"}


@dataclass(frozen=True)
class OverfitDataConfig:
    kind: str = "moons"
    n_train: int = 40
    n_val: int = 400
    noise: float = 0.35  # 2-D kinds only
    seed: int = 0

    def __post_init__(self):
        if self.kind not in DATA_KINDS:
            raise ValueError(f"unknown data {self.kind!r}; known: {', '.join(DATA_KINDS)}")
        if not 10 <= self.n_train <= 1000 or not 20 <= self.n_val <= 1500:
            raise ValueError("n_train must be 10 to 1000 and n_val 20 to 1500")


@dataclass
class OverfitData:
    train_x: np.ndarray  # float32 (N, D)
    train_y: np.ndarray  # int64 (N,)
    val_x: np.ndarray
    val_y: np.ndarray
    n_classes: int


def all_points(cfg: OverfitDataConfig) -> tuple[np.ndarray, np.ndarray]:
    if cfg.kind == "digits":
        from sklearn.datasets import load_digits

        bunch = load_digits()
        return (bunch.data / 16.0).astype(np.float32), bunch.target.astype(np.int64)
    assert cfg.kind in KINDS
    return generate(Dataset2DConfig(kind=cfg.kind, n_points=cfg.n_train + cfg.n_val, noise=cfg.noise, seed=cfg.seed))


def make_overfit_data(cfg: OverfitDataConfig) -> OverfitData:
    x, y = all_points(cfg)
    train_x, val_x, train_y, val_y = train_test_split(x, y, train_size=cfg.n_train, test_size=cfg.n_val,
                                                      random_state=cfg.seed, stratify=y)
    return OverfitData(train_x, train_y, val_x, val_y, int(y.max()) + 1)
