"""Reinforcement learning with Flippers: a table of Total Future Rewards learned by Q-learning or SARSA, drawn as
bars under the tiles, checked against the exact optimum on every board; the talk's 3,000 / 6,000 games; play it."""
from dataclasses import replace

import numpy as np
import streamlit as st

from core.flippers.dqn import default_config as default_dqn
from core.flippers.game import GOAL_LABELS, GOALS, format_board, parse_board, random_starts, to_grid
from core.flippers.optimal import REWARDS, play_path
from core.flippers.qlearning import ALGORITHM_LABELS, ALGORITHMS, DECAYS, QConfig
from core.flippers.trainer import (
    CHECKPOINT_NAME,
    PAIR_CHECKPOINT_NAME,
    SNAPSHOTS,
    FlippersTrainer,
    PairTrainer,
    single_config,
)
from core.seeding import generator
from ui.controls import secondary, select, slider, toggle
from ui.flippers_views import (
    auto_board,
    board_fig,
    compare_fig,
    curves_fig,
    distances,
    dqn_view,
    export_for,
    optimality_fig,
    qtable_fig,
    snapshots_for,
    your_turn,
)
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

PARALLEL = {3: 100, 4: 4096, 5: 1 << 20}  # games at once, by board size
AUTO_GAMES = {3: 6000, 4: 200_000, 5: 30_000_000}
HEATMAP_ROWS = 512
CPU_5X5 = "50.001%"  # optimal_fraction_5x5 after ~2 min on the 2-core CPU (bench, contended); untrained: 50.0%

ctx = setup_page("Flippers (Q-learning)", "🎲")
state = PageState("flippers", [
    Param("n", 3, choices=(3, 4, 5, 6)), Param("goal", "line", choices=GOALS), Param("algo", "q", choices=ALGORITHMS),
    Param("mode", "many", choices=("many", "one")), Param("wind", 0.0, 0.0, 0.5, step=0.05),
    Param("alpha", "0.7", choices=("0.1", "0.3", "0.5", "0.7", "0.9", "1")),
    Param("gamma", "0.9", choices=("0.5", "0.7", "0.8", "0.9", "0.95", "0.99", "1")),
    Param("eps", "1", choices=("0.05", "0.1", "0.2", "0.3", "0.5", "1")),
    Param("eps_end", "0.2", choices=("0", "0.01", "0.05", "0.1", "0.2", "0.5", "1")),
    Param("decay", "linear", choices=DECAYS), Param("reward", "win", choices=REWARDS),
    Param("games", "auto", choices=("auto", "1000", "3000", "6000", "10000", "30000", "100000", "300000", "1000000",
                                    "3000000", "30000000")),
    Param("seed", 0, 0, 9999), Param("board", ""), Param("move", 0, 0, 100), Param("hints", False),
    Param("mine", ""), Param("my_moves", 0, 0, 999),
])


def new_size() -> None:
    """A board written for one size does not fit another; and past 3×3 random play (ε = 1, α = 1) learns fastest."""
    for name in ("board", "mine"):
        st.session_state[state.key(name)] = ""
    st.session_state[state.key("move")] = 0
    big = st.session_state[state.key("n")] > 3
    for name, small, large in (("alpha", "0.7", "1"), ("eps_end", "0.2", "1"), ("decay", "linear", "constant")):
        st.session_state[state.key(name)] = large if big else small
    st.session_state[state.key("eps")] = "1"


st.title("🎲 Flippers: reinforcement learning")
st.caption("Part 4 · solitaire tic-tac-toe. Each tile has a dot on one side only; a move flips one tile; you win with "
           "exactly one full row or column of dots and blanks everywhere else. The agent keeps a **Total Future "
           "Reward** (TFR) for every board and move: the bar under each tile, by colour and length.")
state.show_notes()
gpu = ctx.device.type == "cuda"
if state["n"] > 3 and state["eps_end"] == "1":
    st.info("Past 3×3 the settings switch to purely random play (ε = 1) with α = 1: Q-learning learns the best "
            "move from any behaviour (it is off-policy), and random games cover the board space fastest.")
controls, main = st.columns([1, 3], gap="medium")
with controls:
    select(state, "n", "board size", format_func=lambda k: f"{k}×{k}" + (" deep Q-net" if k == 6 else "" if k < 5
                                                                        or gpu else " (needs a GPU)"),
           horizontal=True, on_change=new_size)
    select(state, "algo", "learner", format_func=ALGORITHM_LABELS.get, horizontal=True)
    select(state, "mode", "games", format_func=lambda m: {"many": "many at once", "one": "one at a time (the talk)"}[m])
    slider(state, "wind", "wind: chance a random tile flips after a move",
           help="With wind the game is no longer deterministic: the same move can lead to different boards.")
    with secondary("Learning settings"):
        select(state, "goal", "winning pattern", format_func=GOAL_LABELS.get, on_change=new_size)
        select(state, "alpha", "learning rate α")
        select(state, "gamma", "discount γ",
               help="How much a reward one move later is worth: γ < 1 prefers short wins.")
        select(state, "eps", "exploration ε at the start")
        select(state, "eps_end", "exploration ε at the end")
        select(state, "decay", "ε decay")
        select(state, "reward", "reward", format_func=lambda r: {"win": "1 for a win", "cost": "−1 per move"}[r])
        select(state, "games", "games to play", format_func=lambda g: "auto" if g == "auto" else f"{int(g):,}")
        slider(state, "seed", "seed")

