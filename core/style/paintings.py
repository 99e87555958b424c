"""Style pictures: the data directory's nine paintings, or patterns the project draws itself (so a fresh offline
machine still has a style with colour, shapes and dark outlines to transfer)."""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from core.data.images import LoadedImage, read_image
from core.paths import data_dir

GENERATED = ("mosaic", "swirls")


def painting_files() -> dict[str, Path]:
    folder = data_dir() / "styles"
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.suffix.lower() in (".jpg", ".jpeg", ".png")}


def style_choices() -> list[str]:
    return [f"painting: {name}" for name in painting_files()] + [f"generated: {name}" for name in GENERATED]


def mosaic(size: int = 384, cells: int = 70, seed: int = 0) -> np.ndarray:
    """A stained-glass pattern: Voronoi cells in bold colours with dark lead lines between them."""
    rng = np.random.default_rng(seed)
    seeds = rng.uniform(0, size, (cells, 2))
    palette = np.array([[0.84, 0.37, 0.0], [0.0, 0.45, 0.7], [0.94, 0.89, 0.26], [0.0, 0.62, 0.45],
                        [0.8, 0.47, 0.65], [0.34, 0.71, 0.91], [0.9, 0.62, 0.0], [0.55, 0.1, 0.1]])
    yy, xx = np.mgrid[0:size, 0:size]
    d2 = (yy[..., None] - seeds[:, 0]) ** 2 + (xx[..., None] - seeds[:, 1]) ** 2
    labels = d2.argmin(-1)
    image = palette[rng.integers(0, len(palette), cells)][labels]
    edge = np.zeros((size, size), bool)
    edge[1:, :] |= labels[1:, :] != labels[:-1, :]
    edge[:, 1:] |= labels[:, 1:] != labels[:, :-1]
    edge = edge | np.roll(edge, 1, 0) | np.roll(edge, 1, 1)
    image[edge] = 0.08
    return image.astype(np.float32)


def swirls(size: int = 384, seed: int = 0) -> np.ndarray:
    """Coloured bands bent around a few centres, like thick brush strokes."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size] / size
    field = np.zeros((size, size))
    for cx, cy, k in rng.uniform([0, 0, 6], [1, 1, 14], (4, 3)):
        r = np.hypot(xx - cx, yy - cy)
        field += np.sin(k * r * 2 * np.pi + 3 * np.arctan2(yy - cy, xx - cx))
    t = (field - field.min()) / (np.ptp(field) + 1e-9)
    colours = np.stack([0.1 + 0.8 * t, 0.2 + 0.6 * np.sin(np.pi * t) ** 2, 0.9 - 0.8 * t], axis=-1)
    return np.clip(colours, 0, 1).astype(np.float32)


@functools.lru_cache(maxsize=8)  # decoding a painting takes ~50 ms: not on every rerun of the page
def _decoded(path: str, mtime_ns: int, size: int) -> LoadedImage:
    loaded = read_image(Path(path).read_bytes(), source=f"data directory: {Path(path).name}")
    loaded.notes.clear()
    return loaded


@functools.lru_cache(maxsize=len(GENERATED))  # drawing the mosaic takes ~50 ms: not on every rerun of the page
def _drawn(name: str) -> LoadedImage:
    return LoadedImage(mosaic() if name == "mosaic" else swirls(), f"a {name[:-1] if name == 'swirls' else name} "
                       "pattern drawn by this project")


def load_style(choice: str) -> LoadedImage:
    """The style picture; its pixels are a fresh copy of the decoded file's or the drawn pattern's (kept for reruns;
    a painting keyed by the file's path, time and size), so no caller can change what another session gets."""
    if choice.startswith("painting: ") and (path := painting_files().get(choice[len("painting: "):])):
        stat = path.stat()
        loaded = _decoded(str(path), stat.st_mtime_ns, stat.st_size)
    elif (name := choice[len("generated: "):] if choice.startswith("generated: ") else "") in GENERATED:
        loaded = _drawn(name)
    else:
        raise ValueError(f"unknown style picture {choice!r}")
    return LoadedImage(loaded.pixels.copy(), loaded.source)
