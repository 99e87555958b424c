"""Seeded weights from a local generator: equal to torch's own seeded init, and safe across threads."""
import threading

import pytest
import torch
from torch import nn

from core.seeding import generator, init_parameters_, seeded_model


def _zoo() -> nn.Module:
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(4, 5), nn.LayerNorm(5),
                         nn.Embedding(7, 5, padding_idx=0), nn.LSTM(5, 6, num_layers=2), nn.ConvTranspose2d(2, 3, 3))


def test_same_weights_as_torch_manual_seed():
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(123)
        reference = _zoo()
    ours = seeded_model(_zoo, 123)
    for (name, a), (_, b) in zip(reference.state_dict().items(), ours.state_dict().items(), strict=True):
        assert torch.equal(a, b), name


def test_does_not_touch_the_global_generator():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    seeded_model(_zoo, 1)
    assert torch.equal(torch.rand(3), expected)


def test_unknown_layer_with_parameters_is_refused():
    class Odd(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.zeros(2))

    with pytest.raises(TypeError, match="Odd"):
        init_parameters_(Odd(), generator(0))


def test_concurrent_threads_each_get_their_seeds_weights():
    expected = {seed: seeded_model(lambda: nn.Linear(8, 8), seed).weight.clone() for seed in range(4)}
    wrong = []

    def build(seed: int) -> None:
        for _ in range(60):
            torch.manual_seed(999)  # what a careless neighbour might do meanwhile
            if not torch.equal(seeded_model(lambda: nn.Linear(8, 8), seed).weight, expected[seed]):
                wrong.append(seed)

    threads = [threading.Thread(target=build, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong
