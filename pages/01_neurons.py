"""Neurons: the perceptron, activation functions, softmax with cross-entropy, and why layers collapse."""
import streamlit as st
import torch

from core.neurons.activations import ACTIVATIONS, DEFAULT_SHOWN, curve
from core.neurons.collapse import CollapseConfig, plane_maps
from core.neurons.perceptron import decision_grid, perceptron
from core.neurons.softmax import CRAYONS, cross_entropy_from_scores, one_hot, parse_scores, softmax
from figures.neurons import (
    activation_figure,
    collapse_figure,
    label_vs_prediction,
    perceptron_diagram,
    perceptron_plane,
    softmax_figure,
)
from ui.controls import multiselect, secondary, select, slider, toggle
from ui.figure_cache import cached
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures and maps are rebuilt only when their inputs change: a rerun after one widget redraws what it moved.
(activation_figure, collapse_figure, label_vs_prediction, perceptron_diagram, perceptron_plane, softmax_figure,
 plane_maps) = cached(
    activation_figure, collapse_figure, label_vs_prediction, perceptron_diagram, perceptron_plane, softmax_figure,
    plane_maps)

ctx = setup_page("Neurons", "🧠")
state = PageState("neurons", [
    Param("x1", 1.0, -2.0, 2.0, step=0.1), Param("x2", -0.5, -2.0, 2.0, step=0.1),
    Param("w1", 0.8, -3.0, 3.0, step=0.1), Param("w2", 1.2, -3.0, 3.0, step=0.1),
    Param("b", -0.3, -3.0, 3.0, step=0.1), Param("low", "-1", choices=("-1", "0")),
    Param("acts", DEFAULT_SHOWN, choices=tuple(ACTIVATIONS)), Param("deriv", True),
    Param("scores", "1.5,0.4,3.1,2.2,-0.5,0.9,0.0,1.2"), Param("temp", 1.0, 0.1, 5.0, step=0.1),
    Param("label", "yellow", choices=tuple(CRAYONS)),
    Param("layers", 2, 1, 5), Param("width", 4, 2, 8),
    Param("act", "identity", choices=("identity", "ReLU", "tanh", "sigmoid")),
    Param("seed", 0, 0, 9999),
])

st.title("🧠 Neurons")
st.caption("Part 1 · what one artificial neuron computes, and what happens when we wire many together.")
state.show_notes()
tab_neuron, tab_acts, tab_softmax, tab_collapse = st.tabs(
    ["The perceptron", "Activation functions", "Softmax & cross-entropy", "Why layers collapse"])

with tab_neuron:
    st.markdown("Each input is multiplied by its **weight**, the products are **summed**, and the sum is "
                "**thresholded**. The bias is one more weight, on an input that is always **1** (the *bias trick*).")
    left, mid, right = st.columns([1, 2, 2])
    with left:
        slider(state, "x1", "input x1")
        slider(state, "x2", "input x2")
        slider(state, "w1", "weight w1")
        slider(state, "w2", "weight w2")
        slider(state, "b", "bias b (weight on the constant 1)")
        with secondary():
            select(state, "low", "output when the sum is not positive", horizontal=True)
    x = torch.tensor([state["x1"], state["x2"]], dtype=torch.float64)
    w = torch.tensor([state["w1"], state["w2"]], dtype=torch.float64)
    low = float(state["low"])
    z, out = perceptron(x, w, state["b"], low)
    mid.plotly_chart(perceptron_diagram(x.tolist(), w.tolist(), state["b"], z.item(), out.item(), span=0.3),
                     key="perceptron_diagram")
    axis, _, grid = decision_grid(w, state["b"], low=low)
    right.plotly_chart(perceptron_plane(axis.numpy(), grid.numpy(), w.tolist(), state["b"], x.tolist()),
                       key="perceptron_plane")
    st.latex(rf"{state['w1']:+.1f}\cdot{state['x1']:+.1f} \;{state['w2']:+.1f}\cdot{state['x2']:+.1f}"
             rf"\;{state['b']:+.1f}\cdot 1 = {z.item():+.2f} \;\Rightarrow\; {out.item():+g}")

