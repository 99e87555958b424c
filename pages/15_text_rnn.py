"""Sherlock by RNN: an LSTM learns to write like the text it reads, live, then writes from your seed."""
import hashlib
import math

import streamlit as st

from core.text_rnn.export import export_script
from core.text_rnn.generate import generate, known_part, next_distribution
from core.text_rnn.model import PRESETS
from core.text_rnn.source import SHERLOCK, UPLOAD, Text, TextProblem, decode_text, load_choice, text_choices
from core.text_rnn.trainer import CHECKPOINT_NAME, TextConfig, TextTrainer
from figures.text_rnn import loss_figure, next_token_figure
from ui.controls import secondary, select, slider, toggle
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

PRESET_LABELS = {"fast": "fast LSTM (ours)", "talk": "the talk's 2×LSTM-128", "word": "word LSTM"}
choices = text_choices()

ctx = setup_page("Sherlock by RNN", "🕵️")
state = PageState("text", [
    Param("text", SHERLOCK if SHERLOCK in choices else choices[0], choices=tuple(choices)),
    Param("model", "fast", choices=tuple(PRESETS)), Param("steps", 1500, 100, 20000, step=100),
    Param("seed_text", "To Sherlock Holmes she is always "), Param("temp", 0.7, 0.2, 1.5, step=0.05),
    Param("greedy", False), Param("length", 400, 50, 2000, step=50), Param("seed", 0, 0, 9999),
])

st.title("🕵️ Sherlock by RNN")
st.caption("Part 4 · a recurrent network keeps a state as it reads, one character at a time, and learns to score "
           "every possible next character. Trained, it writes: append its choice, read it, choose again.")
state.show_notes()

controls, main = st.columns([1, 3], gap="medium")
with controls:
    select(state, "text", "text to learn")
    select(state, "model", "model", format_func=PRESET_LABELS.get)
    with secondary("Training settings"):
        slider(state, "steps", "training steps")
        slider(state, "seed", "seed")


@st.cache_data(max_entries=2, show_spinner="Reading the text…")
def read_named(choice: str) -> Text:
    return load_choice(choice)


def read_upload() -> Text | None:
    upload = controls.file_uploader("a plain-text file (.txt)", type=["txt", "md", "csv"], key="text.upload")
    if upload is None:
        controls.info("Upload a text of a few pages or more; a few hundred kB is ideal.")
        return None
    data = upload.getvalue()
    try:
        text = decode_text(data)
    except TextProblem as problem:
        controls.error(str(problem))  # our own sentence, never the file's contents
        return None
    text.source = f"upload {hashlib.sha256(data).hexdigest()[:16]}"
    for note in text.notes:
        controls.caption(note)
    return text


try:
    text = read_upload() if state["text"] == UPLOAD else read_named(state["text"])
except TextProblem as problem:
    controls.error(str(problem))
    text = None
if text is None:
    state.sync_url()
    st.stop()
controls.caption(f"Text: {text.source}; {len(text.text):,} characters, the last 10% held out.")

config = TextConfig(text=text.source, preset=state["model"], total_steps=state["steps"], seed=state["seed"])
unit = "word" if PRESETS[config.preset].level == "word" else "character"


def render(trainer: TextTrainer) -> None:
    h = trainer.history
    left, right = st.columns([3, 2])
    if h["step"]:
        left.plotly_chart(loss_figure(h, unit), key="text_loss")
        speed = h["tokens_seen"][-1] / max(h["seconds"][-1], 1e-9)
        left.caption(f"Held-out loss {h['val_nats'][-1]:.2f} nats = {h['val_bits'][-1]:.2f} bits per {unit}; "
                     f"training at {speed:,.0f} {unit}s per second on {ctx.device}.")
    with right:
        st.markdown("**What it writes as it learns** (temperature 0.7)")
        for step, sample in reversed(trainer.samples[-3:]):
            st.caption(f"after {step:,} steps")
            st.text(sample)
        if not trainer.samples:
            st.caption(f"A sample appears every {trainer.config.eval_every} steps.")


with main:
    try:
        trainer = get_trainer(CHECKPOINT_NAME, config, lambda c: TextTrainer(c, text.text, ctx.device))
    except ValueError as exc:
        st.error(f"This text cannot train this model: {exc}.")
        st.stop()
    live_panel(CHECKPOINT_NAME, trainer, render, total_steps=config.total_steps, chunk=config.eval_every)
    st.download_button("⬇ As a script", data=export_script(config), file_name=f"text_rnn_{config.preset}.py",
                       mime="text/x-python", key="text.export",
                       help="A standalone PyTorch script: the same network, windows and training loop, for any "
                            "UTF-8 text file. Run it with: python text_rnn.py book.txt --steps N")

st.divider()
st.subheader("Now let it write")
c1, c2, c3, c4 = st.columns([2, 1.2, 1, 1.2])  # room for "temperature" and "greedy" in presenter type
c1.text_input("seed text (it continues from here)", key=state.key("seed_text"), max_chars=200)
slider(state, "temp", "temperature", container=c2, disabled=state["greedy"],
       help="Low: safe and repetitive. High: adventurous, then nonsense.")
toggle(state, "greedy", "greedy", container=c3, help="Always the likeliest next character, never a sample.")
slider(state, "length", f"{unit}s to write", container=c4)
state.sync_url()

seed_text = state["seed_text"]
usable = known_part(trainer.vocab, seed_text)
if usable != seed_text:
    st.caption("Characters the model never saw in its text were left out of the seed.")
probs = next_distribution(trainer.model, trainer.vocab, seed_text, state["temp"])
st.plotly_chart(next_token_figure(probs.numpy(), trainer.vocab.tokens, 20), key="text_next")
if trainer.steps_done == 0:
    st.info("The network is untrained: its guesses are near uniform. Train it first, or watch the gibberish.")
if st.button("✍️ Write", key="text.write", type="primary"):
    import torch

    pieces = generate(trainer.model, trainer.vocab, seed_text, state["length"], state["temp"], state["greedy"],
                      torch.Generator().manual_seed(state["seed"]))
    box = st.empty()
    written = seed_text
    for i, piece in enumerate(pieces):
        written += piece
        if i % 8 == 0:
            box.text(written)  # plain text: never rendered as Markdown
    box.text(written)
    per = f"{math.log(len(trainer.vocab)):.1f}"
    st.caption(f"Chance level would be {per} nats per {unit} ({len(trainer.vocab)} possible {unit}s).")

with st.expander("Share this demo"):
    share_link()
