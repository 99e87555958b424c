"""Classification boundaries: a network learns to split 2-D classes, live; click to add points, set a policy,
compare a small network with a big one, and take the setup home as a script."""
import dataclasses

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core.boundaries.compare import COMPARE_CHECKPOINT_NAME, CompareConfig, CompareTrainer, compare_noise
from core.boundaries.export import export_script
from core.boundaries.trainer import (
    ACTIVATION_LAYERS,
    CHECKPOINT_NAME,
    MAX_HIDDEN_LAYERS,
    OPTIMISERS,
    BoundaryConfig,
    BoundaryTrainer,
    policy_weights,
)
from core.data.datasets2d import CLASS_NAMES, KIND_LABELS, KINDS, Dataset2DConfig
from figures.boundary import (
    curves_frame,
    decision_frame,
    errors_frame,
    fill_curves,
    fill_errors,
    fill_regions,
    split_layers,
)
from ui import session_keys as keys
from ui.controls import chart_clicks, secondary, select, slider
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param, PointsCodec

# A figure's frame (what training does not move: points, click grid, layout) is built once for its inputs, and each
# redraw only fills in the regions, curves and counts: a live redraw costs the server a few ms per figure, not ~20.
decision_frame, curves_frame, errors_frame = cached(decision_frame, curves_frame, errors_frame)


def _boundaries_map_layers(*args, **kwargs) -> tuple[dict, go.Figure]:
    """The decision map as (regions frame, points figure): see figures.boundary.split_layers."""
    regions, points = split_layers(decision_frame(*args, **kwargs))
    return regions, go.Figure(points, skip_invalid=False, _validate=False)


map_layers, = cached(_boundaries_map_layers)  # a name no other page defines: the cache keys by it
GRID = 80  # heatmap cells per side
MAP_HEIGHT = 700  # px at most: the decision map is the largest thing on the page
CLICK_GRID = 40  # invisible click targets per side
MAX_ADDED = 40  # clicked-in points a link can carry
CMP_NOISES = ("auto", "0", "0.1", "0.2", "0.3", "0.5", "0.75", "1", "1.2", "1.5")
ADDED_FOR_KEY = keys.private("boundaries", "added_for")
DONE_KEY, LAST_KEY = "boundaries.clicks_done", "boundaries.last_trainer"
MAP_KEY, REGIONS_KEY = "regions", "decision_map"  # the points layer (catches clicks), the heatmap under it
# The map is two charts in one grid cell: the points layer on top (it stays put while training, so no click is lost
# to a chart being replaced under the mouse) over the regions layer (a static plot, redrawn every tick).
MAP_CSS = ("<style>.st-key-boundaries-map { display: grid !important; grid-template-columns: minmax(0, 1fr); } "
           ".st-key-boundaries-map > div { grid-area: 1 / 1; min-width: 0; } "
           # by key, not position: while a layer is replaced, the old and new copies are both there for a moment
           ".st-key-boundaries-map > .st-key-regions { z-index: 1; } "
           ".st-key-boundaries-map > .st-key-decision_map { pointer-events: none; }</style>")

ctx = setup_page("Classification boundaries", "🧭")
state = PageState("boundaries", [
    Param("data", "moons", choices=KINDS), Param("noise", 0.2, 0.0, 1.0, step=0.05),
    Param("points", 200, 40, 1000, step=20), Param("classes", 3, 3, len(CLASS_NAMES)),
    Param("hidden", 2, 0, MAX_HIDDEN_LAYERS), Param("width", 16, 1, 64),
    Param("act", "relu", choices=tuple(ACTIVATION_LAYERS)),
    # Number menus as text: the URL then reads back exactly what it wrote ("0.01", not 0.01 -> "0.01" -> no match).
    Param("lr", "0.01", choices=("0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1")),
    Param("opt", "adam", choices=OPTIMISERS), Param("batch", 32, choices=(4, 8, 16, 32, 64, 128, 256)),
    Param("l2", "0", choices=("0", "0.0001", "0.001", "0.01", "0.1")),
    Param("test", 0.3, 0.1, 0.5, step=0.05), Param("steps", 1500, 100, 10000, step=100), Param("seed", 0, 0, 9999),
    Param("favour", "A", choices=CLASS_NAMES), Param("cost", 1.0, 1.0, 20.0, step=0.5),
    Param("click", "A", choices=CLASS_NAMES), Param("cmp_noise", "auto", choices=CMP_NOISES),
    # points clicked onto the map: in the link too, so a shared link keeps them
    Param("pts", (), codec=PointsCodec("".join(CLASS_NAMES), max_points=MAX_ADDED)),
])

