"""What a filter looks for: where a channel fires on a photo, and the picture it would most like to see."""
import numpy as np
import streamlit as st

from core.filter_vis.ascent import AscentConfig, ascend
from core.filter_vis.cache import DEFAULT_LAYER, GRID_CHANNELS, load_grown, save_grown
from core.filter_vis.responses import response_maps
from figures.images import image_grid
from ui.controls import secondary, slider
from ui.figure_cache import cached
from ui.imagenet import backbone_param, layer_param, photo_param, pick_backbone, pick_layer, pick_photo
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

image_grid, = cached(image_grid)  # by its inputs: a rerun rebuilds only the grids whose pictures changed

ctx = setup_page("What a filter looks for", "🔬")
state = PageState("filters", [
    photo_param("photo", prefer=("duck", "frog")), backbone_param("net"),
    layer_param("layer"), Param("channel", 0, 0, 2047),
    Param("steps", 40, 5, 200, step=5), Param("size", 128, 64, 224, step=32), Param("seed", 0, 0, 9999),
])

st.title("🔬 What a filter looks for")
st.caption("Part 3 · every channel of a layer is a filter. Where does it fire on a photo, and what picture would "
           "make it fire hardest? Early layers want edges and colours; deeper ones want textures and parts.")
state.show_notes()

controls, main = st.columns([1, 3], gap="medium")
with controls:
    photo = pick_photo(state, "photo")
    backbone = pick_backbone(state, "net", ctx.device)
if backbone is None:
    state.sync_url()
    st.stop()

layer = pick_layer(state, "layer", backbone, DEFAULT_LAYER[backbone.name], container=controls)
depth = backbone.channels(layer)
if state["channel"] >= depth:
    controls.warning(f"{layer} has channels 0 to {depth - 1}; showing channel 0.")
    state.set("channel", 0)
with controls:
    st.slider("channel", 0, depth - 1, key=state.key("channel"))
    with secondary("Growing settings"):
        slider(state, "steps", "gradient-ascent steps")
        slider(state, "size", "picture size (pixels)")
        slider(state, "seed", "noise seed")
state.sync_url()
channel = state["channel"]

with main:
    st.subheader(f"Where channel {channel} of {layer} fires")
    if photo is None:
        st.info("Choose a photo to see the responses.")
    else:
        x = backbone.to_tensor(photo.pixels, 224)
        first = list(range(min(16, depth)))
        maps = response_maps(backbone, x, layer, [channel, *first])
        c1, c2 = st.columns(2)
        c1.image(photo.pixels, caption=f"the photo ({photo.source})", clamp=True)
        c2.plotly_chart(image_grid([maps[0]], [f"channel {channel}: responses {maps[0].min():.2f} to "
                                               f"{maps[0].max():.2f}"], cols=1, heatmap=True, height_per_row=340),
                        key="response")
        st.plotly_chart(image_grid(list(maps[1:]), [f"ch {c}" for c in first], cols=8, heatmap=True,
                                   height_per_row=150, title=f"the first {len(first)} channels of {layer}"),
                        key="response_grid")

    st.subheader(f"The picture channel {channel} wants to see")
    single = AscentConfig(layer=layer, channels=(channel,), size=state["size"], steps=state["steps"],
                          seed=state["seed"])
    grid = AscentConfig(layer=layer, channels=tuple(c for c in GRID_CHANNELS if c < depth), size=96,
                        steps=state["steps"], seed=state["seed"])


def grow_with_progress(cfg: AscentConfig, label: str) -> np.ndarray:
    bar = st.progress(0.0, text=label)
    frame = st.empty()
    images = None
    for step, images, objective in ascend(backbone, cfg):
        bar.progress(step / cfg.steps, text=f"{label}: step {step} of {cfg.steps}, mean response "
                                            f"{float(objective.mean()):.2f}")
        if step % 5 == 0 or step == cfg.steps:
            frame.image(images[0], width=220, clamp=True)
    bar.empty()
    frame.empty()
    save_grown(backbone, cfg, images)
    return images


with main:
    left, right = st.columns([1, 2])
    shown = load_grown(backbone, single)
    if shown is None:
        left.caption("Not grown yet for these settings.")
        if left.button(f"🌱 Grow it ({single.steps} steps)", key="filters.grow", type="primary"):
            with left:
                shown = grow_with_progress(single, "Growing")
    if shown is not None:
        left.plotly_chart(image_grid([shown[0]], [f"{layer}, channel {channel}"], cols=1, height_per_row=320),
                          key="grown")
    shown_grid = load_grown(backbone, grid)
    if shown_grid is None:
        right.caption(f"The first {len(grid.channels)} channels, grown together as one batch.")
        if right.button(f"🌱 Grow the first {len(grid.channels)} channels", key="filters.grow_grid"):
            with right:
                shown_grid = grow_with_progress(grid, "Growing the grid")
    if shown_grid is not None:
        right.plotly_chart(image_grid(list(shown_grid), [f"ch {c}" for c in grid.channels], cols=4,
                                      height_per_row=150), key="grown_grid")
    st.caption("Grown from faint noise: each step nudges the pixels up the gradient of the channel's mean response, "
               "shifts the picture a few pixels at random (jitter) and now and then blurs it a little, so what "
               "appears is a pattern the filter likes rather than pixel-level noise.")

with st.expander("Share this demo"):
    share_link()
