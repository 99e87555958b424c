"""The Autoencoders page headless: each tab opens; the figures show what the session's trainers compute (the
decoded point of a link on either plane, by its own decoder; the blend's ends; the test codes on the plane, also
after training, so the cached codes follow the weights; the photo rows; the noisy/cleaned rows and their PSNR)."""
import numpy as np
import torch

from tests.pages.apptest import figures, open_page, values
from ui import session_keys as keys

PAGE = "pages/13_autoencoders.py"
AE, VAE = "autoencoders.ae_2.v1", "autoencoders.vae_2.v1"
DIGITS = [str(d) for d in range(10)]


def z_of(fig: dict) -> np.ndarray:
    return np.array(values(fig["data"][0]["z"]), dtype=float)


def no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_memorisation_tab_shows_input_output_and_difference_rows(page):
    no_exception(page)
    figs = figures(page)
    one = page.session_state[keys.trainer("autoencoders.memorise_one.v1")]
    fig = figs["ae_fig.memorise"]
    assert fig["layout"]["yaxis"]["ticktext"][2] == "black" and fig["layout"]["xaxis"]["ticktext"] == [
        "input", "output", "difference"]
    z = z_of(fig)
    assert z.shape == (3 * 102 - 2, 3 * 102 - 2)
    photo = one.images[0].reshape(100, 100).cpu().numpy()  # the trained photo, first row: as given, as decoded, the gap
    out = one.reconstruct(photo[None])[0]
    assert np.allclose(z[:100, :100], photo, atol=1e-6) and np.allclose(z[:100, 102:202], out, atol=1e-6)
    assert np.allclose(z[:100, 204:], np.abs(photo - out), atol=1e-6)
    assert np.allclose(z[204:, :100], 0) and np.allclose(z[204:, 102:202], one.reconstruct(z[None, 204:, :100])[0],
                                                         atol=1e-6)  # black in, the photo's biases out
    assert z_of(figs["ae_fig.many"]).shape == (2 * 102 - 2, 3 * 102 - 2)


def test_the_plane_decodes_the_linked_point_and_shows_every_test_code():
    at = open_page(PAGE, {"tab": "The latent plane", "at": "0.5,-1.25"})
    no_exception(at)
    trainer = at.session_state[keys.trainer(AE)]
    figs = figures(at)
    decoded = z_of(figs["ae_fig.plane.decoded"])
    assert np.allclose(decoded, trainer.decode([(0.5, -1.25)])[0, 0].cpu().numpy(), atol=1e-6)
    plane = figs["ae_fig.plane"]
    digits = [t for t in plane["data"] if t["name"] in DIGITS]
    assert all(t["type"] == "scattergl" for t in plane["data"])
    codes = trainer.encode(trainer.data.test_x[:10_000]).cpu().numpy()
    labels = trainer.data.test_y[:10_000].cpu().numpy()
    assert sum(len(values(t["x"])) for t in digits) == len(codes) >= 359
    three = next(t for t in digits if t["name"] == "3")
    assert np.allclose(values(three["x"]), codes[labels == 3, 0], atol=1e-5)
    star = next(t for t in plane["data"] if t["name"] == "decoded point")
    assert values(star["x"]) == [0.5] and values(star["y"]) == [-1.25]


def test_blend_follows_the_sliders_and_a_bad_link_value_is_ignored():
    at = open_page(PAGE, {"tab": "The latent plane", "at": "<b>oops</b>"})
    no_exception(at)
    at.slider(key="autoencoders.a").set_value(7).run()
    at.slider(key="autoencoders.blend").set_value(4).run()
    no_exception(at)
    trainer = at.session_state[keys.trainer(AE)]
    z = z_of(figures(at)["ae_fig.blend"])
    assert z.shape == (28, 6 * 30 - 2)  # the two digits as drawn and 4 blended steps, 2 px apart
    assert np.allclose(z[:, :28], trainer.data.test_x[7, 0].cpu().numpy(), atol=1e-6)
    ends = trainer.decode(trainer.encode(trainer.data.test_x[[7]]).cpu().numpy())[0, 0].cpu().numpy()
    assert np.allclose(z[:, 30:58], ends, atol=1e-5)  # the first step decodes digit 7's own code
    assert "oops" not in " ".join(m.value for m in at.markdown)


def test_denoising_psnr_follows_the_noise_slider():
    at = open_page(PAGE, {"tab": "Denoising"})
    no_exception(at)
    before = float(at.metric[0].value.split()[0])
    at.slider(key="autoencoders.noise").set_value(0.1).run()
    no_exception(at)
    after = float(at.metric[0].value.split()[0])
    assert after > before + 8  # 0.5 -> 0.1: five times less noise, about 14 dB
    fig = figures(at)["ae_fig.denoise"]
    assert "noise 0.10" in fig["layout"]["title"]["text"] and z_of(fig).shape == (3 * 30 - 2, 10 * 30 - 2)