st.title("🧭 Classification boundaries")
st.caption("Part 1 · a network learns where one class ends and the next begins. Colour = the class it would predict; "
           "pale = unsure. Filled points train it, hollow ones test it.")
state.show_notes()

controls, main = st.columns([1, 3], gap="medium")
with controls:
    select(state, "data", "dataset", format_func=lambda k: KIND_LABELS[k].split(" (")[0],
           help="Two blobs can be split by a straight line; XOR, circles, moons and the spiral cannot. "
                "3-5 blobs has more classes.")
    slider(state, "noise", "noise", help="How much the points are jittered: more noise, more overlap.")
    slider(state, "hidden", "hidden layers", help="0 = a single neuron per class: it can only draw a straight line.")
    slider(state, "width", "neurons per layer", disabled=state["hidden"] == 0)
    select(state, "act", "activation", format_func=lambda a: a.replace("_", " "))
    with secondary("Data and training settings"):
        slider(state, "points", "points (train + test)")
        slider(state, "classes", "classes (blobs only)", disabled=state["data"] != "blobs")
        slider(state, "test", "share held out for testing")
        slider(state, "seed", "seed")
        select(state, "lr", "learning rate")
        select(state, "opt", "optimiser", format_func=lambda o: {"adam": "Adam", "sgd": "SGD"}[o])
        select(state, "batch", "batch size")
        select(state, "l2", "L2 regularisation", format_func=lambda v: "off" if v == "0" else v)
        slider(state, "steps", "training steps")


def stop_with(message: str) -> None:
    main.error(message)
    state.sync_url()
    st.stop()


try:
    data_cfg = Dataset2DConfig(kind=state["data"], n_points=state["points"], noise=round(state["noise"], 3),
                               test_fraction=round(state["test"], 3), n_classes=state["classes"], seed=state["seed"])
except ValueError as exc:
    stop_with(f"These data settings do not work: {exc}.")
n_classes = data_cfg.classes
names = CLASS_NAMES[:n_classes]

with controls:
    st.markdown("**Policy: which mistakes cost more?**")
    select(state, "favour", "class that must be right", horizontal=True)
    slider(state, "cost", "a mistake on it costs … times more",
           help="Scales that class's share of the loss. At 1 all mistakes cost the same.")
favoured = CLASS_NAMES.index(state["favour"])
if favoured >= n_classes:
    controls.warning(f"This dataset has no class {state['favour']}; the policy is off. Pick one of {', '.join(names)}.")
elif state["cost"] > 1:
    controls.info(f"Missing a point of class **{state['favour']}** now costs **{state['cost']:g}×** as much: watch the "
                  f"{state['favour']} region grow and the other classes' mistakes rise.")

# Points clicked in belong to one dataset; a different kind of data starts without them (a link's points stay).
added_for = (data_cfg.kind, n_classes)
if st.session_state.get(ADDED_FOR_KEY, added_for) != added_for and state["pts"]:
    st.toast("The dataset changed, so the points you added were cleared.")
    state.set("pts", ())
st.session_state[ADDED_FOR_KEY] = added_for
added = [p for p in state["pts"] if p[2] < n_classes]
if len(added) < len(state["pts"]):
    controls.warning(f"{len(state['pts']) - len(added)} point(s) in the link belong to a class this dataset does "
                     "not have; they are left out.")


def set_added(points) -> None:
    state.set("pts", tuple(points))

with controls:
    st.markdown("**Add your own points**")
    select(state, "click", "a click on the map adds a point of class", horizontal=True)
    click_class = CLASS_NAMES.index(state["click"])
    b1, b2 = st.columns(2)
    b1.button("↶ Undo", disabled=not added, key="boundaries.undo", width="stretch", on_click=set_added,
              args=(added[:-1],), help="Remove the last point you added.")
    b2.button("✕ Clear", disabled=not added, key="boundaries.clear", width="stretch", on_click=set_added, args=((),),
              help="Remove every point you added.")
    st.caption(f"{len(added)} point(s) added (stars); they join the training set, and training carries on from "
               "where it was." if added else "Click anywhere on the map to add a training point there.")
    if click_class >= n_classes:
        st.warning(f"This dataset has no class {state['click']}; clicks are ignored.")

