"""The two toy losses of slides 7-9, written once as expressions (numerics/expr.py):
torch evaluates them here, and the site's explorers evaluate the exported trees.

1D (slides 7-8):  L(w) = 1 + w^2/4 + w/4 - 0.85 cos(2w), on the window [-3, 3].
  A tilted bowl with ripples: shallow valleys near w = -2.78 and w = 2.58, and the
  deepest near w = -0.064, whose curvature (~3.87) lies between 1/0.5 and 2/0.5
  but close to 2/0.5, so eta = 0.125 slides into it monotonically while eta = 0.5
  overshoots and keeps bouncing visibly for all twelve frames.

2D (slide 9):  L(w) = 1 + sum_k h_k exp(-1/2 ||(w - c_k) / s_k||^2), on [0, 1]^2.
  Three dips (local minima, one a long narrow valley that makes large steps
  zig-zag) and two bumps; values stay within about 0.6-1.3.
"""

import torch

from gdfig.numerics.expr import Expr, cos, evaluate, exp, var

WINDOW_1D = (-3.0, 3.0)
RIPPLE_1D = 0.85  # amplitude of the cosine: sets the deep valley's curvature 1/2 + 4 * 0.85 cos(2w*)
BOX_2D = ((0.0, 1.0), (0.0, 1.0))

# One row per Gaussian bump: height h, centre (cx, cy), widths (sx, sy).
BUMPS_2D = (
    (-0.40, 0.72, 0.68, 0.30, 0.09),  # long valley, narrow across y
    (-0.35, 0.25, 0.28, 0.13, 0.13),
    (-0.25, 0.75, 0.18, 0.10, 0.10),
    (+0.35, 0.40, 0.55, 0.14, 0.14),
    (+0.30, 0.15, 0.80, 0.15, 0.12),
)


def _loss_1d() -> Expr:
    w = var(0)
    return 1 + w**2 / 4 + w / 4 - RIPPLE_1D * cos(2 * w)


def _loss_2d() -> Expr:
    x, y = var(0), var(1)
    total: Expr | float = 1.0
    for h, cx, cy, sx, sy in BUMPS_2D:
        total = total + h * exp(-0.5 * (((x - cx) / sx) ** 2 + ((y - cy) / sy) ** 2))
    return total


LOSS_1D = _loss_1d()
LOSS_2D = _loss_2d()


def loss_1d(w: torch.Tensor) -> torch.Tensor:
    """L(w) for w of shape (..., 1); returns shape (...)."""
    return evaluate(LOSS_1D, w)


def loss_2d(w: torch.Tensor) -> torch.Tensor:
    """L(w) for w of shape (..., 2); returns shape (...)."""
    return evaluate(LOSS_2D, w)


def grid_2d(steps: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Sample loss_2d on a steps x steps grid over BOX_2D: (X, Y, Z), each (steps, steps)."""
    (x0, x1), (y0, y1) = BOX_2D
    xs = torch.linspace(x0, x1, steps, dtype=torch.float64)
    ys = torch.linspace(y0, y1, steps, dtype=torch.float64)
    x, y = torch.meshgrid(xs, ys, indexing="xy")
    return x, y, loss_2d(torch.stack([x, y], dim=-1))
