"""The page's current k-means run as a short standalone script: the same data, the same seeded k-means++ and
the same Lloyd loop, printing the inertia. Needs torch and numpy (scikit-learn for the moons).

Everything it runs is copied from the app with core.export.build_script: the data generators
(core/kmeans/datasets.py), the arithmetic (core/kmeans/lloyd.py) and the stepper the page drives
(core/kmeans/clustering.py), so the script cannot drift from the page."""
from __future__ import annotations

import numpy as np

from core import seeding
from core.export import build_script
from core.kmeans import clustering, datasets, lloyd
from core.kmeans.clustering import KMeansConfig
from core.kmeans.datasets import ClusterDataConfig

_ARITHMETIC = (seeding.generator, lloyd.accumulate_dtype, lloyd.row_chunks, lloyd.centre_points, lloyd.centre_scores,
               lloyd.nearest_centroid, lloyd.kmeans_plus_plus, lloyd.cluster_sums, lloyd.move_centroids,
               lloyd.relative_tol, lloyd.squared_shift, clustering.KMeansConfig, clustering.KMeansStepper)
# generate() dispatches on the kind, so the script carries every generator it may call.
_GENERATORS = (datasets.spread_centres, datasets.split_counts, datasets.blobs, datasets.uneven_blobs, datasets.moons)

_MAIN = """
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
parser.add_argument("--max-iter", type=int, default=MAX_ITER)
parser.add_argument("--csv", required=KIND == "csv", help="a CSV file of x,y points (header optional)")
args = parser.parse_args()
device = torch.device(args.device)
points = load_csv(args.csv) if args.csv else generate(KIND, N_POINTS, TRUE_CLUSTERS, DATA_SEED)[0]
if len(points) < K:
    raise SystemExit(f"k = {K} needs at least {K} points; got {len(points)}")
config = KMeansConfig(k=K, max_iter=args.max_iter, tol=TOL, seed=SEED)
fit = KMeansStepper(points, config, device).fit(stop_at_tol=True)
print(f"points: {len(points)}  k: {K}  iterations: {fit.iteration}  stopped: {fit.stop_reason}  device: {device}")
sizes = torch.bincount(fit.labels, minlength=K).tolist()
for i, (c, n) in enumerate(zip(fit.centroids.tolist(), sizes, strict=True)):
    print(f"centroid {i}: ({c[0]:.4f}, {c[1]:.4f})  points: {n}")
print(f"inertia: {fit.inertia:.6f}")
"""


def load_csv(path):
    """x, y from the first two columns of a CSV file (a header row is skipped)."""
    try:
        return np.loadtxt(path, delimiter=",", usecols=(0, 1), ndmin=2, dtype=np.float32)
    except ValueError:  # a header row
        return np.loadtxt(path, delimiter=",", usecols=(0, 1), ndmin=2, dtype=np.float32, skiprows=1)


def export_script(config: KMeansConfig, data_config: ClusterDataConfig) -> str:
    """A runnable Python script reproducing this k-means run (flags: --device, --max-iter, --csv)."""
    kind = data_config.kind
    if kind == "csv":
        what = "points from a CSV file (--csv PATH)"
    else:
        what = (f"{data_config.n_points} '{kind}' points"
                + ("" if kind == "moons" else f" in {data_config.true_clusters} true clusters")
                + f" (data seed {data_config.seed})")
    doc = (f"k-means (k={config.k}) on {what}: k-means++ seeding, then Lloyd's algorithm, in PyTorch.\n\n"
           'Exported from "Deep Learning: A Crash Course, live".\n'
           "Run: python kmeans_run.py [--device cpu|cuda|mps] [--max-iter N] [--csv points.csv]")
    imports = ["from __future__ import annotations", "", "import argparse", "import math",
               "from dataclasses import dataclass", "", "import numpy as np", "import torch"]
    if kind == "moons":
        imports.append("from sklearn.datasets import make_moons")
    constants = {"K": config.k, "SEED": config.seed, "TOL": config.tol, "MAX_ITER": config.max_iter,
                 "CHUNK_ELEMENTS": lloyd.CHUNK_ELEMENTS, "KIND": kind, "N_POINTS": data_config.n_points,
                 "TRUE_CLUSTERS": data_config.true_clusters, "DATA_SEED": data_config.seed}
    if kind == "moons":
        constants["MOONS_NOISE"] = datasets.MOONS_NOISE
    data_code = (*_GENERATORS, datasets.generate) if kind != "csv" else ()
    return build_script(doc, imports, (*data_code, load_csv, *_ARITHMETIC), constants, main=_MAIN)
