"""Backprop and batches: a tiny network's forward values, its error against a one-hot label, every weight's
gradient from autograd (checked against finite differences) and the update; then batch sizes compared."""
import streamlit as st

from core.backprop.batches import BATCH_SIZES, FULL, BatchesConfig, BatchRace, label
from core.backprop.batches import CHECKPOINT_NAME as BATCHES_NAME
from core.backprop.export import export_script
from core.backprop.gradcheck import check
from core.backprop.network import CHECKPOINT_NAME, TinyNet, TinyNetConfig, cross_entropy_one_hot
from core.boundaries.trainer import ACTIVATION_LAYERS
from figures.backprop import batches_figure, loss_figure, network_figure
from ui.controls import multiselect, secondary, select, slider
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

ctx = setup_page("Backprop and batches", "🔁")
state = PageState("backprop", [
    Param("hidden", 1, 1, 3), Param("width", 3, 1, 6), Param("act", "sigmoid", choices=tuple(ACTIVATION_LAYERS)),
    Param("x1", 1.0, -2.0, 2.0, step=0.1), Param("x2", -0.5, -2.0, 2.0, step=0.1),
    Param("label", 1, choices=(0, 1)), Param("lr", "0.5", choices=("0.05", "0.1", "0.5", "1", "2", "5")),
    Param("seed", 0, 0, 9999),
    Param("sizes", BATCH_SIZES, choices=BATCH_SIZES), Param("b_lr", "0.1", choices=("0.01", "0.03", "0.1", "0.3")),
    Param("epochs", 12, 2, 40, step=2),
])

st.title("🔁 Backprop and batches")
st.caption("Part 2 · backprop finds, for every weight, how the error changes when that weight changes; gradient "
           "descent then moves each weight a step of η against it.")
state.show_notes()

st.subheader("One example through a tiny network")
left, main = st.columns([1, 3], gap="medium")
with left:
    slider(state, "x1", "input x₁")
    slider(state, "x2", "input x₂")
    select(state, "label", "the right class (one-hot label)", horizontal=True)
    select(state, "lr", "learning rate η")
    with secondary("Network"):
        slider(state, "hidden", "hidden layers")
        slider(state, "width", "neurons per layer")
        select(state, "act", "activation", format_func=lambda a: a.replace("_", " "))
        slider(state, "seed", "seed (starting weights)")

config = TinyNetConfig(hidden_layers=state["hidden"], width=state["width"], activation=state["act"],
                       x=(round(state["x1"], 3), round(state["x2"], 3)), label=state["label"],
                       learning_rate=float(state["lr"]), seed=state["seed"])


def render_net(net: TinyNet) -> None:
    snap = net.snapshot()
    a, b = st.columns([3, 2])
    title = f"step {net.steps_done}: error −log p = {snap.loss:.3f}"  # short: it must fit a projector
    a.caption(f"p(class {config.label}) = {snap.probs[config.label]:.3f}, error = −log p = {snap.loss:.4f}")
    a.plotly_chart(network_figure(snap.values, snap.weights, snap.weight_grads, snap.one_hot, config.learning_rate,
                                  title=title), key="network")
    a.caption("Each line is a weight: **blue** — the error rises with it, so the step lowers it; **orange** — the "
              "other way. Thicker = a bigger gradient. Hover a line for w, ∂E/∂w and the update w − η·∂E/∂w.")
    b.plotly_chart(loss_figure(net.losses), key="loss")
    x, one_hot = net.x.double(), net.one_hot.double()
    result = check(net.model, lambda m: cross_entropy_one_hot(m(x), one_hot))
    b.markdown(f"**Autograd against finite differences** (central, h = 10⁻⁶): largest difference "
               f"**{result.max_abs_error:.1e}** over {len(result.names)} weights and biases.")
    b.dataframe({"weight": result.names, "autograd": result.autograd, "finite differences": result.finite},
                height=220, key="gradcheck", hide_index=True)


with main:
    net = get_trainer(CHECKPOINT_NAME, config, lambda c: TinyNet(c, ctx.device))
    live_panel(CHECKPOINT_NAME, net, render_net, total_steps=config.total_steps, chunk=1, tick=0.6, save=False)

st.subheader("One sample at a time, mini-batches, or all at once")
left, main = st.columns([1, 3], gap="medium")
with left:
    multiselect(state, "sizes", "batch sizes", format_func=label)
    select(state, "b_lr", "learning rate η (the same for all)")
    slider(state, "epochs", "epochs (passes over the data)")
state.sync_url()  # after the last widget
sizes = tuple(b for b in BATCH_SIZES if b in state["sizes"])
if not sizes:
    main.warning("Pick at least one batch size.")
else:
    b_config = BatchesConfig(batch_sizes=sizes, learning_rate=float(state["b_lr"]), epochs=state["epochs"])
    left.download_button("⬇ As a script", key="backprop.export", file_name="batches.py",
                         data=export_script(b_config), mime="text/x-python")

    def render_batches(race: BatchRace) -> None:
        runs = {label(b): r.log for b, r in race.runs.items()}
        st.plotly_chart(batches_figure(runs), key="batches")
        rows = [f"{label(b)}: {r.updates:,} updates, {r.seconds:.2f} s, loss {r.log['loss'][-1]:.3f}"
                for b, r in race.runs.items()]
        st.caption(" · ".join(rows) + f" — timed on {getattr(race, 'timed_on', str(race.device))}. Small batches "
                   "take many noisy steps per epoch; big ones take few smooth ones, each cheap per sample.")

    with main:
        full = "full batch = every training point at once; " if FULL in sizes else ""
        st.caption(f"The same {b_config.data.n_points}-point moons, network and starting weights; plain SGD at "
                   f"η = {b_config.learning_rate:g}; {full}the loss is on the whole training set.")
        race = get_trainer(BATCHES_NAME, b_config, lambda c: BatchRace(c, ctx.device))
        live_panel(BATCHES_NAME, race, render_batches, total_steps=b_config.epochs, chunk=1, unit="epochs")

with st.expander("Share this demo"):
    share_link()
