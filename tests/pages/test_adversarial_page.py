"""Adversarial page: the attack's pictures and top-5 are drawn from the real attack; settings come from the URL."""
import numpy as np

from tests.pages.apptest import figures, open_page, values

PAGE = "pages/11_adversarial.py"


def bars(fig: dict, name: str) -> tuple[list, list]:
    trace = next(t for t in fig["data"] if t.get("name") == name)
    return list(values(trace["x"])), list(trace["y"])


def test_default_attack_changes_nothing_visible_and_reports_top5(page):
    assert not page.exception
    figs = figures(page)
    images = figs["attack_images"]
    assert [t["type"] for t in images["data"]] == ["image"] * 3
    titles = [a["text"] for a in images["layout"]["annotations"]]
    peak = float(titles[1].split("±")[1].split("/")[0])
    assert 0 < peak <= 2.0 + 1e-6, titles  # ε = 2/255 by default
    probs, labels = bars(figs["top5"], "before")
    assert len(labels) == 5 and abs(max(probs) - probs[-1]) < 1e-9  # the top answer is drawn last (on top)
    assert any("Network:" in c.value for c in page.caption)


def test_targeted_pgd_from_the_url(monkeypatch):
    at = open_page(PAGE, {"method": "pgd", "eps": "8", "steps": "10", "targeted": "1", "target": "syringe"})
    assert not at.exception
    figs = figures(at)
    probs, labels = bars(figs["top5"], "after")
    assert labels[-1] == "syringe" and probs[-1] > 0.5, (labels, probs)
    titles = [a["text"] for a in figs["attack_images"]["layout"]["annotations"]]
    assert float(titles[1].split("±")[1].split("/")[0]) <= 8 + 1e-6
    assert any("as asked" in m.value for m in at.markdown)


def test_a_bad_link_value_is_ignored_with_a_note():
    at = open_page(PAGE, {"target": "<img src=x>", "eps": "1e9"})
    assert not at.exception
    assert at.session_state["adversarial.target"] == "syringe" and at.session_state["adversarial.eps"] == 2.0
    assert np.isfinite(at.session_state["adversarial.eps"])


def test_the_mnist_cnn_is_attacked_on_a_test_digit(monkeypatch):
    """The shared MNIST classifier (trained here on the embedded digits, to stay quick) turned into a 3."""
    import core.mnist.classifier as classifier
    import ui.adversarial as page_half

    for module in (classifier, page_half):
        monkeypatch.setattr(module, "available_source", lambda: "sklearn-digits")
    at = open_page(PAGE, {"on": "mnist", "method": "pgd", "eps": "48", "steps": "20", "targeted": "1", "to": "3",
                          "digit": "5"})
    assert not at.exception
    figs = figures(at)
    probs, labels = bars(figs["mnist_top5"], "after")
    assert labels[-1] == "3" and probs[-1] > 0.5, (labels, probs)
    titles = [a["text"] for a in figs["mnist_attack_images"]["layout"]["annotations"]]
    assert any("±" in t for t in titles)
    assert any("as asked" in m.value for m in at.markdown)
