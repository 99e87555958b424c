"""MNIST live: a dense net, the talk's CNN and a fast CNN trained live on handwritten digits; what they get right
and wrong, what the CNN's filters and feature maps look like, and a pad to draw a digit for all three."""
import numpy as np
import streamlit as st
import torch

from core import checkpoints
from core.mnist.classifier import freeze
from core.mnist.data import available_source, get_digits
from core.mnist.export import export_script
from core.mnist.inside import confusion_matrix, feature_maps, first_filters, mistakes
from core.mnist.models import MODELS, conv_layers, parameter_count
from core.mnist.preprocess import confidence, prepare_drawing
from core.mnist.trainer import MnistTrainer, build_model, checkpoint_name, default_config, predict_proba
from figures import mnist as mnist_figures
from figures import mnist_inside
from ui.controls import secondary, select, slider
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

TABS = ("Train and test", "Inside the CNN", "Draw a digit")
GRID = 40  # test digits in the prediction grids
UNTRAINED_SAMPLE = 200  # test digits the untrained accuracy is measured on (about chance: 200 say so, and quickly)
CHUNK = {"dense": 50, "talk_cnn": 2, "fast_cnn": 10}  # steps per click of "Step" (and per slice of live training)
EPOCH_PARAM = {"dense": "dense_epochs", "talk_cnn": "talk_epochs", "fast_cnn": "fast_epochs"}
LABELS = {name: spec.label for name, spec in MODELS.items()}
# Figures cached by their inputs: a rerun rebuilds only those the changed widget feeds (shared: never mutate one).
confusion_figure, curves_figure, mistakes_gallery, prediction_grid, probability_bars = cached(
    mnist_figures.confusion_figure, mnist_figures.curves_figure, mnist_figures.mistakes_gallery,
    mnist_figures.prediction_grid, mnist_figures.probability_bars)
feature_maps_figure, filters_figure, stages_figure = cached(
    mnist_inside.feature_maps_figure, mnist_inside.filters_figure, mnist_inside.stages_figure)

ctx = setup_page("MNIST live", "✍️")
state = PageState("mnist", [
    Param("tab", TABS[0], choices=TABS), Param("model", "fast_cnn", choices=tuple(MODELS)),
    Param("dense_epochs", 0, 0, 20), Param("talk_epochs", 0, 0, 12), Param("fast_epochs", 0, 0, 12),
    Param("seed", 0, 0, 9999), Param("cnn", "talk_cnn", choices=("talk_cnn", "fast_cnn")),
    Param("digit", 0, 0, 9999),
])

st.title("✍️ MNIST live")
st.caption("Part 3 · the “hello world” of deep learning: 70,000 handwritten digits, 60,000 to learn from and 10,000 "
           "kept back as the final exam. Three networks, each trained here, live: a plain dense net, the talk's CNN, "
           "and a CNN built to train fast.")
state.show_notes()

source = available_source()
digits = get_digits(source, ctx.device)
if source == "mnist":
    st.caption(f"Data: {digits.note}")
else:
    st.warning(f"{digits.note} Put MNIST's four IDX files in the data directory (DLCC_DATA_DIR/MNIST/raw) or run "
               "`python -m core.prepare` with a network for the real thing.")


def config_for(model: str):
    """The page's config of `model`: its recipe, with the epochs and seed chosen here (0 epochs = the recipe's)."""
    epochs = state[EPOCH_PARAM[model]]
    changes = dict(seed=state["seed"], **({"epochs": epochs} if epochs else {}))
    return default_config(model, source, **changes)


@st.cache_data(max_entries=8, show_spinner=False)
def weights_of(model: str) -> int:
    return parameter_count(build_model(default_config(model)))


@st.cache_data(max_entries=16, show_spinner=False)
def script_for(config) -> str:
    return export_script(config)


def trainer_for(model: str) -> MnistTrainer:
    return get_trainer(checkpoint_name(model), config_for(model), lambda c: MnistTrainer(c, ctx.device))


@st.cache_data(max_entries=12, show_spinner=False)
def untrained_view(model_name: str, seed: int, source: str, device: str) -> tuple[np.ndarray, float]:
    """The freshly initialised network's answers on the grid digits, and its accuracy on UNTRAINED_SAMPLE test
    digits: it depends only on the network and the seed (build_model), not on the epochs or the rest of the recipe."""
    model = build_model(default_config(model_name, source, seed=seed)).to(device)
    probs = predict_proba(model, digits.test_x[:UNTRAINED_SAMPLE])
    y = digits.test_y[:UNTRAINED_SAMPLE]
    return probs[:GRID].argmax(1).cpu().numpy(), float((probs.argmax(1) == y).float().mean())


