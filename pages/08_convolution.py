"""Convolution playground: hand-set filters over a real photo, the numbers under a sliding kernel (padding, stride,
the transposed case, pooling) and several filters making a stack of channels."""
import numpy as np
import streamlit as st

from core.convolution.apply import PHOTO_SIDE, apply_filter, photo_from_upload
from core.convolution.channels import MAX_CHANNELS, channel_stack
from core.convolution.filters import (
    CUSTOM,
    DEFAULT_CUSTOM_TEXT,
    FILTER_CHOICES,
    FILTERS,
    KernelProblem,
    get_filter,
    parse_kernel,
)
from core.convolution.grid import GRID_KERNELS, MODE_LABELS, MODES, GridConfig, formula_text, grid_view
from core.data.images import ImageProblem, find_photo, load_photo, photo_choices, resize_max_side
from figures.convolution import channels_figure, grid_figure, kernel_figure, output_figure, photo_figure, step_sum_text
from ui.controls import multiselect, secondary, select, slider, toggle
from ui.figure_cache import cached
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures cached by their inputs: a move of the grid's sliders rebuilds the grid only, not the photo's charts.
photo_figure, kernel_figure, output_figure, grid_figure, channels_figure = cached(
    photo_figure, kernel_figure, output_figure, grid_figure, channels_figure)
UPLOAD = "upload"
PHOTOS = (*photo_choices(), UPLOAD)
DEFAULT_PHOTO = find_photo("frog") or PHOTOS[0]
FILTER_LABELS = {**{n: f.label for n, f in FILTERS.items()}, CUSTOM: "your own 3x3 kernel"}
GRID_KERNEL_LABELS = {**{n: label for n, (label, _) in GRID_KERNELS.items()}, CUSTOM: "your kernel (from above)"}
EXAMPLES = {  # the slides' cases: (label, settings)
    "5x5 → 3x3": dict(mode="conv", n=5, pad=0, stride=1),
    "7x7 → 5x5": dict(mode="conv", n=7, pad=0, stride=1),
    "one ring of zeros: 5x5 → 5x5": dict(mode="conv", n=5, pad=1, stride=1),
    "transposed: 3x3 → 7x7": dict(mode="transposed", n=3, pad=0, stride=2),
    "stride 2: 7x7 → 3x3": dict(mode="conv", n=7, pad=0, stride=2),
    "3x3 max pooling: 9x9 → 3x3": dict(mode="max_pool", n=9, pad=0, stride=3, pool=3),
}

ctx = setup_page("Convolution playground", "🔍")
state = PageState("convolution", [
    Param("photo", DEFAULT_PHOTO, choices=PHOTOS), Param("filter", "yellow", choices=FILTER_CHOICES),
    Param("kernel", DEFAULT_CUSTOM_TEXT), Param("relu", False),
    Param("mode", "conv", choices=MODES), Param("n", 7, 3, 9), Param("gk", "vertical_edge",
                                                                     choices=(*GRID_KERNELS, CUSTOM)),
    Param("pool", 2, choices=(2, 3)), Param("pad", 0, 0, 2), Param("stride", 1, 1, 3), Param("seed", 0, 0, 999),
    Param("pos", 0, 0, 999),
    Param("channels", ("yellow", "horizontal_edges", "vertical_edges", "blur"), choices=tuple(FILTERS)),
])

st.title("🔍 Convolution playground")
st.caption("Part 3 · a filter is a perceptron swept over the picture: the same weights multiply every neighbourhood "
           "and the products are added up. Every number here comes from torch.nn.functional.")
state.show_notes()

