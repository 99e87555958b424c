"""What broke on a lent H100 (python -m bench --device cuda, and the page tests with DLCC_DEVICE=cuda): each topic's
trainer steps, reports and draws on a GPU, and a checkpoint prepared on the CPU opens there. CI has no GPU: these
skip there and run on a GPU machine (`DLCC_DEVICE=cuda .venv/bin/python -m pytest tests/core/test_on_cuda.py`)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def test_text_trainer_steps_and_scores_on_cuda():
    from core.text_rnn.source import EMBEDDED, load_choice
    from core.text_rnn.trainer import TextConfig, TextTrainer

    trainer = TextTrainer(TextConfig(text=EMBEDDED, total_steps=10, eval_every=5), load_choice(EMBEDDED).text, "cuda")
    trainer.step(5)  # the windows' indices were made on the CPU beside a text on the GPU
    assert trainer.steps_done == 5 and math.isfinite(trainer.held_out_nats(max_tokens=2000))


def test_autoencoder_logs_and_decodes_its_own_codes_on_cuda():
    from core.autoencoders.digits import DigitsConfig, DigitsTrainer

    trainer = DigitsTrainer(DigitsConfig(source="sklearn-digits", total_steps=20, log_every=10), "cuda")
    trainer.step(20)  # logging decodes the test codes: they went through numpy, which a GPU tensor refuses
    assert trainer.steps_done == 20 and len(trainer.history["test_mse"]) >= 2
    x = trainer.data.test_x[:5]
    from_codes = trainer.decode(trainer.encode(x))
    from_list = trainer.decode(trainer.encode(x).cpu().tolist())
    assert from_codes.device.type == "cuda" and torch.allclose(from_codes, from_list)


def test_an_overfitting_checkpoint_prepared_on_the_cpu_opens_on_cuda():
    from core.overfitting.trainer import OverfitTrainer, default_config

    prepared = OverfitTrainer(default_config())
    prepared.step(3)
    on_gpu = OverfitTrainer(default_config(), "cuda")
    on_gpu.load_payload(prepared.payload())  # a CUDA generator refused the CPU generator's state
    on_gpu.step(2)
    assert on_gpu.steps_done == 5
    assert all(np.isfinite(run.history["val_loss"]).all() for run in on_gpu.runs.values())
