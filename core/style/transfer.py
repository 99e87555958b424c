"""Style transfer as a trainer: the picture is the only thing that learns; the network stays frozen.

Total loss = content_weight × content + style_weight × style + tv_weight × total variation, each relative
(core/style/losses.py). The picture starts from the content photo or from noise and is optimised with Adam or
L-BFGS; it is kept inside [0, 1] after every step. Follows ui.live's Trainer protocol."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.imagenet.backbone import Backbone
from core.imagenet.resize import fit_longer_side, resize
from core.seeding import generator
from core.style.losses import content_loss, gram_matrix, style_loss, total_variation

CHECKPOINT_NAME = "style.v1"
DEFAULT_LAYERS = {  # (content layers, style layers): Gatys et al.'s choice for VGG, the like for the others
    "vgg16": (("relu4_2",), ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")),
    "vgg19": (("relu4_2",), ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")),
    "mobilenet_v2": (("block7",), ("block1", "block2", "block4", "block7", "block11")),
    "efficientnet_lite0": (("block5",), ("stem", "block1", "block3", "block5", "block8")),
}
OPTIMISERS = ("adam", "lbfgs")
STARTS = ("content", "noise")


@dataclass(frozen=True)
class StyleConfig:
    backbone: str = "efficientnet_lite0"
    content: str = "scikit-image: cat (Chelsea)"  # which pictures (an upload is named by its hash)
    style: str = "generated: mosaic"
    content_layers: tuple[str, ...] = ("block5",)
    style_layers: tuple[str, ...] = ("stem", "block1", "block3", "block5", "block8")
    content_weight: float = 1.0  # 0 gives the style alone
    style_weight: float = 10.0
    tv_weight: float = 1.0
    size: int = 256  # longer side, pixels
    iterations: int = 150
    optimiser: str = "adam"
    learning_rate: float = 0.02  # Adam's; L-BFGS uses 1
    start: str = "content"
    seed: int = 0

    def __post_init__(self):
        if self.optimiser not in OPTIMISERS or self.start not in STARTS:
            raise ValueError(f"optimiser must be one of {OPTIMISERS}, start one of {STARTS}")
        if not self.style_layers or (self.content_weight > 0 and not self.content_layers):
            raise ValueError("choose at least one style layer (and a content layer when content counts)")
        if min(self.content_weight, self.style_weight, self.tv_weight) < 0:
            raise ValueError("weights must not be negative")
        if not 64 <= self.size <= 1024 or not 1 <= self.iterations <= 5000:
            raise ValueError("size 64-1024 pixels, iterations 1-5000")

    @property
    def total_steps(self) -> int:
        return self.iterations


def _tensor(pixels: np.ndarray, shape, device) -> torch.Tensor:
    x = torch.as_tensor(np.ascontiguousarray(pixels), dtype=torch.float32).permute(2, 0, 1)[None]
    return resize(x, shape).clamp(0, 1).to(device).contiguous()


def compute_targets(backbone: Backbone, content: torch.Tensor, style: torch.Tensor, content_layers: tuple[str, ...],
                    style_layers: tuple[str, ...]) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """What the picture aims at: the photo's responses in the content layers, the painting's Gram matrices in the
    style layers (a page passes core.style.targets.style_targets, the same kept across its reruns)."""
    with torch.no_grad():
        feats = backbone.features(content, content_layers) if content_layers else {}
        style_feats = backbone.features(style, style_layers)
    return ({k: feats[k].detach() for k in content_layers},
            {k: gram_matrix(v).detach() for k, v in style_feats.items()})


class StyleTransfer:
    def __init__(self, config: StyleConfig, backbone: Backbone, content: np.ndarray, style: np.ndarray,
                 targets=compute_targets):
        self.config, self.backbone = config, backbone
        shape = fit_longer_side(content.shape[:2], config.size)
        self.content = _tensor(content, shape, backbone.device)
        # The painting at about the same scale as the photo, so its brush strokes come out the same size.
        self.style = _tensor(style, fit_longer_side(style.shape[:2], config.size), backbone.device)
        layers = tuple(config.content_layers) if config.content_weight > 0 else ()
        self.content_targets, self.gram_targets = targets(backbone, self.content, self.style, layers,
                                                          tuple(config.style_layers))
        if config.start == "content":
            start = self.content.clone(memory_format=torch.contiguous_format)
        else:
            noise = torch.rand(self.content.shape, generator=generator(config.seed))
            start = noise.to(backbone.device)
        self.image = start.requires_grad_(True)
        # The photo's and painting's Gram matrices by layer, for grams(): they never change (the painting's are the
        # targets already computed). At most two per style layer, in this trainer only.
        self._fixed_grams = {("style", k): v[0].cpu().numpy() for k, v in self.gram_targets.items()}
        self.optimiser = self._make_optimiser()
        self.steps_done = 0
        self.history: dict[str, list] = {k: [] for k in ("step", "total", "content", "style", "tv")}

    def _make_optimiser(self) -> torch.optim.Optimizer:
        if self.config.optimiser == "lbfgs":
            return torch.optim.LBFGS([self.image], lr=1.0, max_iter=1, history_size=20)
        return torch.optim.Adam([self.image], lr=self.config.learning_rate)

    def losses(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        cfg = self.config
        layers = list(dict.fromkeys([*self.content_targets, *cfg.style_layers]))
        feats = self.backbone.features(image, layers)
        parts = {"content": content_loss(feats, self.content_targets) if self.content_targets else image.new_zeros(()),
                 "style": style_loss(feats, self.gram_targets), "tv": total_variation(image)}
        parts["total"] = cfg.content_weight * parts["content"] + cfg.style_weight * parts["style"] \
            + cfg.tv_weight * parts["tv"]
        return parts

    def step(self, n: int = 1) -> None:
        last: dict = {}  # the losses of the latest evaluation (L-BFGS may evaluate more than once a step)

        def closure():
            self.optimiser.zero_grad(set_to_none=True)
            with torch.enable_grad():
                parts = self.losses(self.image)
                parts["total"].backward()
            last.update({k: float(v.detach()) for k, v in parts.items()})
            return parts["total"]

        for _ in range(min(n, self.config.total_steps - self.steps_done)):
            self.optimiser.step(closure)
            with torch.no_grad():
                self.image.clamp_(0, 1)
            self.steps_done += 1
            self.history["step"].append(self.steps_done)
            for k in ("total", "content", "style", "tv"):
                self.history[k].append(last[k])

    def picture(self) -> np.ndarray:
        return self.image.detach()[0].permute(1, 2, 0).clamp(0, 1).cpu().numpy()

    def grams(self, layer: str) -> dict[str, np.ndarray]:
        """The Gram matrix of `layer` for the content photo, the style and the result: which filters fire together."""
        with torch.no_grad():
            out = {}
            for name, image in (("content", self.content), ("style", self.style), ("result", self.image.detach())):
                if (name, layer) in self._fixed_grams:
                    out[name] = self._fixed_grams[name, layer].copy()
                    continue
                out[name] = gram_matrix(self.backbone.features(image, [layer])[layer])[0].cpu().numpy()
                if name != "result":
                    self._fixed_grams[name, layer] = out[name].copy()
        return out

    def payload(self) -> dict:
        return {"image": self.image.detach().cpu(), "steps_done": self.steps_done,
                "history": {k: list(v) for k, v in self.history.items()}}

    def load_payload(self, payload: dict) -> None:
        with torch.no_grad():
            self.image.copy_(payload["image"].to(self.image.device))
        self.optimiser = self._make_optimiser()  # a fresh optimiser state: continuing from a checkpoint still works
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(v) for k, v in payload["history"].items()}