# ---- 1. A photo through a filter ------------------------------------------------------------------------------
st.subheader("A photo through a filter")
controls, shown = st.columns([1, 3], gap="medium")
with controls:
    select(state, "photo", "photo", format_func=lambda c: "upload your own…" if c == UPLOAD else c.split(": ", 1)[1])
    select(state, "filter", "filter", format_func=FILTER_LABELS.get)
    st.text_input("your 3x3 kernel (rows split by ';')", key=state.key("kernel"), max_chars=200,
                  help="Three rows of three numbers, e.g. 0 -1 0; -1 5 -1; 0 -1 0. Fractions like 1/9 work.")
    toggle(state, "relu", "then ReLU", help="Negative responses become 0, as a real network's would.")


@st.cache_data(max_entries=8, show_spinner=False)
def default_photo(choice: str) -> tuple[np.ndarray, str]:
    loaded = load_photo(choice)
    return resize_max_side(loaded.pixels, PHOTO_SIDE), loaded.source


@st.cache_data(max_entries=4, show_spinner="Reading the image…")
def uploaded_photo(data: bytes) -> tuple[np.ndarray, list[str]]:
    return photo_from_upload(data)


pixels, source = default_photo(state["photo"] if state["photo"] != UPLOAD else DEFAULT_PHOTO)
if state["photo"] == UPLOAD:
    upload = controls.file_uploader("a photo (PNG, JPEG, GIF, BMP or TIFF)", key="convolution.upload",
                                    type=["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"])
    if upload is None:
        controls.info("Choose a photo to filter. Until then the default photo is shown. Uploads stay in this "
                      "session: they are not part of the link.")
    else:
        try:
            pixels, notes = uploaded_photo(upload.getvalue())
            source = "your upload"
            for note in notes:
                controls.caption("ℹ️ " + note)
        except ImageProblem as exc:
            controls.error("This upload cannot be used; the default photo is shown instead.")
            controls.text(str(exc))

custom_kernel, kernel_problem = None, None
try:
    custom_kernel = parse_kernel(state["kernel"])
except KernelProblem as exc:
    kernel_problem = str(exc)
if kernel_problem and (state["filter"] == CUSTOM or state["gk"] == CUSTOM):
    controls.error("Your kernel cannot be read, so the sharpen kernel is used instead.")
    controls.text(kernel_problem)
if custom_kernel is None:
    custom_kernel = parse_kernel(DEFAULT_CUSTOM_TEXT)

filt = get_filter(state["filter"], custom_kernel)
result = apply_filter(pixels, filt, relu=state["relu"], device=ctx.device)
with shown:
    a, b, c = st.columns(3)
    a.plotly_chart(photo_figure(pixels, "input"), key="photo")  # titles short: the columns are narrow
    b.plotly_chart(kernel_figure(filt.weights, filt.kernel, "filter"), key="kernel")
    a.caption(f"Photo: {source}.")
    b.caption(f"Filter: {filt.label}.")
    c.plotly_chart(output_figure(result.values, result.lo, result.hi, "output"), key="output")
    st.markdown(f"**Output range: {result.lo:.3f} to {result.hi:.3f}**, drawn from black (its minimum) to white "
                f"(its maximum). {filt.blurb}")
    if filt.kernel is not None:
        st.caption("Over a colour photo this is really a 3x3x3 filter: the kernel times 0.299, 0.587 and 0.114 in "
                   "the red, green and blue layers, the same as running the kernel over the grey picture. The photo's "
                   "edge pixels are repeated as padding, so the border does not light up.")

# ---- 2. The numbers under the kernel ---------------------------------------------------------------------------
st.divider()
st.subheader("The numbers under the kernel")
st.caption("A small grid of whole numbers, so every step can be checked by hand. Light blue cells are added zeros: "
           "rings of padding, and in the transposed case also the zeros that spread the input apart.")


def use_example(settings: dict) -> None:
    for name, value in settings.items():
        st.session_state[state.key(name)] = value
    st.session_state[state.key("pos")] = 0


def move(delta: int, last: int) -> None:
    key = state.key("pos")
    st.session_state[key] = int(min(max(st.session_state[key] + delta, 0), last))


