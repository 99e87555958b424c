"""A GAN on MNIST: a counterfeiter (the generator) and a detective (the discriminator) trained live against each
other; the same 64 noise vectors redrawn as they sharpen, a scrubber over saved snapshots, the mode-collapse
meter (the MNIST classifier judges the samples), and a walk between two noise vectors."""
import numpy as np
import streamlit as st
import torch

from core import checkpoints
from core.gan.config import COLLAPSE_LR_FACTOR, MODELS, checkpoint_name, default_config
from core.gan.export import export_script
from core.gan.judge import judge_probs
from core.gan.meter import CONFIDENT, MAX_BITS, collapse_meter
from core.gan.models import build_pair, parameter_count
from core.gan.noise import interpolate, sample_noise
from core.gan.trainer import GanTrainer
from core.mnist.classifier import MODEL as MNIST_MODEL
from core.mnist.classifier import classifier_config
from core.mnist.data import available_source
from core.mnist.trainer import checkpoint_name as classifier_name
from figures import gan as gan_figures
from ui.controls import secondary, select, slider, toggle
from ui.data import mnist_classifier
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

LABELS = {"dense": "the talk's dense GAN", "dcgan": "convolutional (DCGAN)"}
METER_SAMPLES = 500  # generated digits the judge classifies for the meter
PATH_STEPS = 10
# Figures cached by their inputs: a rerun rebuilds only those the changed widget feeds (shared: never mutate one).
curves_figure, interpolation_figure, meter_figure, samples_figure = cached(
    gan_figures.curves_figure, gan_figures.interpolation_figure, gan_figures.meter_figure, gan_figures.samples_figure)


@st.cache_data(max_entries=16, show_spinner=False)
def weights_of(model: str, z_dim: int, seed: int, spectral_norm: bool) -> tuple[int, int]:
    gen, disc = build_pair(model, z_dim, seed, spectral_norm)
    return parameter_count(gen), parameter_count(disc)


@st.cache_data(max_entries=16, show_spinner=False)
def script_for(config) -> str:
    return export_script(config)


ctx = setup_page("A GAN on MNIST", "🎨")
state = PageState("gan", [
    Param("model", "dense", choices=MODELS), Param("steps", default_config().total_steps, 100, 20000, step=100),
    Param("collapse", False), Param("seed", 0, 0, 9999), Param("trunc", 0.0, 0.0, 2.0, step=0.25),
    Param("z_from", 1, 0, 9999), Param("z_to", 2, 0, 9999),
])

st.title("🎨 A GAN on MNIST")
st.caption("Part 4 · a counterfeiter and a detective: the generator turns noise into fake digits, the "
           "discriminator learns to tell them from real ones, and each one's progress is the other's lesson.")
state.show_notes()

source = available_source()
if source != "mnist":
    st.warning("MNIST is not in the data directory: this GAN learns from scikit-learn's 1,797 small digits, "
               "upscaled. Run `python -m core.prepare` with a network for the real thing.")

controls, main = st.columns([1, 3], gap="medium")
with controls:
    select(state, "model", "networks", format_func=LABELS.get)
    slider(state, "steps", "training steps")
    toggle(state, "collapse", "💥 collapse it",
           help=f"Provoke mode collapse: train with a generator learning rate {COLLAPSE_LR_FACTOR:g}× too large "
                "and watch the meter.")
    with secondary("More settings"):
        slider(state, "seed", "seed (weights, noise and batches)")
        slider(state, "trunc", "truncation (0 = off)",
               help="Draw the noise only from [-t, t]: typical inputs, sharper digits, a little less variety. "
                    "For the samples and the meter; training is unchanged.")
config = default_config(state["model"], source, total_steps=state["steps"], seed=state["seed"],
                        collapse=state["collapse"])
name = checkpoint_name(config.model)
with controls:
    gen_weights, disc_weights = weights_of(config.model, config.z_dim, config.seed, config.spectral_norm)
    st.caption(f"Generator {gen_weights:,} weights, discriminator {disc_weights:,}. "
               f"{config.loss.upper()} loss, Adam (generator {config.generator_lr:g}, discriminator "
               f"{config.lr_d:g}), batches of {config.batch_size}, spectral norm on the discriminator, the shown "
               f"generator a moving average of its weights (decay {config.ema}).")
    if config.collapse:
        st.warning("Collapse provoked: the generator's learning rate is far too large.")
    st.download_button("⬇ As a script", data=script_for(config), file_name=f"gan_{config.model}.py",
                       mime="text/x-python", key="gan.export",
                       help="Standalone PyTorch: the same networks, losses, noise and seed. "
                            "Run it with --data <folder with MNIST> --steps N --out grid.png.")


def judge_saved() -> bool:
    """Whether the shared classifier is in the checkpoint cache (`core.prepare` or the MNIST page put it there)."""
    return checkpoints.checkpoint_path(classifier_name(MNIST_MODEL), classifier_config()).exists()


