"""Core tests train tiny networks: one intra-op thread is as fast as two, and on a shared, busy machine two
threads spinning on each other made the small-vs-big training 40x slower (measured: 66 s against 1.9 s)."""
import pytest
import torch

torch.set_num_threads(1)


@pytest.fixture
def no_mnist(tmp_path, monkeypatch):
    """An empty data directory: the loaders must fall back to scikit-learn's digits."""
    empty = tmp_path / "empty-data"
    empty.mkdir()
    monkeypatch.setenv("DLCC_DATA_DIR", str(empty))
    return empty
