"""Every kind of upload the Eigendogs page must survive, as (file name, bytes), made with Pillow on the fly."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image


def _save(image: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


def photo(seed: int = 0, size=(40, 30)) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))


def good(seed: int = 0) -> tuple[str, bytes]:
    return f"dog_{seed}.png", _save(photo(seed), "PNG")


def refused() -> dict[str, tuple[str, bytes]]:
    """Uploads read_image must refuse, by kind."""
    whole = _save(photo(7, (64, 64)), "PNG")
    return {
        "not an image": ("notes.txt", b"these are not the pixels you are looking for\n" * 20),
        "truncated": ("cut.png", whole[: len(whole) // 2]),
        "zero bytes": ("empty.png", b""),
        "huge": ("huge.png", _save(Image.new("1", (8000, 5000)), "PNG")),  # 40 megapixels, a small file
    }


def converted() -> dict[str, tuple[str, bytes]]:
    """Odd but usable uploads: converted, with a note."""
    frames = [photo(i).convert("P") for i in range(3)]
    gif = io.BytesIO()
    frames[0].save(gif, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    deep = Image.fromarray((np.linspace(0, 65535, 40 * 30).reshape(30, 40)).astype(np.uint16))
    rgba = photo(4).convert("RGBA")
    rgba.putalpha(128)
    return {
        "animated": ("wag.gif", gif.getvalue()),
        "16-bit": ("deep.png", _save(deep, "PNG")),
        "CMYK": ("print.jpg", _save(photo(5).convert("CMYK"), "JPEG")),
        "palette": ("few_colours.png", _save(photo(6).convert("P"), "PNG")),
        "RGBA": ("see_through.png", _save(rgba, "PNG")),
    }
