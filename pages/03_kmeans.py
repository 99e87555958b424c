"""k-means clustering: step through Lloyd's algorithm (assign, move), choose k with the elbow and the
silhouette, see where k-means breaks (moons, uneven blobs), cluster your own CSV, and take the run home."""
import hashlib

import numpy as np
import streamlit as st

from core.data.points_csv import MAX_ROWS, parse_points_csv
from core.kmeans.choose_k import scan_k
from core.kmeans.clustering import KMeansConfig, KMeansStepper, assign_labels, label_grid
from core.kmeans.datasets import KIND_LABELS, KINDS, ClusterDataConfig, make_points, true_cluster_count
from core.kmeans.export import export_script
from figures.kmeans import MAX_DRAWN_POINTS, choose_k_figure, kmeans_figure, wrong_k_figure
from ui.controls import secondary, select, slider, toggle
from ui.figure_cache import cached
from ui.live import get_trainer, reset_trainer
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

STEPPER = "kmeans.stepper"  # ui.live's name for the session's stepper
GRID = 100  # Voronoi heatmap cells per side
# Figures are rebuilt only when their inputs change: a rerun after one widget redraws only what it moved.
kmeans_figure, choose_k_figure, wrong_k_figure, assign_labels, label_grid = cached(
    kmeans_figure, choose_k_figure, wrong_k_figure, assign_labels, label_grid)

ctx = setup_page("k-means clustering", "🎯")
state = PageState("kmeans", [
    Param("data", "blobs", choices=KINDS), Param("n", 600, 50, 5000, step=50), Param("clusters", 4, 1, 8),
    Param("k", 4, 1, 10), Param("seed", 0, 0, 9999), Param("init", 0, 0, 9999), Param("trails", True),
])

st.title("🎯 k-means clustering")
st.caption("Part 1 · no labels this time: k-means groups points by itself. It only needs to be told **k**, how many "
           "groups to look for, and it repeats two steps: **assign** each point to its nearest centroid, **move** each "
           "centroid to the middle of its points.")
state.show_notes()

c1, c2, c3, c4 = st.columns(4)
select(state, "data", "data", container=c1, format_func=lambda kind: KIND_LABELS[kind])
slider(state, "clusters", "true clusters", container=c2, disabled=state["data"] in ("moons", "csv"),
       help="How many groups the data really has (moons: always 2; a CSV: nobody knows).")
slider(state, "k", "k: clusters to look for", container=c3)
slider(state, "n", "points", container=c4, disabled=state["data"] == "csv")
with secondary():
    s1, s2, s3 = st.columns(3)
    slider(state, "seed", "data seed", container=s1, disabled=state["data"] == "csv",
           help="Which random points are drawn (not used for an uploaded CSV).")
    slider(state, "init", "k-means++ seed (where the centroids start)", container=s2,
           help="Same data, another start: k-means can end in a different, worse, answer.")
    toggle(state, "trails", "show centroid trails", container=s3)
state.sync_url()  # after the last URL-bound widget

data_cfg = ClusterDataConfig(kind=state["data"], n_points=state["n"], true_clusters=state["clusters"],
                             seed=state["seed"])


@st.cache_data(max_entries=16, show_spinner=False)
def generated_points(config: ClusterDataConfig) -> np.ndarray:
    return make_points(config)[0].numpy()


@st.cache_data(max_entries=4, show_spinner="Reading the CSV…")
def uploaded_points(data: bytes):
    return parse_points_csv(data)


@st.cache_data(max_entries=16, show_spinner="Trying k = 1 … 10…")
def k_scan(digest: str, _points: np.ndarray, seed: int, device: str):
    return scan_k(_points, range(1, 11), seed=seed, device=device)


@st.cache_data(max_entries=16, show_spinner=False)
def script_for(km_cfg: KMeansConfig, data_cfg: ClusterDataConfig) -> str:
    return export_script(km_cfg, data_cfg)


def finish() -> None:
    with st.expander("Share this demo"):
        share_link()


