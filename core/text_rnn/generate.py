"""Writing with a trained model: feed a seed, then append the likeliest (greedy) or a sampled next token, again
and again. Temperature divides the scores before softmax: low is cautious and repetitive, high is adventurous."""
from __future__ import annotations

from collections.abc import Iterator

import torch

from core.text_rnn.model import TextLSTM
from core.text_rnn.vocab import Vocabulary, glues_left


def known_part(vocab: Vocabulary, seed_text: str) -> str:
    """The seed without characters the model has never seen (it cannot read them)."""
    if vocab.level == "word":
        return seed_text
    allowed = set(vocab.tokens)
    return "".join(c for c in seed_text if c in allowed)


@torch.no_grad()
def next_distribution(model: TextLSTM, vocab: Vocabulary, seed_text: str, temperature: float = 1.0) -> torch.Tensor:
    """Probabilities of every token coming next after `seed_text`."""
    ids = vocab.encode(known_part(vocab, seed_text) or vocab.tokens[0])
    model.eval()
    scores, _ = model(ids[None].to(next(model.parameters()).device))
    return torch.softmax(scores[0, -1].float() / max(temperature, 1e-6), 0).cpu()


@torch.no_grad()
def generate(model: TextLSTM, vocab: Vocabulary, seed_text: str, n: int, temperature: float = 0.8,
             greedy: bool = False, generator: torch.Generator | None = None) -> Iterator[str]:
    """Yields the next `n` tokens as text, one at a time (a page streams them)."""
    device = next(model.parameters()).device
    model.eval()
    ids = vocab.encode(known_part(vocab, seed_text) or vocab.tokens[0])[None].to(device)
    scores, state = model(ids)
    last = scores[0, -1]
    for _ in range(n):
        if greedy or temperature <= 1e-3:
            token = int(last.argmax())
        else:
            probs = torch.softmax(last.float() / temperature, 0).cpu()
            token = int(torch.multinomial(probs, 1, generator=generator))
        piece = vocab.tokens[token]
        yield piece if vocab.level == "char" or glues_left(piece) else " " + piece
        scores, state = model(torch.tensor([[token]], device=device), state)
        last = scores[0, -1]
