"""The two lead-ins before the dogs.

Elephants: age, length, ear size, tusk length and weight, where (in this imaginary species) ear size follows
age exactly. Five numbers per elephant, but only four independent ones: PCA finds a direction that carries almost
no variance, and that direction is made of age and ear size.

Three photos mixed: each picture is some amount of photo A plus some of B plus some of C (the seed mixes fire,
cloud and a parrot; these are photos that ship with scikit-image). However many such pictures there are, PCA finds
three components that explain all of the variance, so each picture is three numbers, and it is rebuilt exactly from
them (plus the mean picture and the three components)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = ("age (years)", "length (m)", "ear size (m²)", "tusk length (m)", "weight (t)")
MIX_PHOTOS = ("chelsea", "coffee", "astronaut")  # the seed's fire, cloud and parrot are not in scikit-image


def elephants(n: int = 200, seed: int = 0, ear_noise: float = 0.0) -> np.ndarray:
    """(n, 5) features. Ear size = 0.02·age + 0.4 (plus `ear_noise`); the others follow age loosely."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(2.0, 60.0, n)
    grown = 1.0 - np.exp(-age / 15.0)  # elephants grow fast, then slowly
    length = 3.0 + 3.5 * grown + rng.normal(0.0, 0.35, n)
    ears = 0.02 * age + 0.4 + rng.normal(0.0, ear_noise, n)
    tusks = 0.2 + 1.8 * grown * rng.uniform(0.5, 1.0, n) + rng.normal(0.0, 0.15, n)
    weight = 1.0 + 5.0 * grown + rng.normal(0.0, 0.6, n)
    return np.stack([age, length, ears, tusks, weight], axis=1)


def standardise(x: np.ndarray) -> np.ndarray:
    """Each feature to mean 0 and standard deviation 1, so metres and tonnes count alike."""
    return (x - x.mean(0)) / x.std(0)


@dataclass
class Mixtures:
    photos: np.ndarray  # (3, H, W, 3) float in [0, 1]: the ingredients
    amounts: np.ndarray  # (n, 3): how much of each photo is in each picture
    pictures: np.ndarray  # (n, H, W, 3)


def load_mix_photos(size: int = 96) -> np.ndarray:
    """The three scikit-image photos, square-cropped and shrunk to size x size, RGB floats."""
    import skimage.data
    from skimage.transform import resize

    out = []
    for name in MIX_PHOTOS:
        image = np.asarray(getattr(skimage.data, name)(), dtype=np.float64)[..., :3] / 255.0
        h, w = image.shape[:2]
        side = min(h, w)
        top, left = (h - side) // 2, (w - side) // 2
        out.append(resize(image[top:top + side, left:left + side], (size, size), anti_aliasing=True))
    return np.stack(out)


def mix(photos: np.ndarray, n: int = 8, seed: int = 0) -> Mixtures:
    """n pictures, each an independent random amount (0.1 to 1) of every photo, scaled to stay in [0, 1]."""
    amounts = np.random.default_rng(seed).uniform(0.1, 1.0, (n, len(photos))) / len(photos)
    pictures = np.tensordot(amounts, photos, axes=1)
    return Mixtures(photos, amounts, pictures)


def amounts_from(pictures: np.ndarray, photos: np.ndarray) -> np.ndarray:
    """How much of each photo a picture holds, by least squares: the seed's bars under each mixture."""
    a = photos.reshape(len(photos), -1).T
    solution, *_ = np.linalg.lstsq(a, pictures.reshape(len(pictures), -1).T, rcond=None)
    return solution.T
