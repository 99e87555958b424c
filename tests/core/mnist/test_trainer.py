"""The live trainer: a short run beats chance by far; a checkpoint resumes exactly; the recipes are valid."""
import numpy as np
import pytest
import torch

from core.mnist.models import MODELS, conv_layers
from core.mnist.trainer import MnistConfig, MnistTrainer, build_model, default_config, one_cycle
from tests.conftest import needs_real_data, real_data_dir


def test_a_short_run_on_the_embedded_digits_beats_chance_by_far(no_mnist):
    trainer = MnistTrainer(default_config("dense", "sklearn-digits", epochs=3, log_every=5))
    assert trainer.data.source == "sklearn-digits"
    before = trainer.evaluate().accuracy
    trainer.step(10_000)  # clipped to the last step of the last epoch
    assert trainer.steps_done == trainer.total_steps == 3 * (1437 // 64)
    after = trainer.report.accuracy
    assert before < 0.3 and after > 0.8, (before, after)
    assert trainer.epochs["epoch"] == [1, 2, 3] and trainer.epochs["test_acc"][-1] == after
    h = trainer.history
    assert h["step"][-1] == trainer.total_steps and h["train_loss"][-1] < h["train_loss"][0]
    assert h["test_acc"][-1] > 0.8 and len(set(map(len, h.values()))) == 1


@needs_real_data
def test_the_fast_cnn_learns_real_mnist_in_a_few_steps(monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    trainer = MnistTrainer(default_config("fast_cnn", "mnist", train_size=2048, epochs=2, batch_size=128,
                                          learning_rate=0.2, log_every=100))
    trainer.evaluate_epochs = False  # measured below on 1,000 test digits, not all 10,000
    trainer.step(trainer.total_steps)
    probs = trainer.predict(trainer.data.test_x[:1000])
    accuracy = (probs.argmax(1) == trainer.data.test_y[:1000]).float().mean().item()
    assert trainer.steps_done == 32 and accuracy > 0.6  # chance is 0.10


def test_a_checkpoint_resumes_exactly_where_it_stopped(no_mnist):
    config = default_config("talk_cnn", "sklearn-digits", epochs=1, train_size=128, batch_size=16, log_every=3)
    straight = MnistTrainer(config)
    straight.step(6)
    half = MnistTrainer(config)
    half.step(3)
    resumed = MnistTrainer(config)
    resumed.load_payload(half.payload())  # batch order, dropout masks, optimiser moments all carry over
    resumed.step(3)
    x = straight.data.test_x[:50]
    torch.testing.assert_close(resumed.predict(x), straight.predict(x), rtol=0, atol=0)
    assert resumed.history["train_loss"] == straight.history["train_loss"]


def test_same_seed_same_weights_other_seed_other_weights():
    a, b = build_model(MnistConfig(model="fast_cnn", seed=3)), build_model(MnistConfig(model="fast_cnn", seed=3))
    c = build_model(MnistConfig(model="fast_cnn", seed=4))
    assert torch.equal(a.conv1.weight, b.conv1.weight) and not torch.equal(a.conv1.weight, c.conv1.weight)


@pytest.mark.parametrize("name", list(MODELS))
def test_every_network_maps_digits_to_ten_logits(name):
    model = MODELS[name].build()
    assert model(torch.rand(3, 1, 28, 28)).shape == (3, 10)
    assert bool(conv_layers(model)) == (name != "dense")


def test_the_talk_cnn_is_the_talks_architecture():
    m = MODELS["talk_cnn"].build()
    assert [m.conv1.out_channels, m.conv2.out_channels, m.conv1.kernel_size] == [32, 64, (3, 3)]
    assert m.dropout1.p == 0.25 and m.dense1.out_features == 128 and m.dense2.out_features == 10


def test_one_cycle_warms_up_then_anneals():
    factors = np.array([one_cycle(i, 100) for i in range(100)])
    assert factors[0] == pytest.approx(0.1) and factors.argmax() == 25 and factors[-1] < 0.03


@pytest.mark.parametrize("bad", [dict(model="resnet"), dict(source="cifar"), dict(epochs=0), dict(learning_rate=0)])
def test_bad_configs_are_refused(bad):
    with pytest.raises(ValueError):
        MnistConfig(**bad)


@pytest.mark.parametrize("native", [True, False])
def test_the_fast_cnn_trains_in_bfloat16_only_where_the_chip_has_it(native, monkeypatch, no_mnist):
    monkeypatch.setattr("core.mnist.trainer.bf16_native", lambda device: native)
    trainer = MnistTrainer(default_config("fast_cnn", "sklearn-digits", train_size=64, batch_size=32))
    seen = []
    trainer.model.dense.register_forward_hook(lambda module, inputs, output: seen.append(output.dtype))
    trainer.step(1)
    trainer.predict(trainer.data.test_x[:4])
    assert seen == [torch.bfloat16 if native else torch.float32, torch.float32]  # evaluation stays float32
    assert trainer.model.conv1.weight.dtype == torch.float32


def test_bf16_native_matches_the_cpus_flags():
    from pathlib import Path

    from core.device import bf16_native

    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        pytest.skip("no /proc/cpuinfo to compare with on this system")
    flags = set(cpuinfo.read_text().split())
    assert bf16_native(torch.device("cpu")) == bool({"avx512_bf16", "amx_tile"} & flags)
    assert bf16_native(torch.device("meta")) is False
