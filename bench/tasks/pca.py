"""Eigendogs PCA: 4,000 augmented 64 x 64 grayscale images (scikit-image's cat, so no data directory is needed),
the first 100 components by torch.linalg.svd on the device against scikit-learn's PCA (full SVD, the exact
solver, like for like) on the CPU in the same run. explained_variance_diff is the largest difference in explained
variance ratio over those 100 components (target <= 1e-3). Best of 2 timings each; data already in place."""
from __future__ import annotations

import torch

from bench.timing import best_time

NAME = "pca"
COMPONENTS = 100


def run(device: torch.device, quick: bool) -> dict:
    import numpy as np
    import skimage.data
    from sklearn.decomposition import PCA

    from core.pca.augment import AugmentConfig, augment, normalise, to_small_gray
    from core.pca.decompose import pca

    n, size = (1000, 32) if quick else (4000, 64)
    cfg = AugmentConfig(n_images=n, size=size, seed=0)
    images = normalise(augment([to_small_gray(skimage.data.chelsea() / 255.0, size)], cfg)).reshape(n, -1)
    x_device = images.to(device)
    x_numpy = images.numpy()
    pca(x_device[:200], 10)  # warm-up: library loading is not PCA
    seconds_torch, ours = best_time(lambda: pca(x_device, COMPONENTS), device, repeats=2)
    seconds_sklearn, ref = best_time(lambda: PCA(n_components=COMPONENTS, svd_solver="full").fit(x_numpy), repeats=2)
    diff = float(np.abs(ours.explained_variance_ratio.cpu().numpy() - ref.explained_variance_ratio_).max())
    return {
        "n_images": n,
        "pixels": size * size,
        "explained_variance_diff": diff,
        "within_target": diff <= 1e-3,
        "seconds_torch": round(seconds_torch, 3),
        "seconds_sklearn": round(seconds_sklearn, 3),
        "speedup_vs_sklearn": round(seconds_sklearn / seconds_torch, 2),
        "seconds": seconds_torch,
    }