try:
    config = BoundaryConfig(data=data_cfg, hidden_layers=state["hidden"], width=state["width"], activation=state["act"],
                            learning_rate=float(state["lr"]), optimiser=state["opt"], batch_size=state["batch"],
                            l2=float(state["l2"]),
                            class_weights=policy_weights(n_classes, favoured, state["cost"]),
                            extra_points=tuple(tuple(p) for p in added), total_steps=state["steps"], seed=state["seed"])
except ValueError as exc:
    stop_with(f"These settings do not make a network: {exc}.")

if config.hidden_layers == 0:
    verdict = {"two_blobs": "That is all two separate blobs need. Now try XOR.",
               "xor": "No straight line splits XOR: watch it fail, then add a hidden layer."}
    main.info("**Single-neuron mode**: no hidden layer, so every boundary is a straight line. "
              + verdict.get(data_cfg.kind, "Compare it with two blobs and with XOR."))


def add_clicked_point() -> None:
    """A click selects the nearest (invisible) grid point: its x, y become a new training point. Each click is
    handled once: remembered by the chart copy it was made on and where."""
    done = st.session_state.setdefault(DONE_KEY, set())
    for wid, selection in chart_clicks(MAP_KEY):
        p = selection["selection"]["points"][0]
        point = (round(float(p["x"]), 2), round(float(p["y"]), 2))  # 2 decimals, as in the link
        if (wid, point) in done:
            continue
        done.add((wid, point))
        if click_class >= n_classes:
            return
        if len(added) >= MAX_ADDED:
            st.toast(f"At most {MAX_ADDED} added points: undo or clear some first.")
            return
        set_added([*added, (*point, click_class)])
        st.rerun()


def make_trainer(c: BoundaryConfig) -> BoundaryTrainer:
    """A new trainer for `c`; when only the clicked-in points changed, it carries on from the current weights
    (and is not saved as what `c` trains to from scratch)."""
    trainer = BoundaryTrainer(c, ctx.device)
    last = st.session_state.get(LAST_KEY)
    trainer.warm = (last is not None and last.config.extra_points != c.extra_points
                    and dataclasses.replace(last.config, extra_points=c.extra_points) == c)
    if trainer.warm:
        trainer.start_from(last)
    return trainer


def render(trainer: BoundaryTrainer) -> None:
    xs, ys, probs = trainer.predict_grid(GRID)
    d = trainer.data
    n_train, n_test = len(d.train_y), len(d.test_y)
    # Two passes over the points (train, test); accuracy and the per-class totals follow from them.
    wrong_train, wrong_test = trainer.class_errors("train"), trainer.class_errors("test")
    test_acc = 1 - wrong_test.sum() / max(1, n_test)
    left = st.container()  # the map gets the whole width: on a projector it is the largest thing on the page
    x0, x1, y0, y1 = d.extent
    height = int(min(MAP_HEIGHT, max(420, 720 * (y1 - y0) / max(x1 - x0, 1e-9) + 150)))  # no empty band
    regions, points = map_layers(xs, ys, trainer.n_classes, d.train_x, d.train_y, d.test_x, d.test_y, names,
                                 added=trainer.config.extra_points, click_grid=CLICK_GRID, height=height)
    with left.container(key="boundaries-map"):
        # no modebar: its fullscreen and PNG buttons would show this layer alone, without the regions under it
        st.plotly_chart(points, key=MAP_KEY, on_select="rerun", selection_mode="points",
                        config={"displayModeBar": False})
        st.plotly_chart(fill_regions(regions, probs, f"step {trainer.steps_done:,}: test accuracy {test_acc:.0%}"),
                        key=REGIONS_KEY, config={"staticPlot": True})
    add_clicked_point()  # also a click made on an older copy of the points layer (each click adds a star: a new copy)
    if trainer.steps_done == 0 and not getattr(trainer, "warm", False) and test_acc >= 0.9:
        left.caption(f"Not trained yet and already {test_acc:.0%}: the random starting weights happen "
                     "to draw a line that splits these well-separated groups. Try XOR or the spiral to watch a "
                     "network start from nothing.")
    right, below = st.columns(2)
    right.plotly_chart(fill_curves(curves_frame(height=300), trainer.history), key="curves")
    totals = [np.bincount(y, minlength=trainer.n_classes).tolist() for y in (d.train_y, d.test_y)]
    below.plotly_chart(fill_errors(errors_frame(*totals, names, height=300), wrong_train.tolist(), wrong_test.tolist()),
                       key="errors")
    below.caption(f"{n_train} training points ({d.n_added} added by you), {n_test} test points.")


