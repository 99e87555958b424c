"""Every odd upload the page may get: usable ones are converted with a note, the rest are a clear ImageProblem."""
import io

import numpy as np
import pytest
from PIL import Image

from core.convolution.apply import PHOTO_SIDE, photo_from_upload
from core.data.images import ImageProblem


def encode(image: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return buf.getvalue()


def gradient(w: int = 40, h: int = 30) -> np.ndarray:
    return np.linspace(0, 255, w * h * 3).reshape(h, w, 3).astype(np.uint8)


@pytest.mark.parametrize("name,make,note", [
    ("grayscale", lambda: Image.fromarray(gradient()[..., 0], "L"), "grayscale"),
    ("RGBA", lambda: Image.fromarray(np.dstack([gradient(), np.full((30, 40), 128, np.uint8)]), "RGBA"),
     "Transparent"),
    ("16-bit", lambda: Image.fromarray((np.arange(1200).reshape(30, 40) * 50).astype(np.uint16)), "16-bit"),
    ("palette", lambda: Image.fromarray(gradient()).convert("P"), "palette"),
])
def test_odd_but_usable_uploads_are_converted_with_a_note(name, make, note):
    pixels, notes = photo_from_upload(encode(make()))
    assert pixels.shape == (30, 40, 3) and pixels.dtype == np.float32, name
    assert 0 <= pixels.min() and pixels.max() <= 1
    assert any(note in n for n in notes), (name, notes)


def test_a_big_photo_is_scaled_down_for_the_page():
    pixels, notes = photo_from_upload(encode(Image.fromarray(np.zeros((600, 900, 3), np.uint8)), "JPEG"))
    assert pixels.shape == (PHOTO_SIDE * 600 // 900, PHOTO_SIDE, 3) and notes == []


@pytest.mark.parametrize("name,data,words", [
    ("empty", b"", "empty"),
    ("not an image", b"name,value\n1,2\n", "not an image"),
    ("corrupt", encode(Image.fromarray(gradient(200, 200)))[:400], "truncated or damaged"),
    ("tiny", encode(Image.fromarray(gradient(4, 4))), "at least"),
    ("huge", encode(Image.new("1", (6000, 5000))), "megapixels"),
    ("thin", encode(Image.fromarray(gradient(2000, 8))), "too thin"),
])
def test_unusable_uploads_are_a_clear_message(name, data, words):
    with pytest.raises(ImageProblem) as err:
        photo_from_upload(data)
    assert words in str(err.value), (name, str(err.value))
