"""Scatter plots drawn as pictures on the server, for small multiples nobody hovers over point by point.

A browser draws an SVG scatter one element per point: about 0.15 ms a point on a 2-core laptop, so three
600-point thumbnails cost ~300 ms of drawing after every change of the data. One PNG of the same picture is one
element whatever the number of points."""
from __future__ import annotations

import base64
import io
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from PIL import Image

SHAPES = ("circle", "diamond", "square")  # the marker shapes of figures.kmeans.cluster_symbol


def picture_size(x_range: tuple[float, float], y_range: tuple[float, float], long_side: int) -> tuple[int, int]:
    """(width, height) in pixels with the data's aspect ratio, so that a round marker stays round on equal axes."""
    w, h = x_range[1] - x_range[0], y_range[1] - y_range[0]
    if w >= h:
        return long_side, max(1, round(long_side * h / w))
    return max(1, round(long_side * w / h)), long_side


class IndexedPicture(NamedTuple):
    """A picture as colour numbers (H, W; row 0 at the top) and the colours they number (m, 3 RGB 0..255): a
    picture of few colours, written as a PNG with a palette (a third of the bytes of RGB, quicker to encode)."""
    index: np.ndarray
    palette: np.ndarray

    def rgb(self) -> np.ndarray:
        return np.clip(np.rint(self.palette), 0, 255).astype(np.uint8)[self.index]


def label_picture(grid: np.ndarray, width: int, height: int) -> np.ndarray:
    """A label grid (labels[y, x], row 0 at the lowest y, cell centres from one edge of the range to the other,
    as core.kmeans.clustering.label_grid returns it) as a (height, width) picture of labels, row 0 at the top:
    each pixel takes the label of the grid cell nearest its centre."""
    grid = np.asarray(grid)
    rows, cols = grid.shape
    ix = np.rint((np.arange(width) + 0.5) / width * (cols - 1)).astype(int)
    iy = np.rint((np.arange(height) + 0.5) / height * (rows - 1)).astype(int)  # pixel rows from the bottom up
    # each cell's pixels are a run (ix and iy never decrease), so repeating every cell for its pixels is the lookup
    bottom_up = np.repeat(np.repeat(grid, np.bincount(iy, minlength=rows), axis=0),
                          np.bincount(ix, minlength=cols), axis=1)
    return np.ascontiguousarray(bottom_up[::-1])


@lru_cache(maxsize=32)  # a few marker sizes a page
def _stamp(shape: str, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets (dy, dx) covered by a marker of `shape` centred on a pixel."""
    r = int(np.ceil(1.3 * radius))  # the diamond reaches furthest
    dy, dx = np.mgrid[-r:r + 1, -r:r + 1]
    if shape == "circle":
        inside = dx ** 2 + dy ** 2 <= radius ** 2
    elif shape == "diamond":
        inside = np.abs(dx) + np.abs(dy) <= 1.3 * radius
    else:
        inside = np.maximum(np.abs(dx), np.abs(dy)) <= 0.9 * radius
    return dy[inside], dx[inside]


def point_cover(points: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float], width: int,
                height: int, radius: float, shapes: np.ndarray | None = None) -> np.ndarray:
    """Which point's marker covers each pixel of a (height, width) picture spanning x_range by y_range, row 0 at the
    top: the point's index, or -1 for none. `shapes` indexes SHAPES per point (all circles if None). Where markers
    overlap, one of them covers the others (numpy promises no order for repeated writes; a scatter of clusters
    has no meaningful order either)."""
    col = np.floor((points[:, 0] - x_range[0]) / (x_range[1] - x_range[0]) * width).astype(int)
    row = np.floor((y_range[1] - points[:, 1]) / (y_range[1] - y_range[0]) * height).astype(int)
    shapes = np.zeros(len(points), dtype=int) if shapes is None else np.asarray(shapes)
    top = np.full((height, width), -1, dtype=np.int32)
    for s, shape in enumerate(SHAPES):
        mine = np.flatnonzero(shapes == s)
        if not len(mine):
            continue
        dy, dx = _stamp(shape, float(radius))
        rr = (row[mine, None] + dy[None, :]).ravel()
        cc = (col[mine, None] + dx[None, :]).ravel()
        keep = (rr >= 0) & (rr < height) & (cc >= 0) & (cc < width)
        top[rr[keep], cc[keep]] = np.repeat(mine, len(dy))[keep]
    return top


def png_data_uri(picture: np.ndarray | IndexedPicture) -> str:
    """An (H, W, 3) uint8 picture, or an IndexedPicture of at most 256 colours, as a PNG data URI (for a Plotly
    layout image)."""
    buffer = io.BytesIO()
    if isinstance(picture, IndexedPicture):
        image = Image.fromarray(np.asarray(picture.index, dtype=np.uint8), mode="P")
        image.putpalette(np.clip(np.rint(picture.palette), 0, 255).astype(np.uint8).ravel().tolist())
    else:
        image = Image.fromarray(np.asarray(picture, dtype=np.uint8))
    image.save(buffer, format="PNG", compress_level=3)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def decode_data_uri(uri: str) -> np.ndarray:
    """The (H, W, 3) uint8 picture inside a PNG data URI (the inverse of png_data_uri; tests read figures with it)."""
    data = base64.b64decode(uri.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
