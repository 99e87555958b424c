"""The tiny network: autograd's gradients against finite differences and against the chain rule written out;
the update is w - eta * grad; batch sizes: same start, the promised number of updates, timings logged."""
import runpy
import subprocess
import sys

import numpy as np
import pytest
import torch

from core.backprop.batches import FULL, BatchesConfig, BatchRace
from core.backprop.export import export_script
from core.backprop.gradcheck import check, finite_differences
from core.backprop.network import TinyNet, TinyNetConfig, cross_entropy_one_hot
from core.data.datasets2d import Dataset2DConfig


@pytest.mark.parametrize("hidden,width,act", [(1, 3, "sigmoid"), (2, 4, "tanh"), (3, 2, "leaky_relu")])
def test_autograd_matches_finite_differences(hidden, width, act):
    net = TinyNet(TinyNetConfig(hidden_layers=hidden, width=width, activation=act, x=(0.7, -1.3), seed=4))
    x, one_hot = net.x.double(), net.one_hot.double()
    result = check(net.model, lambda m: cross_entropy_one_hot(m(x), one_hot))
    assert len(result.names) == sum(p.numel() for p in net.model.parameters())
    assert result.max_abs_error < 1e-7
    assert max(abs(g) for g in result.autograd) > 1e-3  # not trivially all zero


def test_finite_differences_catch_a_wrong_gradient():
    net = TinyNet(TinyNetConfig())
    x, one_hot = net.x.double(), net.one_hot.double()
    fd = finite_differences(net.model, lambda m: cross_entropy_one_hot(m(x), one_hot))
    snap = net.snapshot()
    np.testing.assert_allclose(snap.weight_grads[0].numpy(), fd[0].numpy(), atol=1e-6)
    assert not np.allclose(2 * snap.weight_grads[0].numpy(), fd[0].numpy(), atol=1e-6)


def test_snapshot_values_and_chain_rule_by_hand():
    net = TinyNet(TinyNetConfig(hidden_layers=1, width=3, activation="sigmoid", x=(1.0, -0.5), label=1))
    snap = net.snapshot()
    (w1, w2), (b1, b2) = snap.weights, snap.biases
    x = torch.tensor([1.0, -0.5])
    h = torch.sigmoid(w1 @ x + b1)
    p = torch.softmax(w2 @ h + b2, 0)
    target = torch.tensor([0.0, 1.0])
    assert snap.values[1] == pytest.approx(h.tolist(), abs=1e-6) and snap.probs == pytest.approx(p.tolist(), abs=1e-6)
    assert snap.loss == pytest.approx(-torch.log(p[1]).item(), abs=1e-6)
    delta2 = p - target  # dE/dlogits for softmax + cross-entropy
    delta1 = (w2.T @ delta2) * h * (1 - h)  # back through the sigmoid
    torch.testing.assert_close(snap.weight_grads[1], torch.outer(delta2, h), atol=1e-6, rtol=0)
    torch.testing.assert_close(snap.weight_grads[0], torch.outer(delta1, x), atol=1e-6, rtol=0)
    torch.testing.assert_close(snap.bias_grads[0], delta1, atol=1e-6, rtol=0)


def test_a_step_is_w_minus_eta_grad_and_the_error_falls():
    net = TinyNet(TinyNetConfig(learning_rate=0.5))
    before = net.snapshot()
    net.step(1)
    after = net.snapshot()
    for w0, g, w1 in zip(before.weights, before.weight_grads, after.weights, strict=True):
        torch.testing.assert_close(w1, w0 - 0.5 * g)
    net.step(20)
    assert net.steps_done == 21 and len(net.losses) == 22
    assert all(b < a for a, b in zip(net.losses, net.losses[1:], strict=False)) and net.losses[-1] < 0.2 * net.losses[0]


def test_snapshot_only_reads():
    net = TinyNet(TinyNetConfig())
    state = {k: v.clone() for k, v in net.model.state_dict().items()}
    net.snapshot()
    assert all(torch.equal(v, state[k]) for k, v in net.model.state_dict().items())
    assert all(p.grad is None for p in net.model.parameters())


SMALL = BatchesConfig(data=Dataset2DConfig(kind="moons", n_points=60, noise=0.2), batch_sizes=(1, 8, FULL), epochs=2)


def test_batch_sizes_share_a_start_and_take_the_promised_updates():
    race = BatchRace(SMALL)
    n = len(race.y)
    starts = [r.log["loss"][0] for r in race.runs.values()]
    assert starts == [starts[0]] * 3  # the same starting weights
    race.step(2)
    updates = {b: r.updates for b, r in race.runs.items()}
    assert updates == {1: 2 * n, 8: 2 * -(-n // 8), FULL: 2}
    for r in race.runs.values():
        assert r.samples == 2 * n and r.log["samples"][-1] == 2 * n
        assert all(np.diff(r.log["seconds"]) >= 0) and r.seconds > 0
        assert r.log["loss"][-1] < r.log["loss"][0]
    assert len(race.runs[1].log["loss"]) > len(race.runs[FULL].log["loss"]) == 3


def test_exported_batches_script_runs_one_epoch(tmp_path, capsys, monkeypatch):
    path = tmp_path / "batches.py"
    path.write_text(export_script(SMALL))
    done = subprocess.run([sys.executable, str(path), "--epochs", "1"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == ["batch 1", "batch 8", "full batch"]
    monkeypatch.setattr(sys, "argv", [str(path), "--epochs", "2"])  # in-process: same losses as the page's runs
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    race = BatchRace(SMALL)
    race.step(2)
    for line, run in zip(out.splitlines(), race.runs.values(), strict=True):
        assert float(line.rsplit(" ", 1)[1]) == pytest.approx(run.log["loss"][-1], abs=1e-4)
