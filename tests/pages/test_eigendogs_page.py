"""The Eigendogs page, headless: the lead-ins' numbers, the eigen-image gallery, reconstructions and variance
curve at the defaults and after changes; every bad upload gives its own message and the page still works."""
import numpy as np
import torch

from core.data.images import find_photo
from core.pca.decompose import pca
from core.pca.lead_in import elephants, standardise
from core.pca.uploads import SINGLE
from tests.core.pca.bad_uploads import converted, good, refused
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/07_eigendogs.py"
SMALL = {"images": "200", "size": "32"}
CHARTS = {"elephant", "mixtures", "amounts", "augmented", "eigen", "reconstructions", "variance"}


def z(fig) -> np.ndarray:
    return np.array(values(fig["data"][0]["z"]), dtype=float)


def upload(at, files):
    at.file_uploader(key="eigen.uploads").set_value([(name, data, "application/octet-stream") for name, data in files])
    return at.run()


def test_defaults_show_the_lead_ins_and_the_eigendogs(page):
    assert not page.exception and not page.error
    figs = figures(page)
    assert CHARTS <= set(figs)
    ratio = pca(torch.from_numpy(standardise(elephants(200, 0)))).explained_variance_ratio.numpy()
    # the last share is zero up to rounding (~1e-32, which differs between runs): an absolute tolerance for it
    np.testing.assert_allclose(values(trace(figs["elephant"], "share of variance")["customdata"]), ratio, rtol=1e-6,
                               atol=1e-12)
    assert z(figs["eigen"]).shape == (2 * 49 - 1, 6 * 49 - 1)  # 12 eigen-images of 48 x 48, six a row
    assert z(figs["reconstructions"]).shape == (2 * 49 - 1, 6 * 49 - 1)  # six pictures over their rebuilds
    assert values(trace(figs["variance"], "your 100")["x"]) == [100]
    assert len(values(figs["variance"]["data"][0]["y"])) == 500
    caption = " ".join(c.value for c in page.caption)
    assert ("dog_husky" in caption) == (find_photo("dog_husky") is not None)
    assert "1,000 images" in caption and page.metric[0].value == "100"


def test_fewer_components_rebuild_worse_and_the_lead_ins_follow_their_sliders():
    at = open_page(PAGE, SMALL)
    before = z(figures(at)["reconstructions"])
    at.slider(key="eigen.k").set_value(12).run()
    at.slider(key="eigen.mixes").set_value(5).run()
    at.slider(key="eigen.ears").set_value(0.1).run()
    assert not at.exception
    figs = figures(at)
    after = z(figs["reconstructions"])
    half = before.shape[0] // 2 + 1  # the rebuilt row
    originals = before[:half - 1]
    assert np.nanmean((after[half:] - originals) ** 2) > np.nanmean((before[half:] - originals) ** 2)
    assert values(trace(figs["variance"], "your 12")["x"]) == [12]
    bars = figs["amounts"]["data"]
    assert len(bars) == 3 and len(values(bars[0]["y"])) == 5
    for bar in bars:  # what each picture holds, read back from its three PCA numbers, is what went in
        np.testing.assert_allclose(values(bar["customdata"]), values(bar["y"]), atol=1e-6)
    noisy = pca(torch.from_numpy(standardise(elephants(200, 0, 0.1)))).explained_variance_ratio.numpy()
    np.testing.assert_allclose(values(trace(figs["elephant"], "share of variance")["customdata"]), noisy, rtol=1e-6)
    assert at.query_params["k"] == "12" and at.query_params["size"] == "32"


def test_every_bad_upload_has_its_message_and_the_good_ones_are_used():
    at = open_page(PAGE, {**SMALL, "source": "upload"})
    assert not at.exception and CHARTS <= set(figures(at))  # nothing uploaded yet: the default pictures
    assert any("No usable upload" in i.value for i in at.info)
    at = upload(at, list(refused().values()) + list(converted().values()) + [good(1)])
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 4
    for reason in ("not an image", "truncated", "empty", "megapixels"):
        assert sum(reason in e for e in errors) == 1, reason
    infos = " ".join(i.value for i in at.info)
    for note in ("animated", "16-bit", "CMYK", "palette", "Transparent"):
        assert note in infos
    texts = [t.value for t in at.text]
    assert "file: notes.txt" in texts and "file: wag.gif" in texts  # names as plain text, never Markdown
    assert CHARTS <= set(figures(at))
    assert any("6 uploaded photo(s)" in c.value for c in at.caption)


def test_a_single_upload_warns_and_still_works():
    at = upload(open_page(PAGE, {**SMALL, "source": "upload"}), [good(2)])
    assert not at.exception and [w.value for w in at.warning] == [SINGLE]
    assert any("1 uploaded photo(s)" in c.value for c in at.caption) and CHARTS <= set(figures(at))


def test_digits_of_one_class():
    at = open_page(PAGE, {"source": "digits", "digit": "7", "images": "300", "size": "32"})
    assert not at.exception
    assert any("digit 7" in c.value for c in at.caption)
    assert z(figures(at)["eigen"]).shape == (2 * 29 - 1, 6 * 29 - 1)  # digits stay 28 x 28


def test_the_lead_ins_seeds_change_their_charts_and_moving_back_restores_them():
    """The lead-ins' data and figures are cached by their settings: a new seed must still reach the charts, and the
    cached answer for the old one must be the same figure as before."""
    from core.pca.lead_in import load_mix_photos, mix

    at = open_page(PAGE, SMALL)
    before = figures(at)
    at.slider(key="eigen.eseed").set_value(1).run()
    at.slider(key="eigen.mseed").set_value(1).run()
    assert not at.exception
    figs = figures(at)
    np.testing.assert_allclose(values(trace(figs["elephant"], "elephants")["x"]), elephants(200, 1)[:, 0])
    amounts = mix(load_mix_photos(64), 8, 1).amounts
    for j, bar in enumerate(figs["amounts"]["data"]):
        np.testing.assert_allclose(values(bar["y"]), amounts[:, j])
    assert not np.allclose(z(figs["mixtures"]), z(before["mixtures"]), equal_nan=True)
    at.slider(key="eigen.eseed").set_value(0).run()
    at.slider(key="eigen.mseed").set_value(0).run()
    again = figures(at)
    for key in ("elephant", "mixtures", "amounts"):
        assert again[key] == before[key], key
