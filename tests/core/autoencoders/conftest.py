"""Autoencoder core tests run on scikit-learn's embedded digits (small and always there)."""
import pytest


@pytest.fixture
def no_mnist(tmp_path, monkeypatch):
    empty = tmp_path / "empty-data"
    empty.mkdir()
    monkeypatch.setenv("DLCC_DATA_DIR", str(empty))
    return empty
