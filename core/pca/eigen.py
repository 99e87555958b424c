"""Eigendogs: PCA on many small normalised images of one subject. The components are images themselves (the
eigen-images); each picture is a mean image plus a weighted sum of them, so k weights describe it instead of
size² pixels, and the first few hundred rebuild it nearly exactly."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.pca.augment import AugmentConfig, augment, normalise, originals, to_small_gray
from core.pca.decompose import PCAResult, pca

MAX_COMPONENTS = 500


@dataclass
class Eigen:
    originals: torch.Tensor  # (m, s, s) the photos themselves, normalised (CPU)
    images: torch.Tensor  # (n, s, s) the augmented set PCA was fitted on, normalised (CPU)
    result: PCAResult  # on the device it was computed on
    original_scores: torch.Tensor  # (m, k) the photos' coordinates along the components

    @property
    def size(self) -> int:
        return int(self.images.shape[-1])

    def eigen_images(self, count: int) -> np.ndarray:
        return self.result.components[:count].reshape(-1, self.size, self.size).cpu().numpy()

    def rebuild(self, k: int) -> np.ndarray:
        """The photos rebuilt from their first k coordinates (m, s, s)."""
        return self.result.reconstruct(self.original_scores, k).reshape(-1, self.size, self.size).cpu().numpy()

    def cumulative_ratio(self) -> np.ndarray:
        return torch.cumsum(self.result.explained_variance_ratio, 0).cpu().numpy()


def storage(n_images: int, pixels: int, k: int) -> dict[str, float]:
    """Numbers to keep: every pixel of every image, against k weights per image plus the k eigen-images and mean."""
    raw = n_images * pixels
    compressed = n_images * k + (k + 1) * pixels
    return {"pixels_per_image": pixels, "numbers_per_image": k, "ratio_per_image": pixels / k,
            "raw_numbers": raw, "compressed_numbers": compressed, "ratio_with_components": raw / compressed}


def fit_eigen(images: torch.Tensor, photos: torch.Tensor, device: torch.device | str = "cpu",
              max_components: int = MAX_COMPONENTS) -> Eigen:
    """PCA of normalised `images` (n, s, s) on `device`; `photos` (m, s, s) are projected for the reconstructions."""
    images, photos = normalise(images), normalise(photos)
    flat = images.reshape(len(images), -1).to(device)
    k = min(max_components, *flat.shape)
    result = pca(flat, k)
    scores = result.transform(photos.reshape(len(photos), -1).to(device))
    return Eigen(photos, images, result, scores)


def eigen_from_photos(photos_rgb: list[np.ndarray], cfg: AugmentConfig, device: torch.device | str = "cpu",
                      shown: int = 6) -> Eigen:
    """Photos of one subject -> augmented into cfg.n_images small grayscale images -> PCA. The pictures to rebuild
    are the photos themselves, topped up with augmented ones to `shown` (the seed rebuilds six dogs)."""
    bases = [to_small_gray(p, cfg.size) for p in photos_rgb]
    images = augment(bases, cfg)
    extra = images[len(bases):max(len(bases), shown)]
    return fit_eigen(images, torch.cat([originals(bases, cfg.size), extra]), device)


def eigen_from_digits(images: torch.Tensor, n_photos: int = 6, device: torch.device | str = "cpu") -> Eigen:
    """Real handwritten digits of one class (n, 28, 28): no augmentation needed, there are thousands."""
    return fit_eigen(images, images[:n_photos], device)


def digits_of_class(digit: int, n: int) -> tuple[torch.Tensor, str]:
    """Up to n MNIST training images of `digit` (scikit-learn's digits when MNIST is absent), and the source."""
    from core.data.mnist import load_digits

    digits = load_digits("cpu", allow_download=False)
    chosen = digits.train_x[digits.train_y == digit][:n, 0]
    return chosen, digits.note
