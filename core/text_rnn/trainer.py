"""Training a text model live: random windows of the training text, the next token at every position, Adam with
gradient clipping; every `eval_every` steps the held-out loss (the last 10% of the text, never trained on) in nats
and bits per token, and a sample, so the audience watches gibberish turn into prose. Follows ui.live's Trainer
protocol."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from core.seeding import generator, seeded_model
from core.text_rnn.generate import generate
from core.text_rnn.model import PRESETS, TextLSTM
from core.text_rnn.vocab import Vocabulary
from core.text_rnn.windows import shifted_windows, split_held_out

CHECKPOINT_NAME = "text_rnn.v1"
EVAL_TOKENS = 20_000  # of the held-out text, per evaluation: enough for a steady number, quick on a CPU


@dataclass(frozen=True)
class TextConfig:
    text: str = "Genesis (embedded)"  # which text (an upload is named by its hash)
    preset: str = "fast"
    total_steps: int = 1500
    eval_every: int = 100
    sample_chars: int = 160
    seed: int = 0

    def __post_init__(self):
        if self.preset not in PRESETS:
            raise ValueError(f"preset must be one of {', '.join(PRESETS)}")
        if self.total_steps < 1 or self.eval_every < 1:
            raise ValueError("total_steps and eval_every must be positive")


class TextTrainer:
    def __init__(self, config: TextConfig, text: str, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device(device)
        self.preset = PRESETS[config.preset]
        self.vocab = (Vocabulary.of_chars(text) if self.preset.level == "char"
                      else Vocabulary.of_words(text, self.preset.vocab_size))
        ids = self.vocab.encode(text)
        self.train_ids, self.held_ids = split_held_out(ids)
        if len(self.train_ids) <= self.preset.seq_len + 1 or len(self.held_ids) <= self.preset.seq_len + 1:
            raise ValueError("the text is too short for this model")
        self.train_ids, self.held_ids = self.train_ids.to(self.device), self.held_ids.to(self.device)
        self.model = seeded_model(lambda: TextLSTM(len(self.vocab), self.preset), config.seed).to(self.device)
        self.optimiser = torch.optim.Adam(self.model.parameters(), lr=self.preset.learning_rate)
        self.generator = generator(config.seed)
        self.steps_done, self.train_seconds = 0, 0.0
        self.history: dict[str, list] = {k: [] for k in ("step", "tokens_seen", "train_loss", "val_nats",
                                                          "val_bits", "seconds")}
        self.samples: list[tuple[int, str]] = []
        self._recent: list[float] = []

    @property
    def tokens_per_step(self) -> int:
        return self.preset.batch * self.preset.seq_len

    def step(self, n: int = 1) -> None:
        p = self.preset
        for _ in range(min(n, self.config.total_steps - self.steps_done)):
            start = time.perf_counter()
            self.model.train()
            starts = torch.randint(0, len(self.train_ids) - p.seq_len - 1, (p.batch,), generator=self.generator)
            x, y = shifted_windows(self.train_ids, p.seq_len, starts.to(self.device))
            scores, _ = self.model(x)
            loss = F.cross_entropy(scores.reshape(-1, scores.shape[-1]), y.reshape(-1))
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
            self.optimiser.step()
            self.train_seconds += time.perf_counter() - start
            self.steps_done += 1
            self._recent.append(float(loss.detach()))
            if self.steps_done % self.config.eval_every == 0 or self.steps_done == self.config.total_steps:
                self._log()

    @torch.no_grad()
    def held_out_nats(self, max_tokens: int = EVAL_TOKENS) -> float:
        """Mean cross-entropy (nats per token) on the held-out text, read in long stretches."""
        self.model.eval()
        ids = self.held_ids[:max_tokens + 1]
        length = 256
        n = (len(ids) - 1) // length
        x = ids[:n * length].view(n, length)
        y = ids[1:n * length + 1].view(n, length)
        scores, _ = self.model(x)
        return float(F.cross_entropy(scores.reshape(-1, scores.shape[-1]), y.reshape(-1)))

    def _log(self) -> None:
        nats = self.held_out_nats()
        for key, value in (("step", self.steps_done), ("tokens_seen", self.steps_done * self.tokens_per_step),
                           ("train_loss", sum(self._recent) / max(1, len(self._recent))), ("val_nats", nats),
                           ("val_bits", nats / math.log(2)), ("seconds", self.train_seconds)):
            self.history[key].append(value)
        self._recent = []
        seed = self.vocab.decode(self.held_ids[:40 if self.preset.level == "char" else 8].cpu())
        length = self.config.sample_chars if self.preset.level == "char" else self.config.sample_chars // 5
        text = "".join(generate(self.model, self.vocab, seed, length, temperature=0.7,
                                generator=generator(self.config.seed + self.steps_done)))
        self.samples.append((self.steps_done, seed + text))

    def payload(self) -> dict:
        return {"model": self.model.state_dict(), "optimiser": self.optimiser.state_dict(),
                "generator": self.generator.get_state(), "steps_done": self.steps_done,
                "train_seconds": self.train_seconds, "history": {k: list(v) for k, v in self.history.items()},
                "samples": [[s, t] for s, t in self.samples]}

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.optimiser.load_state_dict(payload["optimiser"])
        self.generator.set_state(payload["generator"])
        self.steps_done, self.train_seconds = int(payload["steps_done"]), float(payload["train_seconds"])
        self.history = {k: list(v) for k, v in payload["history"].items()}
        self.samples = [(int(s), str(t)) for s, t in payload["samples"]]


def default_config() -> TextConfig:
    """What the page opens with on this machine: Sherlock Holmes when the data directory has it."""
    from core.text_rnn.source import EMBEDDED, SHERLOCK, load_choice, text_choices

    choice = SHERLOCK if SHERLOCK in text_choices() else EMBEDDED
    return TextConfig(text=load_choice(choice).source)


def _prepare(device: torch.device) -> str:
    from core import checkpoints
    from core.text_rnn.source import EMBEDDED, SHERLOCK, load_choice, text_choices

    config = default_config()
    if checkpoints.load(CHECKPOINT_NAME, config) is not None:
        return "already in the checkpoint cache"
    text = load_choice(SHERLOCK if SHERLOCK in text_choices() else EMBEDDED).text
    trainer = TextTrainer(config, text, device)
    trainer.step(config.total_steps)
    checkpoints.save(CHECKPOINT_NAME, config, trainer.payload())
    return f"trained {trainer.steps_done:,} steps: held-out {trainer.history['val_nats'][-1]:.2f} nats per character"


def prepare_jobs():
    return [("Sherlock by RNN: the default character model", _prepare)]
