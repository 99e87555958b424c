"""Curve fitting: noisy samples of a smooth function, fitted by models of growing complexity.

Too simple underfits (both errors high), about right follows the shape, too wiggly chases the noise (training
error falls to zero while validation error shoots up). Polynomials are fitted by least squares with numpy in the
Legendre basis: the same polynomials as powers of x, but well conditioned on [-1, 1], so a degree-19 fit really
goes through 20 points (with x, x², … x¹⁹ as columns, lstsq loses that to round-off; minimum-norm once there are
more coefficients than points). The tests check it against scikit-learn's PolynomialFeatures + LinearRegression.
The MLP alternative is a small tanh network trained full-batch with Adam, seeded."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from core.seeding import seeded_model

FUNCTIONS = {
    "sine": lambda x: np.sin(2.5 * x),
    "bump": lambda x: 1.5 * np.exp(-6.0 * x ** 2) - 0.5,
    "cubic": lambda x: 1.2 * x ** 3 - 0.8 * x,
}
FUNCTION_LABELS = {"sine": "a sine wave", "bump": "a bump", "cubic": "a cubic"}
MAX_DEGREE = 20
MLP_WIDTHS = (1, 2, 4, 8, 16, 32, 64, 128)


@dataclass(frozen=True)
class CurveConfig:
    function: str = "sine"
    n_train: int = 20
    n_val: int = 100
    noise: float = 0.25
    seed: int = 0

    def __post_init__(self):
        if self.function not in FUNCTIONS:
            raise ValueError(f"unknown function {self.function!r}; known: {', '.join(FUNCTIONS)}")
        if not 5 <= self.n_train <= 2000 or not 5 <= self.n_val <= 5000:
            raise ValueError("n_train must be 5 to 2000 and n_val 5 to 5000")
        if not 0.0 <= self.noise <= 2.0:
            raise ValueError("noise must be 0 to 2")


@dataclass
class CurveData:
    train_x: np.ndarray  # (N,) in [-1, 1]
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    grid_x: np.ndarray  # dense x for drawing curves
    grid_y: np.ndarray  # the true function there


def true_function(name: str, x: np.ndarray) -> np.ndarray:
    return FUNCTIONS[name](np.asarray(x, dtype=np.float64))


def sample_points(function: str, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n points with x uniform in [-1, 1] and y = f(x) + Gaussian noise."""
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    return x, true_function(function, x) + rng.normal(0.0, noise, n)


def make_curve_data(cfg: CurveConfig, grid: int = 300) -> CurveData:
    """Training and validation points drawn independently from the same noisy function."""
    rng = np.random.default_rng(cfg.seed)
    train_x, train_y = sample_points(cfg.function, cfg.n_train, cfg.noise, rng)
    val_x, val_y = sample_points(cfg.function, cfg.n_val, cfg.noise, rng)
    grid_x = np.linspace(-1.0, 1.0, grid)
    return CurveData(train_x, train_y, val_x, val_y, grid_x, true_function(cfg.function, grid_x))


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.polynomial.Legendre:
    """The least-squares polynomial of `degree` through (x, y), x in [-1, 1]; call it on x to predict."""
    if not 0 <= degree <= MAX_DEGREE:
        raise ValueError(f"degree must be 0 to {MAX_DEGREE}")
    # full=True: a rank-deficient fit (more coefficients than points) is expected here, not worth a warning
    coef, _ = np.polynomial.legendre.legfit(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), degree,
                                            full=True)
    return np.polynomial.Legendre(coef)


def mse(predicted: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((np.asarray(predicted) - np.asarray(y)) ** 2))


def build_curve_mlp(width: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(1, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(), nn.Linear(width, 1))


class CurveMLP:
    """A 1-in, 1-out tanh network of two hidden layers of `width`, trained full-batch; a sklearn-like face."""

    def __init__(self, width: int, steps: int = 1500, lr: float = 0.01, seed: int = 0):
        self.width, self.steps, self.lr, self.seed = width, steps, lr, seed

    def fit(self, x: np.ndarray, y: np.ndarray) -> CurveMLP:
        self.model = seeded_model(lambda: build_curve_mlp(self.width), self.seed)
        xt = torch.as_tensor(np.asarray(x, dtype=np.float32)[:, None])
        yt = torch.as_tensor(np.asarray(y, dtype=np.float32)[:, None])
        optimiser = torch.optim.Adam(self.model.parameters(), lr=self.lr)
        for _ in range(self.steps):
            loss = ((self.model(xt) - yt) ** 2).mean()
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
        return self

    @torch.no_grad()
    def predict(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32).reshape(-1, 1)
        return self.model(torch.as_tensor(x)).numpy()[:, 0].astype(np.float64)


def fit_model(kind: str, complexity: int, data: CurveData, seed: int = 0, mlp_steps: int = 1500):
    """A fitted model: kind "poly" (complexity = degree) or "mlp" (complexity = width)."""
    if kind == "poly":
        return fit_polynomial(data.train_x, data.train_y, complexity)
    if kind == "mlp":
        return CurveMLP(complexity, steps=mlp_steps, seed=seed).fit(data.train_x, data.train_y)
    raise ValueError(f"unknown model kind {kind!r}")


def predict(model, x: np.ndarray) -> np.ndarray:
    if isinstance(model, CurveMLP):
        return model.predict(x)
    return model(np.asarray(x, dtype=np.float64))


@dataclass
class Sweep:
    complexity: list[int]
    train_mse: list[float]
    val_mse: list[float]

    @property
    def best(self) -> int:
        """The sweet spot: the complexity with the lowest validation error."""
        return self.complexity[int(np.argmin(self.val_mse))]


def complexity_sweep(data: CurveData, kind: str = "poly", values=None, seed: int = 0, mlp_steps: int = 1500) -> Sweep:
    """Training and validation MSE for each complexity (degrees 1..20, or MLP widths)."""
    values = list(values if values is not None else (range(1, MAX_DEGREE + 1) if kind == "poly" else MLP_WIDTHS))
    train, val = [], []
    for c in values:
        model = fit_model(kind, c, data, seed, mlp_steps)
        train.append(mse(predict(model, data.train_x), data.train_y))
        val.append(mse(predict(model, data.val_x), data.val_y))
    return Sweep(values, train, val)
