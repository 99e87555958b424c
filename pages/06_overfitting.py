"""Overfitting and regularisation: too simple, about right, too wiggly; a too-large network trained too long
(and what dropout, batch norm, L2 and early stopping do about it); k-fold cross-validation; learning curves."""
import streamlit as st

from core.overfitting import curves as fitting
from core.overfitting.crossval import MAX_K, cross_validate
from core.overfitting.curves import FUNCTION_LABELS, FUNCTIONS, MAX_DEGREE, MLP_WIDTHS, CurveConfig
from core.overfitting.data import DATA_KINDS, DATA_LABELS, OverfitDataConfig
from core.overfitting.export import export_script
from core.overfitting.learning import learning_curves
from core.overfitting.trainer import CHECKPOINT_NAME, COMPARE_RUNS, OverfitConfig, OverfitTrainer, Regularisers
from figures import overfitting as overfitting_figures
from ui.controls import multiselect, secondary, select, slider, toggle
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

# Figures cached by their inputs: a rerun rebuilds only those the changed widget feeds (shared: never mutate one).
complexity_figure, fit_figure, folds_figure, learning_figure, runs_figure, scores_figure = cached(
    overfitting_figures.complexity_figure, overfitting_figures.fit_figure, overfitting_figures.folds_figure,
    overfitting_figures.learning_figure, overfitting_figures.runs_figure, overfitting_figures.scores_figure)

ctx = setup_page("Overfitting and regularisation", "🪢")
state = PageState("overfit", [
    Param("fn", "sine", choices=tuple(FUNCTIONS)), Param("n", 20, 8, 100), Param("noise", 0.25, 0.0, 1.0, step=0.05),
    Param("seed", 0, 0, 9999), Param("model", "poly", choices=("poly", "mlp")), Param("degree", 3, 1, MAX_DEGREE),
    Param("width", 16, choices=MLP_WIDTHS), Param("overlay", True),
    Param("data", "moons", choices=DATA_KINDS), Param("ntrain", 40, 20, 200, step=10),
    Param("net", 256, choices=(64, 128, 256, 512)), Param("depth", 3, 1, 5),
    Param("dropout", True), Param("rate", 0.5, 0.1, 0.8, step=0.05), Param("bn", False),
    Param("l2", False), Param("l2w", "0.001", choices=("0.0001", "0.001", "0.01", "0.1")),
    Param("early", False), Param("patience", 40, 5, 200, step=5),
    Param("compare", ("early", "batchnorm"), choices=tuple(COMPARE_RUNS)),
    Param("epochs", 300, 50, 1500, step=50), Param("tseed", 0, 0, 9999),
    Param("k", 5, 2, MAX_K), Param("cvdeg", 3, 1, 15), Param("repeats", 10, 3, 30),
    Param("small", 3, 1, 6), Param("large", 15, 7, MAX_DEGREE),
])

st.title("🪢 Overfitting and regularisation")
st.caption("Part 2 · a model that learns its training data too well — the poodle's fluffy tail, the Yorkie's couch — "
           "does worse on anything new. Keep a validation set to catch it; regularise to put it off.")
state.show_notes()


@st.cache_data(max_entries=32, show_spinner=False)
def curve_results(cfg: CurveConfig, kind: str, complexity: int, overlay: bool):
    data = fitting.make_curve_data(cfg)
    sweep = fitting.complexity_sweep(data, kind, mlp_steps=600, seed=cfg.seed)
    chosen = {f"{'degree' if kind == 'poly' else 'width'} {complexity} (yours)": complexity}
    if overlay:
        # too wiggly: degree 15 (or the widest net), wild enough; 20 through 20 points only draws vertical lines
        worst = 15 if kind == "poly" and cfg.n_train > 16 else sweep.complexity[-1]
        chosen = {f"too simple ({sweep.complexity[0]})": sweep.complexity[0], f"about right ({sweep.best})": sweep.best,
                  f"too wiggly ({worst})": worst, **chosen}
    curves = {label: fitting.predict(fitting.fit_model(kind, c, data, cfg.seed, 600), data.grid_x)
              for label, c in chosen.items()}
    return data, sweep, curves


