"""One interface to every ImageNet backbone: named layers in, activations out; class probabilities with labels.

Pixels are float tensors in [0, 1], (N, 3, H, W); each backbone normalises them its own way, so pages and attacks
never think about mean and std (and an ε in units of 1/255 means what it says). Models are frozen and in eval
mode; in-place activations are switched off so a hooked activation is never overwritten by the next layer."""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.imagenet import sources
from core.imagenet.sources import SOURCES, Progress


class _Collected(Exception):
    """Raised by a hook once every requested layer has fired: the rest of the network need not run."""


def named_layers(name: str, model: nn.Module) -> dict[str, nn.Module]:
    """Friendly, ordered layer names: VGG's conv1_1 / relu1_1 / pool1 …; block0 … for the mobile networks."""
    if name.startswith("vgg"):
        out, block, index = {}, 1, 1
        for module in model.features:
            if isinstance(module, nn.Conv2d):
                out[f"conv{block}_{index}"] = module
            elif isinstance(module, nn.ReLU):
                out[f"relu{block}_{index}"] = module
                index += 1
            elif isinstance(module, nn.MaxPool2d):
                out[f"pool{block}"] = module
                block, index = block + 1, 1
        return out
    if name == "mobilenet_v2":
        return {f"block{i}": m for i, m in enumerate(model.features)}
    if name == "efficientnet_lite0":
        return {"stem": model._bn0, **{f"block{i}": m for i, m in enumerate(model._blocks)}, "head": model._bn1}
    raise ValueError(f"unknown backbone {name!r}")


@dataclass
class Backbone:
    name: str
    title: str
    origin: str  # how the weights were got, for the page to say
    model: nn.Module
    device: torch.device
    labels: list[str]
    layers: dict[str, nn.Module] = field(repr=False)
    pretrained: bool = True

    def __post_init__(self):
        src = SOURCES[self.name]
        self._mean = torch.tensor(src.mean, device=self.device).view(1, 3, 1, 1)
        self._std = torch.tensor(src.std, device=self.device).view(1, 3, 1, 1)
        self._channels: dict[str, int] = {}
        # Sessions share one backbone (a cached resource), each in its own thread: what a forward pass collects is
        # that thread's own request, read by hooks fixed on every named layer once (hooks added per call fired for
        # every thread's pass: one session got another's activations, or its pass stopped early).
        self._request = threading.local()
        for layer_name, module in self.layers.items():
            module.register_forward_hook(self._collector(layer_name))

    def _collector(self, layer_name: str):
        def hook(_module, _inputs, output):
            request = getattr(self._request, "now", None)
            if request is not None and layer_name in request[0]:
                wanted, got = request
                got[layer_name] = output
                if len(got) == len(wanted):
                    raise _Collected
        return hook

    def normalise(self, pixels: torch.Tensor) -> torch.Tensor:
        return (pixels - self._mean) / self._std

    def to_tensor(self, pixels: np.ndarray, size: int | None = 224) -> torch.Tensor:
        """An (H, W, 3) float image in [0, 1] as a (1, 3, S, S) tensor on the device (resized to size × size)."""
        x = torch.as_tensor(np.ascontiguousarray(pixels), dtype=torch.float32).permute(2, 0, 1)[None]
        if size is not None and tuple(x.shape[-2:]) != (size, size):
            x = F.interpolate(x, size=(size, size), mode="bilinear", antialias=True, align_corners=False)
        return x.clamp(0, 1).to(self.device)

    def logits(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.model(self.normalise(pixels))

    @torch.no_grad()
    def probabilities(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.logits(pixels).softmax(1)

    def top_k(self, pixels: torch.Tensor, k: int = 5) -> list[list[tuple[str, float]]]:
        """For each image: its k likeliest classes as (label, probability)."""
        values, indices = self.probabilities(pixels).topk(k, dim=1)
        return [[(self.labels[i], float(v)) for v, i in zip(vs, ix, strict=True)]
                for vs, ix in zip(values.tolist(), indices.tolist(), strict=True)]

    def features(self, pixels: torch.Tensor, layers: Iterable[str]) -> dict[str, torch.Tensor]:
        """Activations of the named layers (gradients flow to `pixels`); stops the forward pass after the last."""
        wanted = list(dict.fromkeys(layers))
        unknown = [n for n in wanted if n not in self.layers]
        if unknown:
            raise KeyError(f"{self.name} has no layer(s) {', '.join(unknown)}")
        got: dict[str, torch.Tensor] = {}
        outer = getattr(self._request, "now", None)
        self._request.now = (set(wanted), got)
        try:
            self.model(self.normalise(pixels))
        except _Collected:
            pass
        finally:
            self._request.now = outer
        return {n: got[n] for n in wanted}

    def channels(self, layer: str) -> int:
        """How many channels `layer` outputs (measured once on a small input)."""
        if layer not in self._channels:
            with torch.no_grad():
                probe = torch.zeros(1, 3, 64, 64, device=self.device)
                self._channels[layer] = int(self.features(probe, [layer])[layer].shape[1])
        return self._channels[layer]


def _freeze(model: nn.Module, device: torch.device) -> nn.Module:
    for module in model.modules():
        if hasattr(module, "inplace"):
            module.inplace = False
    model.eval().to(device)
    for p in model.parameters():
        p.requires_grad_(False)
    return model


@functools.cache
def all_layer_names() -> tuple[str, ...]:
    """Every layer name of every backbone, in order (for a URL setting that must be checked before a network loads)."""
    return tuple(dict.fromkeys(n for name in SOURCES for n in named_layers(name, sources.build_meta(name))))


def available() -> dict[str, str | None]:
    """Each backbone and how it could be had right now without a download (None: needs one)."""
    out = {}
    for name in SOURCES:
        found = sources.locate(name, allow_download=False)
        out[name] = found[1] if found else None
    return out


def load_backbone(name: str | None = None, device: torch.device | str = "cpu", allow_download: bool = False,
                  progress: Progress | None = None, random_weights: bool = False) -> Backbone:
    """The named backbone, or the best available one (VGG16, then MobileNetV2, then EfficientNet-Lite0).

    `random_weights` builds the architecture untrained (tests of shapes and plumbing). Raises RuntimeError with
    the reason when nothing can be had."""
    device = torch.device(device)
    names = [name] if name else list(sources.PREFERENCE)
    tried = []
    for candidate in names:
        if candidate not in SOURCES:
            raise ValueError(f"unknown backbone {candidate!r}; known: {', '.join(SOURCES)}")
        if random_weights:
            model, origin = sources.build(candidate), "untrained (random weights)"
        else:
            found = sources.locate(candidate, allow_download=allow_download, progress=progress)
            if found is None:
                tried.append(f"{candidate}: weights not on this machine"
                             + ("" if allow_download or candidate == "efficientnet_lite0" else " (no download tried)"))
                continue
            path, origin = found
            try:
                model = sources.load_weights(candidate, path)
            except Exception as exc:  # a corrupt or foreign file: try the next source
                tried.append(f"{candidate}: {path.name} could not be loaded ({type(exc).__name__})")
                continue
        model = _freeze(model, device)
        return Backbone(candidate, SOURCES[candidate].title, origin, model, device, sources.imagenet_labels(),
                        named_layers(candidate, model), pretrained=not random_weights)
    raise RuntimeError("No ImageNet network is available: " + "; ".join(tried))
