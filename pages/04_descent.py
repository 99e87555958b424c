"""Error surfaces and gradient descent: curves and surfaces, torch.optim optimisers rolling down them, learning
rates from crawling to diverging, schedules, a race, and the loss landscape of a real network."""
import streamlit as st

from core.descent.export import export_script
from core.descent.landscape_export import export_script as landscape_script
from core.descent.landscape_trainer import CHECKPOINT_NAME, WIDTHS, LandscapeConfig, LandscapePair
from core.descent.optimisers import OPTIMISERS, TARGET_ERROR, behaviour, run_path
from core.descent.race import lr_sweep, race, winner
from core.descent.schedules import SCHEDULES, schedule_curve
from core.descent.surfaces import CURVES, SURFACES, grid
from figures import descent as descent_figures
from figures import landscape as landscape_figures
from ui.controls import multiselect, secondary, select, slider
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

CLICK_GRID = 41
PENDING, CLICKS, START_FOR = "descent._pending_start", "descent._clicks", "descent._start_for"
WORDS = {"diverged": "diverges", "oscillating": "oscillates", "reached": "gets there", "stopped": "stops short",
         "crawling": "crawls"}
# Figures cached by their inputs: a rerun rebuilds only those the changed widget feeds (shared: never mutate one).
curve_figure, error_figure, contour_figure, surface_figure, schedules_figure, sweep_figure = cached(
    descent_figures.curve_figure, descent_figures.error_figure, descent_figures.contour_figure,
    descent_figures.surface_figure, descent_figures.schedules_figure, descent_figures.sweep_figure)
landscape_surface, landscape_contour = cached(landscape_figures.landscape_surface, landscape_figures.landscape_contour)
LRS = ("0.0001", "0.0003", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "0.5", "1", "1.1", "1.5", "3")



# Pure functions of their arguments: cached, so moving one slider does not rerun every other section.
@st.cache_data(max_entries=64, show_spinner=False)
def path_on(kind: str, name: str, optimiser: str, lr: float, start: tuple, steps: int, schedule: str = "constant"):
    return run_path((CURVES if kind == "curve" else SURFACES)[name], optimiser, lr, start, steps, schedule)


@st.cache_data(max_entries=32, show_spinner=False)
def sweep_on(name: str, start: tuple, steps: int):
    return lr_sweep(CURVES[name], start, steps)


@st.cache_data(max_entries=32, show_spinner=False)
def race_on(name: str, racers: tuple, start: tuple, steps: int, scale: float):
    return race(SURFACES[name], racers, start, steps, scale)


@st.cache_data(max_entries=32, show_spinner=False)
def grid_of(kind: str, name: str, n: int):
    return grid((CURVES if kind == "curve" else SURFACES)[name], n)


@st.cache_data(max_entries=32, show_spinner=False)
def run_script(surface: str, optimiser: str, lr: float, start: tuple, steps: int, schedule: str) -> str:
    return export_script(SURFACES[surface], optimiser, lr, start, steps, schedule)


@st.cache_data(max_entries=4, show_spinner=False)
def landscape_script_for(config: LandscapeConfig) -> str:
    return landscape_script(config, "wide")


@st.cache_data(max_entries=32, show_spinner=False)
def schedules_for(lr: float, steps: int):
    return {n: schedule_curve(n, lr, steps) for n in SCHEDULES}


ctx = setup_page("Gradient descent", "⛰️")
state = PageState("descent", [
    Param("curve", "plateau", choices=tuple(CURVES)), Param("c_opt", "sgd", choices=tuple(OPTIMISERS)),
    Param("c_lr", "0.1", choices=LRS), Param("c_start", -0.9, -3.0, 3.0, step=0.05),
    Param("c_steps", 80, 5, 500, step=5),
    Param("surface", "valley", choices=tuple(SURFACES)), Param("opt", "momentum", choices=tuple(OPTIMISERS)),
    Param("lr", "0.1", choices=LRS), Param("sched", "constant", choices=tuple(SCHEDULES)),
    Param("sx", -1.8, -3.0, 3.0, step=0.05), Param("sy", 1.2, -3.0, 3.0, step=0.05),
    Param("steps", 150, 10, 2000, step=10),
    Param("race", tuple(OPTIMISERS), choices=tuple(OPTIMISERS)),
    Param("race_scale", "1", choices=("0.1", "0.3", "1", "3", "10")), Param("race_steps", 300, 20, 2000, step=20),
    Param("race_at", 300, 0, 2000), Param("directions", "random", choices=("random", "pca")),
])
if st.session_state.get(START_FOR, state["surface"]) != state["surface"]:  # another surface: its own start
    st.session_state[PENDING] = SURFACES[state["surface"]].start
