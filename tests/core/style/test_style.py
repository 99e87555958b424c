"""Style transfer: the Gram matrix against a direct sum, relative losses, and a few steps lowering the losses."""
import numpy as np
import pytest
import torch

from core.imagenet.backbone import load_backbone
from core.style.losses import content_loss, gram_matrix, relative_error, style_loss, total_variation
from core.style.paintings import GENERATED, load_style, mosaic, style_choices, swirls
from core.style.transfer import StyleConfig, StyleTransfer


@pytest.fixture(scope="module")
def lite():
    return load_backbone("efficientnet_lite0")


def test_gram_matrix_against_a_direct_sum():
    f = torch.randn(2, 3, 4, 5, generator=torch.Generator().manual_seed(0))
    direct = torch.zeros(2, 3, 3)
    for n in range(2):
        for i in range(3):
            for j in range(3):
                direct[n, i, j] = sum(f[n, i, y, x] * f[n, j, y, x] for y in range(4) for x in range(5)) / 20
    assert torch.allclose(gram_matrix(f), direct, atol=1e-6)


def test_losses_are_relative_and_zero_at_the_target():
    t = torch.rand(1, 4, 6, 6) + 0.1
    assert relative_error(t, t) == 0 and torch.isclose(relative_error(2 * t, t), torch.tensor(1.0))
    feats = {"a": t}
    assert content_loss(feats, {"a": t}) == 0 and style_loss(feats, {"a": gram_matrix(t)}) == 0
    flat = torch.full((1, 3, 8, 8), 0.5)
    assert total_variation(flat) == 0 and total_variation(torch.rand(1, 3, 8, 8)) > 0


def test_a_few_steps_lower_the_losses(lite):
    rng = np.random.default_rng(0)
    content = rng.uniform(0, 1, (64, 64, 3)).astype(np.float32)
    for optimiser in ("adam", "lbfgs"):
        cfg = StyleConfig(size=64, iterations=8, optimiser=optimiser)
        transfer = StyleTransfer(cfg, lite, content, mosaic(64))
        transfer.step(8)
        h = transfer.history
        assert len(h["step"]) == 8 and h["total"][-1] < h["total"][0], (optimiser, h["total"])
        assert h["style"][-1] < h["style"][0]
        picture = transfer.picture()
        assert picture.shape == (64, 64, 3) and picture.min() >= 0 and picture.max() <= 1


def test_style_alone_from_noise_and_checkpoint_round_trip(lite):
    cfg = StyleConfig(size=64, iterations=6, content_weight=0.0, start="noise")
    transfer = StyleTransfer(cfg, lite, mosaic(80), swirls(64))
    assert not transfer.content_targets
    transfer.step(10)  # clipped to the 6 configured
    assert transfer.steps_done == 6 and transfer.history["content"][-1] == 0
    again = StyleTransfer(cfg, lite, mosaic(80), swirls(64))
    again.load_payload(transfer.payload())
    assert np.array_equal(again.picture(), transfer.picture()) and again.steps_done == 6
    grams = transfer.grams("block1")
    assert set(grams) == {"content", "style", "result"} and grams["style"].shape[0] == grams["style"].shape[1]


def test_styles_without_a_data_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    assert style_choices() == [f"generated: {g}" for g in GENERATED]
    for g in GENERATED:
        pixels = load_style(f"generated: {g}").pixels
        assert pixels.shape[2] == 3 and 0 <= pixels.min() and pixels.max() <= 1 and pixels.std() > 0.1
    with pytest.raises(ValueError):
        load_style("painting: nope.jpg")


def test_bad_settings_are_refused():
    for bad in (dict(optimiser="sgd"), dict(style_layers=()), dict(style_weight=-1), dict(size=10)):
        with pytest.raises(ValueError):
            StyleConfig(**bad)


