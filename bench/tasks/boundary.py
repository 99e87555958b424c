"""Classification boundaries: a small MLP on a spiral and on four blobs. Quality is the test accuracy after a
fixed budget of steps (target >= 0.95 on both); speed is the seconds until it first reaches the target.
Without --quick it also plays the small-vs-big comparison on every dataset for seeds 0-2 and counts how often
the small network generalises better (higher test accuracy and a smaller train-test gap): `compare_small_wins`."""
from __future__ import annotations

import time

import torch

from core.boundaries import compare
from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from core.data.datasets2d import KINDS, Dataset2DConfig
from core.device import synchronize

NAME = "boundary"
TARGET = 0.95
CHECK_EVERY = 25  # steps between test-accuracy checks


def _problems(quick: bool) -> dict[str, BoundaryConfig]:
    n = 400 if quick else 1000
    net = dict(hidden_layers=3, width=32, activation="relu", learning_rate=0.01, optimiser="adam", batch_size=64,
               log_every=10_000)  # the bench checks accuracy itself; skip the page's curve logging
    return {
        "spiral": BoundaryConfig(data=Dataset2DConfig(kind="spiral", n_points=n, noise=0.12),
                                 total_steps=600 if quick else 2000, **net),
        "blobs": BoundaryConfig(data=Dataset2DConfig(kind="blobs", n_classes=4, n_points=n, noise=0.3),
                                total_steps=200 if quick else 500, **net),
    }


def _train(config: BoundaryConfig, device: torch.device) -> dict:
    """Train the whole budget; note when the test accuracy first reaches TARGET."""
    start = time.perf_counter()
    trainer = BoundaryTrainer(config, device)
    reached_at = None
    while trainer.steps_done < config.total_steps:
        trainer.step(min(CHECK_EVERY, config.total_steps - trainer.steps_done))
        if reached_at is None and trainer.accuracy("test") >= TARGET:
            synchronize(device)
            reached_at = (time.perf_counter() - start, trainer.steps_done)
    synchronize(device)
    total = time.perf_counter() - start
    return {"acc": trainer.accuracy("test"), "total": total,
            "seconds": reached_at[0] if reached_at else total, "steps": reached_at[1] if reached_at else -1}


def run(device: torch.device, quick: bool) -> dict:
    BoundaryTrainer(BoundaryConfig(), device).step(5)  # warm-up: first-call set-up is not training time
    metrics: dict = {}
    total = 0.0
    for name, config in _problems(quick).items():
        result = _train(config, device)
        metrics[f"test_acc_{name}"] = round(result["acc"], 4)
        metrics[f"seconds_{name}"] = round(result["seconds"], 3)  # to reach the target (all of it if never)
        metrics[f"steps_{name}"] = result["steps"]  # -1: never reached
        total += result["total"]
    metrics["reached"] = all(metrics[f"test_acc_{n}"] >= TARGET for n in ("spiral", "blobs"))
    if not quick:
        wins, lost = 0, []
        for kind in KINDS:
            for seed in range(3):
                pair = compare.train_to_completion(compare.CompareConfig.for_dataset(kind, seed=seed), device)
                small_gap, large_gap = pair.gaps()
                if pair.small.accuracy("test") > pair.large.accuracy("test") and small_gap < large_gap:
                    wins += 1
                else:
                    lost.append(f"{kind}/{seed}")
        metrics["compare_small_wins"] = f"{wins}/{3 * len(KINDS)}"
        metrics["compare_lost"] = ",".join(lost) or "none"
    metrics["seconds"] = total
    return metrics
