"""Seeded randomness without touching torch's process-wide generator.

Streamlit runs every browser session in a thread of one process, so `torch.manual_seed` in one session changes
the weights another session is building at that moment (and resets the global CUDA seed). Every trainer makes
its own `torch.Generator` here and initialises its model from it: the same seed gives the same weights whatever
else runs. `init_parameters_` reproduces each layer's own `reset_parameters` draw for draw, so the weights equal
those `torch.manual_seed(seed)` followed by building the model would give."""
from __future__ import annotations

import math

import torch
from torch import nn


def generator(seed: int, device: torch.device | str = "cpu") -> torch.Generator:
    """A fresh generator for `seed` (CPU by default, so data order and weights match on every device)."""
    return torch.Generator(device=device).manual_seed(int(seed))


def restore_generator(g: torch.Generator, state: torch.Tensor, reseed: int) -> None:
    """`g` set to a saved `state`; a state saved on another kind of device (a CUDA generator's does not fit a CPU
    one, nor the other way round: a checkpoint prepared on one machine, opened on another) seeds it with `reseed`
    instead: training carries on from the checkpoint, with other random draws."""
    try:
        g.set_state(state)
    except (RuntimeError, ValueError):
        g.manual_seed(int(reseed))


def _fan_in_uniform_(weight: torch.Tensor, bias: torch.Tensor | None, g: torch.Generator) -> None:
    # What nn.Linear and nn.ConvNd do in reset_parameters: kaiming_uniform(a=√5), then bias ~ U(±1/√fan_in).
    nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=g)
    if bias is not None:
        fan_in, _ = nn.init._calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        nn.init.uniform_(bias, -bound, bound, generator=g)


@torch.no_grad()
def init_parameters_(model: nn.Module, g: torch.Generator) -> nn.Module:
    """Re-initialise every parameter of `model` from `g`, in module order, as each layer's reset_parameters would.

    Raises TypeError for a layer with parameters that it does not know, rather than leaving it on the global RNG."""
    for name, module in model.named_modules():
        own = list(module.parameters(recurse=False))
        if not own:
            continue
        if isinstance(module, (nn.Linear, nn.Bilinear)) or isinstance(module, nn.modules.conv._ConvNd):
            _fan_in_uniform_(module.weight, module.bias, g)
        elif isinstance(module, (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm)):
            if getattr(module, "weight", None) is not None:  # deterministic: ones and zeros
                nn.init.ones_(module.weight)
            if getattr(module, "bias", None) is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, generator=g)
            if module.padding_idx is not None:
                module.weight[module.padding_idx].fill_(0)
        elif isinstance(module, nn.RNNBase):
            bound = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
            for weight in module.parameters():
                nn.init.uniform_(weight, -bound, bound, generator=g)
        elif isinstance(module, nn.PReLU):
            nn.init.constant_(module.weight, module.init)
        else:
            raise TypeError(f"init_parameters_ does not know how to initialise {name or 'the model'} "
                            f"({type(module).__name__}); add it to core/seeding.py")
    return model


def seeded_model(build, seed: int) -> nn.Module:
    """`build()` (a model on the CPU), its weights drawn from a local generator for `seed`.

    The model is built on the meta device first, so its layers' constructors draw nothing from the global
    generator either; buffers (batch-norm statistics) are then set as their layers would set them."""
    with torch.device("meta"):
        model = build()
    model = model.to_empty(device="cpu")
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._NormBase) and module.track_running_stats:
            module.reset_running_stats()
        elif any(True for _ in module.buffers(recurse=False)):
            raise TypeError(f"seeded_model does not know how to set the buffers of {type(module).__name__}")
    return init_parameters_(model, generator(seed))
