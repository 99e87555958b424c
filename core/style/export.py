"""The style-transfer page as a standalone script: the app's own StyleConfig, StyleTransfer and losses (copied by
core/export.py, not rewritten) running on the portable MobileNetV2 of core/imagenet/portable.py.
Run: python style_transfer.py photo.jpg painting.jpg result.png [--steps N] [--size PX] [--device] [--weights]."""
from __future__ import annotations

import dataclasses
import functools

from core.export import build_script
from core.imagenet import portable
from core.style import losses
from core.style.transfer import DEFAULT_LAYERS, StyleConfig, StyleTransfer, _tensor, compute_targets

RUN = ("Run:  python style_transfer.py photo.jpg painting.jpg result.png [--steps N] [--size PX]\n"
       "      [--device cpu|cuda] [--weights FILE]")
MAIN = """
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("content", help="the photo whose content is kept (PNG, JPEG, ...)")
parser.add_argument("style", help="the painting whose style is taken")
parser.add_argument("output", help="where to write the result (PNG)")
parser.add_argument("--steps", type=int, default=CONFIG["iterations"], help="iterations (1-5000)")
parser.add_argument("--size", type=int, default=CONFIG["size"], help="longer side of the result, pixels (64-1024)")
""" + portable.BACKBONE_ARGUMENTS + """
args = parser.parse_args()
try:
    config = StyleConfig(**{**CONFIG, "size": args.size, "iterations": args.steps})
except ValueError as exc:
    parser.error(str(exc))
backbone = """ + portable.BACKBONE + """
transfer = StyleTransfer(config, backbone, read_picture(args.content), read_picture(args.style))
for _ in range(config.total_steps):
    transfer.step(1)
    if transfer.steps_done % 10 == 0 or transfer.steps_done == config.total_steps:
        h = transfer.history
        print(f"iteration {transfer.steps_done}/{config.total_steps}: content {h['content'][-1]:.4g}, "
              f"style {h['style'][-1]:.4g}, total variation {h['tv'][-1]:.4g}")
picture = transfer.picture()
with open(args.output, "wb") as file:
    file.write(png_bytes(picture))
print(f"wrote {args.output} ({picture.shape[1]} x {picture.shape[0]} px) after {transfer.steps_done} iterations")
"""


def script_config(config: StyleConfig) -> StyleConfig:
    """The page's settings on MobileNetV2: its layers when the page used MobileNetV2, else MobileNetV2's defaults."""
    chosen = set(config.content_layers) | set(config.style_layers)
    if config.backbone == "mobilenet_v2" and chosen <= set(portable.MOBILENET_LAYERS):
        return config
    content_layers, style_layers = DEFAULT_LAYERS["mobilenet_v2"]
    return dataclasses.replace(config, backbone="mobilenet_v2", content_layers=content_layers,
                               style_layers=style_layers)


@functools.lru_cache(maxsize=32)  # copying the app's source into a script takes ~0.1 s: not on every rerun
def export_script(config: StyleConfig) -> str:
    mobile = script_config(config)
    optimiser = "L-BFGS" if mobile.optimiser == "lbfgs" else f"Adam at learning rate {mobile.learning_rate:g}"
    page_layers = f"content {', '.join(config.content_layers)}; style {', '.join(config.style_layers)}"
    layers = f"content {', '.join(mobile.content_layers)}; style {', '.join(mobile.style_layers)}"
    paragraphs = [
        "Neural style transfer, exported from the Style transfer page of \"Deep Learning: A Crash Course, live\".",
        f"Loss: {mobile.content_weight:g} x content + {mobile.style_weight:g} x style (Gram matrices) + "
        f"{mobile.tv_weight:g} x total variation, each relative to its target. {mobile.iterations} iterations of "
        f"{optimiser}, starting from {'the content photo' if mobile.start == 'content' else 'noise'} "
        f"(seed {mobile.seed}), at {mobile.size} px.",
        portable.mobilenet_note(config.backbone, page_layers, layers),
        "Weights: --weights FILE (a MobileNetV2 state_dict), else torchvision's ImageNet weights (downloaded once); "
        "--random-weights for an offline smoke test. Needs torch, torchvision, numpy and Pillow."]
    doc = portable.script_doc(paragraphs, RUN)
    objects = [*portable.SCRIPT_OBJECTS, losses.gram_matrix, losses.relative_error, losses.content_loss,
               losses.style_loss, losses.total_variation, StyleConfig, _tensor, compute_targets, StyleTransfer]
    return build_script(doc, portable.SCRIPT_IMPORTS, objects, {"CONFIG": dataclasses.asdict(mobile)}, MAIN)
