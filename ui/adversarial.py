"""What both halves of the adversarial page share (the verdict under the pictures), and the MNIST half: the
shared MNIST classifier (core.mnist.classifier) attacked on a test digit, drawn with the ImageNet half's figures."""
from __future__ import annotations

import streamlit as st
import torch

from core.adversarial.attacks import AttackConfig, smallest_fgsm_epsilon, smallest_pgd_epsilon
from core.adversarial.report import AttackReport, attack_report
from core.mnist.data import available_source, get_digits
from figures.adversarial import attack_figure, top5_figure
from ui.data import mnist_classifier
from ui.url_state import PageState

DIGITS = [str(d) for d in range(10)]


@st.cache_data(max_entries=16, show_spinner="Attacking…")
def _run(index: int, source: str, device: str, cfg: AttackConfig) -> tuple[AttackReport, int]:
    digits = get_digits(source, device)
    x, label = digits.test_x[index:index + 1], int(digits.test_y[index])
    return attack_report(mnist_classifier(device), x, cfg, label=label), label


def verdict(report: AttackReport, before: str, after: str, hint: str = "") -> str:
    """One line under the pictures: did the attack do what was asked, and how far did any pixel move."""
    if report.flipped:
        said = f"✅ It now says **{after}**, as asked." if report.target is not None else \
            f"✅ The answer changed from {before} to **{after}**."
    else:
        said = (f"Not yet: it still says {after}. Raise ε, or use PGD." if report.target is not None else
                f"The answer is still {after}: raise ε, or use PGD.") + hint
    return f"{said} No pixel moved by more than {report.max_change_units:.2f}/255."


def mnist_attack(state: PageState, device: torch.device, main) -> None:
    source = available_source()
    digits = get_digits(source, device)
    index = min(state["digit"], len(digits.test_y) - 1)
    target = state["to"] if state["targeted"] else None
    cfg = AttackConfig(method=state["method"], epsilon=state["eps"] / 255, steps=state["steps"], target=target)
    report, label = _run(index, source, str(device), cfg)
    named = lambda pairs: [(DIGITS[i], p) for i, p in pairs]  # noqa: E731
    before, after = named(report.before), named(report.after)
    with main:
        if source != "mnist":
            st.warning(digits.note)
        st.caption(f"Test digit {index} (a {label}); the network: the MNIST page's fast CNN.")
        st.plotly_chart(attack_figure(report.original, report.perturbation, report.adversarial,
                                      f"{before[0][0]} {before[0][1]:.0%}", f"{after[0][0]} {after[0][1]:.0%}"),
                        key="mnist_attack_images")
        st.plotly_chart(top5_figure(before, after, str(target) if target is not None else str(label)),
                        key="mnist_top5")
        st.markdown(verdict(report, before[0][0], after[0][0], hint=" Digits need a bigger ε than photos."))
        if st.button("🔎 Find the smallest ε that changes the answer", key="adversarial.mnist_search"):
            model, x = mnist_classifier(str(device)), digits.test_x[index:index + 1]
            with st.spinner("Searching ε…"):
                if state["method"] == "fgsm":
                    found = smallest_fgsm_epsilon(model, x, label, target, max_units=128.0)
                else:
                    found = smallest_pgd_epsilon(model, x, label, target, steps=state["steps"], max_units=128.0)
            st.markdown(f"Smallest ε found: **{found:g}/255**." if found is not None else
                        "Even ε = 128/255 does not change the answer with this attack.")