tab_train, tab_inside, tab_draw = st.tabs(TABS, key=state.key("tab"), on_change="rerun")
test_images = digits.test_x[:GRID].cpu().numpy()
test_labels = digits.test_y[:GRID].cpu().numpy()

if tab_train.open:
    with tab_train:
        controls, main = st.columns([1, 3], gap="medium")
        with controls:
            select(state, "model", "network", format_func=lambda m: LABELS[m])
            model = state["model"]
            spec = MODELS[model]
            slider(state, EPOCH_PARAM[model], f"epochs (0 = the recipe's {default_config(model, source).epochs})")
            with secondary("Seed"):
                slider(state, "seed", "seed (weights and batch order)")
        config = config_for(model)
        with controls:
            st.caption(f"**{spec.label}**: {weights_of(model):,} weights. "
                       f"{config.optimiser.upper()} at learning rate {config.learning_rate:g}"
                       f"{' on a one-cycle schedule' if config.schedule == 'onecycle' else ''}, batches of "
                       f"{config.batch_size}, {config.epochs} epoch(s).")
            st.download_button("⬇ As a script", data=script_for(config),
                               file_name=f"mnist_{model}.py", mime="text/x-python", key="mnist.export",
                               help="Standalone: same network, seed, batches and schedule. "
                                    "Run it with --data <folder with MNIST> --steps N.")
        before_pred, before_acc = untrained_view(model, config.seed, source, str(ctx.device))

        def render(trainer: MnistTrainer) -> None:
            st.caption(f"epoch {trainer.epoch:.2f} of {trainer.config.epochs} · step {trainer.steps_done:,} of "
                       f"{trainer.total_steps:,} · {trainer.n_train:,} training images")
            st.plotly_chart(curves_figure(trainer.history, trainer.epochs, height=300), key="mnist.curves")
            now = trainer.predict(digits.test_x[:GRID]).argmax(1).cpu().numpy()
            left, right = st.columns(2)
            left.plotly_chart(prediction_grid(test_images, test_labels, before_pred, span=0.29, title=f"untrained: "
                                              f"{before_acc:.0%} right (chance is 10%)"), key="mnist.grid_before")
            right.plotly_chart(prediction_grid(test_images, test_labels, now, span=0.29,
                                               title=f"after {trainer.steps_done:,} steps"), key="mnist.grid_now")
            report = trainer.report
            if report is None:
                st.info("The confusion matrix and the gallery of mistakes appear at the end of the first epoch, "
                        "when the whole test set is measured.")
                return
            y = digits.test_y.cpu().numpy()
            counts = confusion_matrix(y, report.probs.argmax(1))
            wrong = mistakes(report.probs, y, limit=24)
            st.markdown(f"**Whole test set after epoch {report.epoch:g}: {report.accuracy:.2%} right**, "
                        f"{int(counts.sum() - np.trace(counts)):,} of {len(y):,} wrong.")
            c1, c2 = st.columns([2, 3])
            c1.plotly_chart(confusion_figure(counts, title="true digit × answer"), key="mnist.confusion")
            c2.plotly_chart(mistakes_gallery(digits.test_x[wrong.index].cpu().numpy(), wrong.labels, wrong.top3,
                                             wrong.top3_probs, title="the most confident mistakes"),
                            key="mnist.mistakes")

        with main:
            trainer = trainer_for(model)
            live_panel(checkpoint_name(model), trainer, render, total_steps=trainer.total_steps, chunk=CHUNK[model])

