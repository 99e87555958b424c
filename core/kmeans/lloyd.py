"""k-means' arithmetic as small pure functions: centring, k-means++ seeding, Lloyd's two half-steps (assign, move).

Written to match scikit-learn's KMeans (greedy k-means++, relative tol, empty clusters moved to far points,
data centred once) so the two can be compared number for number, and to run on any torch device. Distances
are computed in row chunks, so a million points never need more than a few MB at once. The stepper
(core/kmeans/clustering.py) runs them, and the exported script copies them, so both run the same code."""
from __future__ import annotations

import math

import torch

CHUNK_ELEMENTS = 1 << 22  # distances held at once (4M floats = 16 MB): a million points x k=10 in 3 chunks


def accumulate_dtype(device: torch.device) -> torch.dtype:
    return torch.float32 if device.type == "mps" else torch.float64  # MPS has no float64


def row_chunks(n_rows: int, n_cols: int):
    step = max(1, CHUNK_ELEMENTS // max(1, n_cols))
    for start in range(0, n_rows, step):
        yield slice(start, min(n_rows, start + step))


def centre_points(points: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(points less their mean, the mean), the subtraction done in float64 where the device has it.

    The |c|^2 - 2 x.c shortcut below loses the difference between nearby centres when |x| is large (map
    coordinates, years): in float32 at 10^4 from the origin it mislabels points. scikit-learn centres the data
    once for the same reason; distances, and so the clustering, do not change."""
    acc = accumulate_dtype(points.device)
    mean = points.to(acc).mean(0)
    return (points.to(acc) - mean).to(points.dtype), mean


def centre_scores(points: torch.Tensor, centres: torch.Tensor, centre_norms: torch.Tensor) -> torch.Tensor:
    """|c|^2 - 2 x.c: the squared distance less |x|^2, which is the same for every centre of a point,
    so its argmin is the nearest centre. One matmul, no (n, k, d) difference tensor. Needs centred data."""
    return torch.addmm(centre_norms.unsqueeze(0), points, centres.T, alpha=-2.0)


def nearest_centroid(points: torch.Tensor, centroids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(label of the nearest centroid, squared distance to it) for every (centred) point, chunk by chunk.

    The argmin uses the fast matmul form; the returned distance is recomputed directly from the difference."""
    labels = torch.empty(points.shape[0], dtype=torch.long, device=points.device)
    norms = (centroids * centroids).sum(1)
    for rows in row_chunks(points.shape[0], centroids.shape[0]):
        labels[rows] = centre_scores(points[rows], centroids, norms).argmin(1)
    d2 = ((points - centroids[labels]) ** 2).sum(1)
    return labels, d2


def kmeans_plus_plus(points: torch.Tensor, k: int, generator: torch.Generator) -> torch.Tensor:
    """Greedy k-means++ (as in scikit-learn): each new centre is the best of 2 + ln k candidates drawn
    with probability proportional to the squared distance to the nearest centre so far.

    The random numbers come from the local CPU generator, so a seed gives the same centres on every device
    and no other session's randomness can change them."""
    n, device = points.shape[0], points.device
    acc = accumulate_dtype(device)
    trials = 2 + int(math.log(k))
    point_norms = (points * points).sum(1, keepdim=True)
    first = int(torch.randint(n, (1,), generator=generator))
    centres = [points[first]]
    closest = ((points - points[first]) ** 2).sum(1)
    for _ in range(1, k):
        cumulative = closest.to(acc).cumsum(0)
        draws = torch.rand(trials, generator=generator, dtype=torch.float64).to(device=device, dtype=acc)
        candidates = torch.searchsorted(cumulative, draws * cumulative[-1]).clamp_(max=n - 1)
        cand = points[candidates]
        cand_norms = (cand * cand).sum(1)
        potentials = torch.zeros(trials, dtype=acc, device=device)
        for rows in row_chunks(n, trials):  # the total left if each candidate were chosen
            d2 = (centre_scores(points[rows], cand, cand_norms) + point_norms[rows]).clamp_(min=0.0)
            potentials += torch.minimum(d2, closest[rows, None]).to(acc).sum(0)
        best = candidates[int(potentials.argmin())]
        centres.append(points[best])
        closest = torch.minimum(closest, ((points - points[best]) ** 2).sum(1))
    return torch.stack(centres)


def cluster_sums(points: torch.Tensor, labels: torch.Tensor, k: int, one_hot: bool | None = None) -> torch.Tensor:
    """Per-cluster coordinate sums, accumulated in float64 where the device has it.

    On a GPU, index_add_ would send a million atomic adds to k rows, which serialise; a one-hot
    matrix product per chunk is contention-free. On a CPU index_add_ is the faster of the two."""
    acc = accumulate_dtype(points.device)
    if one_hot is None:
        one_hot = points.device.type != "cpu"
    if not one_hot:
        return torch.zeros(k, points.shape[1], dtype=acc, device=points.device).index_add_(0, labels, points.to(acc))
    sums = torch.zeros(k, points.shape[1], dtype=acc, device=points.device)
    for rows in row_chunks(points.shape[0], k):
        sums += torch.nn.functional.one_hot(labels[rows], k).to(acc).T @ points[rows].to(acc)
    return sums


def move_centroids(points: torch.Tensor, labels: torch.Tensor, sq_dist: torch.Tensor,
                   centroids: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Each centroid to the mean of its points. A centroid that lost all its points jumps to the point
    farthest from its own centroid (scikit-learn does the same), so k clusters stay k clusters.
    Returns (new centroids, number of empty clusters that were moved)."""
    k, acc = centroids.shape[0], accumulate_dtype(points.device)
    sums = cluster_sums(points, labels, k)
    counts = torch.bincount(labels, minlength=k)
    new = torch.where(counts[:, None] > 0, sums / counts.clamp_min(1)[:, None].to(acc), centroids.to(acc))
    new = new.to(points.dtype)
    empty = (counts == 0).nonzero().flatten()
    if len(empty):
        far = sq_dist.topk(min(len(empty), len(sq_dist))).indices
        new[empty[:len(far)]] = points[far]
    return new, int(len(empty))


def relative_tol(points: torch.Tensor, tol: float) -> float:
    """scikit-learn's tolerance: `tol` times the data's mean per-axis variance (a squared distance)."""
    return float(points.to(accumulate_dtype(points.device)).var(0, unbiased=False).mean()) * tol


def squared_shift(old: torch.Tensor, new: torch.Tensor) -> float:
    """How far the centroids moved in one step: the sum of their squared displacements."""
    return float(((new - old) ** 2).to(accumulate_dtype(new.device)).sum())


def lloyd_iterations(points: torch.Tensor, centroids: torch.Tensor,
                     iterations: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Exactly `iterations` Lloyd steps from given centroids (no early stop), then the final labels.
    The benchmark times this against scikit-learn started from the same centroids. Expects centred data."""
    for _ in range(iterations):
        labels, d2 = nearest_centroid(points, centroids)
        centroids, _ = move_centroids(points, labels, d2, centroids)
    labels, _ = nearest_centroid(points, centroids)
    return centroids, labels


def inertia(points: torch.Tensor, centroids: torch.Tensor) -> float:
    """Sum of squared distances from each point to its nearest centroid (what k-means minimises)."""
    shift = centroids.to(accumulate_dtype(points.device)).mean(0)
    _, d2 = nearest_centroid((points.to(shift.dtype) - shift).to(points.dtype),
                             (centroids.to(shift.dtype) - shift).to(centroids.dtype))
    return float(d2.to(accumulate_dtype(points.device)).sum())
