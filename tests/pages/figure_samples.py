"""Every figure builder (every public function in figures/*.py that returns a go.Figure) and small sample arguments
for each, used by the layout rules (test_figure_layout) and the shortcuts' checks (test_figure_speedups). A new
builder needs an entry in SAMPLES (test_figure_layout says which are missing)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest

import figures

RNG = np.random.default_rng(0)


def _boundary():
    xs = ys = np.linspace(-2, 2, 12)
    probs = RNG.dirichlet(np.ones(3), size=(12, 12))
    train_x, test_x = RNG.normal(size=(30, 2)), RNG.normal(size=(12, 2))
    train_y, test_y = np.arange(30) % 3, np.arange(12) % 3
    return dict(xs=xs, ys=ys, probs=probs, train_x=train_x, train_y=train_y, test_x=test_x, test_y=test_y,
                class_names=("A", "B", "C"), added=[(0.1, 0.2, 1)], click_grid=6, title="step 100: test accuracy 90%")


def _kmeans(n):
    points = RNG.normal(size=(n, 2)).astype(np.float32)
    centroids = RNG.normal(size=(8, 2)).astype(np.float32)
    labels = np.arange(n) % 8
    grid = (np.linspace(-3, 3, 10), np.linspace(-3, 3, 10), np.arange(100).reshape(10, 10) % 8)
    return dict(points=points, labels=labels, centroids=centroids, trail=np.stack([centroids, centroids + 0.1]),
                regions=grid, title="k = 8: too many")


def _path(n=6, dim=1, diverged=None):
    from core.descent.optimisers import Path

    points = np.cumsum(RNG.normal(scale=0.2, size=(n + 1, dim)), axis=0)
    return Path(optimiser="sgd", lr=0.1, points=points, errors=np.linspace(1.0, 0.01, n + 1), lrs=np.full(n, 0.1),
                diverged_at=diverged)


def _curve():
    xs = np.linspace(-2, 2, 30)
    return dict(xs=xs, z=xs ** 2, f_min=0.0)


def _surface():
    xs = ys = np.linspace(-2, 2, 10)
    return dict(xs=xs, ys=ys, z=np.add.outer(ys ** 2, xs ** 2), paths={"SGD": _path(dim=2), "Adam": _path(dim=2)},
                extent=(-2, 2, -2, 2))


def _landscape():
    a = b = np.linspace(-1, 1, 8)
    return dict(alphas=a, betas=b, loss=np.exp(np.add.outer(b ** 2, a ** 2)), path=RNG.normal(scale=0.3, size=(5, 2)))


def _runs(metric="loss"):
    def run(best, stopped):
        h = {f"train_{metric}": list(np.linspace(1.0, 0.2, 10)), f"val_{metric}": list(np.linspace(1.1, 0.5, 10))}
        return {"history": h, "best_epoch": best, "stopped_at": stopped}
    return {"no regularisation": run(9, None), "early stopping": run(6, 7), "dropout 0.3": run(8, None)}


def _grid_view(**kw):
    from core.convolution.grid import GridConfig, grid_view

    return grid_view(GridConfig(size=5, **kw))


history = dict(step=[0, 25, 50], train_loss=[1.0, 0.6, 0.4], test_loss=[1.1, 0.7, 0.5], train_acc=[0.3, 0.7, 0.9],
               test_acc=[0.3, 0.6, 0.8])
curves = {name: (np.tanh(np.linspace(-4, 4, 20) * i), np.ones(20))
          for i, name in enumerate(("ReLU", "tanh", "GELU"), 1)}
names, colours = ["red", "orange", "yellow"], ["#D55E00", "#E69F00", "#F0E442"]
SAMPLES = {
    "figures.boundary.decision_figure": [_boundary()],
    "figures.boundary.curves_figure": [dict(history=history)],
    "figures.boundary.errors_figure": [dict(train_errors=[3, 1, 0], test_errors=[2, 2, 1], train_counts=[10, 10, 10],
                                            test_counts=[5, 5, 5], class_names=("A", "B", "C"))],
    "figures.digits.digit_grid": [dict(images=RNG.random((20, 1, 28, 28)), labels=np.arange(20) % 10)],
    "figures.kmeans.kmeans_figure": [_kmeans(200), _kmeans(4000), dict(_kmeans(50), labels=None, trail=None)],
    "figures.kmeans.wrong_k_figure": [
        dict(points=k["points"], cases=[(f"k = {n}", k["labels"], k["centroids"], k["regions"]) for n in (7, 8, 10)])
        for k in (_kmeans(200), _kmeans(4000))],
    "figures.kmeans.choose_k_figure": [dict(ks=list(range(1, 11)), inertias=[100 / k for k in range(1, 11)],
                                            silhouettes=[np.nan] + [0.5 - 0.03 * k for k in range(2, 11)],
                                            chosen_k=4, true_k=4, best_k=2)],
    "figures.neurons.perceptron_diagram": [dict(inputs=[1.0, -0.5], weights=[0.8, 1.2], bias=-0.3, z=-0.1, out=-1.0)],
    "figures.neurons.perceptron_plane": [dict(axis=np.linspace(-2, 2, 9), outputs=np.ones((9, 9)), weights=[0.8, 1.2],
                                              bias=-0.3, point=[1.0, -0.5])],
    "figures.neurons.activation_figure": [dict(x=np.linspace(-4, 4, 20), curves=curves, show_derivative=True),
                                          dict(x=np.linspace(-4, 4, 20), curves=curves, show_derivative=False)],
    "figures.neurons.softmax_figure": [dict(names=names, colours=colours, scores=np.array([1.0, 2.0, 0.5]),
                                            probs=np.array([0.2, 0.7, 0.1]), temperature=1.0)],
    "figures.neurons.label_vs_prediction": [dict(names=names, colours=colours, label=np.array([0, 0, 1.0]),
                                                 probs=np.array([0.2, 0.7, 0.1]), loss=2.303)],
    "figures.neurons.collapse_figure": [dict(axis=np.linspace(-1, 1, 9), network_map=RNG.normal(size=(9, 9)),
                                             linear_map=RNG.normal(size=(9, 9)), activation="ReLU")],
    "figures.adversarial.attack_figure": [dict(original=RNG.random((16, 16, 3)),
                                                perturbation=RNG.normal(scale=0.01, size=(16, 16, 3)),
                                                adversarial=RNG.random((16, 16, 3)), before="tabby cat 81%",
                                                after="guacamole 97%")],
    "figures.adversarial.top5_figure": [dict(before=[("tabby cat", 0.81), ("tiger cat", 0.1), ("lynx", 0.04),
                                                     ("Egyptian cat", 0.02), ("guacamole", 0.01)],
                                             after=[("guacamole", 0.97), ("tabby cat", 0.01), ("lynx", 0.005),
                                                    ("tiger cat", 0.004), ("Egyptian cat", 0.003)],
                                             watched="guacamole")],
    "figures.backprop.network_figure": [dict(values=[[0.5, -0.2], [0.3, 0.7, 0.1], [0.6, 0.4]],
                                             weights=[RNG.normal(size=(3, 2)), RNG.normal(size=(2, 3))],
                                             grads=[RNG.normal(size=(3, 2)), RNG.normal(size=(2, 3))],
                                             one_hot=[1.0, 0.0], lr=0.5, title="after step 3")],
    "figures.backprop.loss_figure": [dict(losses=[0.9, 0.7, 0.5, 0.4])],
    "figures.backprop.batches_figure": [dict(runs={f"batch {b}": dict(samples=[0, 100, 200, 300],
                                                                      seconds=[0.0, 0.1, 0.2, 0.3],
                                                                      loss=[2.3, 1.0, 0.6, 0.4])
                                                   for b in (1, 32, 1000)})],
    "figures.convolution.photo_figure": [dict(pixels=RNG.random((12, 16, 3)), title="the photo")],
    "figures.convolution.kernel_figure": [dict(weights=None, kernel=np.array([[1, 0, -1]] * 3), title="kernel"),
                                          dict(weights=np.array([0.3, 0.6, 0.1]), kernel=None, title="RGB weights")],
    "figures.convolution.output_figure": [dict(values=RNG.normal(size=(10, 14)), lo=-2.0, hi=2.0, title="output")],
    "figures.convolution.grid_figure": [dict(view=_grid_view(padding=1), position=3),
                                        dict(view=_grid_view(mode="max_pool"), position=0)],
    "figures.convolution.channels_figure": [dict(maps=RNG.random((4, 8, 8)),
                                                 labels=["vertical", "horizontal", "blur", "sharpen"],
                                                 ranges=[(-1.0, 1.0), (0.0, 2.0), (0.1, 0.9), (-3.0, 3.0)])],
    "figures.creative.curves": [dict(history=dict(step=[0, 10, 20], content=[1.0, 0.5, 0.3], style=[1.0, 0.2, 0.1],
                                                  tv=[1.0, 0.9, 0.8]),
                                     keys=["content", "style", "tv"], title="losses (relative)", log_y=True),
                                dict(history=dict(step=[0, 10, 20], objective=[1.0, 2.0, 3.0]), keys=["objective"],
                                     title="summed response (it climbs)")],
    "figures.creative.gram_figure": [dict(grams={n: RNG.random((8, 8)) for n in ("content", "style", "result")},
                                          layer="conv3_1")],
    "figures.descent.curve_figure": [dict(_curve(), paths={"SGD": _path(), "momentum": _path()}, title="a bowl")],
    "figures.descent.error_figure": [dict(paths={"SGD": _path(), "too fast": _path(diverged=4)}, upto=3)],
    "figures.descent.contour_figure": [dict({k: v for k, v in _surface().items()}, start=(0.5, 0.5), click_grid=5,
                                            title="contour", upto=4)],
    "figures.descent.surface_figure": [dict(_surface(), f_min=0.0, title="surface")],
    "figures.descent.schedules_figure": [dict(curves={"constant": [0.1] * 10, "step": [0.1] * 5 + [0.01] * 5},
                                              labels={"constant": "constant", "step": "step decay"}, chosen="step")],
    "figures.descent.sweep_figure": [dict(_curve(), sweep={0.0025: _path(), 0.12: _path(), 0.49: _path(),
                                                           0.55: _path(diverged=3)},
                                          words={0.0025: "stops short", 0.12: "gets there", 0.49: "oscillates",
                                                 0.55: "diverges"})],
    "figures.filter_hierarchy.pixels_figure": [dict(pixels=(RNG.random((8, 8)) > 0.5).astype(int),
                                                    flipped=np.eye(8, dtype=bool), title="input: click pixels")],
    "figures.filter_hierarchy.maps_figure": [dict(maps=(RNG.random((4, 6, 6)) > 0.7).astype(int),
                                                  names=["T", "Q", "L", "R"], title="max-pooled 2x2: 6x6 each"),
                                             dict(maps=(RNG.random((2, 3, 3)) > 0.5).astype(int), names=["eye", "nose"],
                                                  texts=[[["e"] * 3] * 3] * 2)],
    "figures.filter_hierarchy.labels_figure": [dict(labels=[["TQ", "", "R"], ["", "L", ""], ["RL", "", "T"]],
                                                    title="the stack, each cell labelled")],
    "figures.filter_hierarchy.filters_figure": [dict(pictures={n: np.eye(3) for n in ("T", "Q", "L", "R")})],
    "figures.filter_hierarchy.goals_figure": [dict(goals={"face": "xExNxxMxx", "eye": "xxxxExxxx"},
                                                   cells={"face": RNG.integers(-1, 2, size=(3, 3)),
                                                          "eye": RNG.integers(-1, 2, size=(3, 3))},
                                                   matched={"face": True, "eye": False})],
    "figures.images.image_grid": [dict(panels=[RNG.random((10, 10, 3)) for _ in range(5)],
                                       titles=[f"photo {i}" for i in range(5)], title="augmented"),
                                  dict(panels=[RNG.random((6, 6)) for _ in range(3)], titles=["a", "b", "c"],
                                       heatmap=True),
                                  # a painting's long name goes on two lines, with the room for them
                                  dict(panels=[RNG.random((8, 8, 3)) for _ in range(4)], cols=4,
                                       titles=["turner shipwreck of the minotaur", "b", "c", "d"])],
    "figures.landscape.landscape_contour": [dict(surface=_landscape(), trail_steps=[0, 10, 20, 30, 40],
                                                 title="loss landscape")],
    "figures.landscape.landscape_surface": [dict(surface=_landscape(), title="loss landscape")],
    "figures.overfitting.fit_figure": [dict(data=SimpleNamespace(
        train_x=RNG.random(10), train_y=RNG.random(10), val_x=RNG.random(10), val_y=RNG.random(10),
        grid_x=np.linspace(0, 1, 20), grid_y=np.linspace(0, 1, 20)),
        curves={"degree 3": np.linspace(0, 1, 20), "degree 15": np.linspace(1, 0, 20)})],
    "figures.overfitting.complexity_figure": [dict(sweep=SimpleNamespace(complexity=[1, 2, 3, 4], train_mse=[1.0, 0.5,
                                                                                                        0.2, 0.1],
                                                                         val_mse=[1.1, 0.6, 0.4, 0.9], best=3),
                                                   label="polynomial degree", chosen=2)],
    "figures.overfitting.runs_figure": [dict(runs=_runs()), dict(runs=_runs("acc"), metric="acc")],
    "figures.overfitting.folds_figure": [dict(fold_of=np.arange(20) % 5)],
    "figures.overfitting.scores_figure": [dict(cv=SimpleNamespace(fold_scores=[0.2, 0.3] * 5, mean=0.25, spread=0.05,
                                                                  split_scores=[0.2, 0.4] * 5, split_mean=0.3,
                                                                  split_spread=0.1))],
    "figures.overfitting.learning_figure": [dict(curve=SimpleNamespace(sizes=[10, 20, 40], val_mse={3: [1.0, 0.5, 0.3],
                                                                                                  15: [9.0, 2.0, 0.5]},
                                                                       train_mse={3: [0.2, 0.25, 0.28],
                                                                                  15: [0.0, 0.01, 0.1]}))],
    "figures.pca.image_grid": [dict(images=RNG.random((6, 8, 8)), per_row=3, name="photos", title="augmented"),
                               dict(images=RNG.normal(size=(4, 8, 8)), per_row=4, name="eigen-images", signed=True)],
    "figures.pca.rgb_grid": [dict(images=RNG.random((4, 8, 8, 3)), per_row=2, name="mixtures", title="mixtures")],
    "figures.pca.elephant_figure": [dict(x=RNG.random((20, 3)), ratio=np.array([0.9, 0.1, 1e-9]),
                                         last=np.array([0.7, -0.7, 0.1]),
                                         features=["age (years)", "ear size (m²)", "weight (t)"])],
    "figures.pca.amounts_figure": [dict(true_amounts=RNG.random((3, 3)), recovered=RNG.random((3, 3)),
                                        names=["dog", "cat", "owl"])],
    "figures.pca.variance_figure": [dict(cumulative=np.linspace(0.1, 1.0, 120), k=40)],
    "figures.text_rnn.loss_figure": [dict(history=dict(tokens_seen=[0, 1000, 2000], train_loss=[4.0, 2.5, 2.0],
                                                       val_nats=[4.1, 2.7, 2.3]))],
    "figures.text_rnn.next_token_figure": [dict(probs=RNG.dirichlet(np.ones(30)),
                                                tokens=tuple("abcdefghijklmnopqrstuvwxyz .,\n"), top=10)],
}



def _flippers_history(k=5):
    games = [100 * (i + 1) for i in range(k)]
    share = [min(1.0, 0.3 + 0.2 * i) for i in range(k)]
    return dict(games=games, optimal_share=share, win_rate=share, moves=[6 - i * 0.8 for i in range(k)],
                greedy_moves=[4 - i * 0.5 for i in range(k)], min_moves=[1.9] * k,
                value_gap=[0.5 / (i + 1) for i in range(k)],
                epsilon=[1 - 0.2 * i for i in range(k)])


def _mnist_history():
    return dict(epoch=[0.25, 0.5, 0.75, 1.0], train_loss=[2.0, 0.8, 0.4, 0.3], test_loss=[2.1, 0.9, 0.5, 0.35],
                train_acc=[0.3, 0.8, 0.9, 0.93], test_acc=[0.28, 0.78, 0.88, 0.92])


SAMPLES.update({
    "figures.flippers.board_figure": [dict(grid=np.array([[0, 1, 0], [1, 1, 1], [0, 0, 0]]), tfr=RNG.random(9),
                                           tfr_range=(0.0, 1.0), next_move=4, title="board 010-111-000: move 1"),
                                      dict(grid=np.zeros((3, 3), int), title="your board: 0 moves", clickable=True)],
    "figures.flippers.compare_figure": [dict(q_history=_flippers_history(), sarsa_history=_flippers_history())],
    "figures.flippers.curves_figure": [dict(history=_flippers_history())],
    "figures.flippers.dqn_curves_figure": [dict(history=dict(updates=[0, 100, 200], optimal_share=[0.4, 0.6, 0.8],
                                                             loss=[None, 0.01, 0.003]))],
    "figures.flippers.optimality_figure": [dict(minimum=RNG.integers(0, 4, 512), agent=RNG.integers(-1, 6, 512))],
    "figures.flippers.qtable_figure": [dict(q=RNG.random((12, 9)), labels=[f"{i:03b}-000-111" for i in range(12)],
                                            tiles=9, highlight=3)],
    "figures.gan.samples_figure": [dict(images=RNG.random((64, 28, 28)), title="the same 64 noise vectors, step 0"),
                                   dict(images=RNG.integers(0, 255, (10, 28, 28), dtype=np.uint8), per_row=10,
                                        labels=np.arange(10))],
    "figures.gan.curves_figure": [dict(history=dict(step=[25, 50, 75], loss_d=[1.3, 1.2, 1.1], loss_g=[0.7, 0.9, 1.0],
                                                    acc_real=[0.6, 0.7, 0.65], acc_fake=[0.5, 0.6, 0.7]))],
    "figures.gan.meter_figure": [dict(fractions=RNG.dirichlet(np.ones(10)), title="mode-collapse meter"),
                                 dict(fractions=np.eye(10)[1], confident=np.eye(10)[1] * 0.8)],
    "figures.gan.interpolation_figure": [dict(images=RNG.random((10, 28, 28)), labels=np.arange(10),
                                              title="a straight walk on the sphere of noise")],
    "figures.mnist.confusion_figure": [dict(counts=RNG.integers(0, 50, (10, 10)) + np.eye(10, dtype=int) * 900)],
    "figures.mnist.curves_figure": [dict(history=_mnist_history(), epochs=dict(epoch=[1.0], test_loss=[0.3],
                                                                                test_acc=[0.93]))],
    "figures.mnist.mistakes_gallery": [dict(images=RNG.random((8, 28, 28)), labels=np.arange(8),
                                            top3=np.stack([(np.arange(8) + k) % 10 for k in (1, 2, 3)], 1),
                                            top3_probs=np.tile([0.6, 0.3, 0.1], (8, 1)),
                                            title="most confident mistakes")],
    "figures.mnist.prediction_grid": [dict(images=RNG.random((20, 28, 28)), labels=np.arange(20) % 10,
                                           predicted=(np.arange(20) * 3) % 10, title="untrained: 10% right")],
    "figures.mnist.probability_bars": [dict(probs={m: RNG.dirichlet(np.ones(10)) for m in ("dense", "talk CNN",
                                                                                            "fast CNN")})],
    "figures.mnist_inside.feature_maps_figure": [dict(maps=[("conv 1", RNG.random((8, 26, 26))),
                                                            ("conv 2", RNG.random((8, 11, 11)))])],
    "figures.mnist_inside.filters_figure": [dict(weights=RNG.normal(size=(16, 1, 3, 3)))],
    "figures.mnist_inside.stages_figure": [dict(cropped=RNG.random((40, 30)), scaled=RNG.random((20, 15)),
                                                image=RNG.random((28, 28)), centre=(14.0, 14.0))],
})

SAMPLES.update({
    "figures.autoencoders.latent_plane": [dict(codes=RNG.normal(size=(300, 2)), labels=np.arange(300) % 10,
                                               picked=(0.5, -0.2), click_grid=8, title="autoencoder: 2 latents"),
                                          dict(codes=RNG.normal(size=(50, 2)), labels=np.arange(50) % 10)],
    "figures.autoencoders.digit_image": [dict(image=RNG.random((28, 28)), title="decoded at (0.5, -0.2)")],
    "figures.autoencoders.tiles_figure": [dict(images=RNG.random((30, 28, 28)), per_row=10,
                                               row_titles=["noisy", "cleaned", "clean"], title="noise 0.5"),
                                          dict(images=RNG.normal(size=(8, 28, 28)), per_row=8, signed=True)],
    "figures.autoencoders.sweep_figure": [dict(histories={k: dict(step=[50, 100], test_mse=[0.06 / k, 0.05 / k])
                                                          for k in (2, 10, 20, 50)}, title="more latents")],
})


def builders() -> dict[str, object]:
    """Public functions of figures/*.py declared to return a go.Figure, except helpers that take one (`fig`)."""
    found = {}
    for info in pkgutil.iter_modules(figures.__path__):
        if info.name == "subplots":  # an empty grid for builders to fill, not a picture
            continue
        module = importlib.import_module(f"figures.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            sig = inspect.signature(fn)
            returns = sig.return_annotation
            if returns in ("go.Figure", go.Figure) and "fig" not in sig.parameters:
                found[f"{module.__name__}.{name}"] = fn
    return found


def sample_calls():
    """One pytest.param (builder name, arguments) per sample."""
    for name, samples in SAMPLES.items():
        for i, kwargs in enumerate(samples):
            yield pytest.param(name, kwargs, id=f"{name.removeprefix('figures.')}-{i}")