if tab_inside.open:
    with tab_inside:
        c1, c2 = st.columns([1, 3])
        select(state, "cnn", "network", container=c1, format_func=lambda m: LABELS[m])
        slider(state, "digit", "test digit", container=c1, help="Which test image to follow through the layers.")
        inside = trainer_for(state["cnn"])
        index = state["digit"] % len(digits.test_y)
        image = digits.test_x[index]
        with c1:
            st.caption(f"Test digit #{index}: a **{int(digits.test_y[index])}**; the network says "
                       f"**{int(inside.predict(image[None]).argmax())}** after {inside.steps_done:,} steps"
                       f"{' (from the checkpoint cache)' if getattr(inside, 'from_cache', False) else ''}.")
            st.image(image[0].cpu().numpy(), width=140, clamp=True)
        with c2:
            layers = conv_layers(inside.model)
            st.markdown(f"**First-layer filters** ({layers[0]}): each 3×3 kernel is slid over the image; blue weights "
                        "add the ink under them, orange subtract it: edge and stroke detectors.")
            st.plotly_chart(filters_figure(first_filters(inside.model)), key="mnist.filters")
            st.markdown("**Feature maps**: what each layer passes on for this digit (first 8 channels). Pooling halves "
                        "the size; deeper maps are coarser and more abstract.")
            st.plotly_chart(feature_maps_figure(feature_maps(inside.model, image)), key="mnist.feature_maps")



@st.cache_resource(max_entries=6, show_spinner=False)
def cached_model(model: str, source: str, device: str, saved_at: float):
    """The page's default `model` from the checkpoint cache, frozen (None when it is not there);
    `saved_at` (the file's time) makes a newly prepared checkpoint a new entry."""
    config = default_config(model, source)
    saved = checkpoints.load(checkpoint_name(model), config) if saved_at else None
    if saved is None:
        return None
    net = build_model(config)
    net.load_state_dict(saved["model"])
    return freeze(net.to(device))


def drawing_model(model: str) -> tuple[torch.nn.Module, str]:
    """The session's trained network if there is one, else the cached one, else the untrained one (saying so)."""
    trainer = trainer_for(model)
    if trainer.steps_done > 0:
        origin = "from the checkpoint cache" if getattr(trainer, "from_cache", False) else "trained in this session"
        return trainer.model, f"{origin}, {trainer.steps_done:,} steps"
    path = checkpoints.checkpoint_path(checkpoint_name(model), default_config(model, source))
    net = cached_model(model, source, str(ctx.device), path.stat().st_mtime if path.exists() else 0.0)
    if net is not None:
        return net, "from the checkpoint cache"
    return trainer.model, "untrained: train it in the first tab (or run core.prepare)"


if tab_draw.open:
    with tab_draw:
        pad, result = st.columns([1, 2], gap="large")
        with pad:
            st.markdown("**Draw one digit**, big or small, anywhere on the pad (the bin icon clears it).")
            st.write("")  # room for the pad's toolbar, which sits above it
            try:
                from streamlit_drawable_canvas import st_canvas

                drawn = st_canvas(stroke_width=18, stroke_color="#000000", background_color="#FFFFFF", height=280,
                                  width=280, drawing_mode="freedraw", key="mnist.canvas", return_image_data=True)
                pixels = drawn.image_data
            except Exception as exc:  # the component failed to load: say so, keep the rest of the page
                st.error(f"The drawing pad could not start here ({type(exc).__name__}).")
                pixels = None
        prepared = prepare_drawing(pixels) if pixels is not None else None
        with result:
            if prepared is None:
                st.info("✍️ Draw a digit on the pad: the three networks will read it.")
            else:
                st.plotly_chart(stages_figure(prepared.cropped, prepared.scaled, prepared.image,
                                              prepared.centre_of_mass), key="mnist.stages")
                x = torch.from_numpy(prepared.image)[None, None].to(ctx.device)
                probs, origins = {}, {}
                for name in MODELS:
                    net, origins[name] = drawing_model(name)
                    probs[LABELS[name]] = predict_proba(net, x)[0].cpu().numpy()
                mean = np.mean(list(probs.values()), axis=0)
                top, p, word = confidence(mean)
                st.markdown(f"### Answer: {top} ({word}, {p:.0%})")
                if word == "unsure":
                    st.warning(f"Low confidence: on average the networks give their best guess, {top}, only {p:.0%}. "
                               "That does not look much like any digit they know.")
                st.plotly_chart(probability_bars(probs, title="each network's softmax"), key="mnist.bars")
                for name, (label, pr) in zip(MODELS, probs.items(), strict=True):
                    d, q, w = confidence(pr)
                    st.caption(f"**{label}** says **{d}** ({q:.0%}, {w}) · {origins[name]}")

state.sync_url()  # after the last widget
with st.expander("Share this demo"):
    share_link()
