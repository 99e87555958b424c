"""Text chopped into training examples, and the held-out tail.

The talk's scheme: overlapping windows of 40 characters, starting every 3, each labelled with the character that
follows it (one answer per window). Our training uses the same windows but asks for the next character at every
position of the window (40 answers per window, same data), which learns far faster."""
from __future__ import annotations

import torch


def split_held_out(ids: torch.Tensor, fraction: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """(training part, the last `fraction` of the text): the held-out text is never trained on."""
    cut = int(len(ids) * (1 - fraction))
    return ids[:cut], ids[cut:]


def talk_windows(ids: torch.Tensor, length: int = 40, step: int = 3) -> tuple[torch.Tensor, torch.Tensor]:
    """The seed's examples: (N, length) windows every `step` tokens, and the token after each (N,)."""
    if len(ids) <= length:
        raise ValueError(f"the text needs more than {length} tokens")
    starts = torch.arange(0, len(ids) - length, step, device=ids.device)
    windows = ids[starts[:, None] + torch.arange(length, device=ids.device)]
    return windows, ids[starts + length]


def shifted_windows(ids: torch.Tensor, length: int, starts: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs (N, length) at `starts` and targets shifted by one: the next token at every position."""
    offsets = starts[:, None] + torch.arange(length, device=starts.device)  # on the GPU with the text
    return ids[offsets], ids[offsets + 1]
