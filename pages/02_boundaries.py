"""Classification boundaries: a network learns to split 2-D classes, live; click to add points, set a policy,
compare a small network with a big one, and take the setup home as a script."""
import numpy as np
import streamlit as st

from core.boundaries.trainer import (ACTIVATION_LAYERS, CHECKPOINT_NAME, MAX_HIDDEN_LAYERS, OPTIMISERS, BoundaryConfig,
                           BoundaryTrainer, policy_weights)
from core.boundaries.compare import COMPARE_CHECKPOINT_NAME, CompareConfig, CompareTrainer
from core.boundaries.export import export_script
from core.data.datasets2d import CLASS_NAMES, KIND_LABELS, KINDS, Dataset2DConfig
from figures.boundary import curves_figure, decision_figure, errors_figure
from ui import session_keys as keys
from ui.controls import secondary, select, slider
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures are rebuilt only when their inputs change: a rerun after one widget redraws only what it moved.
_cached = st.cache_resource(max_entries=48, show_spinner=False)
decision_figure, curves_figure, errors_figure = map(_cached, (decision_figure, curves_figure, errors_figure))
GRID = 80  # heatmap cells per side
CLICK_GRID = 40  # invisible click targets per side
ADDED_KEY, ADDED_FOR_KEY, CLICKS_KEY = (keys.private("boundaries", k) for k in ("added", "added_for", "clicks"))

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
    Param("click", "A", choices=CLASS_NAMES), Param("cmp_noise", 0.3, 0.0, 1.0, step=0.05),
])

st.title("🧭 Classification boundaries")
st.caption("Part 1 · a network learns where one class ends and the next begins. Colour = the class it would predict; "
           "pale = unsure. Filled points train it, hollow ones test it.")
state.show_notes()

controls, main = st.columns([1, 3], gap="medium")
with controls:
    select(state, "data", "dataset", format_func=lambda k: KIND_LABELS[k])
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
    controls.info(f"Missing a **{state['favour']}** point now costs **{state['cost']:g}×** as much: watch the "
                  f"{state['favour']} region grow and the other classes' mistakes rise.")

# Points clicked in belong to one dataset; a different kind of data starts without them.
added_for = (data_cfg.kind, n_classes)
if st.session_state.get(ADDED_FOR_KEY) != added_for:
    if st.session_state.get(ADDED_KEY):
        st.toast("The dataset changed, so the points you added were cleared.")
    st.session_state[ADDED_KEY] = []
    st.session_state[ADDED_FOR_KEY] = added_for
added = st.session_state[ADDED_KEY]

with controls:
    st.markdown("**Add your own points**")
    select(state, "click", "a click on the map adds a point of class", horizontal=True)
    click_class = CLASS_NAMES.index(state["click"])
    b1, b2 = st.columns(2)
    if b1.button("↶ Undo last", disabled=not added, key="boundaries.undo", width="stretch"):
        added.pop()
        st.rerun()
    if b2.button("✕ Clear", disabled=not added, key="boundaries.clear", width="stretch"):
        added.clear()
        st.rerun()
    st.caption(f"{len(added)} point(s) added (stars); they join the training set, and training starts again."
               if added else "Click anywhere on the map to add a training point there.")
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


def add_clicked_point(event) -> None:
    """A click selects the nearest (invisible) grid point: its x, y become a new training point."""
    points = (event or {}).get("selection", {}).get("points", [])
    if not points or click_class >= n_classes:
        return
    p = points[0]
    added.append((round(float(p["x"]), 3), round(float(p["y"]), 3), click_class))
    st.session_state[CLICKS_KEY] = st.session_state.get(CLICKS_KEY, 0) + 1  # a fresh chart, with no selection
    st.rerun()


