"""Deep dreaming (Mordvintsev et al. 2015), one gradient-ascent step at a time so a page can show it happen.

The objective is Σ weight × mean(activation²) over the chosen layers. The image is processed octave by octave,
from small to full size: detail dreamed at a coarse scale is carried up to the next, which is what gives dreams
their large structures. Each step rolls the image by a random jitter first, and normalises the gradient, so the
step size means the same thing on every network and layer."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.imagenet.backbone import Backbone
from core.imagenet.resize import fit_longer_side, resize
from core.seeding import generator

CHECKPOINT_NAME = "dream.v1"
DEFAULT_LAYERS = {"vgg16": ("relu4_3", "relu5_1"), "vgg19": ("relu4_4", "relu5_1"),
                  "mobilenet_v2": ("block10", "block13"), "efficientnet_lite0": ("block8", "block11")}


@dataclass(frozen=True)
class DreamConfig:
    backbone: str = "efficientnet_lite0"
    photo: str = "scikit-image: cat (Chelsea)"  # which picture (an upload is named by its hash)
    layers: tuple[str, ...] = ("block8", "block11")
    weights: tuple[float, ...] = (1.0, 0.5)
    step_size: float = 0.015
    iterations: int = 12  # per octave
    octaves: int = 3
    octave_scale: float = 1.4
    jitter: int = 16
    size: int = 256  # longer side of the result, pixels
    seed: int = 0

    def __post_init__(self):
        if not self.layers or len(self.layers) != len(self.weights):
            raise ValueError("give one weight for each chosen layer")
        if not 0 < self.step_size <= 0.2:
            raise ValueError("step size must be in (0, 0.2]")
        if not (1 <= self.iterations <= 200 and 1 <= self.octaves <= 6 and 1.1 <= self.octave_scale <= 2.0):
            raise ValueError("iterations 1-200, octaves 1-6, octave scale 1.1-2.0")
        if not 64 <= self.size <= 1024:
            raise ValueError("size must be 64 to 1024 pixels")

    @property
    def total_steps(self) -> int:
        return self.iterations * self.octaves


def dream_objective(backbone: Backbone, image: torch.Tensor, layers, weights) -> torch.Tensor:
    acts = backbone.features(image, layers)
    return sum(w * acts[name].pow(2).mean() for name, w in zip(layers, weights, strict=True))


class Dreamer:
    """Follows ui.live's Trainer protocol: step(n) takes n ascent steps, crossing octaves as it goes."""

    def __init__(self, config: DreamConfig, backbone: Backbone, pixels: np.ndarray):
        self.config, self.backbone = config, backbone
        x = torch.as_tensor(np.ascontiguousarray(pixels), dtype=torch.float32).permute(2, 0, 1)[None]
        full = fit_longer_side(tuple(x.shape[-2:]), config.size)
        self.base = resize(x, full).clamp(0, 1).to(backbone.device)
        self.shapes = [tuple(max(32, round(s / config.octave_scale ** k)) for s in full)
                       for k in range(config.octaves - 1, -1, -1)]
        self.generator = generator(config.seed)
        self.detail = torch.zeros_like(resize(self.base, self.shapes[0]))
        self.image = resize(self.base, self.shapes[0])
        self.steps_done = 0
        self.history: dict[str, list] = {"step": [], "objective": []}

    def _octave(self) -> tuple[int, int]:
        return divmod(self.steps_done, self.config.iterations)

    def step(self, n: int = 1) -> None:
        cfg = self.config
        for _ in range(min(n, cfg.total_steps - self.steps_done)):
            octave, i = self._octave()
            shape = self.shapes[octave]
            if i == 0 and octave > 0:  # carry the dreamed detail up to this octave's size
                self.image = (resize(self.base, shape) + resize(self.detail, shape)).clamp(0, 1)
            dx, dy = (int(v) for v in torch.randint(-cfg.jitter, cfg.jitter + 1, (2,), generator=self.generator))
            rolled = torch.roll(self.image, shifts=(dy, dx), dims=(2, 3)).requires_grad_(True)
            with torch.enable_grad():
                objective = dream_objective(self.backbone, rolled, cfg.layers, cfg.weights)
                (grad,) = torch.autograd.grad(objective, rolled)
            grad = grad / (grad.abs().mean() + 1e-8)
            self.image = torch.roll((rolled + cfg.step_size * grad).detach(), shifts=(-dy, -dx), dims=(2, 3))
            self.image = self.image.clamp(0, 1)
            self.steps_done += 1
            self.history["step"].append(self.steps_done)
            self.history["objective"].append(float(objective.detach()))
            if self.steps_done % cfg.iterations == 0:
                self.detail = self.image - resize(self.base, shape)

    def picture(self) -> np.ndarray:
        """The dream so far at full size, (H, W, 3) in [0, 1] (the photo itself before the first step)."""
        if self.steps_done == 0:
            return self.base[0].permute(1, 2, 0).cpu().numpy()
        return resize(self.image, tuple(self.base.shape[-2:]))[0].permute(1, 2, 0).clamp(0, 1).cpu().numpy()

    def payload(self) -> dict:
        return {"image": self.image.cpu(), "detail": self.detail.cpu(), "steps_done": self.steps_done,
                "history": {k: list(v) for k, v in self.history.items()}, "generator": self.generator.get_state()}

    def load_payload(self, payload: dict) -> None:
        self.image = payload["image"].to(self.base.device)
        self.detail = payload["detail"].to(self.base.device)
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(v) for k, v in payload["history"].items()}
        self.generator.set_state(payload["generator"])
