"""Neurons page: our softmax, cross-entropy and collapsed matrix against torch, and the time to compute the page."""
from __future__ import annotations

import time

import torch
import torch.nn.functional as F

from core.neurons.activations import ACTIVATIONS, curve
from core.neurons.collapse import CollapseConfig, collapse, plane_maps, random_stack, stack_forward
from core.neurons.softmax import cross_entropy, one_hot, softmax

NAME = "neurons"


def run(device: torch.device, quick: bool) -> dict:
    g = torch.Generator().manual_seed(0)
    n = 1_000 if quick else 100_000
    scores = (torch.randn(n, 8, generator=g, dtype=torch.float64) * 4).to(device)
    labels = torch.randint(0, 8, (n,), generator=g).to(device)
    start = time.perf_counter()
    probs = softmax(scores)
    onehots = torch.stack([one_hot(i, 8, torch.float64) for i in range(8)]).to(device)[labels]
    ce = cross_entropy(probs, onehots)
    softmax_err = (probs - torch.softmax(scores, dim=1)).abs().max().item()
    ce_err = (ce - F.cross_entropy(scores, labels, reduction="none")).abs().max().item()

    layers = random_stack(CollapseConfig(seed=1, widths=(2, 8, 8, 8, 1)))
    x = torch.randn(10_000, 2, generator=g, dtype=torch.float64)
    w, b = collapse(layers)
    collapse_err = (stack_forward(layers, x, "identity") - (x @ w.T + b)).abs().max().item()
    relu_gap = plane_maps(CollapseConfig(seed=1, activation="ReLU"))[3]
    xs = torch.linspace(-4, 4, 401, dtype=torch.float64)
    for name in ACTIVATIONS:
        curve(name, xs)
    return {"softmax_max_err": softmax_err, "cross_entropy_max_err": ce_err, "collapse_max_err": collapse_err,
            "relu_gap": relu_gap, "rows": n, "seconds": time.perf_counter() - start}
