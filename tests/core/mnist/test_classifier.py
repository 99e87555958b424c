"""The one classifier the GAN and adversarial pages call: trained, frozen, from the cache when it is there."""
from dataclasses import replace

import torch

from core import checkpoints
from core.mnist import classifier
from core.mnist.data import get_digits
from core.mnist.trainer import MnistTrainer, checkpoint_name, default_config


def accuracy(model, digits) -> float:
    with torch.no_grad():
        return (model(digits.test_x).argmax(1) == digits.test_y).float().mean().item()


def test_missing_checkpoint_is_trained_saved_frozen_and_shared(no_mnist, monkeypatch):
    monkeypatch.setattr(classifier, "_loaded", {})
    full = classifier.classifier_config()
    assert full.source == "sklearn-digits" and full.model == "fast_cnn"
    config = replace(full, epochs=2)  # a shorter run of the same recipe keeps the test quick
    monkeypatch.setattr(classifier, "classifier_config", lambda: config)
    assert checkpoints.load(checkpoint_name("fast_cnn"), config) is None
    model = classifier.load_classifier("cpu")
    assert not model.training and not any(p.requires_grad for p in model.parameters())
    assert accuracy(model, get_digits("sklearn-digits")) > 0.7  # chance is 0.1
    assert checkpoints.load(checkpoint_name("fast_cnn"), config) is not None  # the next process will not train
    assert classifier.load_classifier(torch.device("cpu")) is model


def test_a_cached_checkpoint_is_used_as_it_is(no_mnist, monkeypatch):
    monkeypatch.setattr(classifier, "_loaded", {})
    config = classifier.classifier_config()
    untrained = MnistTrainer(config)  # saved without a single step: if the loader trained, it would be good
    checkpoints.save(checkpoint_name("fast_cnn"), config, untrained.payload())
    model = classifier.load_classifier("cpu")
    assert not model.training and not any(p.requires_grad for p in model.parameters())
    assert accuracy(model, get_digits("sklearn-digits")) < 0.4
    torch.testing.assert_close(model.conv1.weight, untrained.model.conv1.weight)


def test_prepare_trains_all_three_page_defaults_into_the_cache(no_mnist, monkeypatch):
    trained = []

    def fake_training(config, device):  # an untrained trainer stands in: this checks the wiring, not the learning
        trained.append(config)
        return MnistTrainer(config, device)

    monkeypatch.setattr(classifier, "train_to_completion", fake_training)
    jobs = classifier.prepare_jobs()
    assert [label for label, _ in jobs] == ["MNIST: Dense net (784-128-10)", "MNIST: The talk's CNN", "MNIST: Fast CNN"]
    for _, run in jobs:
        run(torch.device("cpu"))
    assert [c.model for c in trained] == ["dense", "talk_cnn", "fast_cnn"]
    for config in trained:
        assert config == default_config(config.model, "sklearn-digits")  # what the page asks the cache for
        assert checkpoints.load(checkpoint_name(config.model), config) is not None
    assert jobs[0][1](torch.device("cpu")) == "already in the checkpoint cache" and len(trained) == 3


def test_the_shared_classifier_is_trained_without_label_smoothing():
    """It judges the GAN's digits by p >= 0.9; smoothing 0.1 capped it there (63.5% of real digits, not 97%)."""
    from core.mnist.classifier import classifier_config

    assert classifier_config("sklearn-digits").label_smoothing == 0.0
