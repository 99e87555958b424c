"""One photo under every style, small and quick, kept in the checkpoint cache: the style page's gallery, filled
ahead of a talk by `core.prepare`."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from core import checkpoints
from core.data.images import find_photo, load_photo
from core.imagenet.backbone import Backbone, load_backbone
from core.style.paintings import load_style, style_choices
from core.style.transfer import CHECKPOINT_NAME, DEFAULT_LAYERS, StyleConfig, StyleTransfer

GALLERY_SIZE, GALLERY_ITERATIONS = 160, 80
FALLBACK_PHOTO = "scikit-image: cat (Chelsea)"


def default_content_choice() -> str:
    return find_photo("frog") or FALLBACK_PHOTO


def style_config(backbone: str, content_source: str, style_choice: str, **changes) -> StyleConfig:
    content_layers, style_layers = DEFAULT_LAYERS[backbone]
    fields = dict(backbone=backbone, content=content_source, style=style_choice, content_layers=content_layers,
                  style_layers=style_layers)
    return StyleConfig(**{**fields, **changes})


def gallery_configs(backbone: str, content_source: str) -> list[StyleConfig]:
    return [style_config(backbone, content_source, s, size=GALLERY_SIZE, iterations=GALLERY_ITERATIONS)
            for s in style_choices()]


def cached_picture(config: StyleConfig) -> np.ndarray | None:
    saved = checkpoints.load(CHECKPOINT_NAME, config)
    return None if saved is None else saved["image"][0].permute(1, 2, 0).numpy()


def fill_gallery(backbone: Backbone, content_choice: str,
                 progress: Callable[[int, int, str], None] | None = None) -> int:
    """Make every missing gallery picture; returns how many were made."""
    content = load_photo(content_choice)
    configs = [c for c in gallery_configs(backbone.name, content.source) if cached_picture(c) is None]
    for i, config in enumerate(configs):
        if progress:
            progress(i, len(configs), config.style)
        transfer = StyleTransfer(config, backbone, content.pixels, load_style(config.style).pixels)
        transfer.step(config.iterations)
        checkpoints.save(CHECKPOINT_NAME, config, transfer.payload())
    return len(configs)


def default_style_choice() -> str:
    return next((c for c in style_choices() if "starry_night" in c), "generated: mosaic")


def _prepare(device: torch.device) -> str:
    backbone = load_backbone(None, device)
    made = fill_gallery(backbone, default_content_choice())
    content = load_photo(default_content_choice())
    main = style_config(backbone.name, content.source, default_style_choice())
    if cached_picture(main) is None:  # what the page opens with
        transfer = StyleTransfer(main, backbone, content.pixels, load_style(main.style).pixels)
        transfer.step(main.iterations)
        checkpoints.save(CHECKPOINT_NAME, main, transfer.payload())
        made += 1
    return f"made {made} pictures" if made else "already in the checkpoint cache"


def prepare_jobs():
    return [("Style transfer: one photo under every style", _prepare)]
