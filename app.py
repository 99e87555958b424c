"""Home: the course map in four parts, with a link to every page that exists."""
import streamlit as st

from core.mnist import find_mnist_files
from core.paths import cache_dir, data_dir
from ui.course_map import PARTS
from ui.page import setup_page

ctx = setup_page("Course map", "🗺️")
st.title("Deep Learning: A Crash Course, live")
st.markdown("From one neuron to networks that learn, see, write and paint — every demo here trains and runs for real, "
            "on your GPU if you have one and on a laptop CPU if not.")

for part in PARTS:
    st.subheader(f"Part {part.number} · {part.title}")
    st.caption(part.topics)
    live = [p for p in part.pages if p.exists]
    if not live:
        st.markdown("*Pages for this part are on their way.*")
        continue
    cols = st.columns(len(live))
    for col, page in zip(cols, live):
        with col.container(border=True):
            st.page_link(page.path, label=page.title, icon=page.icon)
            st.caption(page.blurb)

with st.expander("Data and device", expanded=False):
    st.markdown(f"**Data directory** (`DLCC_DATA_DIR`): `{data_dir()}`  \n**Checkpoint cache:** `{cache_dir()}`")
    if find_mnist_files():
        st.success("MNIST is ready.")
    else:
        st.info("MNIST is not in the data directory yet. Pages that need it will download it, or fall back to "
                "scikit-learn's small bundled digits (upscaled to 28×28) when there is no network.")
