"""The page's current k-means run as a short standalone script: the same data, the same seeded
k-means++ and the same Lloyd loop, printing the inertia. Needs only torch (and numpy for --csv).

The data generators are copied from core/kmeans/datasets.py with inspect, so the script's points are
exactly the page's points; k-means is rewritten without chunking, to stay short."""
from __future__ import annotations

import inspect
import textwrap

from core.kmeans import datasets as cluster_data
from core.kmeans.datasets import ClusterDataConfig
from core.kmeans.clustering import KMeansConfig

_GENERATORS = {
    "blobs": (cluster_data.spread_centres, cluster_data.split_counts, cluster_data.blobs),
    "uneven": (cluster_data.spread_centres, cluster_data.split_counts, cluster_data.uneven_blobs),
    "moons": (cluster_data.moons,),
    "csv": (),
}

_CALLS = {
    "blobs": "blobs(N_POINTS, TRUE_CLUSTERS, generator)",
    "uneven": "uneven_blobs(N_POINTS, TRUE_CLUSTERS, generator)",
    "moons": "moons(N_POINTS, generator)",
}

_KMEANS = '''
def sq_dist(points, centres):
    """|x - c|^2 for every point and centre, as one matrix product."""
    d2 = torch.addmm((centres * centres).sum(1)[None], points, centres.T, alpha=-2.0)
    return (d2 + (points * points).sum(1, keepdim=True)).clamp_min(0.0)


def nearest(points, centroids):
    """Each point's nearest centroid: argmin of |c|^2 - 2 x.c (|x|^2 is the same for every c)."""
    return torch.addmm((centroids * centroids).sum(1)[None], points, centroids.T, alpha=-2.0).argmin(1)


def kmeans_plus_plus(points, k, generator, acc):
    """Greedy k-means++: each new centre is the best of 2 + ln k candidates, drawn in proportion
    to the squared distance to the nearest centre so far."""
    n, trials = len(points), 2 + int(math.log(k))
    first = int(torch.randint(n, (1,), generator=generator))
    centres, closest = [points[first]], ((points - points[first]) ** 2).sum(1)
    for _ in range(1, k):
        cumulative = closest.to(acc).cumsum(0)
        draws = torch.rand(trials, generator=generator, dtype=torch.float64).to(points.device, acc)
        candidates = torch.searchsorted(cumulative, draws * cumulative[-1]).clamp(max=n - 1)
        potentials = torch.minimum(sq_dist(points, points[candidates]), closest[:, None]).to(acc).sum(0)
        best = candidates[int(potentials.argmin())]
        centres.append(points[best])
        closest = torch.minimum(closest, ((points - points[best]) ** 2).sum(1))
    return torch.stack(centres)


def lloyd(points, centroids, max_iter, tol, acc):
    """Assign each point to its nearest centroid, move each centroid to its points' mean, repeat."""
    k, labels, done = len(centroids), None, 0
    for done in range(1, max_iter + 1):
        new_labels = nearest(points, centroids)
        if labels is not None and torch.equal(new_labels, labels):
            done -= 1  # nothing changed: converged without another move
            break
        labels = new_labels
        d2 = ((points - centroids[labels]) ** 2).sum(1)
        sums = torch.zeros(k, points.shape[1], dtype=acc, device=points.device).index_add_(0, labels, points.to(acc))
        counts = torch.bincount(labels, minlength=k)
        new = torch.where(counts[:, None] > 0, sums / counts.clamp_min(1)[:, None].to(acc), centroids.to(acc))
        new = new.to(points.dtype)
        empty = (counts == 0).nonzero().flatten()
        if len(empty):  # an empty cluster restarts at the point farthest from its centroid
            far = d2.topk(min(len(empty), len(d2))).indices
            new[empty[:len(far)]] = points[far]
        shift = float(((new - centroids) ** 2).to(acc).sum())
        centroids = new
        if shift <= tol:
            break
    labels = nearest(points, centroids)
    inertia = float(((points - centroids[labels]) ** 2).sum(1).to(acc).sum())
    return centroids, labels, inertia, done
'''