if data_cfg.kind == "csv":
    upload = st.file_uploader(f"A CSV of 2-D points: two columns of numbers (x, y), header optional, up to "
                              f"{MAX_ROWS:,} rows. Extra columns are ignored.",
                              type=["csv", "txt"], key="kmeans.upload")
    if upload is None:
        st.info("Upload a CSV to cluster your own points. The file stays in this session: it is not part of the link.")
        finish()
        st.stop()
    try:
        table = uploaded_points(upload.getvalue())
    except ValueError as exc:
        # The reader's message is ours, but it may quote the file: shown as plain text, never as Markdown.
        st.error("Cannot use this file:")
        st.text(str(exc)[:300])
        finish()
        st.stop()
    points = table.points
    # The file's name and column names are the uploader's text: plain text only.
    note = f"{len(points):,} points from {upload.name}, columns '{table.columns[0]}' and '{table.columns[1]}'"
    if table.ignored_columns:
        note += f" ({table.ignored_columns} more column(s) ignored)"
    st.text(note[:300] + ".")
    if table.scale != 1:
        st.caption(f"The numbers are very large or very small, so they are shown multiplied by {table.scale:g} "
                   "(float32 arithmetic would lose them otherwise); the clusters are the same.")
else:
    points = generated_points(data_cfg)
digest = hashlib.sha1(points.tobytes()).hexdigest()[:16]
true_k = true_cluster_count(data_cfg)

k = min(state["k"], len(points))
if k < state["k"]:
    st.warning(f"Only {len(points)} points: k is lowered to {k}.")
km_cfg = KMeansConfig(k=k, seed=state["init"])
device = ctx.device


# A new stepper when k-means' settings or the points change (nothing to cache: a run takes milliseconds).
stepper: KMeansStepper = get_trainer(STEPPER, km_cfg, lambda c: KMeansStepper(points, c, device), use_cache=False,
                                     signature=(data_cfg, digest, str(device)))


def moves(n: int) -> str:
    return f"{n} move" if n == 1 else f"{n} moves"

# Callbacks run before the page reruns, so the buttons below already show the new state.
b1, b2, b3, b4, b5 = st.columns([2, 2, 2, 1, 3])
b1.button("① Assign points", key="kmeans.assign", on_click=stepper.assign, disabled=stepper.phase != "assign",
          type="primary" if stepper.phase == "assign" and not stepper.converged else "secondary",
          help="Every point joins the centroid it is nearest to (the coloured region it lies in).")
b2.button("② Move centroids", key="kmeans.move", on_click=stepper.move, disabled=stepper.phase != "move",
          type="primary" if stepper.phase == "move" and not stepper.converged else "secondary",
          help="Every centroid jumps to the mean (centre) of the points assigned to it.")
b3.button("⏩ Run to convergence", key="kmeans.run", on_click=stepper.fit, disabled=stepper.converged)
b4.button("↺ Reset", key="kmeans.reset", on_click=reset_trainer, args=(STEPPER,),
          help="Back to the k-means++ starting centroids.")
if stepper.stop_reason == "converged":  # checked by the stepper: the last assignment changed no label
    b5.success(f"Converged after {moves(stepper.iteration)}: assigning again changes no point's cluster, so the "
               "centroids stay where they are.")
elif stepper.stop_reason == "tolerance":
    b5.info(f"Stopped after {moves(stepper.iteration)}: the centroids barely move now, though assigning again "
            "would still move a few points.")
elif stepper.stop_reason == "max_iter":
    b5.warning(f"Stopped at {moves(km_cfg.max_iter)} without converging.")
elif stepper.labels is None:
    b5.info("The centroids start at k-means++ picks: spread-out data points. Points are grey until assigned.")
else:
    b5.info("Next: **move**, each centroid to the middle of its points." if stepper.phase == "move" else
            "Next: **assign**, each point to its nearest centroid.")

m1, m2, m3 = st.columns(3)
m1.metric("moves so far", stepper.iteration)
m2.metric("inertia", "—" if stepper.inertia is None else f"{stepper.inertia:,.1f}",
          help="Sum of squared distances from every point to its centroid. k-means makes it smaller at every step.")
if stepper.empty_moved:
    m3.warning(f"{stepper.empty_moved} cluster(s) lost all their points; their centroid restarted at the point "
               "farthest from its centroid.")
elif len(stepper.inertias) > 1:
    m3.metric("change since last assignment", f"{stepper.inertias[-1] - stepper.inertias[-2]:,.1f}")

