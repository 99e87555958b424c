"""What a style transfer aims at: the photo's responses in the content layers and the painting's Gram matrices in
the style layers. They depend only on the network, the two pictures as sized and the layers, not on the weights,
the optimiser or the start, so a page that builds a new transfer for every changed setting computes them once
(a forward pass of each picture: most of a rerun's time on the CPU)."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import torch

from core.imagenet.backbone import Backbone
from core.style.transfer import compute_targets

KEEP = 8  # sets of targets kept: a few pictures and sizes a presenter goes back and forth between

_kept: OrderedDict[tuple, tuple[Backbone, tuple[dict, dict]]] = OrderedDict()
_lock = threading.Lock()


def _digest(x: torch.Tensor) -> str:
    return hashlib.blake2b(x.detach().cpu().contiguous().numpy().tobytes(), digest_size=16).hexdigest()


def style_targets(backbone: Backbone, content: torch.Tensor, style: torch.Tensor, content_layers: tuple[str, ...],
                  style_layers: tuple[str, ...]) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """compute_targets', kept for the last KEEP requests. Shared between transfers: never change them."""
    key = (id(backbone), _digest(content), tuple(content.shape), _digest(style), tuple(style.shape),
           tuple(content_layers), tuple(style_layers))
    with _lock:
        if key in _kept and _kept[key][0] is backbone:  # held below, so its id cannot pass to another meanwhile
            _kept.move_to_end(key)
            return _kept[key][1]
    targets = compute_targets(backbone, content, style, content_layers, style_layers)
    with _lock:
        _kept[key] = (backbone, targets)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return targets
