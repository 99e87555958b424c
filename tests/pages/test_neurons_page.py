"""The Neurons page, rendered headless: defaults, changed widgets, bad input, and links."""
from tests.pages.apptest import figures, open_page, values

PAGE = "pages/01_neurons.py"


def test_defaults_render_all_figures(page):
    assert not page.exception and not page.error
    figs = figures(page)
    expected = {"perceptron_diagram", "perceptron_plane", "activations", "softmax", "cross_entropy", "collapse"}
    assert expected <= set(figs)
    probs = values(figs["softmax"]["data"][1]["y"])
    assert abs(sum(probs) - 1) < 1e-6
    assert any("Device:" in m.value for m in page.sidebar.markdown)


def test_changing_a_weight_moves_the_output_and_the_url():
    at = open_page(PAGE)
    before = figures(at)["perceptron_diagram"]
    at.slider(key="neurons.w1").set_value(-3.0).run()
    at.slider(key="neurons.b").set_value(-1.0).run()
    assert not at.exception
    after = figures(at)["perceptron_diagram"]
    assert before != after
    texts = [t for tr in after["data"] for t in (tr.get("text") or [])]
    assert "output -1" in texts  # -3*1 + 1.2*-0.5 - 1 < 0
    assert at.query_params["w1"] == "-3"


def test_temperature_flattens_softmax_and_label_sets_loss():
    at = open_page(PAGE)
    sharp = max(values(figures(at)["softmax"]["data"][1]["y"]))
    at.slider(key="neurons.temp").set_value(5.0).run()
    flat = max(values(figures(at)["softmax"]["data"][1]["y"]))
    assert flat < sharp
    at.selectbox(key="neurons.label").set_value("black").run()
    assert "cross-entropy" in figures(at)["cross_entropy"]["layout"]["title"]["text"]
    assert not at.exception


def test_bad_scores_give_a_message_not_a_traceback():
    at = open_page(PAGE)
    at.text_input(key="neurons.scores").input("1, two, 3").run()
    assert not at.exception
    assert any("Scores:" in e.value for e in at.error)


def test_activation_choice_and_collapse_switch():
    at = open_page(PAGE)
    at.multiselect(key="neurons.acts").set_value(["ELU", "swish (SiLU)"]).run()
    names = {tr["name"] for tr in figures(at)["activations"]["data"]}
    assert names == {"ELU", "swish (SiLU)"}
    assert any("collapsed neuron" in s.value for s in at.success)
    at.selectbox(key="neurons.act").set_value("ReLU").run()
    assert any("stops the collapse" in w.value for w in at.warning)
    at.multiselect(key="neurons.acts").set_value([]).run()
    assert any("at least one" in w.value for w in at.warning) and not at.exception


def test_link_settings_are_read_and_hostile_values_ignored():
    at = open_page(PAGE, {"w1": "2.5", "act": "tanh", "temp": "1e308", "x1": "<script>", "label": "mauve"})
    assert not at.exception
    assert at.slider(key="neurons.w1").value == 2.5
    assert at.selectbox(key="neurons.act").value == "tanh"
    assert at.slider(key="neurons.temp").value == 1.0
    notes = " ".join(i.value for i in at.info)
    assert "value for temp: expected a number from 0.1 to 5" in notes and "value for x1:" in notes
    assert "value for label: expected one of red, orange" in notes and "mauve" not in notes


def test_presenter_mode_from_url():
    at = open_page(PAGE, {"presenter": "1"})
    assert not at.exception
    assert any("Leave presenter mode" in b.label for b in at.button)


def test_cross_entropy_is_the_true_value_not_a_capped_one():
    """Scores 1000,0,… at temperature 5, true colour black: the black score is 200 below red's, so the loss is 200
    (a log of a clamped probability would show 27.631)."""
    at = open_page(PAGE, {"scores": "1000,0,0,0,0,0,0,0", "temp": "5", "label": "black"})
    assert not at.exception
    title = figures(at)["cross_entropy"]["layout"]["title"]["text"]
    assert title == "cross-entropy = 200.000", title


def test_the_perceptron_weight_labels_follow_the_type_size():
    """No fixed small size: in presenter mode the weight labels grow with everything else."""
    at = open_page(PAGE, {"presenter": "1"})
    fig = figures(at)["perceptron_diagram"]
    base = fig["layout"]["font"]["size"]
    weights = [a for a in fig["layout"]["annotations"] if a["text"].startswith("w=")]
    assert base >= 20 and weights and all(a.get("font", {}).get("size", base) >= base * 0.85 for a in weights)
