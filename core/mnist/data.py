"""MNIST for the trainers: loaded once per process (and data directory), shared read-only by every session.

The page never downloads: it uses MNIST when the data directory (or the cache, after `core.prepare`) holds it,
else scikit-learn's bundled digits, and says which (`Digits.note`)."""
from __future__ import annotations

import threading

import torch

from core.data.mnist import Digits, find_mnist_files, load_embedded_digits, load_mnist
from core.paths import cache_dir, data_dir

SOURCES = ("mnist", "sklearn-digits")
_cache: dict[tuple, Digits] = {}
_lock = threading.Lock()


def available_source() -> str:
    """"mnist" when the IDX files are there, else "sklearn-digits" (the embedded fallback)."""
    return "mnist" if find_mnist_files() is not None else "sklearn-digits"


def get_digits(source: str, device: torch.device | str = "cpu") -> Digits:
    """The digits of `source` on `device`; the same tensors for every caller (never modify them)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}")
    device = torch.device(device)
    key = (source, str(data_dir()), str(cache_dir()), str(device))
    with _lock:
        if key not in _cache:
            found = load_mnist(device) if source == "mnist" else load_embedded_digits(device)
            if found is None:
                raise FileNotFoundError("MNIST is not in the data directory")
            _cache[key] = found
        return _cache[key]
