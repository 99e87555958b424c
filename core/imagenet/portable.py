"""A portable ImageNet backbone for the exported dream and style scripts: torchvision's MobileNetV2 behind the two
things core.dream's Dreamer and core.style's StyleTransfer use of a Backbone (`features(pixels, layers)` and
`device`), plus reading and writing a picture. It needs only torch, torchvision, numpy and Pillow, so its source is
copied into the scripts (core/export.py) together with the app's own dreaming and style code, which then runs
unchanged against it.

Layers are named as the app names MobileNetV2's (core.imagenet.backbone.named_layers): "block<i>" is
model.features[i]. Pixels are in [0, 1] and normalised here with ImageNet's mean and std, the normalisation both
torchvision's weights and the data directory's mobilenet_v2_coral_imagenetnorm.pth were trained with."""
from __future__ import annotations

import textwrap
from collections.abc import Iterable

import numpy as np
import torch
import torchvision
from PIL import Image, ImageOps
from torch import nn

from core.data.images import png_bytes
from core.imagenet.resize import fit_longer_side, resize
from core.imagenet.sources import IMAGENET_MEAN, IMAGENET_STD
from core.seeding import _fan_in_uniform_, generator, init_parameters_, seeded_model

MOBILENET_LAYERS = tuple(f"block{i}" for i in range(19))


class MobileNetFeatures:
    """MobileNetV2's feature blocks by name, frozen and in eval mode; gradients flow to the pixels."""

    def __init__(self, model: nn.Module, device: torch.device | str = "cpu"):
        self.device = torch.device(device)
        self.blocks = model.features.eval().to(self.device)
        for p in self.blocks.parameters():
            p.requires_grad_(False)
        self.mean = torch.tensor(IMAGENET_MEAN, device=self.device).view(1, 3, 1, 1)
        self.std = torch.tensor(IMAGENET_STD, device=self.device).view(1, 3, 1, 1)

    def features(self, pixels: torch.Tensor, layers: Iterable[str]) -> dict[str, torch.Tensor]:
        """Activations of the named blocks; the forward pass stops after the deepest one asked for."""
        wanted = list(dict.fromkeys(layers))
        unknown = [n for n in wanted if n not in MOBILENET_LAYERS]
        if unknown:
            raise KeyError(f"MobileNetV2 has no layer(s) {', '.join(unknown)}; it has block0 to block18")
        last = max(MOBILENET_LAYERS.index(n) for n in wanted)
        x, out = (pixels - self.mean) / self.std, {}
        for i in range(last + 1):
            x = self.blocks[i](x)
            out[f"block{i}"] = x
        return {n: out[n] for n in wanted}


def load_mobilenet_v2(weights: str | None = None, random_weights: bool = False, seed: int = 0) -> nn.Module:
    """MobileNetV2 with weights from a state_dict file (read with weights_only=True), untrained weights drawn from
    `seed` (an offline smoke test: no real dream), or else torchvision's ImageNet weights (downloaded once, 14 MB)."""
    if random_weights:
        return seeded_model(torchvision.models.mobilenet_v2, seed)
    if weights:
        model = torchvision.models.mobilenet_v2()
        model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
        return model
    return torchvision.models.mobilenet_v2(weights=torchvision.models.MobileNet_V2_Weights.IMAGENET1K_V1)


def read_picture(path) -> np.ndarray:
    """A picture file as (H, W, 3) floats in [0, 1]: turned upright by its EXIF tag, transparency on white."""
    rgba = ImageOps.exif_transpose(Image.open(path)).convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"), dtype=np.float32) / 255.0


# What an exported script copies from here (and from the app modules these come from), and the imports they need.
SCRIPT_IMPORTS = ["from __future__ import annotations", "", "import argparse", "import io", "import math",
                  "from dataclasses import dataclass", "",
                  "import numpy as np", "import torch", "import torch.nn.functional as F", "import torchvision",
                  "from PIL import Image, ImageOps", "from torch import nn"]
SCRIPT_OBJECTS = [generator, _fan_in_uniform_, init_parameters_, seeded_model, MobileNetFeatures, load_mobilenet_v2,
                  read_picture, png_bytes, fit_longer_side, resize]
BACKBONE_ARGUMENTS = """
parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
parser.add_argument("--weights", default=None, help="a MobileNetV2 state_dict file, e.g. the course data's "
                    "weights/mobilenet_v2_coral_imagenetnorm.pth (default: torchvision's ImageNet weights)")
parser.add_argument("--random-weights", action="store_true", help="untrained weights: an offline smoke test")
"""
BACKBONE = "MobileNetFeatures(load_mobilenet_v2(args.weights, args.random_weights), args.device)"


def script_doc(paragraphs: list[str], run: str) -> str:
    """An exported script's docstring: paragraphs wrapped to 110 columns, the command line last and whole."""
    return "\n\n".join([*(textwrap.fill(p, 110) for p in paragraphs), run])


def mobilenet_note(page_backbone: str, page_layers: str, script_layers: str) -> str:
    """The docstring's line on the network: what the page used and, when that was not MobileNetV2, the swap."""
    if page_backbone == "mobilenet_v2":
        return f"Network: MobileNetV2, layers {script_layers} (as on the page)."
    return (f"Network: MobileNetV2, layers {script_layers}. The page used {page_backbone} (layers {page_layers}); "
            "this script always runs MobileNetV2 (small, in torchvision) with the page's default layers for it.")
