"""Eigendogs: principal component analysis. Elephants with a redundant feature, three photos mixed in different
amounts, then a few photos of one subject augmented into thousands: their eigen-images, and each picture rebuilt
from k numbers."""
import numpy as np
import streamlit as st
import torch

from core.data.images import SKIMAGE_PHOTOS, ImageProblem, find_photo, load_photo
from core.pca.augment import SIZES, AugmentConfig
from core.pca.decompose import pca
from core.pca.eigen import MAX_COMPONENTS, Eigen, digits_of_class, eigen_from_digits, eigen_from_photos, storage
from core.pca.lead_in import FEATURES, MIX_PHOTOS, amounts_from, elephants, load_mix_photos, mix, standardise
from core.pca.uploads import read_uploads
from figures.pca import amounts_figure, elephant_figure, image_grid, rgb_grid, variance_figure
from ui.controls import secondary, select, slider, toggle
from ui.figure_cache import cached
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures cached by their inputs: a rerun after one slider rebuilds only the charts that slider changes.
elephant_figure, rgb_grid, amounts_figure, image_grid, variance_figure = cached(
    elephant_figure, rgb_grid, amounts_figure, image_grid, variance_figure)
SOURCES = {"husky": "the husky (data directory)", "photo": "a photo that ships with scikit-image",
           "digits": "handwritten digits of one class", "upload": "your own photos of one subject"}
UPLOAD_KEY = "eigen.uploads"

ctx = setup_page("Eigendogs (PCA)", "🐕")
state = PageState("eigen", [
    Param("elephants", 200, 50, 1000, step=50), Param("ears", 0.0, 0.0, 0.2, step=0.01), Param("eseed", 0, 0, 9999),
    Param("mixes", 8, 4, 20), Param("mseed", 0, 0, 9999),
    Param("source", "husky", choices=tuple(SOURCES)), Param("photo", "cat (Chelsea)", choices=tuple(SKIMAGE_PHOTOS)),
    Param("digit", 3, 0, 9), Param("images", 1000, 200, 4000, step=100), Param("size", 48, choices=SIZES),
    Param("rotation", 10, 0, 30), Param("shift", 0.08, 0.0, 0.2, step=0.01), Param("scale", 0.1, 0.0, 0.3, step=0.05),
    Param("flip", True), Param("seed", 0, 0, 9999), Param("k", 100, 1, MAX_COMPONENTS),
])

st.title("🐕 Eigendogs (PCA)")
st.caption("Part 2 · principal component analysis finds the directions in which data varies most. Keep the first few "
           "and every picture becomes a handful of numbers: smaller to store, quicker to learn from.")
state.show_notes()


@st.cache_resource(max_entries=4, show_spinner=False)
def eigen_for_photos(photos: tuple, cfg: AugmentConfig, device: str) -> Eigen:
    return eigen_from_photos([np.asarray(p) for p in photos], cfg, device)


@st.cache_resource(max_entries=4, show_spinner=False)
def eigen_for_digit(digit: int, n: int, device: str) -> tuple[Eigen, str]:
    images, note = digits_of_class(digit, n)
    return eigen_from_digits(images, device=device), note


@st.cache_data(max_entries=8, show_spinner=False)
def uploaded(files: tuple):
    return read_uploads(list(files))


