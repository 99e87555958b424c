"""Autograd against finite differences: nudge each weight by ±h, measure the error, take the slope."""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn


@dataclass
class GradCheck:
    names: list[str]  # one per weight and bias entry, e.g. "layer 1 w[2,0]"
    autograd: list[float]
    finite: list[float]

    @property
    def max_abs_error(self) -> float:
        return max((abs(a - f) for a, f in zip(self.autograd, self.finite, strict=True)), default=0.0)


def finite_differences(model: nn.Module, loss_fn, h: float = 1e-6) -> list[torch.Tensor]:
    """Central differences (E(w + h) - E(w - h)) / 2h for every parameter entry, in float64 on a copy."""
    probe = copy.deepcopy(model).double()
    out = []
    with torch.no_grad():
        for p in probe.parameters():
            g = torch.zeros_like(p)
            flat, gflat = p.view(-1), g.view(-1)
            for i in range(flat.numel()):
                keep = flat[i].item()
                flat[i] = keep + h
                up = loss_fn(probe).item()
                flat[i] = keep - h
                down = loss_fn(probe).item()
                flat[i] = keep
                gflat[i] = (up - down) / (2 * h)
            out.append(g)
    return out


def check(model: nn.Module, loss_fn, h: float = 1e-6) -> GradCheck:
    """Autograd's gradient (in float64) and the finite-difference one, entry by entry, for every Linear layer."""
    probe = copy.deepcopy(model).double()
    grads = torch.autograd.grad(loss_fn(probe), list(probe.parameters()))
    finite = finite_differences(model, loss_fn, h)
    names, layer = [], 0
    for module in probe.modules():
        if isinstance(module, nn.Linear):
            layer += 1
            rows, cols = module.out_features, module.in_features
            names += [f"layer {layer} w[{i},{j}]" for i in range(rows) for j in range(cols)]
            names += [f"layer {layer} b[{i}]" for i in range(module.out_features)]
    return GradCheck(names, torch.cat([g.reshape(-1) for g in grads]).tolist(),
                     torch.cat([g.reshape(-1) for g in finite]).tolist())
