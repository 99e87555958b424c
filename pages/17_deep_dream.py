"""Deep dreaming: change the photo so that chosen layers respond more and more, and watch what they 'see'."""
import streamlit as st

from core.data.images import png_bytes
from core.dream.defaults import DEFAULT_PHOTO_STEMS, dream_config
from core.dream.dreamer import CHECKPOINT_NAME, DEFAULT_LAYERS, Dreamer
from core.dream.export import export_script
from figures.creative import curves
from ui.controls import secondary, slider
from ui.imagenet import backbone_param, layer_param, photo_param, pick_backbone, pick_layer, pick_photo
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

ctx = setup_page("Deep dreaming", "🌀")
state = PageState("dream", [
    photo_param("photo", prefer=DEFAULT_PHOTO_STEMS), backbone_param("net"),
    layer_param("layer1"), Param("w1", 1.0, 0.0, 2.0, step=0.1),
    layer_param("layer2"), Param("w2", 0.5, 0.0, 2.0, step=0.1),
    Param("step", 0.015, 0.005, 0.05, step=0.005), Param("iters", 12, 2, 40), Param("octaves", 3, 1, 5),
    Param("scale", 1.4, 1.2, 1.8, step=0.1), Param("jitter", 16, 0, 32), Param("size", 256, 128, 512, step=64),
    Param("seed", 0, 0, 9999),
])

st.title("🌀 Deep dreaming")
st.caption("Part 4 · feed a photo through the network, add up the responses of a few layers, and change the pixels "
           "to make that sum bigger, again and again. Whatever the filters faintly see gets amplified.")
state.show_notes()

controls, main = st.columns([1, 3], gap="medium")
with controls:
    photo = pick_photo(state, "photo")
    backbone = pick_backbone(state, "net", ctx.device)
if backbone is None or photo is None:
    state.sync_url()
    st.stop()

defaults = DEFAULT_LAYERS[backbone.name]
layers = []
with controls:
    for i in (1, 2):
        layers.append(pick_layer(state, f"layer{i}", backbone, defaults[i - 1], label=f"layer {i}"))
        slider(state, f"w{i}", f"weight of layer {i}")
    slider(state, "iters", "steps per octave")
    slider(state, "octaves", "octaves (scales, small to full)")
    with secondary("Dream settings"):
        slider(state, "step", "step size")
        slider(state, "scale", "octave scale")
        slider(state, "jitter", "jitter (pixels)")
        slider(state, "size", "picture size (longer side)")
        slider(state, "seed", "jitter seed")
state.sync_url()

layers = tuple(layers)
weights = (state["w1"], state["w2"])
if layers[0] == layers[1]:
    layers, weights = layers[:1], (weights[0] + weights[1],)
if sum(weights) == 0:
    main.warning("Both weights are 0: there is nothing to dream about. Raise one.")
    st.stop()
try:
    config = dream_config(backbone.name, photo.source, layers=layers, weights=weights, step_size=state["step"],
                          iterations=state["iters"], octaves=state["octaves"], octave_scale=state["scale"],
                          jitter=state["jitter"], size=state["size"], seed=state["seed"])
except ValueError as exc:
    main.error(f"These settings do not make a dream: {exc}.")
    st.stop()


def render(dreamer: Dreamer) -> None:
    picture = dreamer.picture()
    left, right = st.columns([3, 2])
    octave = min(dreamer.steps_done // config.iterations + 1, config.octaves)
    left.image(picture, caption=f"after {dreamer.steps_done} steps (octave {octave} of {config.octaves})",
               width="stretch", clamp=True)
    right.image(photo.pixels, caption="the photo it started from", width="stretch", clamp=True)
    if dreamer.history["step"]:
        right.plotly_chart(curves(dreamer.history, ["objective"], "summed response (it climbs)", span=0.23),
                           key="dream_curve")
    right.download_button("⬇ Download the dream (PNG)", data=png_bytes(picture), file_name="dream.png",
                          mime="image/png", key="dream.download")


with main:
    dreamer = get_trainer(CHECKPOINT_NAME, config, lambda c: Dreamer(c, backbone, photo.pixels))
    live_panel(CHECKPOINT_NAME, dreamer, render, total_steps=config.total_steps, chunk=config.iterations,
               unit="steps")
    st.download_button("⬇ As a script", data=export_script(config), file_name="deep_dream.py", mime="text/x-python",
                       key="dream.export",
                       help="A standalone script (torch, torchvision, numpy, Pillow): the same dreaming code with "
                            "these settings, on MobileNetV2. Run it with: python deep_dream.py photo.jpg dream.png")
    st.caption(f"Dreaming with {' + '.join(f'{w:g} × {n}' for n, w in zip(layers, weights, strict=True))} of "
               f"{backbone.title}. Early layers give strokes and textures; deep ones give eyes, fur and faces.")

with st.expander("Share this demo"):
    share_link()
