"""A corpus of bad and odd uploads, generated here (never committed): images, texts and CSVs of every kind that
has broken an image or text app, each with what the page must do with it: refuse it with a message, or accept
it (converted). tests/pages/test_bad_inputs.py feeds every item to every uploader of every page."""
from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

REFUSE, ACCEPT = "refuse", "accept"


@dataclass(frozen=True)
class Item:
    name: str  # the file name the browser sends
    data: bytes
    expect: str  # REFUSE: a message on the page; ACCEPT: taken (converted where needed), or refused with a message


def _image(mode: str, size=(48, 40), fmt="PNG", **save) -> bytes:
    rng = np.random.default_rng(0)
    if mode == "I;16":
        img = Image.fromarray(rng.integers(0, 65535, size[::-1], dtype=np.uint16))
    else:
        img = Image.fromarray(rng.integers(0, 255, (*size[::-1], 3), dtype=np.uint8)).convert(mode)
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height and holds a few bytes of pixels: a decompression bomb to any reader
    that believes the header before it checks the size."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (32, 32), c) for c in ("red", "green", "blue")]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buf.getvalue()


def images() -> list[Item]:
    good = _image("RGB")
    return [
        Item("empty.png", b"", REFUSE),
        Item("truncated.png", good[: len(good) // 3], REFUSE),
        Item("bomb.png", _png_header_only(60_000, 60_000), REFUSE),
        Item("huge.png", _png_header_only(20_000, 20_000), REFUSE),
        Item("one_pixel.png", _image("RGB", (1, 1)), REFUSE),
        Item("cmyk.jpg", _image("CMYK", fmt="JPEG"), ACCEPT),
        Item("sixteen_bit.png", _image("I;16"), ACCEPT),
        Item("palette.png", _image("P"), ACCEPT),
        Item("grey.png", _image("L"), ACCEPT),
        Item("rgba.png", _image("RGBA"), ACCEPT),
        Item("animated.gif", _animated_gif(), ACCEPT),
        Item("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>', REFUSE),
        Item("document.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", REFUSE),
        Item("text.png", b"just some words\n" * 10, REFUSE),
    ]


def texts() -> list[Item]:
    return [
        Item("empty.txt", b"", REFUSE),
        Item("binary.txt", bytes(range(256)) * 64, REFUSE),
        Item("short.txt", b"ten chars!", REFUSE),
        Item("latin1.txt", ("Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade. " * 400).encode("latin-1"), ACCEPT),
        Item("utf16.txt", ("It was the best of times. " * 400).encode("utf-16"), ACCEPT),
        Item("repeated.txt", b"a" * 20_000, REFUSE),
        Item("photo.txt", _image("RGB"), REFUSE),
    ]


def csvs() -> list[Item]:
    rows = "\n".join(f"{i % 97 / 7:.3f},{i % 89 / 5:.3f}" for i in range(1_000_000))
    return [
        Item("empty.csv", b"", REFUSE),
        Item("words.csv", b"name,colour\nrose,red\nsky,blue\n", REFUSE),
        Item("nan.csv", b"x,y\n1,2\nnan,3\n4,\n5,6\n", ACCEPT),
        Item("one_column.csv", b"x\n1\n2\n3\n", REFUSE),
        Item("million.csv", ("x,y\n" + rows).encode(), ACCEPT),
        Item("binary.csv", bytes(range(256)) * 16, REFUSE),
        Item("photo.csv", _image("RGB"), REFUSE),
    ]


def corpus_for(allowed_types: list[str]) -> list[Item]:
    """What to feed an uploader, by the file types it says it takes (all three kinds when it says nothing)."""
    kinds = {t.lower().lstrip(".") for t in allowed_types}
    out = []
    if not kinds or kinds & {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"}:
        out += images()
    if not kinds or kinds & {"txt", "md"}:
        out += texts()
    if not kinds or "csv" in kinds:
        out += csvs()
    if not kinds:  # an uploader that takes any file: a real photo under another name is a photo to it
        out = [i for i in out if not i.name.startswith("photo.")]
    return out