@st.cache_data(max_entries=16, show_spinner=False)
def elephant_view(n: int, seed: int, noise: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The elephants, each component's share of the variance and the last (empty) component."""
    raw = elephants(n, seed, noise)
    result = pca(torch.from_numpy(standardise(raw)))
    return raw, result.explained_variance_ratio.numpy(), result.components[-1].numpy()


@st.cache_data(max_entries=2, show_spinner=False)
def mix_photos(size: int) -> np.ndarray:
    return load_mix_photos(size)


@st.cache_data(max_entries=16, show_spinner=False)
def mix_view(n: int, seed: int) -> dict:
    """The three photos, n mixtures of them, each rebuilt from its first 3 components, the variance shares and the
    amounts read back from the rebuilds."""
    photos = mix_photos(64)
    mixed = mix(photos, n, seed)
    flat = torch.from_numpy(mixed.pictures.reshape(len(mixed.pictures), -1))
    ratio = pca(flat, min(6, len(flat))).explained_variance_ratio.numpy()
    three = pca(flat, 3)
    rebuilt = three.reconstruct(three.transform(flat)).numpy().reshape(mixed.pictures.shape)
    return dict(photos=photos, pictures=mixed.pictures, amounts=mixed.amounts, rebuilt=rebuilt, ratio=ratio,
                read_back=amounts_from(rebuilt, photos))


tab_elephant, tab_mix, tab_dogs = st.tabs(["1 · Elephants", "2 · Three photos mixed", "3 · Eigendogs"])

with tab_elephant:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        st.markdown("Five numbers per elephant: " + ", ".join(FEATURES) + ". In this imaginary species ear size "
                    "follows age, so one of the five says nothing new.")
        slider(state, "elephants", "elephants")
        slider(state, "ears", "how loosely ears follow age (noise)")
        with secondary("Data"):
            slider(state, "eseed", "seed")
    raw, ratio, last = elephant_view(state["elephants"], state["eseed"], round(state["ears"], 3))
    with right:
        st.plotly_chart(elephant_figure(raw, ratio, last, FEATURES), key="elephant")
        st.markdown(f"The fifth component carries **{ratio[-1]:.2g}** of the variance: almost nothing. It is age "
                    "against ear size; drop it and every elephant is four numbers with nothing lost.")

with tab_mix:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        st.markdown("Each picture is some amount of three photos added together (the seed used fire, a cloud and a "
                    "parrot; these three ship with scikit-image: " + ", ".join(MIX_PHOTOS) + ").")
        slider(state, "mixes", "pictures")
        with secondary("Data"):
            slider(state, "mseed", "seed")
    m = mix_view(state["mixes"], state["mseed"])
    photos, pictures, rebuilt, mix_ratio = m["photos"], m["pictures"], m["rebuilt"], m["ratio"]
    with right:
        per_row = max(len(pictures), 3)
        blank = np.ones((per_row - 3,) + photos.shape[1:])
        bright = 1.0 / pictures.max()  # one factor for every mixture and rebuild: display only
        st.plotly_chart(rgb_grid(np.concatenate([photos, blank, pictures * bright, rebuilt * bright]), per_row,
                                 "mixtures", height=330,
                                 title="the three photos; the mixtures; each rebuilt from 3 numbers"), key="mixtures")
        st.plotly_chart(amounts_figure(m["amounts"], m["read_back"], MIX_PHOTOS), key="amounts")
        st.markdown(f"The first three components explain **{mix_ratio[:3].sum():.6%}** of the variance; the fourth "
                    f"{mix_ratio[3] if len(mix_ratio) > 3 else 0:.1e}. Largest pixel error rebuilding from three "
                    f"numbers: {np.abs(rebuilt - pictures).max():.1e}.")

with tab_dogs:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        select(state, "source", "pictures", format_func=SOURCES.get)
        if state["source"] == "photo":
            select(state, "photo", "photo")
        elif state["source"] == "digits":
            slider(state, "digit", "digit")
        elif state["source"] == "upload":
            files = st.file_uploader("photos of one subject (PNG, JPEG, …)", accept_multiple_files=True,
                                     key=UPLOAD_KEY)
        slider(state, "images", "augmented images (digits: real ones)")
        select(state, "size", "pixels per side")
        with secondary("Augmentation"):
            slider(state, "rotation", "rotate up to (degrees)")
            slider(state, "shift", "shift up to (share of the side)")
            slider(state, "scale", "zoom up to ±")
            toggle(state, "flip", "flip left-right")
            slider(state, "seed", "seed")
    cfg = AugmentConfig(n_images=state["images"], size=state["size"], rotation=float(state["rotation"]),
                        shift=round(state["shift"], 3), scale=round(state["scale"], 3), flip=state["flip"],
                        seed=state["seed"])
    source, photo_names, described = state["source"], [], ""
    if source == "upload":
        result_up = uploaded(tuple((f.name, f.getvalue()) for f in files or ()))
        for name, problem in result_up.problems:
            left.error(f"One file could not be used: {problem}")
            left.text(f"file: {name}")
        for name, note in result_up.notes:
            left.info(note)
            left.text(f"file: {name}")
        for warning in result_up.warnings:
            left.warning(warning)
        if result_up.images:
            photo_list, described = result_up.images, f"{len(result_up.images)} uploaded photo(s)"
        else:
            left.info("No usable upload yet: showing the default pictures meanwhile.")
            source = "husky"
    if source == "husky":
        choice = find_photo("dog_husky")
        if choice is None:
            left.info("The husky photo is not in the data directory, so this uses scikit-image's cat (Chelsea).")
        choice = choice or "scikit-image: cat (Chelsea)"
        photo_list, described = [load_photo(choice).pixels], choice.replace("data: ", "data directory: ")
    elif source == "photo":
        try:
            photo_list, described = [load_photo(f"scikit-image: {state['photo']}").pixels], state["photo"]
        except ImageProblem as problem:
            st.error(f"That photo could not be loaded: {problem}")
            st.stop()
    with right, st.spinner("Augmenting and finding the components…"):
        if source == "digits":
            eigen, note = eigen_for_digit(state["digit"], cfg.n_images, str(ctx.device))
            described = f"{len(eigen.images):,} real images of the digit {state['digit']}"
            st.caption(note)
        else:
            eigen = eigen_for_photos(tuple(photo_list), cfg, str(ctx.device))
            described = f"{described}, augmented into {len(eigen.images):,} images"
        n_max = eigen.result.n_components
        k = min(state["k"], n_max)
        pixels = eigen.size ** 2
        st.caption(f"{described}, grayscale, {eigen.size}×{eigen.size}, each normalised to mean 0 and spread 1; "
                   f"PCA on {ctx.device.type} ({n_max} components kept).")
        st.plotly_chart(image_grid(eigen.images[:24].numpy(), 12, "augmented", height=200,
                                   title="some of the pictures PCA learns from"), key="augmented")
        st.plotly_chart(image_grid(eigen.eigen_images(12), 6, "eigen-images", signed=True, height=300,
                                   title="the first 12 eigen-images (blue +, orange −)"), key="eigen")
        slider(state, "k", "components kept (numbers per image)")
        if state["k"] > n_max:
            st.warning(f"Only {n_max} components exist for these pictures; using {n_max}.")
        shown = eigen.originals.numpy()
        st.plotly_chart(image_grid(np.concatenate([shown, eigen.rebuild(k)]), len(shown), "reconstructions",
                                   height=260, title=f"top: the pictures; below: rebuilt from {k} numbers each"),
                        key="reconstructions")
        st.plotly_chart(variance_figure(eigen.cumulative_ratio(), k), key="variance")
        s = storage(len(eigen.images), pixels, k)
        c1, c2, c3 = st.columns(3)
        c1.metric("numbers per image", f"{k:,}", f"instead of {pixels:,} pixels", delta_color="off")
        c2.metric("compression per image", f"{s['ratio_per_image']:.1f}×")
        c3.metric("with the eigen-images stored too", f"{s['ratio_with_components']:.1f}×")

state.sync_url()
with st.expander("Share this demo"):
    share_link()
