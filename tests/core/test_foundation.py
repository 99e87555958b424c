"""Device choice, the data directory, the checkpoint cache, MNIST loading, and core/'s purity."""
import ast
import gzip
from pathlib import Path

import numpy as np
import pytest
import torch

from core.data import mnist
from core.device import pick_device
from core.paths import PROJECT_ROOT, cache_dir, data_dir
from tests.conftest import needs_real_data, real_data_dir


def test_core_and_bench_import_no_streamlit_or_plotly():
    offenders = []
    for folder in ("core", "bench"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                if any(n.split(".")[0] in ("streamlit", "plotly", "figures", "ui") for n in names):
                    if folder == "core" or node.col_offset == 0:  # bench may import lazily inside a function
                        offenders.append(f"{path.relative_to(PROJECT_ROOT)}: {names}")
    assert not offenders, offenders


def test_device_forced_and_rejected(monkeypatch):
    monkeypatch.setenv("DLCC_DEVICE", "cpu")
    assert pick_device().type == "cpu"
    monkeypatch.setenv("DLCC_DEVICE", "tpu")
    with pytest.raises(ValueError):
        pick_device()
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError):
            pick_device("cuda")
    monkeypatch.delenv("DLCC_DEVICE")
    assert pick_device().type in ("cpu", "cuda", "mps")


def test_data_dir_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DLCC_CACHE_DIR")
    assert data_dir() == tmp_path.resolve() and cache_dir() == tmp_path.resolve() / "cache"
    monkeypatch.delenv("DLCC_DATA_DIR")
    assert data_dir() == PROJECT_ROOT / "data"


def _write_idx(path: Path, array: np.ndarray, gz: bool):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    data = header + array.astype(np.uint8).tobytes()
    path.write_bytes(gzip.compress(data) if gz else data)


def test_mnist_reads_raw_and_gz_idx(monkeypatch, tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    imgs, labels = rng.integers(0, 256, (5, 28, 28)), rng.integers(0, 10, 5)
    _write_idx(raw / "train-images-idx3-ubyte.gz", imgs, gz=True)
    _write_idx(raw / "train-labels-idx1-ubyte", labels, gz=False)
    _write_idx(raw / "t10k-images-idx3-ubyte", imgs[:2], gz=False)
    _write_idx(raw / "t10k-labels-idx1-ubyte.gz", labels[:2], gz=True)
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    d = mnist.load_mnist("cpu")
    assert d.source == "mnist" and d.train_x.shape == (5, 1, 28, 28) and d.test_y.tolist() == labels[:2].tolist()
    assert torch.allclose(d.train_x[0, 0] * 255, torch.from_numpy(imgs[0]).float())
    (raw / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x09abc"))
    with pytest.raises(ValueError):
        mnist.load_mnist("cpu")


def test_embedded_digits_fallback_without_data_or_network(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(mnist, "download_mnist", lambda: False)
    d = mnist.load_digits("cpu")
    assert d.source == "sklearn-digits" and "scikit-learn" in d.note
    assert d.train_x.shape[1:] == (1, 28, 28) and len(d.train_y) + len(d.test_y) == 1797
    assert 0 <= d.train_x.min() and d.train_x.max() <= 1


@needs_real_data
def test_real_mnist_loads_in_full(monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    d = mnist.load_mnist("cpu")
    assert d is not None and len(d.train_y) == 60000 and len(d.test_y) == 10000
    assert d.train_y.bincount().min() > 5000
