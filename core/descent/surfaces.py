"""Error curves over one weight and error surfaces over two, each a torch function of a (..., dim) tensor.

The "error" a path reports is f(w) - f_min, so every surface bottoms out at 0 and "error <= 1e-3" means the
same thing on all of them. Functions are plain torch, so autograd gives the slope the optimisers follow."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F


def bowl_1d(w: torch.Tensor) -> torch.Tensor:
    return w[..., 0] ** 2


def plateau_1d(w: torch.Tensor) -> torch.Tensor:
    # A slope down onto a long, almost flat shelf (with a barely-there dip near w = 0.2), then a drop into the
    # minimum near w = 2.1.
    x = w[..., 0]
    return (1.2 * torch.sigmoid(-5 * (x - 1.3)) + 0.6 * (x - 2) ** 2 * torch.sigmoid(4 * (x - 1.3))
            + 0.3 * F.softplus(-4 * (x + 0.6)))


def two_minima_1d(w: torch.Tensor) -> torch.Tensor:
    # A shallow local minimum near w = -1.3 and the deeper, global one near w = +1.4.
    x = w[..., 0]
    return 0.25 * x ** 4 - x ** 2 - 0.35 * x + 1.5


def bowl(w: torch.Tensor) -> torch.Tensor:
    return 0.5 * (w[..., 0] ** 2 + w[..., 1] ** 2)


def valley(w: torch.Tensor) -> torch.Tensor:
    # Curvatures 0.02 and 2: a hundred times steeper across the valley than along it.
    return 0.01 * w[..., 0] ** 2 + w[..., 1] ** 2


def saddle(w: torch.Tensor) -> torch.Tensor:
    # A saddle at the origin (up along x, down along y), with two minima at y = ±sqrt(2).
    return 0.5 * w[..., 0] ** 2 - w[..., 1] ** 2 + 0.25 * w[..., 1] ** 4 + 1.0


def several_minima(w: torch.Tensor) -> torch.Tensor:
    # A broad bowl with three Gaussian dents of different depths: which one you land in depends on the start.
    x, y = w[..., 0], w[..., 1]
    dents = ((-1.0, 1.0, 1.2, 0.35), (1.1, 0.6, 0.8, 0.3), (0.2, -1.2, 1.6, 0.4))  # x, y, depth, width
    out = 0.15 * (x ** 2 + y ** 2) + 2.0
    for cx, cy, depth, width in dents:
        out = out - depth * torch.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width ** 2))
    return out


def rosenbrock(w: torch.Tensor) -> torch.Tensor:
    # The classic banana valley; minimum 0 at (1, 1).
    return (1 - w[..., 0]) ** 2 + 100 * (w[..., 1] - w[..., 0] ** 2) ** 2


@dataclass(frozen=True)
class Surface:
    name: str
    label: str
    fn: Callable[[torch.Tensor], torch.Tensor]
    extent: tuple[float, ...]  # x0, x1 (1-D) or x0, x1, y0, y1 (2-D): the plotted area
    start: tuple[float, ...]  # a default start that shows the point of the surface
    f_min: float  # the global minimum, so error = f - f_min
    note: str

    @property
    def dim(self) -> int:
        return len(self.start)

    def error(self, w: torch.Tensor) -> torch.Tensor:
        return self.fn(w) - self.f_min

    def clamp(self, point: tuple[float, ...]) -> tuple[float, ...]:
        """`point` moved inside the plotted area."""
        return tuple(min(max(float(v), self.extent[2 * i]), self.extent[2 * i + 1]) for i, v in enumerate(point))


def _lowest(fn, extent, n: int = 801) -> float:
    """f_min where there is no closed form: the best point of a dense float64 grid, polished by L-BFGS."""
    axes = [torch.linspace(extent[2 * i], extent[2 * i + 1], n, dtype=torch.float64) for i in range(len(extent) // 2)]
    w = torch.stack(torch.meshgrid(*axes, indexing="xy"), -1).reshape(-1, len(axes))
    best = w[fn(w).argmin()].clone().requires_grad_(True)
    opt = torch.optim.LBFGS([best], max_iter=200, tolerance_grad=1e-12, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        value = fn(best)
        value.backward()
        return value

    opt.step(closure)
    return min(float(fn(best.detach())), float(fn(w).min()))


CURVES = {s.name: s for s in (
    Surface("bowl", "bowl", bowl_1d, (-2.0, 2.0), (-1.8,), 0.0, "One minimum; every step downhill leads to it."),
    Surface("plateau", "plateau, then a drop", plateau_1d, (-1.0, 3.0), (-0.9,),
            _lowest(plateau_1d, (-1.0, 3.0)),
            "On the flat shelf the slope is almost zero: plain steps stall there; momentum can carry across."),
    Surface("two_minima", "two minima", two_minima_1d, (-2.2, 2.2), (-2.0,),
            _lowest(two_minima_1d, (-2.2, 2.2)), "From the left, small steps settle in the shallower minimum."),
)}

SURFACES = {s.name: s for s in (
    Surface("bowl", "bowl", bowl, (-2.0, 2.0, -2.0, 2.0), (-1.6, 1.2), 0.0, "Round: the slope points at the bottom."),
    Surface("valley", "long narrow valley", valley, (-2.0, 2.0, -2.0, 2.0), (-1.8, 1.2), 0.0,
            "Steep walls, flat floor: plain gradient descent zig-zags across and crawls along."),
    Surface("saddle", "saddle", saddle, (-2.0, 2.0, -2.0, 2.0), (-1.8, 0.02), 0.0,
            "Zero slope in the middle, yet not a minimum: start exactly on y = 0 and you stop there."),
    Surface("several_minima", "several minima", several_minima, (-2.0, 2.0, -2.0, 2.0), (1.8, 1.8),
            float("nan"),  # f_min: set below
            "Three dents: where you end depends on where you start."),
    Surface("rosenbrock", "Rosenbrock's banana", rosenbrock, (-2.0, 2.0, -1.0, 3.0), (-1.5, 2.0), 0.0,
            "A curved valley with a flat floor; the minimum is at (1, 1)."),
)}


SURFACES["several_minima"] = Surface(**{**SURFACES["several_minima"].__dict__,
                                        "f_min": _lowest(several_minima, SURFACES["several_minima"].extent)})


def grid(surface: Surface, resolution: int = 60) -> tuple:
    """The surface on a grid for plotting: (xs, ys, z) with z[i, j] at (xs[j], ys[i]); 1-D: (xs, z)."""
    x0, x1 = surface.extent[:2]
    xs = torch.linspace(x0, x1, resolution, dtype=torch.float64)
    if surface.dim == 1:
        return xs.numpy(), surface.fn(xs[:, None]).numpy()
    ys = torch.linspace(surface.extent[2], surface.extent[3], resolution, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")
    return xs.numpy(), ys.numpy(), surface.fn(torch.stack([gx, gy], -1)).numpy()
