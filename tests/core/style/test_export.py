"""The exported style-transfer script: built from the page's settings, it runs on its own for one iteration and
paints what the app's StyleTransfer paints (on the portable MobileNetV2, tested in tests/core/dream/test_export.py)."""
import ast
import dataclasses

import numpy as np
from PIL import Image

from core.imagenet.portable import MobileNetFeatures, load_mobilenet_v2, read_picture
from core.style.export import export_script
from core.style.gallery import style_config
from core.style.transfer import DEFAULT_LAYERS, StyleTransfer
from tests.core.exported import run_script, script_constant, write_picture

CHANGED = dict(content_weight=0.5, style_weight=30.0, tv_weight=0.1, size=320, iterations=20, learning_rate=0.05,
               start="noise", seed=2)


def test_the_pages_default_transfer_is_exported_on_mobilenet_and_says_so():
    page = style_config("efficientnet_lite0", "scikit-image: cat (Chelsea)", "generated: mosaic")
    script = export_script(page)
    content_layers, style_layers = DEFAULT_LAYERS["mobilenet_v2"]
    assert script_constant(script, "CONFIG") == {**dataclasses.asdict(page), "backbone": "mobilenet_v2",
                                                 "content_layers": content_layers, "style_layers": style_layers}
    doc = ast.get_docstring(ast.parse(script))
    assert "The page used efficientnet_lite0 (layers content block5; style stem, block1, block3, block5, block8)" \
        in " ".join(doc.split())
    assert "150 iterations of Adam at learning rate 0.02, starting from the content photo" in " ".join(doc.split())


def test_a_changed_mobilenet_transfer_keeps_every_setting():
    page = style_config("mobilenet_v2", "data: frog.jpg", "painting: starry_night.jpg", optimiser="lbfgs", **CHANGED)
    script = export_script(page)
    assert script_constant(script, "CONFIG") == dataclasses.asdict(page)
    doc = " ".join(ast.get_docstring(ast.parse(script)).split())
    assert "as on the page" in doc and "20 iterations of L-BFGS, starting from noise (seed 2)" in doc


def test_the_script_runs_one_step_and_paints_what_the_app_paints(tmp_path):
    write_picture(tmp_path / "photo.png", 48, 80, seed=0)
    write_picture(tmp_path / "painting.png", 60, 50, seed=1)
    page = style_config("mobilenet_v2", "upload", "upload", **CHANGED)
    out = run_script(export_script(page), tmp_path, "photo.png", "painting.png", "result.png", "--steps", "1",
                     "--size", "64", "--random-weights")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("iteration 1/1:")
    written = np.asarray(Image.open(tmp_path / "result.png"))
    assert written.shape == (38, 64, 3)

    app = StyleTransfer(dataclasses.replace(page, size=64), MobileNetFeatures(load_mobilenet_v2(random_weights=True)),
                        read_picture(tmp_path / "photo.png"), read_picture(tmp_path / "painting.png"))
    before = (app.picture() * 255).round()
    app.step(1)
    expected = (app.picture() * 255).round()
    assert np.abs(written - expected).max() <= 1  # the same picture, to PNG rounding
    assert np.abs(written - before).mean() > 5  # and the step (Adam at 0.05) changed it
