"""The networks: an LSTM that reads tokens and scores every possible next token.

Presets: "talk", the seed's two stacked LSTMs of 128 reading one-hot characters; "fast", one wider LSTM on a
learned embedding with longer sequences and bigger batches (more characters per second on a CPU, and it learns
more per character); "word", the same on words instead of characters."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class Preset:
    level: str  # "char" or "word"
    one_hot: bool
    embed: int
    hidden: int
    layers: int
    dropout: float
    seq_len: int
    batch: int
    learning_rate: float
    vocab_size: int = 0  # words only: the most frequent words kept


PRESETS = {
    "talk": Preset("char", True, 0, 128, 2, 0.0, 40, 64, 3e-3),
    "fast": Preset("char", False, 32, 256, 1, 0.1, 128, 64, 5e-3),
    "word": Preset("word", False, 128, 256, 1, 0.2, 24, 64, 3e-3, vocab_size=4000),
}


class TextLSTM(nn.Module):
    def __init__(self, vocab_size: int, preset: Preset):
        super().__init__()
        self.vocab_size, self.one_hot = vocab_size, preset.one_hot
        self.embed = None if preset.one_hot else nn.Embedding(vocab_size, preset.embed)
        width = vocab_size if preset.one_hot else preset.embed
        self.lstm = nn.LSTM(width, preset.hidden, preset.layers, batch_first=True,
                            dropout=preset.dropout if preset.layers > 1 else 0.0)
        self.drop = nn.Dropout(preset.dropout)
        self.head = nn.Linear(preset.hidden, vocab_size)

    def forward(self, ids: torch.Tensor, state=None):
        """ids (N, T) → scores (N, T, vocab) for the token after each position, and the LSTM's state."""
        x = F.one_hot(ids, self.vocab_size).float() if self.one_hot else self.embed(ids)
        out, state = self.lstm(x, state)
        return self.head(self.drop(out)), state
