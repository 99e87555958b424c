"""The face files in assets/ and the compact URL form of toggled pixels."""
import numpy as np
import pytest

from core.filter_hierarchy.faces import (
    FACES_DIR,
    HEX_LENGTH,
    SIZE,
    decode_flips,
    encode_flips,
    load_faces,
    parse_rows,
    toggle,
)
from core.paths import PROJECT_ROOT


def test_every_face_loads_as_a_binary_12_by_12_picture():
    faces = load_faces()
    assert list(faces)[:4] == ["front", "mouth_raised", "profile", "blank"]
    for face in faces.values():
        assert face.pixels.shape == (SIZE, SIZE) and set(np.unique(face.pixels)) <= {0, 1}
        assert face.title and face.description


def test_every_asset_is_small_and_listed_with_source_and_licence():
    readme = (PROJECT_ROOT / "assets" / "README.md").read_text(encoding="utf-8")
    files = [p for p in (PROJECT_ROOT / "assets").rglob("*") if p.is_file() and p.name != "README.md"]
    assert any(p.parent == FACES_DIR for p in files)
    for path in files:
        assert path.stat().st_size < 200 * 1024, path
        assert str(path.relative_to(PROJECT_ROOT / "assets")) in readme, f"{path} is not listed in assets/README.md"
    assert "licence" in readme.lower() and "source" in readme.lower()


def test_flips_round_trip_through_36_hex_digits():
    rng = np.random.default_rng(1)
    for _ in range(20):
        mask = rng.integers(0, 2, (SIZE, SIZE)).astype(np.uint8)
        text = encode_flips(mask)
        assert len(text) == HEX_LENGTH and (decode_flips(text) == mask).all()
    assert encode_flips(np.zeros((SIZE, SIZE))) == "" and not decode_flips("").any()
    one = toggle(np.zeros((SIZE, SIZE), np.uint8), 0, 0)
    assert encode_flips(one) == "8" + "0" * (HEX_LENGTH - 1)  # row-major, most significant bit first
    assert toggle(one, 0, 0).sum() == 0


@pytest.mark.parametrize("text", ["abc", "z" * HEX_LENGTH, "0" * (HEX_LENGTH + 1), "<script>alert(1)</script>",
                                  "0x" + "0" * (HEX_LENGTH - 2)])
def test_bad_flips_are_refused(text):
    with pytest.raises(ValueError):
        decode_flips(text)


def test_toggle_outside_the_picture_and_bad_rows_are_refused():
    with pytest.raises(ValueError):
        toggle(np.zeros((SIZE, SIZE)), SIZE, 0)
    with pytest.raises(ValueError):
        parse_rows(["#" * SIZE] * (SIZE - 1))
    with pytest.raises(ValueError):
        parse_rows(["#" * (SIZE - 1) + "x"] + ["." * SIZE] * (SIZE - 1))