def render(trainer: BoundaryTrainer) -> None:
    xs, ys, probs = trainer.predict_grid(GRID)
    d = trainer.data
    n_train, n_test = len(d.train_y), len(d.test_y)
    # Two passes over the points (train, test); accuracy and the per-class totals follow from them.
    wrong_train, wrong_test = trainer.class_errors("train"), trainer.class_errors("test")
    test_acc = 1 - wrong_test.sum() / max(1, n_test)
    left, right = st.columns([3, 2])
    fig = decision_figure(xs, ys, probs, d.train_x, d.train_y, d.test_x, d.test_y, names,
                          added=trainer.config.extra_points, click_grid=CLICK_GRID,
                          title=f"step {trainer.steps_done:,}: test accuracy {test_acc:.0%}")
    with left:
        event = st.plotly_chart(fig, key=f"regions.{st.session_state.get(CLICKS_KEY, 0)}", on_select="rerun",
                                selection_mode="points")
    add_clicked_point(event)
    right.plotly_chart(curves_figure(trainer.history, height=300), key="curves")
    totals = [np.bincount(y, minlength=trainer.n_classes).tolist() for y in (d.train_y, d.test_y)]
    right.plotly_chart(errors_figure(wrong_train.tolist(), wrong_test.tolist(), *totals, names, height=240),
                       key="errors")
    right.caption(f"{n_train} training points ({d.n_added} added by you), {n_test} test points.")


with main:
    trainer = get_trainer(CHECKPOINT_NAME, config, lambda c: BoundaryTrainer(c, ctx.device), resumable=("total_steps",))
    live_panel(CHECKPOINT_NAME, trainer, render, total_steps=config.total_steps, chunk=config.log_every)
    st.download_button("⬇ Download this setup as a PyTorch script", data=export_script(config),
                       file_name="boundary_demo.py", mime="text/x-python", key="boundaries.export",
                       help="A standalone script: same data, network, seed and training loop. "
                            "Run it with --steps N --device cpu.")

st.divider()
st.subheader("Small and smooth, or big and wiggly?")
compare_cfg = CompareConfig(data=Dataset2DConfig(kind=data_cfg.kind, n_points=100, noise=round(state["cmp_noise"], 3),
                                                 test_fraction=0.5, n_classes=data_cfg.n_classes, seed=data_cfg.seed),
                            seed=data_cfg.seed)
small, large = compare_cfg.small(), compare_cfg.large()
st.caption(f"The same {compare_cfg.data.n_points} noisy points ({data_cfg.kind.replace('_', ' ')}), half of them held out, "
           f"two networks: a small one ({small.hidden_layers} layer of {small.width}, a little L2) and a big one "
           f"({large.hidden_layers} layers of {large.width}), both trained for {compare_cfg.total_steps:,} steps. "
           "Which boundary would you trust with new points?")
slider(state, "cmp_noise", "noise in this comparison", container=st.columns([2, 6])[0])
state.sync_url()  # after the last widget


def render_compare(pair: CompareTrainer) -> None:
    cols = st.columns(2)
    for col, label, t in ((cols[0], "small", pair.small), (cols[1], "big, trained long", pair.large)):
        xs, ys, probs = t.predict_grid(GRID)
        d = t.data
        title = f"{label}: train {t.accuracy('train'):.0%}, test {t.accuracy('test'):.0%}"
        col.plotly_chart(decision_figure(xs, ys, probs, d.train_x, d.train_y, d.test_x, d.test_y, names,
                                         title=title, height=400), key=f"compare.{label.split(',')[0]}")
    if pair.steps_done >= compare_cfg.total_steps:
        gap_small = pair.small.accuracy("train") - pair.small.accuracy("test")
        gap_large = pair.large.accuracy("train") - pair.large.accuracy("test")
        st.markdown(f"Gap between training and test accuracy: small **{gap_small:+.0%}**, big **{gap_large:+.0%}**. "
                    "A big gap means the boundary learned the noise, not the shape: **overfitting**.")


pair = get_trainer(COMPARE_CHECKPOINT_NAME, compare_cfg, lambda c: CompareTrainer(c, ctx.device))
live_panel(COMPARE_CHECKPOINT_NAME, pair, render_compare, total_steps=compare_cfg.total_steps, chunk=100)

with st.expander("Share this demo"):
    share_link()
