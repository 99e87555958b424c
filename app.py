"""Home: the course map in four parts, with a link to every page that exists."""
import os

import streamlit as st

from core.data.mnist import find_mnist_files
from core.paths import cache_dir, data_dir
from ui.course_map import PARTS
from ui.page import setup_page

ALLOW_PREPARE = "DLCC_ALLOW_PREPARE"  # only the operator turns the button on: it downloads and trains for minutes

ctx = setup_page("Course map", "🗺️")
st.title("Deep Learning: A Crash Course, live")
st.markdown("From one neuron to networks that learn, see, write and paint — every demo here trains and runs for real, "
            "on your GPU if you have one and on a laptop CPU if not.")

CARDS_PER_ROW = 3

for part in PARTS:
    st.subheader(f"Part {part.number} · {part.title}")
    st.caption(part.topics)
    live = [p for p in part.pages if p.exists]
    if not live:
        st.markdown("*Pages for this part are on their way.*")
        continue
    for row in range(0, len(live), CARDS_PER_ROW):  # three to a row: titles stay whole on a projector
        cols = st.columns(CARDS_PER_ROW)
        for col, page in zip(cols, live[row:row + CARDS_PER_ROW], strict=False):
            with col.container(border=True):
                st.page_link(page.path, label=page.title, icon=page.icon)
                st.caption(page.blurb)

with st.expander("Prepare for a talk (offline)", expanded=False):
    st.markdown("Fetch what can be fetched (MNIST, the Sherlock Holmes text, VGG16 weights) and train every page's "
                "default model into the checkpoint cache, so every page opens at once with no network. "
                "Same as `python -m core.prepare` in a terminal.")
    if os.environ.get(ALLOW_PREPARE) != "1":
        st.caption(f"Run `python -m core.prepare` on the machine that serves this app. The button here is off unless "
                   f"the operator sets {ALLOW_PREPARE}=1: it downloads hundreds of MB and trains every model, and on "
                   "a shared deployment any visitor could start it.")
    elif st.button("Prepare everything", key="prepare", type="primary"):
        from core.prepare import prepare

        bar = st.progress(0.0, text="starting…")
        results = prepare(ctx.device, progress=lambda frac, label: bar.progress(frac, text=label))
        st.dataframe([{"": "✅" if r.ready else "⚠️", "item": r.item, "seconds": round(r.seconds, 1), "detail": r.detail}
                      for r in results], hide_index=True)

with st.expander("Data and device", expanded=False):
    st.markdown(f"**Data directory** (`DLCC_DATA_DIR`): `{data_dir()}`  \n**Checkpoint cache:** `{cache_dir()}`")
    if find_mnist_files():
        st.success("MNIST is ready in the data directory.")
    else:
        st.info("MNIST is not in the data directory yet: pages that need it download it, or say so and use "
                "scikit-learn's small bundled digits (upscaled to 28×28) when there is no network.")
    if st.toggle("Show some digits", key="home.show_digits"):
        from figures.digits import digit_grid
        from ui.data import digit_preview

        images, labels, source, note = digit_preview(20)  # a few KB: never all of MNIST for 20 thumbnails
        st.plotly_chart(digit_grid(images, labels), key="digits")
        if source == "mnist":
            st.caption(note)
        else:
            st.info(note, icon="📦")