st.markdown("**The slides' examples:**")
example_cols = st.columns(3)
for i, (label, settings) in enumerate(EXAMPLES.items()):
    example_cols[i % 3].button(label, key=f"convolution.example.{label}", on_click=use_example, args=(settings,),
                               width="stretch")

gcontrols, gshown = st.columns([1, 3], gap="medium")
with gcontrols:
    select(state, "mode", "operation", format_func=MODE_LABELS.get)
    slider(state, "n", "input size (n x n)")
    pooling = state["mode"] in ("max_pool", "avg_pool")
    if pooling:
        select(state, "pool", "pooling window", format_func=lambda k: f"{k}x{k}", horizontal=True)
    else:
        select(state, "gk", "kernel", format_func=GRID_KERNEL_LABELS.get)
    slider(state, "pad", "padding (rings)",
           help="Transposed: the kernel's size minus 1 minus this many rings of zeros surround the spread input.")
    slider(state, "stride", "stride", help="Transposed: stride - 1 zeros between the input numbers.")
    with secondary("Input numbers"):
        slider(state, "seed", "seed for the input numbers")

kernel = custom_kernel if state["gk"] == CUSTOM else np.array(GRID_KERNELS[state["gk"]][1], dtype=float)
gconfig = GridConfig(size=state["n"], mode=state["mode"], kernel=tuple(map(tuple, kernel.tolist())),
                     pool=state["pool"], padding=state["pad"], stride=state["stride"], seed=state["seed"])
problem = gconfig.problem()
if problem:
    gshown.warning(problem + " Change the padding, stride or size.")
else:
    view = grid_view(gconfig)
    last = view.positions - 1
    if state["pos"] > last:
        st.session_state[state.key("pos")] = last
    with gshown:
        b1, b2, s = st.columns([1, 1, 8])
        b1.button("◀", key="convolution.prev", on_click=move, args=(-1, last), disabled=state["pos"] == 0,
                  width="stretch")
        b2.button("▶", key="convolution.next", on_click=move, args=(1, last), disabled=state["pos"] >= last,
                  width="stretch")
        if last > 0:
            s.slider("window position (step through the sweep)", 0, last, key=state.key("pos"))
        position = int(state["pos"])
        st.plotly_chart(grid_figure(view, position), key="grid")
        o = view.output.shape[0]
        k, p, stride = gconfig.window, gconfig.padding, gconfig.stride
        st.markdown(f"**Output size** ({MODE_LABELS[gconfig.mode]}, n = {gconfig.size}, k = {k}, p = {p}, "
                    f"s = {stride}): {formula_text(gconfig.size, k, p, stride, gconfig.mode == 'transposed')}, "
                    f"so the output is {o} x {o}.")
        i, j = divmod(position, view.output.shape[1])
        st.markdown(f"**Position {position + 1} of {view.positions}** (output row {i + 1}, column {j + 1}):")
        st.code(step_sum_text(view, position), language=None)
        if gconfig.mode == "transposed":
            st.caption("conv_transpose2d works like sliding the kernel, turned 180°, over the spread field: the "
                       "weights shown are turned.")

# ---- 3. Several filters, several channels ----------------------------------------------------------------------
st.divider()
st.subheader("Several filters make several channels")
multiselect(state, "channels", f"filters (one output channel each, at most {MAX_CHANNELS})",
            format_func=FILTER_LABELS.get, max_selections=MAX_CHANNELS)
state.sync_url()  # after the last widget
chosen = [FILTERS[n] for n in state["channels"]]
if not chosen:
    st.info("Choose at least one filter to see its channel.")
else:
    stack = channel_stack(pixels, chosen, relu=state["relu"], device=ctx.device)
    st.plotly_chart(channels_figure(stack.maps, [f.label for f in chosen], stack.ranges), key="channels")
    st.caption(f"One conv2d call with {len(chosen)} filters: the output has {len(chosen)} channels, each the size "
               f"of the photo ({pixels.shape[0]} x {pixels.shape[1]}). A network learns such filters by the dozen.")

with st.expander("Share this demo"):
    share_link()
