"""MNIST as tensors on the device, from the IDX files in the data directory.

Order of preference: the four IDX files (raw or .gz) under <data dir>/MNIST/raw; else torchvision's
download into the cache; else scikit-learn's bundled 8x8 digits upscaled to 28x28, labelled as such.
The IDX files are read directly (gzip + numpy) because one shared .gz is re-compressed and would fail
torchvision's md5 check although its content is identical."""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from core.paths import cache_dir, data_dir

FILES = {
    "train_x": "train-images-idx3-ubyte",
    "train_y": "train-labels-idx1-ubyte",
    "test_x": "t10k-images-idx3-ubyte",
    "test_y": "t10k-labels-idx1-ubyte",
}
_IDX_DTYPES = {0x08: np.uint8}


@dataclass
class Digits:
    train_x: torch.Tensor  # (N, 1, 28, 28) float32 in [0, 1]
    train_y: torch.Tensor  # (N,) int64
    test_x: torch.Tensor
    test_y: torch.Tensor
    source: str  # "mnist" or "sklearn-digits"
    note: str  # one plain sentence for the UI


def read_idx(path: Path) -> np.ndarray:
    """Parse one IDX file (optionally gzipped): magic (2 zero bytes, dtype, ndim), big-endian dims, data."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path.name}: not an IDX file of unsigned bytes")
    ndim = raw[3]
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path.name}: header says {dims} but holds {data.size} values")
    return data.reshape(dims)


def mnist_roots() -> list[Path]:
    return [data_dir() / "MNIST" / "raw", cache_dir() / "MNIST" / "raw"]


def find_mnist_files() -> dict[str, Path] | None:
    """Paths of the four IDX files from the first root that has them all, or None."""
    for root in mnist_roots():
        found = {}
        for key, stem in FILES.items():
            for candidate in (root / stem, root / f"{stem}.gz"):
                if candidate.exists():
                    found[key] = candidate
                    break
        if len(found) == len(FILES):
            return found
    return None


def download_mnist() -> bool:
    """Let torchvision fetch MNIST into the cache. False (never an exception) without a network."""
    try:
        from torchvision.datasets import MNIST

        root = cache_dir()
        MNIST(root=str(root), train=True, download=True)
        MNIST(root=str(root), train=False, download=True)
        return True
    except Exception:
        return False


def _to_tensors(images: np.ndarray, labels: np.ndarray, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.from_numpy(images.copy()).to(device=device).unsqueeze(1).float().div_(255.0)
    y = torch.from_numpy(labels.astype(np.int64)).to(device)
    return x, y


def load_mnist(device: torch.device | str = "cpu") -> Digits | None:
    files = find_mnist_files()
    if files is None:
        return None
    arrays = {k: read_idx(p) for k, p in files.items()}
    device = torch.device(device)
    tx, ty = _to_tensors(arrays["train_x"], arrays["train_y"], device)
    vx, vy = _to_tensors(arrays["test_x"], arrays["test_y"], device)
    where = files["train_x"].parent
    return Digits(tx, ty, vx, vy, "mnist", f"MNIST: {len(ty):,} training and {len(vy):,} test images from {where}.")


def embedded_digits(test_fraction=0.2, seed=0):
    """scikit-learn's 8x8 digits upscaled to 20x20 and padded to 28x28 (as MNIST centres its digits), split with
    a seeded order: (train images, train labels, test images, test labels). Exported scripts copy this function."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    small = torch.from_numpy(bunch.images.astype(np.float32) / 16.0).unsqueeze(1)
    big = torch.nn.functional.interpolate(small, size=(20, 20), mode="bilinear", align_corners=False)
    images = torch.nn.functional.pad(big, (4, 4, 4, 4)).clamp_(0, 1)
    labels = torch.from_numpy(bunch.target.astype(np.int64))
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    n_test = int(len(labels) * test_fraction)
    test, train = order[:n_test], order[n_test:]
    return images[train], labels[train], images[test], labels[test]


def load_embedded_digits(device: torch.device | str = "cpu", test_fraction: float = 0.2, seed: int = 0) -> Digits:
    """scikit-learn's 1,797 bundled 8x8 digits, upscaled to 28x28 (20x20 centred, as MNIST is)."""
    device = torch.device(device)
    train_x, train_y, test_x, test_y = (t.to(device) for t in embedded_digits(test_fraction, seed))
    return Digits(
        train_x, train_y, test_x, test_y, "sklearn-digits",
        "MNIST is not in the data directory and could not be downloaded, so this uses scikit-learn's "
        f"{len(train_y) + len(test_y):,} bundled 8x8 digits, upscaled to 28x28.",
    )


def read_idx_head(path: Path, n: int) -> np.ndarray:
    """The first `n` items of an IDX file of unsigned bytes, reading only their bytes (not the whole file)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        head = f.read(4)
        if len(head) < 4 or head[0] != 0 or head[1] != 0 or head[2] not in _IDX_DTYPES:
            raise ValueError(f"{path.name}: not an IDX file of unsigned bytes")
        dims = tuple(int.from_bytes(f.read(4), "big") for _ in range(head[3]))
        n = min(n, dims[0]) if dims else 0
        per_item = int(np.prod(dims[1:])) if len(dims) > 1 else 1
        data = np.frombuffer(f.read(n * per_item), dtype=np.uint8)
    if data.size != n * per_item:
        raise ValueError(f"{path.name}: shorter than its header says")
    return data.reshape((n, *dims[1:]))


def load_preview(n: int = 20) -> tuple[np.ndarray, np.ndarray, str, str]:
    """The first `n` training digits as (images (n, 1, 28, 28) float32 in [0, 1], labels, source, note), for a
    thumbnail: only those bytes are read from MNIST; without it, the small embedded digits. Never downloads."""
    files = find_mnist_files()
    if files is not None:
        images = read_idx_head(files["train_x"], n)
        labels = read_idx_head(files["train_y"], n)
        return (images[:, None].astype(np.float32) / 255.0, labels.astype(np.int64), "mnist",
                f"The first {len(labels)} MNIST training digits, from {files['train_x'].parent}.")
    embedded = load_embedded_digits("cpu")
    return (embedded.train_x[:n].numpy(), embedded.train_y[:n].numpy(), embedded.source,
            "MNIST is not in the data directory, so these are scikit-learn's bundled 8x8 digits, upscaled to 28x28.")


def load_digits(device: torch.device | str = "cpu", allow_download: bool = True) -> Digits:
    """Real MNIST when it is there or can be fetched; otherwise the embedded digits, saying so."""
    found = load_mnist(device)
    if found is None and allow_download and download_mnist():
        found = load_mnist(device)
    return found if found is not None else load_embedded_digits(device)