@st.cache_data(max_entries=32, show_spinner=False)
def cv_results(cfg: CurveConfig, degree: int, k: int, repeats: int):
    data = fitting.make_curve_data(cfg)
    return cross_validate(data.train_x, data.train_y, degree, k, cfg.seed, repeats)


@st.cache_data(max_entries=16, show_spinner=False)
def script_for(cfg: OverfitConfig) -> str:
    return export_script(cfg)


@st.cache_data(max_entries=16, show_spinner=False)
def learning_results(cfg: CurveConfig, small: int, large: int):
    return learning_curves(cfg, degrees=(small, large))


tab_fit, tab_train, tab_cv, tab_learn = st.tabs(["Too simple, about right, too wiggly", "Training too long",
                                                  "Cross-validation (Pluto)", "Learning curves"])

with tab_fit:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        select(state, "fn", "the smooth function", format_func=FUNCTION_LABELS.get)
        slider(state, "n", "training points")
        slider(state, "noise", "noise")
        select(state, "model", "model", horizontal=True,
               format_func=lambda m: {"poly": "polynomial", "mlp": "MLP"}[m])
        if state["model"] == "poly":
            slider(state, "degree", "degree (complexity)")
        else:
            select(state, "width", "MLP width (2 tanh layers)")
        toggle(state, "overlay", "3 reference fits", help="Overlay a too simple, an about right and a too wiggly fit.")
        with secondary("Data"):
            slider(state, "seed", "seed")
    curve_cfg = CurveConfig(function=state["fn"], n_train=state["n"], noise=round(state["noise"], 3),
                            seed=state["seed"])
    kind = state["model"]
    complexity = state["degree"] if kind == "poly" else state["width"]
    with right, st.spinner("Fitting every complexity…"):
        data, sweep, curves = curve_results(curve_cfg, kind, complexity, state["overlay"])
        st.plotly_chart(fit_figure(data, curves), key="fit")
        axis = "polynomial degree" if kind == "poly" else "MLP width"
        st.plotly_chart(complexity_figure(sweep, axis, complexity, log_x=kind == "mlp"), key="complexity")
        i = sweep.complexity.index(complexity)
        st.markdown(f"Your {axis} {complexity}: training error **{sweep.train_mse[i]:.3f}**, validation error "
                    f"**{sweep.val_mse[i]:.3f}**. The sweet spot is **{sweep.best}** (validation "
                    f"{min(sweep.val_mse):.3f}): simpler underfits, more complex chases the noise in "
                    f"{curve_cfg.n_train} points.")

