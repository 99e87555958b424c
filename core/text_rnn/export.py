"""The page's text model as a standalone script: the same network, windows and training loop, copied from the
functions the app runs (core/export.py), reading any UTF-8 text file."""
from __future__ import annotations

from core.export import build_script
from core.text_rnn import generate as gen
from core.text_rnn import model, vocab, windows
from core.text_rnn.trainer import TextConfig

MAIN = """
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("text", help="a UTF-8 text file")
parser.add_argument("--steps", type=int, default=TOTAL_STEPS)
parser.add_argument("--device", default="cpu")
args = parser.parse_args()
text = open(args.text, encoding="utf-8").read()
preset = Preset(**PRESET)
v = Vocabulary.of_chars(text) if preset.level == "char" else Vocabulary.of_words(text, preset.vocab_size)
train_ids, held_ids = split_held_out(v.encode(text))
g = torch.Generator().manual_seed(SEED)
net = TextLSTM(len(v), preset).to(args.device)
opt = torch.optim.Adam(net.parameters(), lr=preset.learning_rate)
for step in range(1, args.steps + 1):
    net.train()
    starts = torch.randint(0, len(train_ids) - preset.seq_len - 1, (preset.batch,), generator=g)
    x, y = shifted_windows(train_ids, preset.seq_len, starts)
    scores, _ = net(x.to(args.device))
    loss = F.cross_entropy(scores.reshape(-1, scores.shape[-1]), y.to(args.device).reshape(-1))
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    if step % 100 == 0 or step == args.steps:
        print(f"step {step}: training loss {loss.item():.3f} nats per token")
seed = v.decode(held_ids[:40])
print(seed + "".join(generate(net, v, seed, 200, temperature=0.7, generator=g)))
"""


def export_script(config: TextConfig) -> str:
    preset = model.PRESETS[config.preset]
    return build_script(
        f"Train the text model of the Sherlock-by-RNN page ({config.preset}) on a text file, then write with it.\n\n"
        "Usage: python text_rnn.py book.txt [--steps N] [--device cpu|cuda]",
        ["from __future__ import annotations", "", "import argparse", "import re", "from collections import Counter",
         "from collections.abc import Iterator", "from dataclasses import dataclass", "", "import torch",
         "import torch.nn.functional as F", "from torch import nn"],
        [model.Preset, model.TextLSTM, vocab.Vocabulary, vocab.split_words, vocab.glues_left, vocab.join_words,
         windows.split_held_out, windows.shifted_windows, gen.known_part, gen.generate],
        {"WORD_PATTERN": vocab.WORD_PATTERN, "UNKNOWN": vocab.UNKNOWN, "PRESET": preset.__dict__,
         "TOTAL_STEPS": config.total_steps, "SEED": config.seed},
        main=MAIN)
