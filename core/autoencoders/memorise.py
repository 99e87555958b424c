"""The seed's tiny autoencoder (100x100 grey -> 20 latents -> 100x100) trained on one photo, or on many.

Trained on one photo it reproduces it almost perfectly, and it gives the same photo back for any input, a black
one included: with one picture to learn, the decoder's biases alone can hold it (the output for a zero latent
is sigmoid(bias)). Trained on many pictures, 20 numbers cannot hold them all and every output turns to mush."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from core.autoencoders.models import tiny_autoencoder
from core.seeding import seeded_model

VERSION = 1
KINDS = ("one", "many")


def checkpoint_name(kind: str) -> str:
    return f"autoencoders.memorise_{kind}.v{VERSION}"


@dataclass(frozen=True)
class MemoriseConfig:
    photos: tuple = ("scikit-image: cat (Chelsea)",)  # photo_choices() names; ("upload",) for an upload
    kind: str = "one"  # "one": the first photo only; "many": every photo, plus random crops of each
    side: int = 100
    latents: int = 20
    crops: int = 8  # random crops per photo when kind == "many"
    learning_rate: float = 0.01
    total_steps: int = 400
    log_every: int = 20
    seed: int = 0

    def __post_init__(self):
        if self.kind not in KINDS or not self.photos:
            raise ValueError("kind must be one or many, with at least one photo")
        if not 8 <= self.side <= 256 or not 1 <= self.latents <= 1000 or self.total_steps < 1:
            raise ValueError("side must be 8..256, latents 1..1000, total_steps positive")


def grey_image(pixels: np.ndarray) -> Image.Image:
    """An RGB photo in [0, 1] as an 8-bit grey PIL image."""
    return Image.fromarray((np.clip(pixels, 0, 1) * 255).round().astype(np.uint8)).convert("L")


def grey_square(pixels: np.ndarray | Image.Image, side: int, box: tuple | None = None) -> np.ndarray:
    """(side, side) grey in [0, 1]: the centred square (or `box` = (left, top, size)) of an RGB photo (or of a
    grey_image of one), resized."""
    image = pixels if isinstance(pixels, Image.Image) else grey_image(pixels)
    w, h = image.size
    if box is None:
        size = min(w, h)
        box = ((w - size) // 2, (h - size) // 2, size)
    left, top, size = box
    image = image.crop((left, top, left + size, top + size)).resize((side, side), Image.Resampling.LANCZOS)
    return np.asarray(image, dtype=np.float32) / 255.0


def random_crops(pixels: np.ndarray, side: int, n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """`n` squares of 40-100% of the short side at random places, half of them mirrored: more pictures to learn."""
    h, w = pixels.shape[:2]
    grey, out = grey_image(pixels), []  # converted once, cropped n times
    for _ in range(n):
        size = int(rng.integers(int(0.4 * min(h, w)), min(h, w) + 1))
        left, top = int(rng.integers(0, w - size + 1)), int(rng.integers(0, h - size + 1))
        crop = grey_square(grey, side, (left, top, size))
        out.append(crop[:, ::-1].copy() if rng.random() < 0.5 else crop)
    return out


def training_images(config: MemoriseConfig, photos: list[np.ndarray]) -> np.ndarray:
    """(N, side, side): the first photo alone, or every photo whole plus `crops` random crops of each."""
    first = grey_square(photos[0], config.side)
    if config.kind == "one":
        return first[None]
    rng = np.random.default_rng(config.seed)
    images = [grey_square(p, config.side) for p in photos]
    for p in photos:
        images += random_crops(p, config.side, config.crops, rng)
    return np.stack(images)


class MemoriseTrainer:
    """Full-batch Adam on the training images, mean squared error per pixel. Each latent sums 10,000 pixels, so the
    first steps swing it far; a unit pushed below zero outputs 0 for every photo (ReLU) and stops learning. What
    the network cannot do with its units it does with the decoder's biases: one photo fits in them exactly."""

    def __init__(self, config: MemoriseConfig, images: np.ndarray, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.images = torch.as_tensor(np.asarray(images, dtype=np.float32)).reshape(len(images), -1).to(self.device)
        self.model = seeded_model(lambda: tiny_autoencoder(config.side ** 2, config.latents), config.seed).to(
            self.device)
        self.optimiser = torch.optim.Adam(self.model.parameters(), lr=config.learning_rate)
        self.steps_done = 0
        self.history: dict[str, list] = {"step": [], "mse": []}

    def step(self, n: int = 1) -> None:
        for _ in range(max(0, min(n, self.config.total_steps - self.steps_done))):
            loss = torch.mean((self.model(self.images) - self.images) ** 2)
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            self.steps_done += 1
            if self.steps_done % self.config.log_every == 0 or self.steps_done == self.config.total_steps:
                self.history["step"].append(self.steps_done)
                self.history["mse"].append(float(loss.detach()))

    @torch.no_grad()
    def reconstruct(self, images: np.ndarray) -> np.ndarray:
        """(N, side, side) in -> (N, side, side) out."""
        x = torch.as_tensor(np.asarray(images, dtype=np.float32)).reshape(len(images), -1).to(self.device)
        return self.model(x).reshape(len(images), self.config.side, self.config.side).cpu().numpy()

    @torch.no_grad()
    def live_units(self, images: np.ndarray) -> int:
        """How many of the latent units are above zero for at least one of `images` (the others are silent)."""
        x = torch.as_tensor(np.asarray(images, dtype=np.float32)).reshape(len(images), -1).to(self.device)
        return int((self.model[1](self.model[0](x)) > 0).any(0).sum())

    def payload(self) -> dict:
        return {"model": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
                "optimiser": self.optimiser.state_dict(), "steps_done": self.steps_done,
                "history": {k: list(v) for k, v in self.history.items()}}

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.optimiser.load_state_dict(payload["optimiser"])
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(v) for k, v in payload["history"].items()}


def default_photo() -> str:
    """The tiger from the data directory when it is there, else scikit-image's cat (ships with the package)."""
    from core.data.images import find_photo

    return find_photo("tiger") or "scikit-image: cat (Chelsea)"


def default_config(kind: str = "one", photo: str | None = None, **changes) -> MemoriseConfig:
    """The page's setup: one photo, or that photo first and every other available photo after it."""
    from core.data.images import photo_choices

    photo = photo or default_photo()
    photos = (photo,) if kind == "one" else many_photos(photo, photo_choices())
    return MemoriseConfig(photos=photos, kind=kind, **changes)


def many_photos(photo: str, choices) -> tuple:
    """The many-photo network's pictures: every photo offered, in the same order whichever is chosen (one trained
    network, one checkpoint, serves every choice); a photo not among them (an upload) first."""
    return tuple(choices) if photo in choices else (photo, *choices)


def load_photos(config: MemoriseConfig) -> list[np.ndarray]:
    from core.data.images import load_photo

    return [load_photo(p).pixels for p in config.photos]


def train_default(config: MemoriseConfig, device: torch.device | str = "cpu") -> MemoriseTrainer:
    trainer = MemoriseTrainer(config, training_images(config, load_photos(config)), device)
    trainer.step(config.total_steps)
    return trainer
