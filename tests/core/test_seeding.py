"""Seeded weights from a local generator: equal to torch's own seeded init, and safe across threads."""
import threading

import pytest
import torch
from torch import nn

from core.seeding import generator, init_parameters_, restore_generator, seeded_model


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


def test_core_never_draws_from_the_global_generators():
    """Every random draw in core/ names a local generator: no torch.manual_seed, no np.random.seed or legacy
    np.random.<draw>, no torch.rand*/randperm/normal or nn.init.* without generator=."""
    import ast

    from core.paths import PROJECT_ROOT

    torch_draws = {"rand", "randn", "randint", "randperm", "normal", "bernoulli", "multinomial", "rand_like",
                   "randn_like", "randint_like"}
    init_draws = {"uniform_", "normal_", "kaiming_uniform_", "kaiming_normal_", "xavier_uniform_", "xavier_normal_",
                  "trunc_normal_", "orthogonal_", "sparse_"}
    offenders = []
    for path in (PROJECT_ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            name, owner = node.func.attr, ast.unparse(node.func.value)
            keywords = {k.arg for k in node.keywords}
            bad = (name == "manual_seed" and owner in ("torch", "torch.cuda")
                   or owner == "np.random" and name != "default_rng"
                   or owner == "torch" and name in torch_draws and "generator" not in keywords
                   or owner in ("nn.init", "torch.nn.init") and name in init_draws and "generator" not in keywords)
            if bad:
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {owner}.{name}")
    assert not offenders, offenders


# What a CUDA generator's get_state() returns (16 bytes: seed and offset), which a CPU generator refuses.
CUDA_STYLE_STATE = torch.zeros(16, dtype=torch.uint8)


def test_a_generator_state_from_another_device_reseeds_instead_of_failing():
    g = generator(3)
    g.manual_seed(99)
    restore_generator(g, generator(5).get_state(), reseed=11)  # the same kind: the state itself
    assert torch.equal(torch.rand(4, generator=g), torch.rand(4, generator=generator(5)))
    with pytest.raises(RuntimeError):
        generator(3).set_state(CUDA_STYLE_STATE)  # what loading such a checkpoint did
    restore_generator(g, CUDA_STYLE_STATE, reseed=11)
    assert torch.equal(torch.rand(4, generator=g), torch.rand(4, generator=generator(11)))
