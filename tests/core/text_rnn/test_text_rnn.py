"""Text RNN: windows, vocabulary, greedy = temperature → 0, a short run's loss falling, and every bad text refused."""
import codecs

import pytest
import torch

from core.text_rnn.generate import generate, next_distribution
from core.text_rnn.model import PRESETS, TextLSTM
from core.text_rnn.source import EMBEDDED, EMBEDDED_FILE, TextProblem, check_text, decode_text, load_choice
from core.text_rnn.trainer import TextConfig, TextTrainer
from core.text_rnn.vocab import Vocabulary, join_words, split_words
from core.text_rnn.windows import shifted_windows, split_held_out, talk_windows

PROSE = ("It was a dark and stormy night; the rain fell in torrents. " * 80)


def test_talk_windows_are_40_characters_every_3_with_the_next_as_label():
    ids = torch.arange(100)
    x, y = talk_windows(ids, 40, 3)
    assert x.shape == (20, 40) and x[0].tolist() == list(range(40)) and x[1, 0] == 3
    assert y.tolist() == [40 + 3 * i for i in range(20)]
    with pytest.raises(ValueError):
        talk_windows(torch.arange(10), 40, 3)


def test_shifted_windows_and_held_out_tail():
    ids = torch.arange(50)
    x, y = shifted_windows(ids, 5, torch.tensor([0, 10]))
    assert x.tolist() == [[0, 1, 2, 3, 4], [10, 11, 12, 13, 14]] and torch.equal(y, x + 1)
    train, held = split_held_out(torch.arange(1000))
    assert len(held) == 100 and held[0] == 900 and train[-1] == 899


def test_vocabularies_round_trip():
    chars = Vocabulary.of_chars("hello world")
    assert chars.tokens == tuple(sorted(set("hello world"))) and chars.decode(chars.encode("low hole")) == "low hole"
    words = Vocabulary.of_words("The cat sat. The dog sat!\nEnd.", size=50)
    assert split_words("The cat, sat.") == ["the", "cat", ",", "sat", "."]
    assert words.decode(words.encode("the cat sat.")) == "the cat sat."
    assert words.decode(words.encode("a zebra")) == "<?> <?>"
    assert join_words(["said", "he", ",", "\n", "then"]) == "said he,\nthen"


def test_temperature_near_zero_is_greedy():
    vocab = Vocabulary.of_chars(PROSE)
    model = TextLSTM(len(vocab), PRESETS["talk"])
    greedy = "".join(generate(model, vocab, "It was", 30, greedy=True))
    cold = "".join(generate(model, vocab, "It was", 30, temperature=1e-4, generator=torch.Generator().manual_seed(1)))
    assert greedy == cold and len(greedy) == 30
    p = next_distribution(model, vocab, "It was", temperature=1.0)
    assert torch.isclose(p.sum(), torch.tensor(1.0)) and p.shape == (len(vocab),)
    sharp = next_distribution(model, vocab, "It was", temperature=0.2)
    assert sharp.max() >= p.max()


@pytest.mark.parametrize("preset", ["fast", "word"])
def test_a_short_run_lowers_the_held_out_loss(preset):
    text = EMBEDDED_FILE.read_text()[:60_000]
    trainer = TextTrainer(TextConfig(text="genesis", preset=preset, total_steps=60, eval_every=30), text)
    before = trainer.held_out_nats()
    trainer.step(100)  # clipped to the 60 configured
    assert trainer.steps_done == 60 and len(trainer.history["val_nats"]) == 2
    assert trainer.history["val_nats"][-1] < before - 0.3, (before, trainer.history["val_nats"])
    assert len(trainer.samples) == 2 and trainer.samples[-1][1]
    again = TextTrainer(trainer.config, text)
    again.load_payload(trainer.payload())
    assert again.held_out_nats() == pytest.approx(trainer.held_out_nats())


def test_same_seed_same_training():
    text = PROSE
    a = TextTrainer(TextConfig(preset="talk", total_steps=5, eval_every=5), text)
    b = TextTrainer(TextConfig(preset="talk", total_steps=5, eval_every=5), text)
    a.step(5)
    b.step(5)
    assert a.history["val_nats"] == b.history["val_nats"]


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03" * 1000, "not text"),
    (b"Too short.", "only 10 characters"),
    (b"a" * 5000, "only 1 different"),
    (b"x" * (21 * 1024 * 1024), "limit is 20 MB"),
])
def test_bad_texts_are_refused_with_a_reason(data, words):
    with pytest.raises(TextProblem, match=words):
        decode_text(data)


def test_latin1_and_utf16_are_read_and_said():
    latin = ("Caf\xe9 na\xefve r\xe9sum\xe9. " * 200).encode("latin-1")
    text = decode_text(latin)
    assert "Café" in text.text and "Latin-1" in text.notes[0]
    utf16 = codecs.BOM_UTF16_LE + ("Hello there, Watson. " * 200).encode("utf-16-le")
    text = decode_text(utf16)
    assert text.text.startswith("Hello there") and "UTF-16" in text.notes[0]
    assert check_text(PROSE) == PROSE


def test_embedded_text_is_there_and_small():
    text = load_choice(EMBEDDED)
    assert EMBEDDED_FILE.stat().st_size <= 200 * 1024 and text.text.startswith("In the beginning")
    assert "public domain" in text.source


def test_exported_script_trains_one_step_and_writes(tmp_path):
    import subprocess
    import sys

    from core.text_rnn.export import export_script

    script = tmp_path / "text_rnn.py"
    script.write_text(export_script(TextConfig(preset="talk")))
    book = tmp_path / "book.txt"
    book.write_text(PROSE)
    out = subprocess.run([sys.executable, str(script), str(book), "--steps", "1"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "step 1: training loss" in out.stdout and len(out.stdout.splitlines()) >= 2


def test_windows_are_made_on_the_texts_own_device():
    """On a GPU the text lives there: every index the windows use must too (a CPU arange beside it failed there).
    The meta device stands in for a second device on a machine with none."""
    from core.text_rnn.windows import shifted_windows, talk_windows

    ids = torch.arange(100, device="meta")
    x, y = shifted_windows(ids, 10, torch.tensor([0, 5, 50], device="meta"))
    windows, after = talk_windows(ids, 40, 3)
    assert {t.device.type for t in (x, y, windows, after)} == {"meta"} and x.shape == (3, 10) and windows.shape[1] == 40
