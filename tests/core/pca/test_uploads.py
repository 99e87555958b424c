"""The Eigendogs page's upload handling: each bad upload refused or converted with its own message, the good
ones kept, nothing raised."""
import numpy as np
import pytest

from core.pca.uploads import MAX_FILES, SINGLE, WORKING_SIDE, read_uploads
from tests.core.pca.bad_uploads import converted, good, refused

MESSAGES = {"not an image": "not an image", "truncated": "truncated", "zero bytes": "empty", "huge": "megapixels"}
NOTES = {"animated": "animated", "16-bit": "16-bit", "CMYK": "CMYK", "palette": "palette", "RGBA": "Transparent"}


@pytest.mark.parametrize("kind", list(MESSAGES))
def test_each_unusable_upload_is_refused_with_its_reason_and_the_rest_kept(kind):
    name, data = refused()[kind]
    out = read_uploads([good(1), (name, data), good(2)])
    assert out.names == ["dog_1.png", "dog_2.png"] and len(out.images) == 2
    assert len(out.problems) == 1 and out.problems[0][0] == name
    assert MESSAGES[kind] in out.problems[0][1]


@pytest.mark.parametrize("kind", list(NOTES))
def test_each_odd_upload_is_converted_with_a_note(kind):
    name, data = converted()[kind]
    out = read_uploads([(name, data), good(3)])
    assert out.names == [name, "dog_3.png"] and not out.problems
    assert any(n == name and NOTES[kind] in note for n, note in out.notes)
    image = out.images[0]
    assert image.ndim == 3 and image.shape[2] == 3 and 0.0 <= image.min() and image.max() <= 1.0


def test_a_single_image_is_used_with_a_warning():
    out = read_uploads([good(0)])
    assert len(out.images) == 1 and out.warnings == [SINGLE]
    assert read_uploads([good(0), good(1)]).warnings == []


def test_everything_bad_at_once_leaves_nothing_and_says_why_for_each():
    out = read_uploads(list(refused().values()))
    assert out.images == [] and len(out.problems) == 4 and not out.warnings


def test_big_photos_are_shrunk_and_too_many_files_capped():
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.zeros((600, 900, 3), dtype=np.uint8)).save(buf, format="PNG")
    out = read_uploads([("big.png", buf.getvalue())] + [good(i) for i in range(MAX_FILES + 2)])
    assert max(out.images[0].shape[:2]) == WORKING_SIDE and len(out.images) == MAX_FILES
    assert "only the first" in out.warnings[0]
