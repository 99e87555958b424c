"""The visitor's own photos of one subject: each file through core.data.images.read_image (which refuses empty,
non-image, truncated and oversized files with a message, and converts 16-bit, palette, CMYK, RGBA and animated
ones with a note). What is usable goes on; each problem and note is reported per file, nothing raises."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.data.images import ImageProblem, read_image, resize_max_side

MAX_FILES = 24
WORKING_SIDE = 256  # uploads are shrunk at once: PCA works on small images anyway
SINGLE = ("Only one usable photo: augmentation makes thousands of variations of it, but they are all one photo. "
          "Add a few more of the same subject for eigen-images worth the name.")


@dataclass
class Uploads:
    images: list[np.ndarray] = field(default_factory=list)  # usable photos, RGB floats, longer side <= WORKING_SIDE
    names: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file name, why it was refused)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file name, what was converted)
    warnings: list[str] = field(default_factory=list)


def read_uploads(files: list[tuple[str, bytes]]) -> Uploads:
    out = Uploads()
    if len(files) > MAX_FILES:
        out.warnings.append(f"{len(files)} files were chosen; only the first {MAX_FILES} are used.")
    for name, data in files[:MAX_FILES]:
        try:
            loaded = read_image(data, source="upload")
        except ImageProblem as problem:
            out.problems.append((name, str(problem)))
            continue
        out.images.append(resize_max_side(loaded.pixels, WORKING_SIDE))
        out.names.append(name)
        out.notes.extend((name, note) for note in loaded.notes)
    if len(out.images) == 1:
        out.warnings.append(SINGLE)
    return out
