"""Learning curves: validation error against the number of training points, for a small and a large model.

A large model needs much more data before it stops chasing noise; with little data the small one wins, with
plenty the large one catches up (or passes it, when the truth is more complex than the small model). Each size is
averaged over several fresh draws of training points; the median, because one unlucky draw of a degree-15
polynomial can be off by orders of magnitude."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.overfitting.curves import CurveConfig, fit_polynomial, mse, sample_points

DEFAULT_SIZES = (10, 15, 20, 30, 45, 70, 100, 150, 220, 330, 500)


@dataclass
class LearningCurve:
    sizes: list[int]
    val_mse: dict[int, list[float]]  # by degree: median validation MSE at each size
    train_mse: dict[int, list[float]]


def learning_curves(cfg: CurveConfig, degrees=(3, 15), sizes=DEFAULT_SIZES, repeats: int = 7,
                    n_val: int = 500) -> LearningCurve:
    rng = np.random.default_rng(cfg.seed)
    val_x, val_y = sample_points(cfg.function, n_val, cfg.noise, rng)
    val = {d: [] for d in degrees}
    train = {d: [] for d in degrees}
    for n in sizes:
        draws = [sample_points(cfg.function, n, cfg.noise, rng) for _ in range(repeats)]
        for d in degrees:
            fits = [(fit_polynomial(x, y, d), x, y) for x, y in draws]
            val[d].append(float(np.median([mse(m(val_x), val_y) for m, _, _ in fits])))
            train[d].append(float(np.median([mse(m(x), y) for m, x, y in fits])))
    return LearningCurve(list(sizes), val, train)
