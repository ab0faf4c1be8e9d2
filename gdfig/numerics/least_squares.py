"""Slide 2: the mean squared error of a linear model and its exact minimiser.

    L(w, b) = 1/N sum_n (w x_n + b - y_n)^2

is a quadratic in (w, b); setting its gradient to zero gives the normal equations
A^T A (w, b) = A^T y, with A = [x, 1], solved here directly.
"""

import torch


def make_line_points(count: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Points near the line y = 0.8 x + 0.5 on [0, 4]: x (count,), y (count,)."""
    x = torch.linspace(0.0, 4.0, count, dtype=torch.float64)
    noise = 0.45 * torch.randn(count, generator=generator, dtype=torch.float64)
    return x, 0.8 * x + 0.5 + noise


def fit_least_squares(x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """(w, b) minimising the mean squared error, from the normal equations."""
    a = torch.stack([x, torch.ones_like(x)], dim=1)
    w, b = torch.linalg.solve(a.T @ a, a.T @ y)
    return w.item(), b.item()


def mse(x: torch.Tensor, y: torch.Tensor, w: float, b: float) -> float:
    return ((w * x + b - y) ** 2).mean().item()
