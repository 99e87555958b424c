"""Photos for every image page: the data directory's animals, scikit-image's bundled photos, or an upload.

`read_image` turns uploaded bytes into an RGB float array in [0, 1], or raises ImageProblem with a sentence a
visitor can act on (never a traceback): empty, not an image, truncated, too many pixels (decompression bombs
included: the size is checked before any pixel is decoded). Odd but usable files are converted and the
conversion is reported in `notes`: grayscale, 16-bit, palette, CMYK, RGBA (composited on white), animated
(first frame)."""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.paths import data_dir

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 25_000_000  # 25 megapixels: a phone photo fits, a 20,000 x 20,000 bomb does not
MIN_SIDE = 8
SKIMAGE_PHOTOS = {"cat (Chelsea)": "chelsea", "astronaut": "astronaut", "coffee": "coffee", "rocket": "rocket"}


class ImageProblem(ValueError):
    """An upload that cannot be used; str() is the message for the page."""


@dataclass
class LoadedImage:
    pixels: np.ndarray  # (H, W, 3) float32 in [0, 1]
    source: str  # what the page says it uses: "upload", "data directory: tiger.png", "scikit-image: chelsea"
    notes: list[str] = field(default_factory=list)  # conversions made, to show as plain text


def read_image(data: bytes, source: str = "upload", max_pixels: int = MAX_PIXELS,
               max_bytes: int = MAX_UPLOAD_BYTES) -> LoadedImage:
    """Decode `data` (an uploaded file's bytes) safely into RGB floats; ImageProblem says what is wrong."""
    if not data:
        raise ImageProblem("The file is empty (0 bytes). Choose a PNG or JPEG photo.")
    if len(data) > max_bytes:
        raise ImageProblem(f"The file is {len(data) / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB.")
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageProblem("This file is not an image this app can read. Choose a PNG, JPEG, GIF, BMP or TIFF "
                           "photo (SVG and PDF are not supported).") from None
    except Image.DecompressionBombError:
        raise ImageProblem(f"The image has too many pixels; the limit is {max_pixels / 1e6:.0f} megapixels.") from None
    width, height = image.size
    if width * height > max_pixels:
        raise ImageProblem(f"The image is {width:,} × {height:,} pixels ({width * height / 1e6:.0f} megapixels); "
                           f"the limit is {max_pixels / 1e6:.0f} megapixels. Scale it down first.")
    if min(width, height) < MIN_SIDE:
        raise ImageProblem(f"The image is only {width} × {height} pixels; it needs at least {MIN_SIDE} on each side.")
    notes = []
    if getattr(image, "is_animated", False) and getattr(image, "n_frames", 1) > 1:
        notes.append(f"The file is animated ({image.n_frames} frames); the first frame is used.")
    try:
        image.seek(0)
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ImageProblem("The image file is truncated or damaged and could not be decoded.") from None
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block is no reason to refuse the photo
        pass
    return LoadedImage(_to_rgb_floats(image, notes), source, notes)


def _to_rgb_floats(image: Image.Image, notes: list[str]) -> np.ndarray:
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        values = np.asarray(image, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or values.max() > 255 else 255.0
        notes.append("A 16-bit image: scaled to 0..1 from its full range.")
        gray = np.clip(values / top, 0.0, 1.0).astype(np.float32)
        return np.repeat(gray[..., None], 3, axis=2)
    if mode == "F":
        values = np.asarray(image, dtype=np.float32)
        lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
        notes.append("A floating-point image: stretched to 0..1.")
        gray = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
        return np.repeat(np.nan_to_num(gray)[..., None], 3, axis=2).astype(np.float32)
    if mode == "P":
        image = image.convert("RGBA")
        mode = "RGBA" if image.getextrema()[3][0] < 255 else "RGB"
        image = image.convert(mode)
        notes.append("A palette image: converted to RGB.")
    if mode == "CMYK":
        notes.append("A CMYK image: converted to RGB.")
    if mode in ("RGBA", "LA", "PA") or (mode == "RGBa"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
        notes.append("Transparent parts were put on a white background.")
    if mode in ("L", "1", "LA"):
        notes.append("A grayscale image: used as RGB with three equal channels.")
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0


def data_dir_photos() -> dict[str, Path]:
    """The photos in <data dir>/images (the animals: tiger, frog, duck, husky), by file name."""
    folder = data_dir() / "images"
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.suffix.lower() in (".png", ".jpg", ".jpeg")}


def photo_choices() -> list[str]:
    """Every photo a page can offer without an upload: the data directory's first, then scikit-image's."""
    return [f"data: {name}" for name in data_dir_photos()] + [f"scikit-image: {name}" for name in SKIMAGE_PHOTOS]


def load_photo(choice: str) -> LoadedImage:
    """A photo by its `photo_choices()` name. scikit-image's ship with the package, so they always exist."""
    if choice.startswith("data: "):
        path = data_dir_photos().get(choice[len("data: "):])
        if path is None:
            raise ImageProblem(f"{choice[6:]} is not in the data directory's images folder.")
        loaded = read_image(path.read_bytes(), source=f"data directory: {path.name}")
        loaded.notes.clear()  # our own files: conversions are expected, not news
        return loaded
    if choice.startswith("scikit-image: ") and choice[len("scikit-image: "):] in SKIMAGE_PHOTOS:
        name = SKIMAGE_PHOTOS[choice[len("scikit-image: "):]]
        return LoadedImage(_skimage_pixels(name).copy(), f"scikit-image: {name}")  # a copy: callers may draw on it
    raise ImageProblem(f"Unknown photo {choice!r}.")


@functools.lru_cache(maxsize=len(SKIMAGE_PHOTOS))  # decoding a PNG takes ~10-40 ms: not on every rerun of a page
def _skimage_pixels(name: str) -> np.ndarray:
    import skimage.data

    pixels = np.asarray(getattr(skimage.data, name)(), dtype=np.float32) / 255.0
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[..., None], 3, axis=2)
    return np.ascontiguousarray(pixels[..., :3])


def find_photo(stem: str) -> str | None:
    """The choice for a data-directory photo whose name starts with `stem` ("tiger", "frog"), if present."""
    return next((f"data: {name}" for name in data_dir_photos() if name.startswith(stem)), None)


def png_bytes(pixels: np.ndarray) -> bytes:
    """An (H, W, 3) image in [0, 1] as PNG bytes, for a download button."""
    buffer = io.BytesIO()
    Image.fromarray((np.clip(pixels, 0, 1) * 255).round().astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def resize_max_side(pixels: np.ndarray, max_side: int) -> np.ndarray:
    """Shrink (never enlarge) so the longer side is at most `max_side`, keeping the aspect ratio."""
    h, w = pixels.shape[:2]
    scale = max_side / max(h, w)
    if scale >= 1:
        return pixels
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    image = Image.fromarray((np.clip(pixels, 0, 1) * 255).round().astype(np.uint8))
    return np.asarray(image.resize(size, Image.Resampling.LANCZOS), dtype=np.float32) / 255.0
