"""Pretrained ImageNet networks: VGG16 through torchvision's own loader (weights cached in the cache dir),
and the MobileNetV2 state_dict that may sit in <data dir>/weights as the offline stand-in."""
from __future__ import annotations

import os
from pathlib import Path

import torch

from core.paths import cache_dir, data_dir

MOBILENET_FILE = "mobilenet_v2_coral_imagenetnorm.pth"


def torch_home() -> Path:
    return cache_dir() / "torch"


def vgg16_weights_file() -> Path | None:
    """The cached VGG16 checkpoint if torchvision has downloaded it before."""
    from torchvision.models import VGG16_Weights

    name = Path(VGG16_Weights.IMAGENET1K_V1.url).name
    for root in (data_dir() / "torch", torch_home()):
        if (root / "hub" / "checkpoints" / name).exists():
            return root / "hub" / "checkpoints" / name
    return None


def load_vgg16_features(device: torch.device | str = "cpu", allow_download: bool = True) -> torch.nn.Module | None:
    """VGG16's convolutional part, frozen, in eval mode; None when the weights are neither cached nor downloadable."""
    from torchvision.models import VGG16_Weights, vgg16

    cached = vgg16_weights_file()
    if cached is None and not allow_download:
        return None
    os.environ.setdefault("TORCH_HOME", str(torch_home()))
    try:
        if cached is not None:
            model = vgg16()
            model.load_state_dict(torch.load(cached, map_location="cpu", weights_only=True))
        else:
            torch.hub.set_dir(str(torch_home() / "hub"))
            model = vgg16(weights=VGG16_Weights.IMAGENET1K_V1)
    except Exception:
        return None
    features = model.features.eval().to(device)
    for p in features.parameters():
        p.requires_grad_(False)
    return features


def mobilenet_file() -> Path | None:
    for root in (data_dir() / "weights", cache_dir() / "weights"):
        if (root / MOBILENET_FILE).exists():
            return root / MOBILENET_FILE
    return None