with tab_train:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        select(state, "data", "data", format_func=DATA_LABELS.get)
        slider(state, "ntrain", "training points (validation: 400)")
        toggle(state, "dropout", "dropout")
        slider(state, "rate", "dropout rate", disabled=not state["dropout"])
        toggle(state, "bn", "batch norm")
        toggle(state, "l2", "L2 (weight decay)")
        select(state, "l2w", "L2 strength", disabled=not state["l2"])
        toggle(state, "early", "early stopping")
        slider(state, "patience", "patience (epochs without a better validation loss)")
        multiselect(state, "compare", "also train, for comparison", format_func=COMPARE_RUNS.get)
        with secondary("Network and training"):
            select(state, "net", "neurons per layer (too many on purpose)")
            slider(state, "depth", "hidden layers")
            slider(state, "epochs", "epochs")
            slider(state, "tseed", "seed")
    yours = Regularisers(dropout=round(state["rate"], 3) if state["dropout"] else 0.0, batchnorm=state["bn"],
                         l2=float(state["l2w"]) if state["l2"] else 0.0,
                         patience=state["patience"] if state["early"] else 0)
    train_cfg = OverfitConfig(data=OverfitDataConfig(kind=state["data"], n_train=state["ntrain"], seed=state["tseed"]),
                              width=state["net"], depth=state["depth"], yours=yours, compare=tuple(state["compare"]),
                              epochs=state["epochs"], patience=state["patience"], seed=state["tseed"])

    def render(trainer: OverfitTrainer) -> None:
        runs = {label: {"history": r.history, "best_epoch": r.best_epoch, "stopped_at": r.stopped_at}
                for label, r in trainer.runs.items()}
        st.plotly_chart(runs_figure(runs), key="runs")
        rows = [{"run": label, "best epoch": s["best_epoch"], "best val loss": round(s["best_val_loss"], 3),
                 "now": s["final_epoch"], "val loss now": round(s["final_val_loss"], 3),
                 "val accuracy now": f"{s['final_val_acc']:.0%}",
                 "stopped at": "—" if s["stopped_at"] is None else str(s["stopped_at"])}  # one type a column
                for label, s in trainer.summary().items()]
        st.dataframe(rows, hide_index=True, key="runs_table")
        plain = trainer.summary()["no regularisation"]
        if plain["final_epoch"] > plain["best_epoch"] + 10:
            st.markdown(f"Without regularisation the validation loss was lowest at epoch **{plain['best_epoch']}** "
                        f"({plain['best_val_loss']:.2f}) and is **{plain['final_val_loss']:.2f}** now, while the "
                        f"training loss fell to {plain['final_train_loss']:.3f}: **overfitting**.")

    with right:
        st.caption(f"A {train_cfg.depth}-layer network of {train_cfg.width} neurons per layer on "
                   f"{train_cfg.data.n_train} training points: far more weights than points. Every run starts from "
                   "the same weights. Dashed: training loss; solid: validation loss; dot: best epoch; ✕: early stop.")
        trainer = get_trainer(CHECKPOINT_NAME, train_cfg, lambda c: OverfitTrainer(c, ctx.device))
        live_panel(CHECKPOINT_NAME, trainer, render, total_steps=train_cfg.epochs, chunk=10, unit="epochs")
        st.download_button("⬇ Download your run as a PyTorch script", data=script_for(train_cfg),
                           file_name="overfit_demo.py", mime="text/x-python", key="overfit.export")
        st.caption("Dropout and batch norm each delay overfitting; together they usually do no better than one "
                   "alone, so pick one.")

with tab_cv:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        slider(state, "k", "folds (k)")
        slider(state, "cvdeg", "polynomial degree being scored")
        slider(state, "repeats", "single splits to compare")
    k = min(state["k"], curve_cfg.n_train)
    cv = cv_results(curve_cfg, state["cvdeg"], k, state["repeats"])
    with right:
        st.caption(f"The same {curve_cfg.n_train} points as the first tab, all of them precious (think of pictures "
                   f"of Pluto: there will be no more). Each round trains on {k - 1} folds and validates on the "
                   "coloured one; every point is used for training and, once, for validation.")
        st.plotly_chart(folds_figure(cv.fold_of), key="folds")
        st.plotly_chart(scores_figure(cv), key="scores")
        st.markdown(f"**{k}-fold estimate: {cv.mean:.3f} ± {cv.spread:.3f}** (mean ± spread over folds). One random "
                    f"split instead ranged from {min(cv.split_scores):.3f} to {max(cv.split_scores):.3f}, "
                    "depending on its seed.")

with tab_learn:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        slider(state, "small", "small model: degree")
        slider(state, "large", "large model: degree")
    with right, st.spinner("Fitting at every size…"):
        curve = learning_results(curve_cfg, state["small"], state["large"])
        st.plotly_chart(learning_figure(curve), key="learning")
        small, large = curve.val_mse[state["small"]], curve.val_mse[state["large"]]
        cross = next((n for n, s, g in zip(curve.sizes, small, large, strict=True) if g <= s * 1.05), None)
        st.markdown(f"With {curve.sizes[0]} points the large model's validation error is "
                    f"{large[0] / small[0]:.0f}× the small one's. "
                    + (f"From about **{cross}** points on it is as good or better." if cross else
                       "Even at the largest size it has not caught up."))

state.sync_url()
with st.expander("Share this demo"):
    share_link()
