"""What the dream page shows first on this machine (the frog, or scikit-image's cat, through the best network
available offline), and `core.prepare`'s job that dreams it ahead into the checkpoint cache."""
from __future__ import annotations

import torch

from core import checkpoints
from core.data.images import find_photo, load_photo
from core.dream.dreamer import CHECKPOINT_NAME, DEFAULT_LAYERS, DreamConfig, Dreamer
from core.imagenet.backbone import load_backbone

DEFAULT_PHOTO_STEMS = ("frog", "dog_husky")
FALLBACK_PHOTO = "scikit-image: cat (Chelsea)"


def default_photo_choice() -> str:
    return next((c for c in map(find_photo, DEFAULT_PHOTO_STEMS) if c), None) or FALLBACK_PHOTO


def dream_config(backbone: str, photo_source: str, **changes) -> DreamConfig:
    fields = dict(backbone=backbone, photo=photo_source, layers=DEFAULT_LAYERS[backbone], weights=(1.0, 0.5))
    return DreamConfig(**{**fields, **changes})


def _prepare(device: torch.device) -> str:
    backbone = load_backbone(None, device)
    photo = load_photo(default_photo_choice())
    config = dream_config(backbone.name, photo.source)
    if checkpoints.load(CHECKPOINT_NAME, config) is not None:
        return "already in the checkpoint cache"
    dreamer = Dreamer(config, backbone, photo.pixels)
    dreamer.step(config.total_steps)
    checkpoints.save(CHECKPOINT_NAME, config, dreamer.payload())
    return f"dreamed {photo.source} with {backbone.name}"


def prepare_jobs():
    return [("Deep dreaming: the default dream", _prepare)]
