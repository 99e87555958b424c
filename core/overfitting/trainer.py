"""A too-large MLP on a small noisy data set, trained live: training loss keeps falling while validation loss
turns and rises. Several runs on the same points and the same initial weights, overlaid: no regularisation,
your settings (dropout, batch norm, L2, early stopping) and any comparison runs, so the effect is seen.

One step is one epoch: the training set is small, so each epoch is one full-batch update. Early stopping
watches the validation loss; after `patience` epochs without a new best it stops that run and keeps the
weights of its best epoch (the stopping point and the best epoch are recorded)."""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from core.overfitting.data import OverfitData, OverfitDataConfig, make_overfit_data
from core.overfitting.model import build_net, give_generator
from core.seeding import generator, seeded_model

CHECKPOINT_NAME = "overfit.mlp.v1"
COMPARE_RUNS = {"early": "early stopping only", "dropout": "dropout only", "batchnorm": "batch norm only",
                "l2": "L2 only", "dropout+batchnorm": "dropout + batch norm"}


@dataclass(frozen=True)
class Regularisers:
    dropout: float = 0.0  # rate after each hidden layer; 0 = off
    batchnorm: bool = False
    l2: float = 0.0  # weight decay (plain L2 in Adam); 0 = off
    patience: int = 0  # early stopping after this many epochs without a better validation loss; 0 = off

    def label(self) -> str:
        parts = ([f"dropout {self.dropout:g}"] if self.dropout else []) + (["batch norm"] if self.batchnorm else []) \
            + ([f"L2 {self.l2:g}"] if self.l2 else []) + ([f"early stop ({self.patience})"] if self.patience else [])
        return ", ".join(parts) or "no regularisation"


@dataclass(frozen=True)
class OverfitConfig:
    data: OverfitDataConfig = OverfitDataConfig()
    width: int = 256
    depth: int = 3
    yours: Regularisers = Regularisers(dropout=0.5)
    compare: tuple[str, ...] = ("early", "batchnorm")  # extra runs, names from COMPARE_RUNS
    patience: int = 40  # for the "early stopping only" comparison when yours does not stop early
    learning_rate: float = 0.003
    epochs: int = 300
    seed: int = 0

    def __post_init__(self):
        problems = []
        if not 1 <= self.width <= 1024 or not 1 <= self.depth <= 6:
            problems.append("width must be 1 to 1024 and depth 1 to 6")
        if not 0.0 <= self.yours.dropout < 1.0 or self.yours.l2 < 0 or min(self.yours.patience, self.patience) < 0:
            problems.append("dropout must be in [0, 1), L2 and patience not negative")
        if any(c not in COMPARE_RUNS for c in self.compare):
            problems.append(f"comparison runs must be among {', '.join(COMPARE_RUNS)}")
        if not 1 <= self.epochs <= 20_000 or not 0 < self.learning_rate <= 1:
            problems.append("epochs must be 1 to 20000 and the learning rate in (0, 1]")
        if problems:
            raise ValueError("; ".join(problems))

    def runs(self) -> dict[str, Regularisers]:
        """Every run, by label: the bare network first, then yours, then the comparisons."""
        y = self.yours
        rate = y.dropout or 0.5
        strength = y.l2 or 1e-3
        named = {"early": Regularisers(patience=y.patience or self.patience), "dropout": Regularisers(dropout=rate),
                 "batchnorm": Regularisers(batchnorm=True), "l2": Regularisers(l2=strength),
                 "dropout+batchnorm": Regularisers(dropout=rate, batchnorm=True)}
        runs = {"no regularisation": Regularisers()}
        if y != Regularisers():
            runs[f"yours: {y.label()}"] = y
        for name in self.compare:
            if named[name] not in runs.values():
                runs[COMPARE_RUNS[name]] = named[name]
        return runs


class Run:
    """One network and its history; stepping a stopped run does nothing."""

    def __init__(self, reg: Regularisers, cfg: OverfitConfig, data: OverfitData, device: torch.device):
        self.reg = reg
        n_in, n_out = data.train_x.shape[1], data.n_classes
        self.model = seeded_model(lambda: build_net(n_in, n_out, cfg.width, cfg.depth, reg.dropout, reg.batchnorm),
                                  cfg.seed).to(device)
        self.optimiser = torch.optim.Adam(self.model.parameters(), lr=cfg.learning_rate, weight_decay=reg.l2)
        self.history: dict[str, list[float]] = {"train_loss": [], "val_loss": [], "train_acc": [], "val_acc": []}
        self.best_epoch, self.best_val_loss, self.stopped_at = 0, float("inf"), None
        self.best_state = None

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None


