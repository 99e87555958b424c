"""Style transfer: seconds per iteration and for a whole result at 256 px (and per iteration at 512 px), with the
style and content losses reached, per available backbone."""
from __future__ import annotations

import time

import torch

from bench.timing import timed_steps
from core.data.images import load_photo
from core.device import synchronize
from core.imagenet.backbone import available, load_backbone
from core.style.gallery import default_content_choice, default_style_choice, style_config
from core.style.paintings import load_style
from core.style.transfer import StyleTransfer

NAME = "style"


def run(device: torch.device, quick: bool = False) -> dict:
    content = load_photo(default_content_choice())
    style = load_style(default_style_choice())
    main = load_backbone(None, device)
    size, iterations = (128, 10) if quick else (256, 150)
    out: dict = {"backbone": main.name, "size": size, "style_picture": style.source}
    transfer = StyleTransfer(style_config(main.name, content.source, style.source, size=size, iterations=iterations),
                             main, content.pixels, style.pixels)
    synchronize(device)
    start = time.perf_counter()
    transfer.step(iterations)
    synchronize(device)
    out["seconds_total"] = round(time.perf_counter() - start, 3)
    out["seconds_per_iter"] = round(out["seconds_total"] / iterations, 4)
    out["style_loss"] = round(transfer.history["style"][-1], 4)
    out["style_loss_start"] = round(transfer.history["style"][0], 4)
    out["content_loss"] = round(transfer.history["content"][-1], 4)
    if not quick:
        for name, origin in available().items():
            if origin is None:
                continue
            backbone = main if name == main.name else load_backbone(name, device)
            for px in (256, 512):
                t = StyleTransfer(style_config(name, content.source, style.source, size=px, iterations=5), backbone,
                                  content.pixels, style.pixels)
                out[f"seconds_per_iter_{name}_{px}"] = round(timed_steps(t, 3, device), 4)
    return out
