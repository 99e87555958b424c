"""ImageNet backbones: top-1 on the bundled animal photos, how often FGSM at ε = 2/255 flips the answer, and the
seconds per gradient-ascent step of filter visualisation at 224 px."""
from __future__ import annotations

import time

import torch

from core.adversarial.attacks import fgsm
from core.data.images import SKIMAGE_PHOTOS, data_dir_photos, find_photo, load_photo
from core.device import synchronize
from core.filter_vis.ascent import AscentConfig, ascend
from core.filter_vis.cache import DEFAULT_LAYER
from core.imagenet.backbone import available, load_backbone

NAME = "imagenet"
CORRECT = {"tiger": {"tiger"}, "duck": {"drake"}, "frog": {"tailed frog", "bullfrog", "tree frog"},
           "dog": {"Eskimo dog", "Siberian husky", "malamute"}}


def _photos() -> list[str]:
    return [f"data: {n}" for n in data_dir_photos()] + [f"scikit-image: {n}" for n in SKIMAGE_PHOTOS]


def _score(backbone) -> tuple[int | None, float]:
    correct = None
    if all(find_photo(stem) for stem in CORRECT):
        correct = 0
        for stem, right in CORRECT.items():
            x = backbone.to_tensor(load_photo(find_photo(stem)).pixels)
            correct += backbone.top_k(x, 1)[0][0][0] in right
    batch = torch.cat([backbone.to_tensor(load_photo(p).pixels) for p in _photos()])
    with torch.no_grad():
        answers = backbone.logits(batch).argmax(1)
    adv = fgsm(backbone.logits, batch, answers, 2 / 255)
    with torch.no_grad():
        flipped = (backbone.logits(adv).argmax(1) != answers).float().mean().item()
    return correct, flipped


def run(device: torch.device, quick: bool = False) -> dict:
    main = load_backbone(None, device)
    out: dict = {"backbone": main.name}
    out["photos_correct"], out["fgsm_flip_fraction"] = _score(main)
    out["photos"] = len(_photos())
    steps = 2 if quick else 6
    cfg = AscentConfig(layer=DEFAULT_LAYER[main.name], channels=(0,), size=224, steps=steps)
    it = ascend(main, cfg)
    next(it)  # warm-up step
    synchronize(device)
    start = time.perf_counter()
    for _ in it:
        pass
    synchronize(device)
    out["seconds_per_step"] = round((time.perf_counter() - start) / (steps - 1), 4)
    if not quick:
        for name, origin in available().items():
            if origin and name != main.name:
                correct, flipped = _score(load_backbone(name, device))
                out[f"photos_correct_{name}"], out[f"fgsm_flip_fraction_{name}"] = correct, flipped
    return out
