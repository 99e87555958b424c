"""Looking inside a trained MNIST network: its mistakes, its confusion matrix, its first-layer filters and the
feature maps each layer computes for one digit."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

SHOWN_LAYERS = (nn.Conv2d, nn.ReLU, nn.MaxPool2d, nn.BatchNorm2d)


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, classes: int = 10) -> np.ndarray:
    """Counts[true, predicted]."""
    return np.bincount(np.asarray(labels) * classes + np.asarray(predicted), minlength=classes ** 2).reshape(
        classes, classes)


@dataclass
class Mistakes:
    index: np.ndarray  # positions in the test set
    labels: np.ndarray
    top3: np.ndarray  # (n, 3) the three likeliest digits, best first
    top3_probs: np.ndarray


def mistakes(probs: np.ndarray, labels: np.ndarray, limit: int = 24) -> Mistakes:
    """The misclassified images, most confidently wrong first, with the network's three best guesses."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    wrong = np.flatnonzero(probs.argmax(1) != labels)
    wrong = wrong[np.argsort(-probs[wrong].max(1), kind="stable")][:limit]
    top3 = np.argsort(-probs[wrong], axis=1, kind="stable")[:, :3]
    return Mistakes(wrong, labels[wrong], top3, np.take_along_axis(probs[wrong], top3, 1))


def first_filters(model: nn.Module) -> np.ndarray | None:
    """The first convolution's kernels (C, 1, k, k), or None for a network without one."""
    conv = next((m for m in model.modules() if isinstance(m, nn.Conv2d)), None)
    return None if conv is None else conv.weight.detach().float().cpu().numpy()


@torch.no_grad()
def feature_maps(model: nn.Sequential, image: torch.Tensor) -> list[tuple[str, np.ndarray]]:
    """(layer name, maps (C, H, W)) after every convolution, batch norm, ReLU and pooling layer, for one image
    (1, 28, 28) in [0, 1]; the model runs in eval mode and is left as it was."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    x = image.reshape(1, 1, 28, 28).to(device)
    out = []
    for name, layer in model.named_children():
        x = layer(x)
        if isinstance(layer, SHOWN_LAYERS):
            out.append((name, x[0].float().cpu().numpy()))
        if x.dim() != 4:  # flattened: the rest is dense layers
            break
    model.train(was_training)
    return out
