"""The exported deep-dream script: built from the page's settings, it runs on its own for one step and dreams what
the app's Dreamer dreams; the portable MobileNetV2 it runs on computes what torchvision's and the app's do."""
import ast
import copy
import dataclasses
import runpy
import sys

import numpy as np
import pytest
import torch
from PIL import Image
from torchvision.models import MobileNet_V2_Weights

from core.dream.defaults import FALLBACK_PHOTO, dream_config
from core.dream.dreamer import DEFAULT_LAYERS, Dreamer
from core.dream.export import export_script
from core.imagenet.backbone import Backbone, load_backbone, named_layers
from core.imagenet.portable import MobileNetFeatures, load_mobilenet_v2, read_picture
from core.seeding import generator
from tests.conftest import needs_real_data, real_data_dir
from tests.core.exported import run_script, script_constant, write_picture

CHANGED = dict(layers=("block3", "block7"), weights=(0.7, 0.2), step_size=0.03, iterations=5, octaves=2,
               octave_scale=1.5, jitter=4, seed=3)


def test_the_pages_default_dream_is_exported_on_mobilenet_and_says_so():
    page = dream_config("efficientnet_lite0", FALLBACK_PHOTO)  # what a fresh offline machine shows
    script = export_script(page)
    config = script_constant(script, "CONFIG")
    assert config == {**dataclasses.asdict(page), "backbone": "mobilenet_v2", "layers": DEFAULT_LAYERS["mobilenet_v2"]}
    doc = ast.get_docstring(ast.parse(script))
    assert "The page used efficientnet_lite0 (layers block8, block11)" in doc and "block10, block13" in doc
    merged = dream_config("vgg16", FALLBACK_PHOTO, layers=("relu5_1",), weights=(1.5,))  # the page's two equal layers
    assert script_constant(export_script(merged), "CONFIG")["layers"] == ("block10",)


def test_a_changed_mobilenet_dream_keeps_every_setting():
    page = dream_config("mobilenet_v2", "data: frog.jpg", **CHANGED)
    script = export_script(page)
    assert script_constant(script, "CONFIG") == dataclasses.asdict(page)
    assert "as on the page" in ast.get_docstring(ast.parse(script))


def test_the_script_runs_one_step_and_dreams_what_the_app_dreams(tmp_path):
    write_picture(tmp_path / "photo.png", 48, 80, seed=0)
    page = dream_config("mobilenet_v2", "upload", **CHANGED)
    out = run_script(export_script(page), tmp_path, "photo.png", "dream.png", "--steps", "1", "--size", "64",
                     "--random-weights")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"step 1/{page.total_steps}:")
    written = np.asarray(Image.open(tmp_path / "dream.png"))
    assert written.shape == (38, 64, 3)

    app = Dreamer(dataclasses.replace(page, size=64), MobileNetFeatures(load_mobilenet_v2(random_weights=True)),
                  read_picture(tmp_path / "photo.png"))
    before = (app.picture() * 255).round()
    app.step(1)
    expected = (app.picture() * 255).round()
    assert np.abs(written - expected).max() <= 1  # the same dream, to PNG rounding
    assert np.abs(written - before).mean() > 1  # and the step changed it


def test_portable_blocks_equal_torchvisions_features_and_the_apps():
    model = load_mobilenet_v2(random_weights=True, seed=1)
    reference = copy.deepcopy(model).eval()
    portable = MobileNetFeatures(model)
    transform = MobileNet_V2_Weights.IMAGENET1K_V1.transforms()  # torchvision's own normalisation for these weights
    pixels = torch.rand(2, 3, 40, 56, generator=generator(0))
    normalised = (pixels - torch.tensor(transform.mean).view(1, 3, 1, 1)) / torch.tensor(transform.std).view(1, 3, 1, 1)
    wanted = ["block3", "block0", "block10", "block18", "block3"]
    got = portable.features(pixels, wanted)
    assert list(got) == ["block3", "block0", "block10", "block18"]
    app_model = copy.deepcopy(reference)  # the app's hooked Backbone on the same weights
    app = Backbone("mobilenet_v2", "MobileNetV2", "test", app_model, torch.device("cpu"), [],
                   named_layers("mobilenet_v2", app_model))
    from_app = app.features(pixels, wanted)
    for name, act in got.items():
        expected = reference.features[:int(name[5:]) + 1](normalised)
        assert act.shape == expected.shape
        assert ((act - expected).norm() / expected.norm()) < 1e-5, name
        assert ((act - from_app[name]).norm() / expected.norm()) < 1e-5, name
    with pytest.raises(KeyError, match="relu5_1"):
        portable.features(pixels, ["relu5_1"])


def test_weights_from_a_state_dict_file(tmp_path):
    model = load_mobilenet_v2(random_weights=True, seed=2)
    torch.save(model.state_dict(), tmp_path / "weights.pth")
    loaded = load_mobilenet_v2(str(tmp_path / "weights.pth"))
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), loaded.state_dict().values(),
                                                 strict=True))


@needs_real_data
def test_the_data_directorys_weights_give_the_apps_activations(monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    path = real_data_dir() / "weights" / "mobilenet_v2_coral_imagenetnorm.pth"
    app = load_backbone("mobilenet_v2")
    assert app.origin.startswith("local weights file")
    portable = MobileNetFeatures(load_mobilenet_v2(str(path)))
    pixels = torch.rand(1, 3, 96, 96, generator=generator(1))
    got, expected = portable.features(pixels, ["block13"])["block13"], app.features(pixels, ["block13"])["block13"]
    assert ((got - expected).norm() / expected.norm()) < 1e-5



def test_a_size_out_of_range_is_a_usage_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    path = tmp_path / "deep_dream.py"
    path.write_text(export_script(dream_config("mobilenet_v2", FALLBACK_PHOTO)))
    monkeypatch.setattr(sys, "argv", [str(path), "photo.png", "dream.png", "--size", "20", "--random-weights"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(path), run_name="__main__")
    assert exit_.value.code == 2 and "size must be 64 to 1024 pixels" in capsys.readouterr().err
