"""The binary face pictures in assets/faces/, and the pixels a visitor toggled, written compactly for the URL.

A face file is JSON: name, title, description and `rows`, strings of '#' (on) and '.' (off), 12 x 12.
Toggled pixels travel as a hex string of the 144-bit XOR mask (36 characters; empty when nothing is toggled)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from core.paths import PROJECT_ROOT

FACES_DIR = PROJECT_ROOT / "assets" / "faces"
SIZE = 12
HEX_LENGTH = SIZE * SIZE // 4
FACE_ORDER = ("front", "mouth_raised", "profile", "blank")


@dataclass(frozen=True)
class Face:
    name: str
    title: str
    description: str
    pixels: np.ndarray  # (SIZE, SIZE) uint8, 1 = on


def parse_rows(rows: list[str]) -> np.ndarray:
    """'#'/'.' strings -> a (SIZE, SIZE) 0/1 array; ValueError on any other shape or character."""
    if len(rows) != SIZE or any(len(r) != SIZE for r in rows):
        raise ValueError(f"a face is {SIZE} rows of {SIZE} characters")
    if any(ch not in "#." for r in rows for ch in r):
        raise ValueError("a face uses only '#' (on) and '.' (off)")
    return np.array([[ch == "#" for ch in r] for r in rows], dtype=np.uint8)


@cache
def load_faces() -> dict[str, Face]:
    """Every face in assets/faces/, in FACE_ORDER first, then any others by name."""
    faces = {}
    for path in sorted(FACES_DIR.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        faces[spec["name"]] = Face(spec["name"], spec["title"], spec["description"], parse_rows(spec["rows"]))
    order = [n for n in FACE_ORDER if n in faces] + sorted(n for n in faces if n not in FACE_ORDER)
    return {n: faces[n] for n in order}


def face_pixels(name: str) -> np.ndarray:
    return load_faces()[name].pixels.copy()


def encode_flips(mask: np.ndarray) -> str:
    """A (SIZE, SIZE) 0/1 mask as 36 hex digits, row-major, most significant bit first; '' when all zero."""
    bits = np.asarray(mask, dtype=np.uint8).ravel()
    if not bits.any():
        return ""
    return "".join(f"{int(''.join(map(str, bits[i:i + 4])), 2):x}" for i in range(0, bits.size, 4))


def decode_flips(text: str) -> np.ndarray:
    """The inverse of encode_flips; ValueError (with what was expected) for anything but '' or 36 hex digits."""
    text = (text or "").strip().lower()
    if not text:
        return np.zeros((SIZE, SIZE), dtype=np.uint8)
    if len(text) != HEX_LENGTH or any(ch not in "0123456789abcdef" for ch in text):
        raise ValueError(f"expected {HEX_LENGTH} hexadecimal digits")
    bits = [int(b) for ch in text for b in f"{int(ch, 16):04b}"]
    return np.array(bits, dtype=np.uint8).reshape(SIZE, SIZE)


def toggle(mask: np.ndarray, row: int, col: int) -> np.ndarray:
    """A copy of the mask with one pixel flipped."""
    if not (0 <= row < SIZE and 0 <= col < SIZE):
        raise ValueError(f"pixel ({row}, {col}) is outside the {SIZE} x {SIZE} picture")
    out = np.array(mask, dtype=np.uint8, copy=True)
    out[row, col] ^= 1
    return out