def test_vae_tab_has_both_planes_and_forty_samples_each():
    at = open_page(PAGE, {"tab": "VAE"})
    no_exception(at)
    figs = figures(at)
    assert {"ae_fig.vae_ae.plane", "ae_fig.vae.plane", "ae_fig.repeats", "ae_fig.samples2",
            "ae_fig.samples50"} <= set(figs)
    for key in ("ae_fig.samples2", "ae_fig.samples50"):
        assert z_of(figs[key]).shape == (4 * 30 - 2, 10 * 30 - 2)
    repeats = z_of(figs["ae_fig.repeats"])
    first, second = repeats[:28, :28], repeats[:28, 30:58]
    assert not np.allclose(first, second)  # the same input, two different decodes


def the_threes(fig: dict) -> np.ndarray:
    return np.array(values(next(t for t in fig["data"] if t["name"] == "3")["x"]))


def test_one_step_of_training_moves_the_plane_and_its_cached_codes():
    at = open_page(PAGE, {"tab": "The latent plane"})
    before, threes = z_of(figures(at)["ae_fig.plane.decoded"]), the_threes(figures(at)["ae_fig.plane"])
    at.button(key=f"{AE}.step").click().run()
    no_exception(at)
    trainer = at.session_state[keys.trainer(AE)]
    assert trainer.steps_done == 100
    assert not np.allclose(before, z_of(figures(at)["ae_fig.plane.decoded"]))
    now = the_threes(figures(at)["ae_fig.plane"])  # the codes of the trained weights, not the cached old ones
    labels = trainer.data.test_y[:10_000].cpu().numpy()
    codes = trainer.encode(trainer.data.test_x[:10_000]).cpu().numpy()[labels == 3, 0]
    assert not np.allclose(now, threes) and np.allclose(now, codes, atol=1e-5)


def test_the_vae_plane_decodes_the_linked_point_with_the_vaes_decoder():
    at = open_page(PAGE, {"tab": "VAE", "vae_at": "0.3,-0.7"})
    at.button(key=f"{VAE}.step").click().run()  # trained a little: untrained, its decoder is the autoencoder's
    no_exception(at)
    vae, ae = at.session_state[keys.trainer(VAE)], at.session_state[keys.trainer(AE)]
    assert vae.steps_done == 100 and vae.config.kind == "vae"
    fig = figures(at)["ae_fig.vae.plane.decoded"]
    assert "decoded at (0.30, -0.70)" in fig["layout"]["title"]["text"]
    at_point = torch.tensor([[0.3, -0.7]], device=vae.device)
    expected = vae.model.decoder(at_point)[0, 0].detach().cpu().numpy()  # the decoder itself: its mean
    assert not np.allclose(expected, ae.decode([(0.3, -0.7)])[0, 0].cpu().numpy(), atol=1e-3)
    assert np.allclose(z_of(fig), expected, atol=1e-6)
    star = next(t for t in figures(at)["ae_fig.vae.plane"]["data"] if t["name"] == "decoded point")
    assert values(star["x"]) == [0.3] and values(star["y"]) == [-0.7]


def test_uploads_a_bad_file_gets_a_message_and_a_good_photo_is_trained_on():
    import io

    from PIL import Image

    at = open_page(PAGE)
    at.selectbox(key="autoencoders.photo").set_value("upload").run()
    uploader = at.file_uploader(key="ae_upload")
    uploader.set_value(("notes.png", b"<script>alert(1)</script>", "image/png")).run()
    no_exception(at)
    assert any("cannot be used" in e.value for e in at.error)
    assert any("not an image" in t.value for t in at.text)  # the reason, as plain text
    ramp = np.tile(np.linspace(0, 255, 64, dtype=np.uint8), (64, 1))
    buffer = io.BytesIO()
    Image.fromarray(np.stack([ramp] * 3, axis=2)).save(buffer, format="PNG")
    at.file_uploader(key="ae_upload").set_value(("ramp.png", buffer.getvalue(), "image/png")).run()
    no_exception(at)
    assert not at.error
    trainer = at.session_state[keys.trainer("autoencoders.memorise_one.v1")]
    assert trainer.config.photos == ("upload",)
    first = trainer.images[0].reshape(100, 100).cpu().numpy()
    assert first[:, 0].max() < 0.05 and first[:, -1].min() > 0.95  # the ramp, dark on the left, light on the right


def test_without_mnist_the_page_says_it_uses_the_embedded_digits(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    at = open_page(PAGE, {"tab": "The latent plane"})
    no_exception(at)
    assert any("scikit-learn" in w.value for w in at.warning)
    plane = figures(at)["ae_fig.plane"]
    assert sum(len(values(t["x"])) for t in plane["data"] if t["name"] in DIGITS) == 359