class OverfitTrainer:
    """All runs of a config, stepped together one epoch at a time. Follows ui.live's Trainer protocol."""

    def __init__(self, config: OverfitConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.data = make_overfit_data(config.data)
        d, dev = self.data, self.device
        self.train_x, self.train_y = torch.from_numpy(d.train_x).to(dev), torch.from_numpy(d.train_y).to(dev)
        self.val_x, self.val_y = torch.from_numpy(d.val_x).to(dev), torch.from_numpy(d.val_y).to(dev)
        # The dropout masks come from one local generator (never torch's global one): seeded and thread-safe; on
        # the CPU whatever the device, so a checkpoint prepared on one device opens on another (a CUDA generator's
        # state does not load into a CPU one).
        self.generator = generator(config.seed)
        self.runs = {label: Run(reg, config, self.data, self.device) for label, reg in config.runs().items()}
        for run in self.runs.values():
            give_generator(run.model, self.generator)
        self.steps_done = 0
        for run in self.runs.values():
            self._log(run)

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            if self.steps_done >= self.config.epochs:
                return
            for run in self.runs.values():
                if not run.stopped:
                    self._train_epoch(run)
                    self._log(run)
            self.steps_done += 1

    def _train_epoch(self, run: Run) -> None:
        run.model.train()
        loss = F.cross_entropy(run.model(self.train_x), self.train_y)
        run.optimiser.zero_grad(set_to_none=True)
        loss.backward()
        run.optimiser.step()

    @torch.no_grad()
    def _measure(self, run: Run, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        run.model.eval()
        logits = run.model(x)
        return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()

    def _log(self, run: Run) -> None:
        for split, (x, y) in (("train", (self.train_x, self.train_y)), ("val", (self.val_x, self.val_y))):
            loss, acc = self._measure(run, x, y)
            run.history[f"{split}_loss"].append(loss)
            run.history[f"{split}_acc"].append(acc)
        epoch = len(run.history["val_loss"]) - 1
        if run.history["val_loss"][-1] < run.best_val_loss:
            run.best_epoch, run.best_val_loss = epoch, run.history["val_loss"][-1]
            if run.reg.patience:
                run.best_state = copy.deepcopy(run.model.state_dict())
        elif run.reg.patience and epoch - run.best_epoch >= run.reg.patience:
            run.stopped_at = epoch
            run.model.load_state_dict(run.best_state)  # keep the best epoch's weights

    def summary(self) -> dict[str, dict]:
        """Per run: best epoch and validation loss, last epoch trained, final losses and the stopping point."""
        out = {}
        for label, run in self.runs.items():
            h = run.history
            out[label] = {"best_epoch": run.best_epoch, "best_val_loss": run.best_val_loss,
                          "final_epoch": len(h["val_loss"]) - 1, "final_val_loss": h["val_loss"][-1],
                          "final_train_loss": h["train_loss"][-1], "stopped_at": run.stopped_at,
                          "final_val_acc": h["val_acc"][-1]}
        return out

    def payload(self) -> dict:
        return {"steps_done": self.steps_done, "generator": self.generator.get_state(),
                "runs": {label: {"model": run.model.state_dict(), "optimiser": run.optimiser.state_dict(),
                                 "history": run.history, "best_epoch": run.best_epoch,
                                 "best_val_loss": run.best_val_loss,
                                 "stopped_at": -1 if run.stopped_at is None else run.stopped_at,
                                 "best_state": run.best_state or {}}
                         for label, run in self.runs.items()}}

    def load_payload(self, payload: dict) -> None:
        if set(payload["runs"]) != set(self.runs):
            raise ValueError("the checkpoint holds other runs")
        self.steps_done = int(payload["steps_done"])
        self.generator.set_state(payload["generator"])
        for label, saved in payload["runs"].items():
            run = self.runs[label]
            run.model.load_state_dict(saved["model"])
            run.optimiser.load_state_dict(saved["optimiser"])
            run.history = {k: list(v) for k, v in saved["history"].items()}
            run.best_epoch, run.best_val_loss = int(saved["best_epoch"]), float(saved["best_val_loss"])
            run.stopped_at = None if int(saved["stopped_at"]) < 0 else int(saved["stopped_at"])
            run.best_state = saved["best_state"] or None


def default_config() -> OverfitConfig:
    return OverfitConfig()


def train_to_completion(config: OverfitConfig, device: torch.device | str = "cpu") -> OverfitTrainer:
    trainer = OverfitTrainer(config, device)
    trainer.step(config.epochs)
    return trainer


def prepare_jobs():
    """The page's default runs, for `python -m core.prepare`."""
    from core.checkpoints import prepare_job

    return [prepare_job("Overfitting: default runs", CHECKPOINT_NAME, default_config(), train_to_completion)]