with tab_acts:
    st.markdown("The threshold is one **activation function** of many. Smooth ones have a useful slope (derivative) "
                "almost everywhere, which is what learning will need.")
    c1, c2 = st.columns([3, 1])
    shown = multiselect(state, "acts", "activations to compare", container=c1)
    toggle(state, "deriv", "show derivatives", container=c2)
    if not shown:
        st.warning("Pick at least one activation to plot.")
    else:
        xs = torch.linspace(-4, 4, 401, dtype=torch.float64)
        curves = {name: tuple(t.numpy() for t in curve(name, xs)) for name in shown}
        st.plotly_chart(activation_figure(xs.numpy(), curves, state["deriv"]), key="activations")

with tab_softmax:
    st.markdown("A classifier ends with one score per class. **Softmax** turns the scores into probabilities: "
                "the order stays the same and they add up to 1. The *label* is **one-hot**: 1 for the true class, "
                "0 for the rest. **Cross-entropy** compares the two: the less probability on the true class, "
                "the bigger the error.")
    names, colours = list(CRAYONS), list(CRAYONS.values())
    c1, c2, c3 = st.columns([3, 1, 1])
    c1.text_input("scores for the 8 crayon colours (red, orange, yellow, green, blue, violet, brown, black)",
                  key=state.key("scores"))
    slider(state, "temp", "temperature", container=c2,
           help="Divide scores by T first: low T sharpens, high T flattens.")
    select(state, "label", "true colour (label)", container=c3)
    try:
        scores = parse_scores(state["scores"], len(names))
    except ValueError as exc:
        st.error(f"Scores: {exc}. Showing the default scores instead.")
        scores = parse_scores(state.params["scores"].default, len(names))
    probs = softmax(scores, state["temp"])
    label = one_hot(names.index(state["label"]), len(names), dtype=torch.float64)
    # From the scores through log-softmax, never log of a rounded probability: scores 1000,0,… at T = 5 with the
    # label on a 0 give 200, not a capped −log 1e-12.
    loss = cross_entropy_from_scores(scores, label, state["temp"]).item()
    left, right = st.columns([3, 2])
    left.plotly_chart(softmax_figure(names, colours, scores.numpy(), probs.numpy(), state["temp"]), key="softmax")
    right.plotly_chart(label_vs_prediction(names, colours, label.numpy(), probs.numpy(), loss), key="cross_entropy")
    right.metric("probability on the true colour", f"{probs[names.index(state['label'])].item():.3f}",
                 help="cross-entropy = −log of this number")

with tab_collapse:
    st.markdown("Without an activation between them, layers of neurons are just nested weighted sums, and the algebra "
                "**collapses** them into a single neuron. Put a non-linearity between the layers and no single "
                "neuron can do what the network does.")
    c1, c2, c3, c4 = st.columns(4)
    slider(state, "layers", "hidden layers", container=c1)
    slider(state, "width", "neurons per hidden layer", container=c2)
    select(state, "act", "between layers", container=c3)
    with c4:
        with secondary("Random weights"):
            slider(state, "seed", "seed")
    cfg = CollapseConfig(seed=state["seed"], widths=(2, *[state["width"]] * state["layers"], 1),
                         activation=state["act"])
    axis, net, lin, diff = plane_maps(cfg)
    st.plotly_chart(collapse_figure(axis.numpy(), net.numpy(), lin.numpy(), cfg.activation), key="collapse")
    if cfg.activation == "identity":
        st.success(f"Largest difference between the network and its single collapsed neuron: {diff:.1e} "
                   "(rounding error).")
    else:
        st.warning(f"Largest difference from the best single linear neuron: {diff:.2f}. The {cfg.activation} "
                   "between layers stops the collapse: the network can bend where one neuron cannot.")

state.sync_url()
with st.expander("Share this demo"):
    share_link()
