"""Character RNN on held-out Sherlock Holmes (the last 10%): characters per second, seconds of training to reach
1.6 nats per character, and the best held-out loss within the time budget (120 s on a CPU, 60 s on a GPU)."""
from __future__ import annotations

import torch

from core.device import synchronize
from core.text_rnn.source import EMBEDDED, SHERLOCK, load_choice, text_choices
from core.text_rnn.trainer import TextConfig, TextTrainer

NAME = "charrnn"


def run(device: torch.device, quick: bool = False, preset: str = "fast") -> dict:
    choice = SHERLOCK if SHERLOCK in text_choices() else EMBEDDED
    text = load_choice(choice).text
    budget = 5.0 if quick else (60.0 if device.type == "cuda" else 120.0)
    trainer = TextTrainer(TextConfig(text=choice, preset=preset, total_steps=10**9, eval_every=10**9), text, device)
    check_every = 25
    best, reached = float("inf"), None
    while trainer.train_seconds < budget:
        trainer.step(check_every)
        synchronize(device)
        nats = trainer.held_out_nats(max_tokens=len(trainer.held_ids))
        best = min(best, nats)
        if reached is None and nats <= 1.6:
            reached = round(trainer.train_seconds, 2)
    chars = trainer.steps_done * trainer.tokens_per_step
    return {"text": "sherlock" if choice == SHERLOCK else "embedded", "preset": preset,
            "chars_per_s": round(chars / trainer.train_seconds), "val_nats": round(best, 4),
            "seconds_to_1_6": reached, "train_seconds": round(trainer.train_seconds, 1), "steps": trainer.steps_done}
