"""The `conv` benchmark task: its JSON keys, and a grid error of exactly 0."""
import torch

from bench.tasks import conv


def test_quick_run_reports_the_promised_keys():
    out = conv.run(torch.device("cpu"), quick=True)
    assert out["ms_conv_1024"] > 0 and out["seconds"] > 0
    assert out["grid_max_err"] == 0.0 and out["grid_settings"] >= 40