st.session_state[START_FOR] = state["surface"]
pending = st.session_state.pop(PENDING, None)
if pending is not None:  # a click on the contour map, applied before the start sliders are drawn
    state.set("sx", pending[0])
    state.set("sy", pending[1])

st.title("⛰️ Gradient descent on error surfaces")
st.caption("Part 2 · the error is a curve over one weight, a surface over two. Learning is rolling downhill: "
           "a step against the slope, scaled by the learning rate η.")
state.show_notes()

# --- one weight -------------------------------------------------------------------------------------------------
st.subheader("One weight: the error curve")
left, right = st.columns([1, 3], gap="medium")
with left:
    select(state, "curve", "curve", format_func=lambda c: CURVES[c].label)
    select(state, "c_opt", "optimiser", format_func=OPTIMISERS.get)
    select(state, "c_lr", "learning rate η")
    slider(state, "c_start", "start at w =")
    slider(state, "c_steps", "steps")
curve = CURVES[state["curve"]]
c_start = curve.clamp((state["c_start"],))
if c_start[0] != state["c_start"]:
    left.caption(f"The start is kept on the chart: w = {c_start[0]:g}.")
path1 = path_on("curve", curve.name, state["c_opt"], float(state["c_lr"]), c_start, state["c_steps"])
xs, z = grid_of("curve", curve.name, 300)
with right:
    st.caption(curve.note)
    a, b = st.columns([3, 2])
    a.plotly_chart(curve_figure(xs, z, {OPTIMISERS[state["c_opt"]]: path1}, curve.f_min, height=320), key="curve")
    b.plotly_chart(error_figure({OPTIMISERS[state["c_opt"]]: path1}, height=320), key="curve_error")
    word = behaviour(path1)
    if path1.diverged_at is not None:
        st.error(f"Diverged at step {path1.diverged_at}: the steps grew until the weight left for good, so the "
                 "run stopped there. Try a smaller η.")
    else:
        st.info(f"After {path1.steps} steps it **{WORDS[word]}**: error {path1.errors[-1]:.3g}"
                + (f" (≤ {TARGET_ERROR:g} from step {path1.steps_to()})." if path1.steps_to() is not None else "."))

st.markdown(f"**Learning rate from tiny to too big** (plain gradient descent on the {curve.label} curve, same start)")
sweep = sweep_on(curve.name, c_start, state["c_steps"])
st.plotly_chart(sweep_figure(xs, z, sweep, {lr: WORDS[behaviour(p)] for lr, p in sweep.items()}, curve.f_min,
                             height=260), key="sweep")

# --- two weights ------------------------------------------------------------------------------------------------
st.subheader("Two weights: the error surface")
left, right = st.columns([1, 3], gap="medium")
surface = SURFACES[state["surface"]]
with left:
    select(state, "surface", "surface", format_func=lambda s: SURFACES[s].label)
    select(state, "opt", "optimiser", format_func=OPTIMISERS.get)
    select(state, "lr", "learning rate η")
    select(state, "sched", "schedule", format_func=SCHEDULES.get)
    slider(state, "steps", "steps")
    st.caption("Click the contour map to start there.")
    with secondary("Start point"):
        slider(state, "sx", "start w₁")
        slider(state, "sy", "start w₂")
        if st.button("Use this surface's suggested start", key="descent.suggested"):
            st.session_state[PENDING] = SURFACES[state["surface"]].start
            st.rerun()
surface = SURFACES[state["surface"]]
start = surface.clamp((state["sx"], state["sy"]))
if start != (state["sx"], state["sy"]):
    left.caption(f"The start is kept on the chart: ({start[0]:g}, {start[1]:g}).")
path2 = path_on("surface", surface.name, state["opt"], float(state["lr"]), start, state["steps"], state["sched"])
label2 = OPTIMISERS[state["opt"]]
gx, gy, gz = grid_of("surface", surface.name, 80)
with right:
    st.caption(surface.note)
    a, b = st.columns(2)
    a.plotly_chart(surface_figure(gx, gy, gz, {label2: path2}, surface.f_min, surface.extent, height=420),
                   key="surface3d")
    event = b.plotly_chart(contour_figure(gx, gy, gz, {label2: path2}, start, surface.extent, click_grid=CLICK_GRID,
                                          height=420), key=f"contour.{st.session_state.get(CLICKS, 0)}",
                           on_select="rerun", selection_mode="points")
    points = (event or {}).get("selection", {}).get("points", [])
    if points:
        st.session_state[PENDING] = tuple(round(round(float(points[0][k]) / 0.05) * 0.05, 2) for k in ("x", "y"))
        st.session_state[CLICKS] = st.session_state.get(CLICKS, 0) + 1  # a fresh chart, with no selection
        st.rerun()
    if path2.diverged_at is not None:
        st.error(f"Diverged at step {path2.diverged_at}: the weights flew off the surface, so the run stopped "
                 "there (nothing past it is drawn). Try a smaller η or a decaying schedule.")
    else:
        st.info(f"{label2} after {path2.steps} steps: error {path2.errors[-1]:.3g}, it **{WORDS[behaviour(path2)]}**.")
    a, b = st.columns(2)
    a.plotly_chart(error_figure({label2: path2}, height=280), key="surface_error")
    curves = schedules_for(float(state["lr"]), state["steps"])
    b.plotly_chart(schedules_figure(curves, SCHEDULES, state["sched"]), key="schedules")
    st.download_button("⬇ This run as a PyTorch script", key="descent.export", file_name="descent_run.py",
                       data=run_script(surface.name, state["opt"], float(state["lr"]), start, state["steps"],
                                       state["sched"]), mime="text/x-python")

