"""Overfitting: the page's too-large MLP (3 x 256 ReLU) on 40 noisy moons points, judged on 400 more, trained
full-batch for 300 epochs without regularisation and with dropout 0.5, same data and initial weights. Reports the
bare run's best validation epoch and loss against its final ones, and the dropout run's final validation loss."""
from __future__ import annotations

import time

import torch

NAME = "overfit"


def run(device: torch.device, quick: bool) -> dict:
    from core.device import synchronize
    from core.overfitting.trainer import OverfitConfig, OverfitTrainer, Regularisers

    cfg = OverfitConfig(yours=Regularisers(dropout=0.5), compare=(), epochs=100 if quick else 300,
                        width=128 if quick else 256)
    OverfitTrainer(cfg, device).step(2)  # warm-up: first-call set-up is not training time
    synchronize(device)
    start = time.perf_counter()
    trainer = OverfitTrainer(cfg, device)
    trainer.step(cfg.epochs)
    synchronize(device)
    seconds = time.perf_counter() - start
    summary = trainer.summary()
    plain, dropout = summary["no regularisation"], summary["yours: dropout 0.5"]
    return {
        "epochs": cfg.epochs,
        "best_epoch": plain["best_epoch"],
        "final_epoch": plain["final_epoch"],
        "best_val_loss": round(plain["best_val_loss"], 4),
        "final_val_loss": round(plain["final_val_loss"], 4),
        "dropout_best_epoch": dropout["best_epoch"],
        "dropout_final_val_loss": round(dropout["final_val_loss"], 4),
        "seconds": seconds,
    }
