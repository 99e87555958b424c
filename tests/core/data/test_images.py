"""Uploaded photos: every odd file becomes RGB floats with a note, or a clear ImageProblem; never a traceback."""
import io

import numpy as np
import pytest
from PIL import Image

from core.data import images
from core.data.images import ImageProblem, load_photo, photo_choices, read_image, resize_max_side
from tests.conftest import needs_real_data, real_data_dir


def encode(image: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kw)
    return buffer.getvalue()


def rgb(w=40, h=30):
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8))


@pytest.mark.parametrize("make, note", [
    (lambda: rgb(), None),
    (lambda: rgb().convert("L"), "grayscale"),
    (lambda: rgb().convert("RGBA"), "white background"),
    (lambda: rgb().convert("P", palette=Image.Palette.ADAPTIVE), "palette"),
    (lambda: Image.fromarray(np.arange(1200, dtype=np.uint16).reshape(30, 40) * 50), "16-bit"),
])
def test_usable_modes_become_rgb_floats(make, note):
    loaded = read_image(encode(make()))
    assert loaded.pixels.shape == (30, 40, 3) and loaded.pixels.dtype == np.float32
    assert 0 <= loaded.pixels.min() and loaded.pixels.max() <= 1
    assert (note is None and not loaded.notes) or any(note in n for n in loaded.notes), loaded.notes


def test_cmyk_jpeg_and_animated_gif():
    assert "CMYK" in read_image(encode(rgb().convert("CMYK"), "JPEG")).notes[0]
    frames = [rgb(), rgb().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    gif = io.BytesIO()
    frames[0].save(gif, format="GIF", save_all=True, append_images=frames[1:])
    loaded = read_image(gif.getvalue())
    assert loaded.pixels.shape == (30, 40, 3) and any("animated" in n for n in loaded.notes)


def test_rgba_transparent_pixels_turn_white():
    clear = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert np.allclose(read_image(encode(clear)).pixels, 1.0)


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "not an image"),
    (b"%PDF-1.4 not really", "not an image"),
    (encode(rgb(400, 300))[:300], "truncated"),
    (encode(Image.new("L", (1, 1))), "at least"),
])
def test_bad_files_say_what_is_wrong(data, words):
    with pytest.raises(ImageProblem, match=words):
        read_image(data)


def test_too_many_pixels_is_refused_before_decoding():
    bomb = encode(Image.new("1", (6000, 5000)))  # 30 megapixels in a few kB
    with pytest.raises(ImageProblem, match="megapixels"):
        read_image(bomb)
    with pytest.raises(ImageProblem, match="MB"):
        read_image(b"x" * 100, max_bytes=10)


def test_embedded_photos_work_without_a_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    choices = photo_choices()
    assert choices and all(c.startswith("scikit-image: ") for c in choices)
    cat = load_photo("scikit-image: cat (Chelsea)")
    assert cat.pixels.shape == (300, 451, 3) and "chelsea" in cat.source
    assert images.find_photo("tiger") is None
    with pytest.raises(ImageProblem):
        load_photo("data: tiger.png")


def test_resize_keeps_aspect_and_never_enlarges():
    pixels = np.zeros((300, 600, 3), np.float32)
    assert resize_max_side(pixels, 100).shape == (50, 100, 3)
    assert resize_max_side(pixels, 1000).shape == (300, 600, 3)


@needs_real_data
def test_data_directory_animals_when_present(monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    choice = images.find_photo("tiger")
    assert choice == "data: tiger.png" and choice in photo_choices()
    tiger = load_photo(choice)
    assert tiger.pixels.ndim == 3 and tiger.source == "data directory: tiger.png"