n = state["n"]
if n == 5 and not gpu:
    controls.warning("5×5 (33.5 million boards × 25 moves: a 1.7 GB table) is offered where a GPU is present, which "
                     "makes every board optimal in seconds; on a CPU two minutes of training leave the greedy move "
                     f"right on {CPU_5X5} of the boards, where an untrained table starts (50%, always its first tile; "
                     "`python -m bench flippers`). Showing 4×4.")
    n = 4
if n == 6:  # 68.7 billion boards: no table, no table of distances; a network learns the TFRs
    dqn_view(state, default_dqn(6, gpu, state["seed"]), state["goal"], controls, main, ctx.device)
    state.sync_url()
    with st.expander("Share this demo"):
        share_link()
    st.stop()
if state["wind"] > 0 and n > 4:
    controls.warning("With wind, the exact optimum is computed up to 4×4; wind is off for 5×5.")
wind = round(state["wind"], 2) if n <= 4 else 0.0
games = AUTO_GAMES[n] if state["games"] == "auto" else int(state["games"])
if state["mode"] == "one" and n > 4:
    controls.warning("One game at a time is offered up to 4×4; playing many at once.")
parallel = 1 if state["mode"] == "one" and n <= 4 else min(PARALLEL[n], games)
try:
    config = QConfig(n=n, goal=state["goal"], wind=wind, algorithm=state["algo"], alpha=float(state["alpha"]),
                     gamma=float(state["gamma"]), epsilon=float(state["eps"]), epsilon_end=float(state["eps_end"]),
                     decay=state["decay"], reward=state["reward"], games=games, batch=max(1, games // 60),
                     parallel=parallel, dtype="float16" if n >= 5 else "float32", seed=state["seed"])
except ValueError as exc:
    main.error(f"These settings do not make a learner: {exc}.")
    state.sync_url()
    st.stop()
game = config.game
dist = distances(game)

snapshot_config = replace(single_config(config.seed), goal=config.goal, wind=config.wind, algorithm=config.algorithm)
snapshots = snapshots_for(snapshot_config) if n == 3 else None

with controls:
    st.markdown("**The board to play**")
    st.text_input("board (0 blank, 1 dot; rows separated by -)", key=state.key("board"),
                  help="Empty: a board chosen to show learning. Or press 🎲.")

    def random_board() -> None:
        b = random_starts(1, game.win_table(), generator(np.random.default_rng().integers(1 << 31)))
        st.session_state[state.key("board")] = format_board(int(b[0]), n)
        st.session_state[state.key("move")] = 0

    st.button("🎲 Random board", on_click=random_board, key="flippers.random")
    text = state["board"].strip()
    start = None
    if text:
        try:
            start = parse_board(text, n)
        except ValueError as exc:
            st.warning(f"That board does not work ({exc}); showing one chosen for you.")
        else:
            if game.is_win(start):
                st.info("That board already wins; showing one chosen for you.")
                start = None
    if start is None:
        start = auto_board(config, snapshot_config if n == 3 else None)
    slider(state, "move", "step through the game", help="The board after this many of the agent's moves.")
    toggle(state, "hints", "agent's TFRs", help="Show the agent's stored TFR bars under the tiles of your board.")

tfr_lo, tfr_hi = (0.0, 1.0) if config.reward == "win" else (-float(config.cap), 0.0)


def board_at(q, k: int, title: str, key: str, container, span: float) -> str:
    """Draw the board after k greedy moves from `start` with its TFR bars (in `container`, `span` of the page wide);
    return a one-line summary."""
    policy = q.argmax(1)
    boards, moves = play_path(game, policy, start, config.cap, generator(config.seed + 3))
    k = min(k, len(moves))
    board = boards[k]
    row = q[board].float().cpu().numpy()
    next_move = moves[k] if k < len(moves) else None
    lo, hi = min(tfr_lo, float(q.min())), max(tfr_hi if config.reward == "win" else 0.0, float(q.max()))
    container.plotly_chart(board_fig(to_grid(board, n), row, (lo, hi), next_move, f"{title}: move {k}", 360,
                                     span=span),
                           key=key)
    won = game.is_win(boards[-1])
    plural = "" if len(moves) == 1 else "s"
    verdict = f"wins in **{len(moves)}** move{plural}" if won else f"has not won after {len(moves)} move{plural}"
    return f"{verdict} (minimum **{int(dist[start])}**)"


def render(trainer: FlippersTrainer) -> None:
    q = trainer.q  # on the device: a 5×5 table is 1.7 GB, so only the rows drawn are copied
    left, right = st.columns([2, 3])
    summary = board_at(q, state["move"], f"after {trainer.games_done:,} games", "flippers_board", left, 0.23)
    left.markdown(f"From `{format_board(start, n)}` the learned policy {summary}.")
    right.plotly_chart(curves_fig(trainer.history), key="flippers_curves")
    boards = trainer.sample
    took = trainer.greedy_moves(boards).numpy()
    best = dist[boards].numpy()
    scope = f"all {len(boards):,} boards" if len(boards) == int((~game.win_table()).sum()) else \
        f"{len(boards):,} sampled boards"
    c1, c2 = st.columns(2)
    c1.markdown(f"**The learned policy against the minimum** ({scope}{', one gusty game each' if wind else ''})")
    c1.plotly_chart(optimality_fig(best, took), key="flippers_optimality")
    wrong = trainer.wrong_boards()
    share = trainer.history["optimal_share"][-1]
    c1.markdown(f"Greedy move optimal on **{share:.1%}** of boards; **{len(wrong):,}** still wrong.")
    if len(wrong):
        lines = [f"{format_board(int(b), n)}  minimum {int(dist[b])}" for b in wrong[:12]]
        c1.code("\n".join(lines) + ("\n…" if len(wrong) > 12 else ""), language=None)
    rows = boards[:HEATMAP_ROWS]
    rows = rows[dist[rows].argsort(stable=True)]
    where = (rows == start).nonzero().view(-1)
    c2.markdown("**The Q-table** (rows: boards by fewest moves to win; columns: the tile flipped)")
    table = q[rows.to(q.device)].float().cpu().numpy()
    c2.plotly_chart(qtable_fig(table, [format_board(int(b), n) for b in rows], game.tiles,
                                  int(where[0]) if len(where) else None), key="flippers_qtable")


with main:
    trainer = get_trainer(CHECKPOINT_NAME, config, lambda c: FlippersTrainer(c, ctx.device))
    live_panel(CHECKPOINT_NAME, trainer, render, total_steps=trainer.total_steps, chunk=1, save=n <= 4,
               unit="batches")
    st.caption(f"One batch: {config.batch:,} games played at once.")
    st.download_button("⬇ Download this setup as a PyTorch script", data=export_for(config),
                       file_name="flippers_qlearning.py", mime="text/x-python", key="flippers.export")

st.divider()
if snapshots is not None:
    st.subheader("Learning and experience: after 3,000 games, and after 6,000")
    st.caption(f"One game at a time, as in the talk (α {snapshot_config.alpha}, ε {snapshot_config.epsilon} → "
               f"{snapshot_config.epsilon_end}, seed {snapshot_config.seed}): the same board, played greedily "
               "from each table. Move the step slider to follow the game.")
    cols = st.columns(2)
    for col, g in zip(cols, SNAPSHOTS, strict=True):
        col.markdown(f"After **{g:,}** games the agent " + board_at(snapshots[g], state["move"], f"{g:,} games",
                                                                     f"flippers_snap_{g}", col, 0.4) + ".")
else:
    st.info("The 3,000 / 6,000-game side-by-side is the talk's 3×3 board: choose 3×3 to see it.")

st.divider()
st.subheader("Q-learning and SARSA, side by side")
st.caption("The same settings, both learners. Q-learning updates each TFR towards the *best* next move, so it learns "
           "the value of perfect play while it explores; SARSA updates towards the move it *actually* makes next, "
           "exploring ones included, so its TFRs sit lower (right) while ε is above 0."
           + (" With wind the game is random: Q-learning's max over noisy TFRs tends to overestimate (below 0 on the "
              "right), and both need more games to tell nearly equal moves apart." if wind else
              " Turn the wind on to see how they differ when the game is random."))
pair = get_trainer(PAIR_CHECKPOINT_NAME, replace(config, algorithm="q"), lambda c: PairTrainer(c, ctx.device))


def render_pair(p: PairTrainer) -> None:
    st.plotly_chart(compare_fig(p.q_learning.history, p.sarsa.history), key="flippers_compare")
    hq, hs = p.q_learning.history, p.sarsa.history
    if hq["value_gap"][-1] is not None:
        st.markdown(f"After {hq['games'][-1]:,} games: greedy move optimal on **{hq['optimal_share'][-1]:.1%}** "
                    f"(Q-learning) and **{hs['optimal_share'][-1]:.1%}** (SARSA) of boards; values below the optimum "
                    f"by {hq['value_gap'][-1]:+.4f} and {hs['value_gap'][-1]:+.4f} on average.")


live_panel(PAIR_CHECKPOINT_NAME, pair, render_pair, total_steps=pair.total_steps, chunk=1, save=n <= 4,
           unit="batches")

st.divider()
your_turn(state, config, start, trainer.q)

state.sync_url()  # after the last widget
with st.expander("Share this demo"):
    share_link()