def test_grams_follow_the_result_and_the_kept_ones_are_the_photos_and_paintings(lite):
    """grams() keeps the photo's and the painting's Gram matrices (they never change) but not the result's."""
    cfg = StyleConfig(size=64, iterations=4)
    transfer = StyleTransfer(cfg, lite, mosaic(64), swirls(64))
    layer = cfg.style_layers[1]
    before = transfer.grams(layer)
    transfer.step(4)
    after = transfer.grams(layer)
    assert not np.allclose(after["result"], before["result"])
    with torch.no_grad():
        for name, image in (("content", transfer.content), ("style", transfer.style), ("result", transfer.image)):
            fresh = gram_matrix(lite.features(image, [layer])[layer])[0].numpy()
            np.testing.assert_allclose(after[name], fresh, rtol=1e-5, atol=1e-7)
    after["style"][:] = 0  # a caller's change to what it got does not reach the next caller
    after["content"][:] = 0
    again = transfer.grams(layer)
    assert np.abs(again["style"]).max() > 0 and np.abs(again["content"]).max() > 0


def test_a_painting_is_decoded_once_but_each_caller_gets_its_own_pixels(monkeypatch, tmp_path):
    from PIL import Image

    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    (tmp_path / "styles").mkdir()
    path = tmp_path / "styles" / "stripes.png"
    Image.fromarray(np.full((8, 12, 3), 200, np.uint8)).save(path)
    first = load_style("painting: stripes.png")
    first.pixels[:] = 0
    second = load_style("painting: stripes.png")
    assert second.pixels.shape == (8, 12, 3) and np.allclose(second.pixels, 200 / 255)
    Image.fromarray(np.full((10, 10, 3), 50, np.uint8)).save(path)  # the file changed: read again
    third = load_style("painting: stripes.png")
    assert third.pixels.shape == (10, 10, 3) and np.allclose(third.pixels, 50 / 255)


def test_targets_are_computed_once_per_pictures_and_layers_and_match_the_plain_computation(lite, monkeypatch):
    from core.style import targets as kept
    from core.style.transfer import _tensor, compute_targets

    monkeypatch.setattr(kept, "_kept", type(kept._kept)())
    passes = []
    real = lite.features
    monkeypatch.setattr(lite, "features", lambda x, layers: passes.append(list(layers)) or real(x, layers))
    rng = np.random.default_rng(1)
    photo = rng.uniform(0, 1, (48, 64, 3)).astype(np.float32)

    def build(style, **settings):
        return StyleTransfer(StyleConfig(**{"size": 64, "iterations": 2, **settings}), lite, photo, style,
                             targets=kept.style_targets)

    first = build(mosaic(64))
    assert len(passes) == 2  # the photo's content layers, the painting's style layers
    again = build(mosaic(64), content_weight=2.0, style_weight=30.0, optimiser="lbfgs", start="noise", seed=3)
    assert len(passes) == 2 and again.gram_targets is first.gram_targets  # a new setting: nothing recomputed
    other = build(swirls(64))
    assert len(passes) == 4  # a new painting: computed for it
    cfg = StyleConfig(size=64)
    for transfer, style in ((first, mosaic(64)), (other, swirls(64))):
        shape = transfer.style.shape[-2:]
        expected = compute_targets(lite, transfer.content, _tensor(style, shape, lite.device), cfg.content_layers,
                                   cfg.style_layers)
        for k, v in expected[1].items():
            assert torch.allclose(transfer.gram_targets[k], v, atol=1e-6), k
    assert not torch.allclose(first.gram_targets["stem"], other.gram_targets["stem"])
    for size in range(64, 64 + 32 * (kept.KEEP + 1), 32):  # bounded: the oldest goes first
        build(mosaic(64), size=size)
    assert len(kept._kept) == kept.KEEP


@pytest.mark.parametrize("choice", ["generated: mosaic", "generated: swirls", "photo: scikit-image: astronaut"])
def test_pictures_kept_for_reruns_are_copied_to_each_caller(choice):
    from core.data.images import load_photo

    def load():
        return load_photo(choice[len("photo: "):]) if choice.startswith("photo: ") else load_style(choice)

    first = load()
    first.pixels[:] = 0  # one session drawing on its picture
    assert load().pixels.max() > 0.5
