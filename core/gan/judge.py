"""The judge of generated digits: the project's MNIST classifier (core.mnist.classifier.load_classifier),
trained without label smoothing (smoothing caps its confidence near 0.9, which would make "p >= 0.9"
meaningless); it gives p >= 0.9 on about 97% of real test digits (the benchmark reports the figure)."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from core.gan.meter import CONFIDENT
from core.gan.noise import generate, sample_noise
from core.mnist.trainer import predict_proba


def judge_probs(judge: nn.Module, images: torch.Tensor) -> np.ndarray:
    """The judge's softmax (N, 10) for images (N, 1, 28, 28) in [0, 1], as float32 numpy."""
    device = next(judge.parameters()).device
    return predict_proba(judge, images.to(device)).cpu().numpy()


def sample_probs(judge: nn.Module, gen: nn.Module, n: int, z_dim: int, seed: int, truncation: float = 0.0,
                 batch: int = 500) -> np.ndarray:
    """The judge's softmax for `n` samples of `gen` from seeded noise, in batches."""
    z = sample_noise(n, z_dim, torch.Generator().manual_seed(seed), truncation)
    return np.concatenate([judge_probs(judge, generate(gen, z[i:i + batch])) for i in range(0, n, batch)])


def real_confident_fraction(judge: nn.Module, images: torch.Tensor) -> float:
    """Share of real digits the judge classifies with p >= CONFIDENT (the issue asks >= 0.97 of the test set)."""
    return float((judge_probs(judge, images).max(1) >= CONFIDENT).mean())
