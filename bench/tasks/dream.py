"""Deep dreaming: seconds per ascent step and for a whole default dream, at 256 and 512 px, per backbone."""
from __future__ import annotations

import time

import torch

from bench.timing import timed_steps
from core.data.images import load_photo
from core.device import synchronize
from core.dream.defaults import default_photo_choice, dream_config
from core.dream.dreamer import Dreamer
from core.imagenet.backbone import available, load_backbone

NAME = "dream"


def run(device: torch.device, quick: bool = False) -> dict:
    photo = load_photo(default_photo_choice())
    main = load_backbone(None, device)
    out: dict = {"backbone": main.name, "size": 128 if quick else 256}
    config = dream_config(main.name, photo.source, size=out["size"], iterations=2 if quick else 12)
    dreamer = Dreamer(config, main, photo.pixels)
    synchronize(device)
    start = time.perf_counter()
    dreamer.step(config.total_steps)
    synchronize(device)
    out["seconds_total"] = round(time.perf_counter() - start, 3)
    out["seconds_per_iter"] = round(out["seconds_total"] / config.total_steps, 4)
    out["objective_gain"] = round(dreamer.history["objective"][-1] / dreamer.history["objective"][0], 2)
    if not quick:
        for name, origin in available().items():
            if origin is None:
                continue
            backbone = main if name == main.name else load_backbone(name, device)
            for size in (256, 512):
                d = Dreamer(dream_config(name, photo.source, size=size, octaves=1), backbone, photo.pixels)
                out[f"seconds_per_iter_{name}_{size}"] = round(timed_steps(d, 3, device), 4)
    return out
