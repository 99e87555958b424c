"""The mode-collapse meter: what the MNIST classifier makes of a batch of generated digits.

A healthy generator draws every digit about equally often (a flat class histogram, entropy near log2(10) =
3.32 bits) and draws them well (most samples classified with p >= 0.9). A collapsing one repeats a few digits
that fool the discriminator (the histogram piles up, entropy falls) even if each sample looks fine."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CONFIDENT = 0.9  # a sample the judge calls a digit with at least this probability is "confident"
MAX_BITS = float(np.log2(10))
COLLAPSED_BITS = 2.0  # below this the histogram is dominated by a few digits (four equal digits give 2 bits)
SCARCE = 0.05  # a digit drawn less often than this is "missing" (1 in 20; a fair share is 1 in 10)


@dataclass(frozen=True)
class Meter:
    counts: np.ndarray  # (10,) samples per digit (the judge's top class)
    fractions: np.ndarray  # (10,) counts / n
    entropy_bits: float  # of `fractions`; 3.32 bits = every digit equally often, 0 = one digit only
    confident_fraction: float  # share of samples with top probability >= CONFIDENT
    min_class_fraction: float
    n: int

    @property
    def missing(self) -> list[int]:
        """Digits drawn in less than SCARCE of the samples."""
        return [d for d in range(10) if self.fractions[d] < SCARCE]

    @property
    def verdict(self) -> str:
        """'collapsed', 'narrow' (some digits scarce) or 'diverse'."""
        if self.entropy_bits < COLLAPSED_BITS:
            return "collapsed"
        return "narrow" if self.missing else "diverse"


def entropy_bits(fractions: np.ndarray) -> float:
    p = np.asarray(fractions, dtype=np.float64)
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum()) if p.size else 0.0


def collapse_meter(probs: np.ndarray, threshold: float = CONFIDENT) -> Meter:
    """The meter for a batch: `probs` (N, 10), the judge's softmax for N generated samples."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[1] != 10 or len(probs) == 0:
        raise ValueError("probs must be (N, 10) with N > 0")
    counts = np.bincount(probs.argmax(1), minlength=10)
    fractions = counts / len(probs)
    return Meter(counts=counts, fractions=fractions, entropy_bits=entropy_bits(fractions),
                 confident_fraction=float((probs.max(1) >= threshold).mean()),
                 min_class_fraction=float(fractions.min()), n=len(probs))