with main:
    st.html(MAP_CSS)
    trainer = get_trainer(CHECKPOINT_NAME, config, make_trainer, resumable=("total_steps",))
    if getattr(trainer, "warm", False) and trainer is not st.session_state.get(LAST_KEY):
        st.session_state[keys.playing(CHECKPOINT_NAME)] = True  # learn the new point at once
    st.session_state[LAST_KEY] = trainer
    # A trainer that carried on from other weights is not what this config trains to from scratch: never cached.
    live_panel(CHECKPOINT_NAME, trainer, render, total_steps=config.total_steps, chunk=config.log_every,
               save=not getattr(trainer, "warm", False))
    st.download_button("⬇ Download this setup as a PyTorch script", data=export_script(config),
                       file_name="boundary_demo.py", mime="text/x-python", key="boundaries.export",
                       help="A standalone script: same data, network, seed and training loop. "
                            "Run it with --steps N --device cpu.")



def network_words(c: BoundaryConfig) -> str:
    """What a network is, read from its config (so the caption stays true whatever the settings per dataset)."""
    layers = f"{c.hidden_layers} hidden layer{'' if c.hidden_layers == 1 else 's'} of {c.width} {c.activation}"
    return f"{layers}, {'L2 ' + format(c.l2, 'g') if c.l2 else 'no L2'}, {c.total_steps:,} steps"


def compare_caption(cfg: CompareConfig, small: BoundaryConfig, large: BoundaryConfig) -> str:
    d = cfg.data
    return (f"The same {d.n_points} noisy points ({KIND_LABELS[d.kind].split(' (')[0]}), {d.test_fraction:.0%} of "
            f"them held out, two networks: a small one ({network_words(small)}) and a big one "
            f"({network_words(large)}). Which boundary would you trust with new points?")


st.divider()
st.subheader("Small and smooth, or big and wiggly?")
own_noise = compare_noise(data_cfg.kind)
compare_cfg = CompareConfig.for_dataset(data_cfg.kind, n_classes=data_cfg.n_classes, seed=data_cfg.seed,
                                        noise=None if state["cmp_noise"] == "auto" else float(state["cmp_noise"]))
small, large = compare_cfg.small(), compare_cfg.large()
st.caption(compare_caption(compare_cfg, small, large))
select(state, "cmp_noise", "noise in this comparison", container=st.columns([2, 6])[0],
       format_func=lambda v: f"this dataset's own ({own_noise:g})" if v == "auto" else v,
       help="Each dataset has a noise level at which the lesson shows; change it to see where it breaks.")
state.sync_url()  # after the last widget


def render_compare(pair: CompareTrainer) -> None:
    cols = st.columns(2)
    for col, label, t in ((cols[0], "small", pair.small), (cols[1], "big, trained long", pair.large)):
        xs, ys, probs = t.predict_grid(GRID)
        d = t.data
        title = f"{label}: train {t.accuracy('train'):.0%}, test {t.accuracy('test'):.0%}"
        frame = decision_frame(xs, ys, t.n_classes, d.train_x, d.train_y, d.test_x, d.test_y, names, height=400)
        col.plotly_chart(fill_regions(frame, probs, title), key=f"compare.{label.split(',')[0]}")
    if pair.steps_done >= compare_cfg.total_steps:
        gap_small, gap_large = pair.gaps()
        st.markdown(f"Gap between training and test accuracy: small **{gap_small:+.0%}**, big **{gap_large:+.0%}**. "
                    "A big gap means the boundary learned the noise, not the shape: **overfitting**.")


pair = get_trainer(COMPARE_CHECKPOINT_NAME, compare_cfg, lambda c: CompareTrainer(c, ctx.device))
live_panel(COMPARE_CHECKPOINT_NAME, pair, render_compare, total_steps=compare_cfg.total_steps, chunk=100)

with st.expander("Share this demo"):
    share_link()
