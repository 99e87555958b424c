"""Sherlock by RNN page: trains from the live panel, the loss chart and the next-character bars show the model."""
from core.text_rnn.trainer import CHECKPOINT_NAME
from tests.pages.apptest import figures, open_page, values

PAGE = "pages/15_text_rnn.py"
SMALL = {"model": "talk", "steps": "100", "text": "Genesis (embedded)"}


def test_untrained_page_shows_near_uniform_next_character_bars():
    at = open_page(PAGE, SMALL)
    assert not at.exception
    bars = figures(at)["text_next"]["data"][0]
    probs = values(bars["y"])
    assert len(probs) == 20 and max(probs) < 0.2  # 60 characters, untrained: nothing stands out
    assert any("untrained" in i.value for i in at.info)
    assert "0 / 100 steps" in at.get("progress")[0].proto.text


def test_a_step_trains_and_writing_starts_from_the_seed():
    at = open_page(PAGE, {**SMALL, "seed_text": "And God said, ", "length": "50"})
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    assert not at.exception
    loss = figures(at)["text_loss"]["data"]
    held = next(t for t in loss if t["name"].startswith("held-out"))
    assert len(values(held["y"])) == 1 and values(held["y"])[0] < 3.5
    at.button(key="text.write").click().run()
    written = [t.value for t in at.text if t.value.startswith("And God said, ")]
    # 50 new characters (the element's value loses any trailing white space)
    assert written and len("And God said, ") + 40 <= len(written[-1]) <= len("And God said, ") + 50


def test_unknown_characters_in_the_seed_are_dropped_with_a_note():
    at = open_page(PAGE, {**SMALL, "seed_text": "☃ snow"})
    assert not at.exception
    assert any("left out of the seed" in c.value for c in at.caption)


def test_a_bad_link_value_is_ignored():
    at = open_page(PAGE, {"text": "<script>alert(1)</script>", "model": "huge", "temp": "nan"})
    assert not at.exception
    assert at.session_state["text.model"] == "fast" and at.session_state["text.temp"] == 0.7


def test_the_page_offers_its_model_as_a_script():
    at = open_page(PAGE, SMALL)
    assert "text.export" in [b.key for b in at.get("download_button")]
