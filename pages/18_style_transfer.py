"""Style transfer: a photo's content, a painting's style (its Gram matrices), and pixels changed to match both."""
import streamlit as st

from core.data.images import load_photo, png_bytes
from core.style.export import export_script
from core.style.gallery import (
    GALLERY_ITERATIONS,
    cached_picture,
    default_content_choice,
    fill_gallery,
    gallery_configs,
    style_config,
)
from core.style.targets import style_targets
from core.style.transfer import CHECKPOINT_NAME, DEFAULT_LAYERS, OPTIMISERS, STARTS, StyleTransfer
from figures.creative import curves, gram_figure
from figures.images import image_grid
from ui.controls import secondary, select, slider
from ui.figure_cache import cached
from ui.imagenet import backbone_param, photo_param, pick_backbone, pick_photo, pick_style, style_param
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures cached by their inputs: a new setting shows the same untrained picture, Gram matrix and gallery, so a
# rerun serves them instead of building them again.
curves, gram_figure, image_grid = cached(curves, gram_figure, image_grid)

ctx = setup_page("Style transfer", "🖼️")
state = PageState("style", [
    photo_param("photo", prefer=("frog", "tiger")), style_param("style"), backbone_param("net"),
    Param("cw", 1.0, 0.0, 5.0, step=0.1), Param("sw", "10", choices=("1", "3", "10", "30", "100", "300")),
    Param("tv", "1", choices=("0", "0.1", "1", "10")), Param("size", 256, 128, 512, step=32),
    Param("iters", 150, 20, 1000, step=10), Param("opt", "adam", choices=OPTIMISERS),
    Param("start", "content", choices=STARTS), Param("gram", 1, 1, 5), Param("seed", 0, 0, 9999),
])

st.title("🖼️ Style transfer")
st.caption("Part 4 · keep the photo's responses in a deep layer (its content) and the painting's Gram matrices in "
           "several layers (which filters fire together: its style), and change the pixels until both match.")
state.show_notes()

controls, main = st.columns([1, 3], gap="medium")
with controls:
    content = pick_photo(state, "photo", label="content photo")
    style = pick_style(state, "style")
    backbone = pick_backbone(state, "net", ctx.device)
    slider(state, "cw", "content weight", help="0 gives the style alone, with no content at all.")
    select(state, "sw", "style weight", horizontal=True)
    slider(state, "iters", "iterations")
    st.button("🎨 Style alone, from noise", key="style.only", help="Content weight 0 and a noise start.",
              on_click=lambda: (state.set("cw", 0.0), state.set("start", "noise")))
    with secondary("Transfer settings"):
        select(state, "tv", "smoothness (total-variation) weight", horizontal=True)
        slider(state, "size", "picture size (longer side)")
        select(state, "opt", "optimiser", horizontal=True, format_func={"adam": "Adam", "lbfgs": "L-BFGS"}.get)
        select(state, "start", "start from", horizontal=True)
        slider(state, "seed", "noise seed")
if backbone is None or content is None or style is None:
    state.sync_url()
    st.stop()
content_layers, style_layers = DEFAULT_LAYERS[backbone.name]
with controls:
    slider(state, "gram", "Gram matrix shown: style layer number", help=", ".join(style_layers))
state.sync_url()

config = style_config(backbone.name, content.source, style.source, content_weight=state["cw"],
                      style_weight=float(state["sw"]), tv_weight=float(state["tv"]), size=state["size"],
                      iterations=state["iters"], optimiser=state["opt"], start=state["start"], seed=state["seed"])


@st.cache_data(max_entries=4, show_spinner=False)
def photo_source(choice: str) -> str:
    """Where the gallery's photo comes from (decoding the photo to read it: once, not on every rerun)."""
    return load_photo(choice).source


@st.cache_data(max_entries=4, show_spinner=False)
def result_png(picture) -> bytes:
    return png_bytes(picture)


def render(transfer: StyleTransfer) -> None:
    picture = transfer.picture()
    st.plotly_chart(image_grid([content.pixels, style.pixels, picture],
                               ["content", "style", f"result after {transfer.steps_done} iterations"], cols=3,
                               height_per_row=320), key="style_images")
    left, right = st.columns(2)
    if transfer.history["step"]:
        left.plotly_chart(curves(transfer.history, ["content", "style", "tv"], "losses (relative)", log_y=True),
                          key="style_losses")
    layer = style_layers[state["gram"] - 1]
    right.plotly_chart(gram_figure(transfer.grams(layer), layer), key="style_grams")
    st.download_button("⬇ Download the result (PNG)", data=result_png(picture), file_name="style_transfer.png",
                       mime="image/png", key="style.download")


with main:
    transfer = get_trainer(CHECKPOINT_NAME, config,
                           lambda c: StyleTransfer(c, backbone, content.pixels, style.pixels, targets=style_targets))
    live_panel(CHECKPOINT_NAME, transfer, render, total_steps=config.total_steps, chunk=10, unit="iterations")
    st.download_button("⬇ As a script", data=export_script(config), file_name="style_transfer.py",
                       mime="text/x-python", key="style.export",
                       help="A standalone script (torch, torchvision, numpy, Pillow): the same style transfer with "
                            "these settings, on MobileNetV2. Run it with: "
                            "python style_transfer.py photo.jpg painting.jpg result.png")

st.divider()
st.subheader("One photo, every style")
gallery_source = photo_source(default_content_choice())
configs = gallery_configs(backbone.name, gallery_source)
ready = [(c, p) for c in configs if (p := cached_picture(c)) is not None]
if ready:
    st.plotly_chart(image_grid([p for _, p in ready], [c.style.split(": ", 1)[1].rsplit(".", 1)[0].replace("_", " ")
                                                       for c, _ in ready], cols=4, height_per_row=210),
                    key="style_gallery")
missing = len(configs) - len(ready)
if missing:
    st.caption(f"The gallery ({gallery_source} in every style): {missing} of {len(configs)} not made yet. "
               "`python -m core.prepare` makes them all ahead of a talk.")
    if st.button(f"🖌 Make the {missing} missing ({GALLERY_ITERATIONS} iterations each)", key="style.gallery"):
        bar = st.progress(0.0, text="Starting…")
        fill_gallery(backbone, default_content_choice(),
                     progress=lambda i, n, name: bar.progress(i / n, text=f"{name} ({i + 1} of {n})"))
        st.rerun()

with st.expander("Share this demo"):
    share_link()
