"""Grown images are worth keeping: one ascent takes seconds to minutes on a CPU, so finished ones go to the
checkpoint cache keyed by the network and the ascent's settings, and `core.prepare` grows the page's defaults."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from core import checkpoints
from core.filter_vis.ascent import AscentConfig, grow
from core.imagenet.backbone import Backbone, load_backbone

CHECKPOINT_NAME = "filter_vis.ascent.v1"
DEFAULT_LAYER = {"vgg16": "relu3_1", "vgg19": "relu3_1", "mobilenet_v2": "block4", "efficientnet_lite0": "block3"}
GRID_CHANNELS = tuple(range(16))


@dataclass(frozen=True)
class GrownKey:
    backbone: str
    ascent: AscentConfig = field(default_factory=AscentConfig)


def load_grown(backbone: Backbone, cfg: AscentConfig) -> np.ndarray | None:
    saved = checkpoints.load(CHECKPOINT_NAME, GrownKey(backbone.name, cfg))
    return None if saved is None else saved["images"].numpy()


def save_grown(backbone: Backbone, cfg: AscentConfig, images: np.ndarray) -> None:
    checkpoints.save(CHECKPOINT_NAME, GrownKey(backbone.name, cfg), {"images": torch.from_numpy(images)})


def default_configs(backbone_name: str) -> list[AscentConfig]:
    """What the page shows first: channel 0 of the default layer, and the grid of its first 16 channels."""
    layer = DEFAULT_LAYER[backbone_name]
    return [AscentConfig(layer=layer, channels=(0,)), AscentConfig(layer=layer, channels=GRID_CHANNELS, size=96)]


def _prepare(device: torch.device) -> str:
    backbone = load_backbone(None, device)  # the network the page picks by default on this machine
    grown = 0
    for cfg in default_configs(backbone.name):
        if load_grown(backbone, cfg) is None:
            images, _, _ = grow(backbone, cfg)
            save_grown(backbone, cfg, images)
            grown += 1
    return f"{backbone.name}: grew {grown} set(s)" if grown else "already in the checkpoint cache"


def prepare_jobs():
    return [("What a filter looks for: grown images", _prepare)]
