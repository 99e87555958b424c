"""Datasets for pages, loaded once per process and said plainly where they came from."""
from __future__ import annotations

import streamlit as st
import torch

from core.data.mnist import Digits, load_digits
from core.mnist.classifier import load_classifier
from core.paths import data_dir


@st.cache_resource(max_entries=2, show_spinner="Loading the digits…")
def _digits(device_name: str, data_dir_name: str) -> Digits:
    # cached per process and never mutated: pages copy slices if they need to change anything
    return load_digits(torch.device(device_name))


def digits(device: torch.device) -> Digits:
    """MNIST on the device, or the embedded 8x8 digits with a plain notice when MNIST cannot be had."""
    data = _digits(str(device), str(data_dir()))
    if data.source != "mnist":
        st.info(data.note + " Run `python -m core.prepare` with a network, or put MNIST's IDX files in the data "
                "directory, to use the real 70,000 digits.", icon="📦")
    return data


@st.cache_data(max_entries=4, show_spinner=False)
def _preview(n: int, data_dir_name: str):
    from core.data.mnist import load_preview

    return load_preview(n)


def digit_preview(n: int = 20):
    """(images, labels, source, note) of the first `n` digits: a few KB read from MNIST, not the whole set."""
    return _preview(n, str(data_dir()))


@st.cache_resource(max_entries=2, show_spinner="Loading the MNIST classifier (trained once, about half a minute, "
                   "if missing)…")
def mnist_classifier(device: str) -> torch.nn.Module:
    """The shared MNIST classifier (core.mnist.classifier), one copy per process for every page that judges digits.
    Frozen: never trained or changed here."""
    return load_classifier(device)
