"""The one trained MNIST classifier other pages call (the GAN page judges its digits with it, adversarial
examples attack it): the fast CNN of the MNIST page, from the checkpoint cache, trained once if missing.

    from core.mnist.classifier import load_classifier
    model = load_classifier(device)      # frozen, eval mode; input (N, 1, 28, 28) in [0, 1], output logits (N, 10)
"""
from __future__ import annotations

import threading

import torch
from torch import nn

from core import checkpoints
from core.mnist.data import available_source
from core.mnist.trainer import MnistConfig, build_model, checkpoint_name, default_config, train_to_completion

MODEL = "fast_cnn"
_loaded: dict[tuple, nn.Module] = {}
_lock = threading.Lock()


def classifier_config(source: str | None = None) -> MnistConfig:
    """The config of the shared classifier: the MNIST page's default fast CNN, on MNIST when it is there."""
    return default_config(MODEL, source or available_source())


def load_classifier(device: torch.device | str = "cpu") -> nn.Module:
    """A trained, frozen CNN on `device` (parameters without gradients, eval mode), shared by every caller.

    Read from the checkpoint cache (which `python -m core.prepare` fills); trained and saved there if missing
    (about half a minute on a laptop CPU). Never mutate it: it is the same object for every session."""
    device = torch.device(device)
    config = classifier_config()
    key = (checkpoints.checkpoint_path(checkpoint_name(MODEL), config), str(device))
    with _lock:
        if key not in _loaded:
            saved = checkpoints.load(checkpoint_name(MODEL), config)
            if saved is None:
                trainer = train_to_completion(config, device)
                saved = trainer.payload()
                try:
                    checkpoints.save(checkpoint_name(MODEL), config, saved)
                except OSError:  # a read-only cache costs the next start-up, not this call
                    pass
            model = build_model(config)
            model.load_state_dict(saved["model"])
            _loaded[key] = freeze(model.to(device))
        return _loaded[key]


def freeze(model: nn.Module) -> nn.Module:
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def prepare_jobs():
    """All three MNIST networks at the page's defaults (the fast CNN is also the shared classifier). The data
    source is looked up when a job runs, after `core.prepare` has had its chance to download MNIST."""
    from core.mnist.models import MODELS

    def job(model: str):
        def run(device: torch.device) -> str:
            config = default_config(model, available_source())
            return checkpoints.train_once(checkpoint_name(model), config, train_to_completion, device)
        return run

    return [(f"MNIST: {spec.label}", job(name)) for name, spec in MODELS.items()]