JUDGE = mnist_classifier(str(ctx.device)) if judge_saved() or st.session_state.get("gan.want_judge") else None
if JUDGE is None:
    with controls:
        st.info("The mode-collapse meter needs the MNIST classifier, which is not trained yet.")
        if st.button("⚖️ Train the judge", key="gan.judge",
                     help="Trains the MNIST page's fast CNN once (about half a minute on a laptop CPU)."):
            st.session_state["gan.want_judge"] = True
            st.rerun()


def meter_for(trainer: GanTrainer, truncation: float):
    """The meter for METER_SAMPLES fresh samples (fixed noise), computed once per step count and truncation."""
    key = (trainer.config, trainer.steps_done, truncation)
    cached = st.session_state.get("gan.meter")
    if cached is None or cached[0] != key:
        z = sample_noise(METER_SAMPLES, trainer.config.z_dim, torch.Generator().manual_seed(12345), truncation)
        probs = judge_probs(JUDGE, trainer.sample(z))
        st.session_state["gan.meter"] = (key, collapse_meter(probs), probs)
    return st.session_state["gan.meter"][1:]


def render(trainer: GanTrainer) -> None:
    st.caption(f"step {trainer.steps_done:,} of {trainer.config.total_steps:,} · epoch {trainer.epoch:.2f} of "
               f"{trainer.n_train:,} training digits")
    left, right = st.columns([1, 1])
    grid = trainer.sample(trainer.fixed_z)[:, 0].cpu().numpy()
    left.plotly_chart(samples_figure(grid, title=f"the same 64 noise vectors, step {trainer.steps_done:,}", span=0.29),
                      key="gan.grid")
    if JUDGE is None:
        right.info("The mode-collapse meter appears here once the judge is trained (button on the left).")
    else:
        draw_meter(right, *meter_for(trainer, state["trunc"]))
    if trainer.history["step"]:
        st.plotly_chart(curves_figure(trainer.history), key="gan.curves")
    else:
        st.info("Press ▶ Train: the losses and the discriminator's accuracy appear as it learns.")


def draw_meter(container, meter, probs) -> None:
    confident = np.bincount(probs.argmax(1), weights=probs.max(1) >= CONFIDENT, minlength=10) / meter.n
    with container:
        st.plotly_chart(meter_figure(meter.fractions, confident, title="mode-collapse meter"), key="gan.meter")
        verdict = {"collapsed": "🚨 **collapsed**: a few digits fill the histogram",
                   "narrow": f"⚠️ **narrow**: digits {', '.join(map(str, meter.missing))} are under 5%",
                   "diverse": "✅ **diverse**: every digit at 5% or more"}[meter.verdict]
        st.markdown(f"{verdict}. Entropy {meter.entropy_bits:.2f} of {MAX_BITS:.2f} bits; "
                    f"{meter.confident_fraction:.0%} of {meter.n} samples judged with p ≥ {CONFIDENT}.")


with main:
    trainer = get_trainer(name, config, lambda c: GanTrainer(c, ctx.device), resumable=("total_steps",))
    live_panel(name, trainer, render, total_steps=config.total_steps, chunk=config.log_every * 2)

st.divider()
scrub, walk = st.columns([1, 1], gap="large")
with scrub:
    st.subheader("Scrub through training")
    steps = trainer.snapshot_steps
    at = st.select_slider("snapshot (step)", options=steps, value=steps[-1], key="gan.scrub") if len(steps) > 1 \
        else steps[0]
    epoch = at / trainer.steps_per_epoch
    shot = trainer.snapshots[steps.index(at)].numpy()
    st.plotly_chart(samples_figure(shot, title=f"step {at:,} (epoch {epoch:.2f})"), key="gan.snapshot")
with walk:
    st.subheader("Walk between two noise vectors")
    c1, c2 = st.columns(2)
    slider(state, "z_from", "from noise #", container=c1)
    slider(state, "z_to", "to noise #", container=c2)
    z0 = sample_noise(1, config.z_dim, torch.Generator().manual_seed(state["z_from"]), state["trunc"])[0]
    z1 = sample_noise(1, config.z_dim, torch.Generator().manual_seed(state["z_to"]), state["trunc"])[0]
    path = trainer.sample(interpolate(z0, z1, PATH_STEPS))
    answers = judge_probs(JUDGE, path).argmax(1) if JUDGE is not None else None
    st.plotly_chart(interpolation_figure(path[:, 0].cpu().numpy(), labels=answers,
                                         title=f"noise #{state['z_from']} to #{state['z_to']}"), key="gan.walk")
    st.caption("Each image is the generator's answer to a point on the path between two noise vectors; the "
               "small numbers (once the judge is trained) are its reading. A smooth morph means the generator "
               "learned a continuous map, not a lookup table of training digits.")

state.sync_url()  # after the last widget
with st.expander("Share this demo"):
    share_link()
