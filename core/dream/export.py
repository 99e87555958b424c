"""The deep-dream page as a standalone script: the app's own DreamConfig, Dreamer and objective (copied by
core/export.py, not rewritten) running on the portable MobileNetV2 of core/imagenet/portable.py.
Run: python deep_dream.py photo.jpg dream.png [--steps N] [--size PX] [--device] [--weights FILE]."""
from __future__ import annotations

import dataclasses

from core.dream.dreamer import DEFAULT_LAYERS, DreamConfig, Dreamer, dream_objective
from core.export import build_script
from core.imagenet import portable

RUN = "Run:  python deep_dream.py photo.jpg dream.png [--steps N] [--size PX] [--device cpu|cuda] [--weights FILE]"
MAIN = """
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("photo", help="the photo to dream on (PNG, JPEG, ...)")
parser.add_argument("output", help="where to write the dream (PNG)")
parser.add_argument("--steps", type=int, default=None,
                    help="stop after this many steps (default: all, iterations x octaves)")
parser.add_argument("--size", type=int, default=CONFIG["size"], help="longer side of the dream, pixels (64-1024)")
""" + portable.BACKBONE_ARGUMENTS + """
args = parser.parse_args()
try:
    config = DreamConfig(**{**CONFIG, "size": args.size})
except ValueError as exc:
    parser.error(str(exc))
backbone = """ + portable.BACKBONE + """
dreamer = Dreamer(config, backbone, read_picture(args.photo))
steps = config.total_steps if args.steps is None else max(0, min(args.steps, config.total_steps))
for _ in range(steps):
    dreamer.step(1)
    if dreamer.steps_done % config.iterations == 0 or dreamer.steps_done == steps:
        print(f"step {dreamer.steps_done}/{config.total_steps}: objective {dreamer.history['objective'][-1]:.4g}")
picture = dreamer.picture()
with open(args.output, "wb") as file:
    file.write(png_bytes(picture))
print(f"wrote {args.output} ({picture.shape[1]} x {picture.shape[0]} px) after {dreamer.steps_done} steps")
"""


def script_config(config: DreamConfig) -> DreamConfig:
    """The page's settings on MobileNetV2: its layers when the page used MobileNetV2, else MobileNetV2's defaults
    (as many as the page dreams with, each keeping the page's weight)."""
    if config.backbone == "mobilenet_v2" and set(config.layers) <= set(portable.MOBILENET_LAYERS):
        return config
    layers = DEFAULT_LAYERS["mobilenet_v2"][:len(config.layers)]
    return dataclasses.replace(config, backbone="mobilenet_v2", layers=layers, weights=config.weights[:len(layers)])


def export_script(config: DreamConfig) -> str:
    mobile = script_config(config)
    dream = " + ".join(f"{w:g} x {n}" for n, w in zip(mobile.layers, mobile.weights, strict=True))
    paragraphs = [
        "Deep dreaming, exported from the Deep dreaming page of \"Deep Learning: A Crash Course, live\".",
        f"Drives up {dream} (mean squared responses): step size {mobile.step_size:g}, {mobile.iterations} steps in "
        f"each of {mobile.octaves} octaves (scale {mobile.octave_scale:g}), jitter {mobile.jitter} px, "
        f"seed {mobile.seed}, at {mobile.size} px.",
        portable.mobilenet_note(config.backbone, ", ".join(config.layers), ", ".join(mobile.layers)),
        "Weights: --weights FILE (a MobileNetV2 state_dict), else torchvision's ImageNet weights (downloaded once); "
        "--random-weights for an offline smoke test. Needs torch, torchvision, numpy and Pillow."]
    doc = portable.script_doc(paragraphs, RUN)
    return build_script(doc, portable.SCRIPT_IMPORTS, [*portable.SCRIPT_OBJECTS, DreamConfig, dream_objective, Dreamer],
                        {"CONFIG": dataclasses.asdict(mobile)}, MAIN)
