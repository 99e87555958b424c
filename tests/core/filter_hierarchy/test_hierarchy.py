"""The hierarchy of filters against the seed's cases and against a plain NumPy reference."""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from core.filter_hierarchy.faces import SIZE, face_pixels, load_faces
from core.filter_hierarchy.network import exact_match, run_hierarchy
from core.filter_hierarchy.patterns import FEATURE_NAMES, FEATURES, GOALS, PART_NAMES, PARTS, parse_goal, part_pixels

# The slides' picture of the pooled 6x6x4 stack: each cell lists the filters on there (as printed in the seed).
SEED_TABLE = ["T\tTL\t\t\tTR\tTL", "TQ\tTQ\t\t\tTQ\tTQ", "R\tQR\tL\t\t\t", "\tT\tT\t\t\t", "\tRL\tRL\t\t\t",
              "\tT\tT\t\t\t"]


def torch_free_reference(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The same hierarchy by hand in NumPy: exact 2x2 matches (top-left anchor), 2x2 max pool, all-four-present
    parts (bottom-right anchor), 2x2 max pool."""
    padded = np.pad(image, ((0, 1), (0, 1)))
    windows = sliding_window_view(padded, (2, 2))  # (12, 12, 2, 2)
    feats = np.stack([(windows == FEATURES[n]).all(axis=(-2, -1)) for n in FEATURE_NAMES]).astype(int)
    pool = lambda m: m.reshape(m.shape[0], m.shape[1] // 2, 2, m.shape[2] // 2, 2).max(axis=(2, 4))  # noqa: E731
    pf = pool(feats)
    padded2 = np.pad(pf, ((0, 0), (1, 0), (1, 0)))
    parts = np.zeros((len(PART_NAMES),) + pf.shape[1:], dtype=int)
    for p, name in enumerate(PART_NAMES):
        for r in range(pf.shape[1]):
            for c in range(pf.shape[2]):
                parts[p, r, c] = all(padded2[FEATURE_NAMES.index(f), r + i, c + j]
                                     for i, row in enumerate(PARTS[name]) for j, f in enumerate(row))
    return feats, pf, parts, pool(parts)


def test_the_seed_face_pools_to_the_seed_table_cell_for_cell():
    result = run_hierarchy(face_pixels("front"), GOALS)
    expected = [[set(cell) for cell in row.split("\t")] for row in SEED_TABLE]
    assert [[set(cell) for cell in row] for row in result.feature_labels()] == expected


def test_front_face_matches_and_profile_does_not():
    result = run_hierarchy(face_pixels("front"), GOALS)
    assert result.goals == {"front": True, "profile": False}
    pooled = result.pooled_parts
    eye, nose, mouth = (PART_NAMES.index(n) for n in ("eye", "nose", "mouth"))
    assert pooled[eye, 0, 0] == 1 and pooled[eye, 0, 2] == 1 and pooled[nose, 1, 1] == 1 and pooled[mouth, 2, 1] == 1
    assert result.goal_cells["profile"][1, 2] == 0  # no nose where a profile wants one
    assert result.goal_cells["front"][0, 1] == -1  # don't care


def test_mouth_raised_one_pixel_still_matches_though_the_pixel_mask_does_not():
    raised = face_pixels("mouth_raised")
    front = face_pixels("front")
    mouth_rows = lambda img: sorted(set(np.nonzero(img[7:])[0] + 7))  # noqa: E731
    assert mouth_rows(raised) == [r - 1 for r in mouth_rows(front)]  # exactly one pixel higher, nothing else moved
    assert (raised[:7] == front[:7]).all()
    assert run_hierarchy(raised, GOALS).goals == {"front": True, "profile": False}
    import torch

    as_tensor = lambda img: torch.tensor(img, dtype=torch.float32)  # noqa: E731
    assert exact_match(as_tensor(front), front).item() == 1
    assert exact_match(as_tensor(raised), front).item() == 0


def test_profile_picture_matches_only_the_profile_goal_and_a_blank_nothing():
    assert run_hierarchy(face_pixels("profile"), GOALS).goals == {"front": False, "profile": True}
    assert run_hierarchy(face_pixels("blank"), GOALS).goals == {"front": False, "profile": False}


def test_conv_layers_equal_the_numpy_reference_on_random_pictures():
    rng = np.random.default_rng(0)
    pictures = [rng.integers(0, 2, (SIZE, SIZE)) for _ in range(30)]
    pictures += [rng.random((SIZE, SIZE)) < 0.2 for _ in range(30)]  # sparse ones fire L and R more often
    pictures += [f.pixels for f in load_faces().values()]
    fired = np.zeros(len(PART_NAMES))
    for img in pictures:
        img = np.asarray(img, dtype=np.uint8)
        result = run_hierarchy(img, GOALS)
        feats, pf, parts, pp = torch_free_reference(img)
        assert (result.features == feats).all() and (result.pooled_features == pf).all()
        assert (result.parts == parts).all() and (result.pooled_parts == pp).all()
        fired += pp.reshape(len(PART_NAMES), -1).max(axis=1)
    assert fired.min() > 0  # every part detector was exercised by some picture


def test_a_goal_is_checked_cell_by_cell():
    img = face_pixels("front")
    assert run_hierarchy(img, {"g": "xxxxxxxxx"}).goals["g"] is True  # all don't care: anything matches
    assert run_hierarchy(img, {"g": "Mxxxxxxxx"}).goals["g"] is False  # no mouth in the top-left corner
    assert run_hierarchy(img, {"g": "ExExxxxxx"}).goals["g"] is True  # just the eyes
    assert run_hierarchy(img, {"g": parse_goal("E x E / x N x / x M x")}).goals["g"] is True


@pytest.mark.parametrize("text", ["", "EEE", "ExExNxxMxE", "ExExNxxMQ", "<script>", "E" * 500])
def test_bad_goals_are_refused(text):
    with pytest.raises(ValueError):
        parse_goal(text)


def test_part_pictures_are_built_from_the_feature_filters():
    assert part_pixels("eye").tolist() == [[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1]]
    assert part_pixels("nose").tolist() == [[0, 0, 0, 0], [0, 1, 1, 0], [1, 1, 1, 1], [0, 0, 0, 0]]
    assert part_pixels("mouth").tolist() == [[0, 0, 0, 0], [1, 0, 0, 1], [1, 1, 1, 1], [0, 0, 0, 0]]


def test_pictures_must_be_binary_and_divisible_by_four():
    with pytest.raises(ValueError):
        run_hierarchy(np.full((12, 12), 2), GOALS)
    with pytest.raises(ValueError):
        run_hierarchy(np.zeros((10, 12)), GOALS)
