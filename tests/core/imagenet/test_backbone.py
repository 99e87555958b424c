"""ImageNet backbones: one interface over VGG, MobileNetV2 and EfficientNet-Lite0, and the order they are tried in."""
import pytest
import torch

from core.data.images import find_photo, load_photo
from core.imagenet import sources
from core.imagenet.backbone import load_backbone
from tests.conftest import needs_real_data, real_data_dir

CORRECT = {"tiger": {"tiger"}, "duck": {"drake"}, "frog": {"tailed frog", "bullfrog", "tree frog"},
           "dog": {"Eskimo dog", "Siberian husky", "malamute"}}


@pytest.fixture(scope="module")
def vgg_untrained():
    return load_backbone("vgg16", random_weights=True)


@pytest.fixture(scope="module")
def lite():
    return load_backbone("efficientnet_lite0")  # ships inside a pip package: always there


def test_vgg16_plumbing_with_random_weights(vgg_untrained):
    b = vgg_untrained
    assert not b.pretrained and "random" in b.origin
    names = list(b.layers)
    assert len(names) == 13 + 13 + 5 and names[:3] == ["conv1_1", "relu1_1", "conv1_2"] and names[-1] == "pool5"
    x = torch.rand(2, 3, 64, 64)
    feats = b.features(x, ["pool5", "conv1_1"])
    assert list(feats) == ["pool5", "conv1_1"]
    assert feats["conv1_1"].shape == (2, 64, 64, 64) and feats["pool5"].shape == (2, 512, 2, 2)
    assert b.channels("relu4_3") == 512
    p = b.probabilities(torch.rand(1, 3, 224, 224))
    assert p.shape == (1, 1000) and torch.allclose(p.sum(), torch.tensor(1.0)) and len(b.labels) == 1000


def test_features_stop_after_the_last_layer_asked_for(vgg_untrained):
    calls = []
    handle = vgg_untrained.layers["conv5_3"].register_forward_pre_hook(lambda *a: calls.append(1))
    try:
        vgg_untrained.features(torch.rand(1, 3, 32, 32), ["relu1_1"])
        assert not calls  # the deep layers never ran
        vgg_untrained.features(torch.rand(1, 3, 32, 32), ["conv5_3"])
        assert calls
    finally:
        handle.remove()


def test_hooked_activations_are_not_overwritten_in_place(vgg_untrained):
    conv = vgg_untrained.features(torch.rand(1, 3, 32, 32), ["conv1_1", "relu1_1"])
    assert (conv["conv1_1"] < 0).any()  # a ReLU working in place would have zeroed these


def test_unknown_layer_and_backbone_are_refused(lite):
    with pytest.raises(KeyError, match="no layer"):
        lite.features(torch.rand(1, 3, 32, 32), ["conv9_9"])
    with pytest.raises(ValueError, match="unknown backbone"):
        load_backbone("resnet1000")


def test_offline_with_no_data_falls_back_to_the_embedded_model(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    b = load_backbone()
    assert b.name == "efficientnet_lite0" and "pip package" in b.origin
    with pytest.raises(RuntimeError, match="vgg16"):
        load_backbone("vgg16")  # no weights, no download asked for: a reason, not a traceback


def test_a_corrupt_weights_file_is_skipped(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    (tmp_path / "weights").mkdir()
    (tmp_path / "weights" / sources.MOBILENET_FILE).write_bytes(b"not a checkpoint")
    assert load_backbone().name == "efficientnet_lite0"


def test_embedded_model_recognises_scikit_images_cat(lite, monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    cat = lite.to_tensor(load_photo("scikit-image: cat (Chelsea)").pixels)
    top5 = [label for label, _ in lite.top_k(cat, 5)[0]]
    assert {"tabby", "tiger cat", "Egyptian cat"} & set(top5), top5


@needs_real_data
@pytest.mark.parametrize("name", ["efficientnet_lite0", "mobilenet_v2"])
def test_backbones_name_the_animals(name, monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    b = load_backbone(name)
    for stem, right in CORRECT.items():
        x = b.to_tensor(load_photo(find_photo(stem)).pixels)
        assert b.top_k(x, 1)[0][0][0] in right, (name, stem, b.top_k(x, 3))


def test_download_is_atomic_and_reports_progress(tmp_path):
    src = tmp_path / "src.bin"
    src.write_bytes(b"x" * (3 << 20))
    seen = []
    dest = sources.download(src.as_uri(), tmp_path / "out" / "w.pth", lambda done, total: seen.append(done))
    assert dest.read_bytes() == src.read_bytes() and seen[-1] == 3 << 20 and len(seen) >= 3
    with pytest.raises(OSError):
        sources.download((tmp_path / "missing").as_uri(), tmp_path / "out" / "m.pth")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["w.pth"]  # no partial file left


def test_two_threads_reading_one_backbone_each_get_their_own_activations(vgg_untrained):
    """Sessions share one cached backbone, each in its own thread. Both passes are held at conv1_1 until both have
    started, so each sees the other's pass under way (hooks added per call once fired for both passes)."""
    import threading

    b = vgg_untrained
    asks = {"a": (torch.rand(1, 3, 32, 32), ["relu2_1", "conv3_1"]), "b": (torch.rand(1, 3, 48, 48), ["relu2_2"])}
    alone = {k: b.features(x, layers) for k, (x, layers) in asks.items()}
    both_started = threading.Barrier(2, timeout=10)

    def wait_for_the_other(*_):
        both_started.wait()  # returns nothing: a pre-hook's return value would replace the layer's input

    hold = b.layers["conv1_1"].register_forward_pre_hook(wait_for_the_other)
    got, failed = {}, []

    def read(key):
        try:
            got[key] = b.features(*asks[key])
        except Exception as exc:  # noqa: BLE001 - reported below
            failed.append(f"{key}: {type(exc).__name__}: {exc}")

    try:
        threads = [threading.Thread(target=read, args=(k,)) for k in asks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
    finally:
        hold.remove()
    assert not failed, failed
    for key, feats in alone.items():
        assert list(got[key]) == list(feats)
        for layer, value in feats.items():
            assert torch.equal(got[key][layer], value), (key, layer)
