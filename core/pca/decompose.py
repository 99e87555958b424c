"""PCA with torch on any device: centre the rows, take the thin SVD, keep the leading right singular vectors.

For data X (n samples x d features) centred to Xc = U S Vᵀ, the principal directions are the rows of Vᵀ, each
sample's coordinates are U S, and the variance along component i is S_i² / (n - 1): the same conventions as
scikit-learn's PCA, including its sign rule (each component's largest-magnitude entry is positive), so the two can
be compared entry by entry. torch.pca_lowrank would be quicker for a few components, but it draws its random
projection from torch's global generator, which every session thread shares; the exact SVD needs no randomness."""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class PCAResult:
    mean: torch.Tensor  # (d,)
    components: torch.Tensor  # (k, d), orthonormal rows, most variance first
    explained_variance: torch.Tensor  # (k,)
    total_variance: float  # the sum over all d directions, so ratios need no full decomposition

    @property
    def explained_variance_ratio(self) -> torch.Tensor:
        return self.explained_variance / self.total_variance

    @property
    def n_components(self) -> int:
        return int(self.components.shape[0])

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        """Each row's coordinates along the components: (n, k)."""
        return (x.to(self.mean) - self.mean) @ self.components.T

    def reconstruct(self, scores: torch.Tensor, k: int | None = None) -> torch.Tensor:
        """Rows rebuilt from their first k coordinates: mean + Σ score_i · component_i."""
        k = self.n_components if k is None else k
        return scores[:, :k] @ self.components[:k] + self.mean


def pca(x: torch.Tensor, n_components: int | None = None) -> PCAResult:
    """The first `n_components` principal components of the rows of `x` (on x's device, in x's float dtype)."""
    if x.ndim != 2 or x.shape[0] < 2:
        raise ValueError("PCA needs a 2-D array of at least two rows")
    x = x if x.is_floating_point() else x.float()
    n, d = x.shape
    k = min(n, d) if n_components is None else n_components
    if not 1 <= k <= min(n, d):
        raise ValueError(f"n_components must be 1 to {min(n, d)}, got {k}")
    mean = x.mean(0)
    centred = x - mean
    _, s, vt = torch.linalg.svd(centred, full_matrices=False)
    vt = vt[:k]
    signs = torch.sign(vt.gather(1, vt.abs().argmax(1, keepdim=True)))  # scikit-learn's sign rule
    vt = vt * torch.where(signs == 0, 1.0, signs)
    total = float(centred.square().sum() / (n - 1))
    return PCAResult(mean, vt, s[:k].square() / (n - 1), total)
