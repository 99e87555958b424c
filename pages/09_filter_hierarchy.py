"""The hierarchy of filters: 2x2 pixel filters, pooled, make eye, nose and mouth detectors, pooled again, and a 3x3
goal says "face" (or "profile"). Click pixels to change the picture and watch each layer answer."""
import numpy as np
import streamlit as st
import torch

from core.filter_hierarchy.faces import decode_flips, encode_flips, load_faces, toggle
from core.filter_hierarchy.network import exact_match, run_hierarchy
from core.filter_hierarchy.patterns import (
    FEATURE_NAMES,
    FEATURES,
    GOAL_CELLS,
    GOALS,
    PART_NAMES,
    PARTS,
    parse_goal,
    part_pixels,
)
from figures.filter_hierarchy import filters_figure, goals_figure, labels_figure, maps_figure, pixels_figure
from ui.controls import select
from ui.figure_cache import cached
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures cached by their inputs: a new goal rebuilds the goals chart only, not the dozen layer charts.
pixels_figure, goals_figure, filters_figure, maps_figure, labels_figure = cached(
    pixels_figure, goals_figure, filters_figure, maps_figure, labels_figure)
FACES = load_faces()
CLICKS_KEY = "hierarchy._clicks"
CELL_LABELS = {"x": "× don't care", "E": "E eye", "N": "N nose", "M": "M mouth"}
DEFAULT_GOAL = "ExExNxxxx"  # eyes and a nose; no mouth wanted

setup_page("The hierarchy of filters", "🙂")
state = PageState("hierarchy", [
    Param("face", "front", choices=tuple(FACES)), Param("flips", ""), Param("goal", DEFAULT_GOAL),
])

st.title("🙂 The hierarchy of filters")
st.caption("Part 3 · tiny filters find tiny patterns; pooled, their maps feed filters for bigger patterns; pooled "
           "again, a 3x3 goal asks whether the parts sit where a face has them. Real conv, ReLU and max-pool layers.")
state.show_notes()

try:
    flips = decode_flips(state["flips"])
except ValueError:
    st.warning("The link's toggled pixels could not be read (expected 36 hexadecimal digits), so the picture "
               "starts unchanged.")
    state.set("flips", "")
    flips = decode_flips("")
try:
    user_goal = parse_goal(state["goal"])
except ValueError:
    st.warning("The link's goal could not be read (expected 9 cells of E, N, M or x), so the default goal is used.")
    user_goal = DEFAULT_GOAL
    state.set("goal", DEFAULT_GOAL)

face = FACES[state["face"]]
pixels = face.pixels ^ flips
goals = {**GOALS, "yours": user_goal}
result = run_hierarchy(pixels, goals)


def clear_flips() -> None:
    state.set("flips", "")
    st.session_state[CLICKS_KEY] = st.session_state.get(CLICKS_KEY, 0) + 1


def set_goal_cell() -> None:
    cells = [st.session_state.get(f"hierarchy.goal_cell.{i}", "x") for i in range(9)]
    state.set("goal", "".join(cells))


left, middle = st.columns([2, 3], gap="large")
with left:
    select(state, "face", "start from", format_func=lambda n: FACES[n].title, on_change=clear_flips)
    event = st.plotly_chart(pixels_figure(pixels, flips, title="input: click pixels to toggle them"),
                            key=f"hierarchy.input.{st.session_state.get(CLICKS_KEY, 0)}", on_select="rerun",
                            selection_mode="points", config={"displayModeBar": False})
    points = (event or {}).get("selection", {}).get("points", [])
    if points:
        row, col = int(round(float(points[0]["y"]))), int(round(float(points[0]["x"])))
        if 0 <= row < pixels.shape[0] and 0 <= col < pixels.shape[1]:
            state.set("flips", encode_flips(toggle(flips, row, col)))
            st.session_state[CLICKS_KEY] = st.session_state.get(CLICKS_KEY, 0) + 1  # a fresh chart, no selection
            st.rerun()
    n_flipped = int(flips.sum())
    st.button("↺ Undo all my clicks", key="hierarchy.reset", on_click=clear_flips, disabled=n_flipped == 0)
    st.caption(f"{face.description} {n_flipped} pixel(s) toggled by you (orange rings).")