# --- race -------------------------------------------------------------------------------------------------------
st.subheader(f"A race on the {surface.label}")
left, right = st.columns([1, 3], gap="medium")
with left:
    multiselect(state, "race", "optimisers", format_func=OPTIMISERS.get)
    select(state, "race_scale", "learning rates ×", horizontal=True,
           help="Each optimiser runs at the rate that suits it on this surface, times this.")
    slider(state, "race_steps", "steps")
    if state["race_at"] > state["race_steps"]:
        state.set("race_at", state["race_steps"])
    st.slider("show the race at step", 0, state["race_steps"], key=state.key("race_at"))
racers = [n for n in OPTIMISERS if n in state["race"]]
if not racers:
    right.warning("Pick at least one optimiser to race.")
else:
    paths = race_on(surface.name, tuple(racers), start, state["race_steps"], float(state["race_scale"]))
    labelled = {OPTIMISERS[n]: p for n, p in paths.items()}
    at = state["race_at"]
    with right:
        rates = ", ".join(f"{OPTIMISERS[n]} {p.lr:g}" for n, p in paths.items())
        st.caption(f"Same start ★, same surface. Learning rates: {rates}.")
        a, b = st.columns(2)
        a.plotly_chart(contour_figure(gx, gy, gz, labelled, start, surface.extent, height=420, upto=at,
                                      title=f"step {at}"), key="race")
        b.plotly_chart(error_figure(labelled, height=420, upto=at), key="race_error")
        best, sentence = winner(paths)
        gone = [OPTIMISERS[n] for n, p in paths.items() if p.diverged_at is not None and p.diverged_at <= at]
        if best:
            st.success(sentence)
        else:
            st.error(sentence)
        if gone:
            st.warning(f"Diverged and stopped: {', '.join(gone)}.")

# --- the real thing ---------------------------------------------------------------------------------------------
st.subheader("The real thing: a trained network's error surface")
st.caption("The Part 1 boundaries network on the moons, trained with Adam. Its weights are one point in a space of "
           f"{WIDTHS['small']}-wide: few, {WIDTHS['wide']}-wide: thousands of dimensions; we draw the loss on a "
           "plane through the trained weights (★) along two random directions, each filter-normalised as in "
           "Li et al. (2018), and project the path training took onto it.")
select(state, "directions", "plane", horizontal=True,
       format_func=lambda d: {"random": "two random directions", "pca": "the two directions training moved most"}[d])
state.sync_url()  # after the last widget
config = LandscapeConfig(directions=state["directions"])


def render(pair: LandscapePair) -> None:
    cols = st.columns(2)
    for col, (which, net) in zip(cols, pair.nets.items(), strict=True):
        title = f"{which}: {net.n_params:,} weights, test accuracy {net.net.accuracy('test'):.0%}"
        if net.surface is None:
            col.info(f"{which}: the landscape is drawn when training ends ({net.steps_done:,} steps so far).")
            continue
        col.plotly_chart(landscape_surface(net.surface, title, height=380), key=f"landscape3d.{which}")
        col.plotly_chart(landscape_contour(net.surface, net.trail_steps, "loss on the plane, with the trail",
                                           height=380), key=f"landscape.{which}")
    if all(n.surface is not None for n in pair.nets.values()) and config.directions == "random":
        st.caption("In random directions the trail looks short: in thousands of dimensions, a random plane is almost "
                   "at right angles to the way training went. Switch the plane to see the path itself.")


with st.container():
    pair = get_trainer(CHECKPOINT_NAME, config, lambda c: LandscapePair(c, ctx.device))
    live_panel(CHECKPOINT_NAME, pair, render, total_steps=config.total_steps, chunk=config.record_every * 4)
    if config.directions == "random":
        st.download_button("⬇ The wide network's landscape as a PyTorch script", key="descent.export_landscape",
                           data=landscape_script_for(config), file_name="landscape.py", mime="text/x-python")

with st.expander("Share this demo"):
    share_link()
