"""Adversarial examples: noise of about ±2/255, made with the network's own gradient, changes its answer."""
import numpy as np
import streamlit as st

from core.adversarial.attacks import AttackConfig, smallest_fgsm_epsilon, smallest_pgd_epsilon
from core.adversarial.report import AttackReport, attack_report
from core.imagenet.sources import imagenet_labels
from figures.adversarial import attack_figure, top5_figure
from ui.adversarial import mnist_attack, verdict
from ui.controls import secondary, select, slider, toggle
from ui.imagenet import UPLOAD, backbone_param, cached_backbone, photo_param, pick_backbone, pick_photo
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

SIZE = 224
LABELS = tuple(imagenet_labels())

ctx = setup_page("Adversarial examples", "🎭")
state = PageState("adversarial", [
    photo_param("photo", prefer=("tiger",)), backbone_param("net"),
    # ε up to 64/255: an ImageNet network flips at 2, an MNIST CNN trained without label smoothing needs tens.
    Param("method", "fgsm", choices=("fgsm", "pgd")), Param("eps", 2.0, 0.25, 64.0, step=0.25),
    Param("steps", 10, 1, 40), Param("targeted", False), Param("target", "syringe", choices=LABELS),
    Param("on", "imagenet", choices=("imagenet", "mnist")), Param("digit", 0, 0, 999), Param("to", 3, 0, 9),
])

st.title("🎭 Adversarial examples")
st.caption("Part 3 · change every pixel by at most ε (a few 1/255ths: invisible) in the direction the network's own "
           "gradient says hurts most, and its answer changes.")
state.show_notes()

select(state, "on", "attack", horizontal=True,
       format_func={"imagenet": "an ImageNet network, on a photo", "mnist": "the MNIST CNN, on a test digit"}.get)
controls, main = st.columns([1, 3], gap="medium")
with controls:
    if state["on"] == "imagenet":
        photo = pick_photo(state, "photo")
        backbone = pick_backbone(state, "net", ctx.device)
    else:
        slider(state, "digit", "test digit number")
    select(state, "method", "attack", horizontal=True,
           format_func=lambda m: {"fgsm": "FGSM (one step)", "pgd": "PGD (several small steps)"}[m])
    slider(state, "eps", "ε: largest change of a pixel, in 1/255",
           help="Pixels run from 0 to 255; 2 means no pixel moves by more than 2 levels.")
    toggle(state, "targeted", "🎯 targeted", help="Make the network see a class you choose, not just any other.")
    if state["on"] == "imagenet":
        select(state, "target", "class it should become", disabled=not state["targeted"])
    else:
        slider(state, "to", "digit it should become", disabled=not state["targeted"])
    with secondary("Attack settings"):
        slider(state, "steps", "PGD steps", disabled=state["method"] != "pgd")
state.sync_url()
if state["on"] == "mnist":
    mnist_attack(state, ctx.device, main)
    st.stop()

if photo is None or backbone is None:
    if state["photo"] == UPLOAD and photo is None:
        main.info("The attack runs once a photo is chosen.")
    st.stop()

config = AttackConfig(method=state["method"], epsilon=state["eps"] / 255, steps=state["steps"],
                      target=LABELS.index(state["target"]) if state["targeted"] else None)


@st.cache_data(max_entries=16, show_spinner="Attacking…")
def run(pixels: np.ndarray, net: str, device: str, cfg: AttackConfig) -> AttackReport:
    b = cached_backbone(net, device)
    return attack_report(b.logits, b.to_tensor(pixels, SIZE), cfg)


report = run(photo.pixels, backbone.name, str(ctx.device), config)
named = lambda pairs: [(LABELS[i], p) for i, p in pairs]  # noqa: E731
before, after = named(report.before), named(report.after)

with main:
    fig = attack_figure(report.original, report.perturbation, report.adversarial,
                        f"{before[0][0]} {before[0][1]:.0%}", f"{after[0][0]} {after[0][1]:.0%}")
    st.plotly_chart(fig, key="attack_images")
    watched = state["target"] if state["targeted"] else before[0][0]
    st.plotly_chart(top5_figure(before, after, watched), key="top5")
    st.markdown(verdict(report, before[0][0], after[0][0]))

    if st.button("🔎 Find the smallest ε that changes the answer", key="adversarial.search"):
        pixels = backbone.to_tensor(photo.pixels, SIZE)
        with st.spinner("Searching ε from 0.25/255 up…"):
            search = smallest_fgsm_epsilon if state["method"] == "fgsm" else smallest_pgd_epsilon
            kwargs = {} if state["method"] == "fgsm" else {"steps": state["steps"]}
            found = search(backbone.logits, pixels, report.label, config.target, max_units=32.0, **kwargs)
        st.session_state["adversarial.smallest"] = (state.values(), found)
    saved = st.session_state.get("adversarial.smallest")
    if saved and saved[0] == state.values():
        found = saved[1]
        st.markdown(f"Smallest ε found with {state['method'].upper()}: **{found:g}/255**." if found is not None else
                    "Even ε = 32/255 does not change the answer with this attack.")

with st.expander("How does it work?"):
    st.markdown(
        "The network is a function of the pixels, so autograd gives the gradient of its error with respect to "
        "every pixel. **FGSM** moves each pixel by exactly ε in the direction (the sign) that raises the error of "
        "the current answer; **PGD** takes several smaller steps, each kept within ε of the original. A *targeted* "
        "attack instead lowers the error of the class it should become. The change is far below what an eye sees, "
        "yet thousands of tiny, coordinated nudges add up inside the network.")
with st.expander("Share this demo"):
    share_link()