low, high = points.min(0), points.max(0)
margin = 0.08 * np.maximum(high - low, 1e-6)
x_range = (float(low[0] - margin[0]), float(high[0] + margin[0]))
y_range = (float(low[1] - margin[1]), float(high[1] + margin[1]))
centroids = stepper.centroids.cpu().numpy()
labels = None if stepper.labels is None else stepper.labels.cpu().numpy()
regions = label_grid(stepper.centroids, x_range, y_range, GRID)
st.plotly_chart(kmeans_figure(points, labels, centroids, stepper.trail_array() if state["trails"] else None, regions),
                key="kmeans_main")
if len(points) > MAX_DRAWN_POINTS:
    st.caption(f"Drawing {MAX_DRAWN_POINTS:,} of the {len(points):,} points; k-means uses them all.")
st.caption("Shaded regions: which centroid is nearest. The border between two centroids is a straight line, halfway "
           "between them and at right angles to the line joining them.")

if data_cfg.kind == "moons":
    st.warning("**k-means cannot find the moons.** It assumes round clusters of similar size: every point goes to the "
               "nearest centroid, so the borders are straight lines (the regions above). Two interleaved crescents "
               "cannot be split by a straight line, so each cluster takes a piece of both moons, whatever the k or the "
               "start. Separating them needs a method that follows the shape of the data, or labels and a network.")
elif data_cfg.kind == "uneven":
    st.warning("**Uneven clusters trip k-means up.** A border always sits halfway between two centroids, however "
               "big or spread out each cluster is, so the wide cluster's edge points are handed to its small "
               "neighbours, or "
               "the big one is cut in two while small ones are merged. Watch the wide cluster's edge: its points take "
               "their smaller neighbours' colours.")

st.header("Choosing k")
scan = k_scan(digest, points, 0, str(device))  # the data's scan: the same whatever k or start
st.plotly_chart(choose_k_figure(scan.ks, scan.inertias, scan.silhouettes, k, true_k, scan.best_silhouette_k),
                key="kmeans_choose_k")
sample_note = (f" (computed on a random {scan.silhouette_sample:,} of the points: it compares every pair, "
               "so all would be slow)" if scan.silhouette_sample < len(points) else "")
if scan.points_used < len(points):
    st.caption(f"Each k was fitted on a random {scan.points_used:,} of the {len(points):,} points, to keep the page "
               "quick.")
st.markdown("**Inertia** always falls as k grows: with one centroid per point it would be 0. Look for the *elbow*, "
            "where adding a cluster stops paying off. The **silhouette** asks of every point: am I much closer to my "
            "own cluster than to the next one? (+1 yes, 0 on the border, −1 wrong side). It is **undefined at k = 1**: "
            f"there is no other cluster to compare with{sample_note}. Your k is the orange star.")

reference = true_k if true_k is not None else scan.best_silhouette_k or 2
cases = [(reference - 1, "too few"), (reference, "right" if data_cfg.kind != "moons" else "right, still wrong"),
         (reference + 2, "too many")]
cases = [(kk, what) for kk, what in cases if kk in scan.ks]
st.subheader("What a wrong k does")
panels = []
for kk, what in cases:
    cents = scan.centroids[scan.ks.index(kk)]
    panels.append((f"k = {kk}: {what}", assign_labels(points, cents), cents,
                   label_grid(cents, x_range, y_range, GRID)))
st.plotly_chart(wrong_k_figure(points, panels), key="kmeans_wrong_k")
st.caption("**Too few**: separate groups are forced to share a centroid, which sits in the empty space between them, "
           "and inertia stays high. **Too many**: real groups are cut in two by straight borders; inertia still drops "
           "a little, but the silhouette falls, because the halves of a group are no farther apart than its points.")

st.divider()
script = script_for(km_cfg, data_cfg)
st.download_button("⬇ Download this run as a PyTorch script", data=script, file_name="kmeans_run.py",
                   mime="text/x-python", key="kmeans.export",
                   help="Same data, same k-means++ start, same Lloyd steps; prints the inertia. "
                        "Flags: --device cpu|cuda|mps, --max-iter N" + (", --csv your_points.csv (required)"
                                                                         if data_cfg.kind == "csv" else ""))
finish()