_MAIN = '''

def load_csv(path):
    import numpy as np
    try:
        return torch.from_numpy(np.loadtxt(path, delimiter=",", usecols=(0, 1), ndmin=2))
    except ValueError:  # a header row
        return torch.from_numpy(np.loadtxt(path, delimiter=",", usecols=(0, 1), ndmin=2, skiprows=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--max-iter", type=int, default=MAX_ITER)
    parser.add_argument("--csv", {csv_help}help="a CSV file of x,y points (header optional)")
    args = parser.parse_args()
    device = torch.device(args.device)
    acc = torch.float32 if device.type == "mps" else torch.float64  # MPS has no float64
    if args.csv:
        points = load_csv(args.csv)
    else:
        points = make_points()
    points = points.float().to(device)
    if len(points) < K:
        raise SystemExit(f"k = {{K}} needs at least {{K}} points; got {{len(points)}}")
    tol = float(points.to(acc).var(0, unbiased=False).mean()) * TOL  # relative, as in scikit-learn
    centroids = kmeans_plus_plus(points, K, torch.Generator().manual_seed(SEED), acc)
    centroids, labels, inertia, iterations = lloyd(points, centroids, args.max_iter, tol, acc)
    print(f"points: {{len(points)}}  k: {{K}}  iterations: {{iterations}}  device: {{device}}")
    for i, (c, n) in enumerate(zip(centroids.tolist(), torch.bincount(labels, minlength=K).tolist())):
        print(f"centroid {{i}}: ({{c[0]:.4f}}, {{c[1]:.4f}})  points: {{n}}")
    print(f"inertia: {{inertia:.6f}}")


if __name__ == "__main__":
    main()
'''


def _data_section(data: ClusterDataConfig) -> str:
    if data.kind == "csv":
        return ("\n\ndef make_points():\n"
                "    raise SystemExit(\"These points came from an uploaded CSV: pass it with --csv PATH\")\n")
    sources = "\n\n".join(textwrap.dedent(inspect.getsource(f)) for f in _GENERATORS[data.kind])
    return (f"\n\n{sources}\n\n"
            "def make_points():\n"
            f"    generator = torch.Generator().manual_seed(DATA_SEED)\n"
            f"    points, _ = {_CALLS[data.kind]}\n"
            "    return points\n")


def export_script(config: KMeansConfig, data_config: ClusterDataConfig) -> str:
    """A runnable Python script reproducing this k-means run (flags: --device, --max-iter, --csv)."""
    if data_config.kind == "csv":
        what = "points from a CSV file (--csv PATH)"
    else:
        what = (f"{data_config.n_points} '{data_config.kind}' points"
                + ("" if data_config.kind == "moons" else f" in {data_config.true_clusters} true clusters")
                + f" (data seed {data_config.seed})")
    header = (f'"""k-means (k={config.k}) on {what}: k-means++ seeding, then Lloyd\'s algorithm, in PyTorch.\n\n'
              'Exported from "Deep Learning: A Crash Course, live".\n'
              'Run: python kmeans_run.py [--device cpu|cuda|mps] [--max-iter N] [--csv points.csv]"""\n'
              "import argparse\nimport math\n\nimport torch\n\n"
              f"K = {config.k}\nSEED = {config.seed}  # k-means++ seed\nTOL = {config.tol!r}\nMAX_ITER = {config.max_iter}\n")
    if data_config.kind != "csv":
        header += (f"N_POINTS = {data_config.n_points}\nTRUE_CLUSTERS = {data_config.true_clusters}\n"
                   f"DATA_SEED = {data_config.seed}\n")
    csv_help = "required=True, " if data_config.kind == "csv" else ""
    return header + _data_section(data_config) + "\n" + _KMEANS + _MAIN.format(csv_help=csv_help)
