"""MNIST core tests use scikit-learn's embedded digits unless a test asks for the real data."""
import pytest


@pytest.fixture
def no_mnist(tmp_path, monkeypatch):
    """An empty data directory: the loaders must fall back to scikit-learn's digits."""
    empty = tmp_path / "empty-data"
    empty.mkdir()
    monkeypatch.setenv("DLCC_DATA_DIR", str(empty))
    return empty
