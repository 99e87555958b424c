"""What every image page shares: a photo (data directory, scikit-image, or an upload) and an ImageNet backbone,
each said plainly where it came from. Backbones are frozen and cached once per process (never mutated)."""
from __future__ import annotations

import hashlib

import streamlit as st
import torch

from core.data.images import (
    SKIMAGE_PHOTOS,
    ImageProblem,
    LoadedImage,
    find_photo,
    load_photo,
    photo_choices,
    read_image,
)
from core.imagenet import sources
from core.imagenet.backbone import Backbone, all_layer_names, available, load_backbone
from core.style.paintings import load_style, style_choices
from ui.controls import select
from ui.url_state import PageState, Param

UPLOAD = "your own upload"
AUTO = "auto"
BACKBONE_CHOICES = (AUTO, *sources.SOURCES)


def photo_param(name: str = "photo", prefer: tuple[str, ...] = ("tiger",)) -> Param:
    """A URL setting for the photo: the data directory's animal when present, else scikit-image's cat."""
    choices = tuple(photo_choices()) + (UPLOAD,)
    default = next((c for c in map(find_photo, prefer) if c), None) or f"scikit-image: {next(iter(SKIMAGE_PHOTOS))}"
    return Param(name, default, choices=choices)


def backbone_param(name: str = "net") -> Param:
    return Param(name, AUTO, choices=BACKBONE_CHOICES)


@st.cache_resource(show_spinner="Loading the ImageNet network…", max_entries=3)
def cached_backbone(name: str | None, device: str) -> Backbone:
    return load_backbone(name, device)


def pick_backbone(state: PageState, name: str, device: torch.device, container=st) -> Backbone | None:
    """The chosen backbone (or the best available), with a caption saying which and how it was got. A network
    whose weights are missing gets a download button with progress, or a plain message."""
    have = available()
    labels = {AUTO: "best available"} | {k: v.title + ("" if have[k] else " (needs a download)")
                                         for k, v in sources.SOURCES.items()}
    select(state, name, "ImageNet network", container=container, format_func=lambda k: labels[k])
    choice = state[name]
    if choice != AUTO and not have[choice]:
        size = sources.SOURCES[choice].size_mb
        container.warning(f"{sources.SOURCES[choice].title}'s weights are not on this machine ({size} MB). "
                          "Download them once, or pick another network.")
        if container.button(f"⬇ Download {sources.SOURCES[choice].title} ({size} MB)", key=f"{state.page_id}.dl"):
            bar = container.progress(0.0, text="Downloading…")

            def show(done: int, total: int) -> None:
                bar.progress(min(1.0, done / total) if total else 0.0,
                             text=f"Downloading… {done / 2**20:,.0f} of {total / 2**20:,.0f} MB")

            if sources.locate(choice, allow_download=True, progress=show) is None:
                container.error("The download did not work (no network?). The other networks still work.")
                return None
            st.rerun()
        return None
    try:
        backbone = cached_backbone(None if choice == AUTO else choice, str(device))
    except RuntimeError as exc:
        container.error(str(exc))
        return None
    container.caption(f"Network: **{backbone.title}** — {backbone.origin}.")
    return backbone


def pick_photo(state: PageState, name: str, label: str = "photo", container=st) -> LoadedImage | None:
    """The chosen photo, or the upload; a bad upload gets its message and None (the page goes on without it)."""
    select(state, name, label, container=container, format_func=picture_name)
    choice = state[name]
    if choice != UPLOAD:
        photo = load_photo(choice)
        container.caption(f"Photo: {photo.source}.")
        return photo
    upload = container.file_uploader("upload a photo (PNG, JPEG …)", key=f"{state.page_id}.upload",
                                     type=["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"])
    if upload is None:
        container.info("Choose a photo to upload, or pick one of the photos above.")
        return None
    return read_upload(upload.getvalue(), container)


def read_upload(data: bytes, container=st) -> LoadedImage | None:
    """An uploaded picture, named by its content's hash (so a cached result is found again), or None with a message."""
    try:
        photo = _read_cached(data)
    except ImageProblem as problem:
        container.error(str(problem))  # our own sentence: it never repeats the file's name or contents
        return None
    photo.source = f"upload {hashlib.sha256(data).hexdigest()[:16]}"
    for note in photo.notes:
        container.caption(note)
    return photo


def pick_style(state: PageState, name: str, container=st) -> LoadedImage | None:
    """A style picture: a painting from the data directory, a pattern the project draws, or an upload."""
    select(state, name, "style picture", container=container, format_func=picture_name)
    choice = state[name]
    if choice != UPLOAD:
        style = load_style(choice)
        container.caption(f"Style: {style.source}.")
        return style
    upload = container.file_uploader("upload a painting", key=f"{state.page_id}.style_upload",
                                     type=["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"])
    return read_upload(upload.getvalue(), container) if upload is not None else None


def picture_name(choice: str) -> str:
    """A menu's short name for a picture: 'vangogh starry night', 'frog', 'cat (Chelsea)'."""
    name = choice.split(": ", 1)[-1]
    return name.rsplit(".", 1)[0].replace("_", " ") if "." in name[-5:] else name


def style_param(name: str = "style") -> Param:
    choices = (*style_choices(), UPLOAD)
    default = next((c for c in choices if "starry_night" in c), None) or "generated: mosaic"
    return Param(name, default, choices=choices)


@st.cache_data(max_entries=4, show_spinner=False, hash_funcs={bytes: lambda b: hashlib.sha256(b).hexdigest()})
def _read_cached(data: bytes) -> LoadedImage:
    return read_image(data)


def pick_layer(state: PageState, name: str, backbone: Backbone, default: str, label: str = "layer",
               container=st) -> str:
    """A layer of `backbone` ("auto" = its `default`); a layer of another network, from a link, falls back to the
    default with a warning. Returns the layer's name."""
    options = ("auto", *backbone.layers)
    if state[name] not in options:
        container.warning(f"{backbone.title} has no layer {state[name]}; using its default ({default}).")
        state.set(name, "auto")
    container.selectbox(label, options, key=state.key(name),
                        format_func=lambda n: f"default ({default})" if n == "auto" else n)
    return default if state[name] == "auto" else state[name]


def layer_param(name: str = "layer") -> Param:
    """A URL setting for a layer: "auto" or any layer of any backbone (checked against the chosen one later)."""
    return Param(name, "auto", choices=("auto", *all_layer_names()))