with middle:
    st.markdown("**Does it match?** Blue: the wanted part is there; orange: it is missing; grey: don't care.")
    st.plotly_chart(goals_figure(goals, result.goal_cells, result.goals), key="goals")
    mask = exact_match(torch.tensor(pixels, dtype=torch.float32), FACES["front"].pixels)
    eyes = exact_match(torch.tensor(pixels, dtype=torch.float32), part_pixels("eye")).nonzero().tolist()
    where = " (" + ", ".join(f"row {r}, column {c}" for r, c in eyes) + ")" if eyes else ""
    st.markdown(f"**Without the hierarchy:** the whole front face as one 12x12 pixel mask "
                f"{'matches ✓' if mask.item() > 0 else 'does not match ✗'}; the 4x4 pixel eye filter matches at "
                f"{len(eyes)} place(s){where}. One pixel moved is enough to break a pixel mask; pooling lets the "
                "hierarchy shrug it off.")
    st.markdown("**Your goal** (a 3x3 choice of parts):")
    for r in range(3):
        cols = st.columns(3)
        for c in range(3):
            i = r * 3 + c
            st.session_state[f"hierarchy.goal_cell.{i}"] = user_goal[i]
            cols[c].selectbox(f"row {r + 1}, column {c + 1}", GOAL_CELLS, key=f"hierarchy.goal_cell.{i}",
                              format_func=CELL_LABELS.get, on_change=set_goal_cell, label_visibility="collapsed")
state.sync_url()  # after the last widget

st.divider()
st.subheader("Layer 1: four 2x2 pixel filters")
f1, f2 = st.columns([1, 3])
with f1:
    st.plotly_chart(filters_figure({n: FEATURES[n] for n in FEATURE_NAMES}), key="features.filters")
    st.caption("T: top row on. Q: all four. L: lower-left only. R: lower-right only. Each must match exactly: "
               "weights +1 where a pixel must be on, −1 where it must be off, and a bias, then ReLU.")
f2.plotly_chart(maps_figure(result.features, FEATURE_NAMES, "where each fires (at the window's top-left pixel)"),
                key="features.maps")
p1, p2 = st.columns([3, 2])
p1.plotly_chart(maps_figure(result.pooled_features, FEATURE_NAMES, "max-pooled 2x2: 6x6 each"), key="features.pooled")
p2.plotly_chart(labels_figure(result.feature_labels(), "the 6x6x4 stack, each cell labelled"), key="features.labels")

st.subheader("Layer 2: eye, nose and mouth from the pooled maps")
g1, g2 = st.columns([1, 3])
with g1:
    st.plotly_chart(filters_figure({n: part_pixels(n) for n in PART_NAMES}), key="parts.filters")
    recipe = "; ".join(f"{n}: {' '.join(PARTS[n][0])} over {' '.join(PARTS[n][1])}" for n in PART_NAMES)
    st.caption(f"Each part is a 2x2 arrangement of layer-1 answers ({recipe}): it fires where all four are on.")
g2.plotly_chart(maps_figure(result.parts, PART_NAMES, "where each part fires (at the window's bottom-right cell)"),
                key="parts.maps")
q1, q2 = st.columns([3, 2])
q1.plotly_chart(maps_figure(result.pooled_parts, PART_NAMES, "max-pooled 2x2: 3x3 each"), key="parts.pooled")
q2.plotly_chart(labels_figure(result.part_labels(), "the 3x3x3 result, labelled"), key="parts.labels")
fired = {n: int(np.count_nonzero(result.pooled_parts[k])) for k, n in enumerate(PART_NAMES)}
st.caption("Parts found after pooling: " + ", ".join(f"{n} {v}" for n, v in fired.items()) + ". The goals above "
           "are one more filter each, 3x3x3, over this result.")

with st.expander("Share this demo"):
    share_link()
