"""Tokens to numbers and back: characters (the talk's model) or words (with punctuation as tokens of its own)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import torch

WORD_PATTERN = re.compile(r"\w+|[^\w\s]|\n")
UNKNOWN = "<?>"


@dataclass(frozen=True)
class Vocabulary:
    tokens: tuple[str, ...]
    level: str  # "char" or "word"

    @classmethod
    def of_chars(cls, text: str) -> Vocabulary:
        return cls(tuple(sorted(set(text))), "char")

    @classmethod
    def of_words(cls, text: str, size: int = 4000) -> Vocabulary:
        counts = Counter(split_words(text))
        return cls((UNKNOWN, *sorted(t for t, _ in counts.most_common(size - 1))), "word")

    def __len__(self) -> int:
        return len(self.tokens)

    def split(self, text: str) -> list[str]:
        return list(text) if self.level == "char" else split_words(text)

    def encode(self, text: str) -> torch.Tensor:
        index = {t: i for i, t in enumerate(self.tokens)}
        unknown = index.get(UNKNOWN, 0)
        return torch.tensor([index.get(t, unknown) for t in self.split(text)], dtype=torch.long)

    def decode(self, ids) -> str:
        pieces = [self.tokens[int(i)] for i in ids]
        return "".join(pieces) if self.level == "char" else join_words(pieces)


def split_words(text: str) -> list[str]:
    return WORD_PATTERN.findall(text.lower())


def glues_left(word: str) -> bool:
    """Punctuation (but not an opening bracket or the unknown-word mark) and line breaks take no space before."""
    return word == "\n" or (not word[0].isalnum() and word not in ("(", UNKNOWN))


def join_words(words: list[str]) -> str:
    out = ""
    for w in words:
        out += w if not out or out.endswith("\n") or glues_left(w) else " " + w
    return out
