"""Logistic regression trained by gradient descent, slides 3 and 10-12.

Model P_w(Y = 1 | X = x) = sigma(w.x + b), labels y in {-1, +1}, summed loss

    L(w, b) = -sum_n log sigma(y_n (w.x_n + b)),

whose gradient, written by hand (no autograd), is

    dL/db   = -sum_n y_n sigma(-y_n (w.x_n + b))          (the terms u_n)
    dL/dw_d = -sum_n x_{n,d} y_n sigma(-y_n (w.x_n + b))  (the terms v_{n,d}).
"""

from dataclasses import dataclass

import torch


def make_points(count: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two Gaussian classes sharing one covariance: x (count, 2) and y (count,) in {-1, +1}."""
    y = torch.where(torch.arange(count) % 2 == 0, 1.0, -1.0).to(torch.float64)
    mean = torch.tensor([0.4, 0.3], dtype=torch.float64) * y[:, None]
    # A shared, tilted covariance: the classes overlap, so the minimiser is finite.
    mix = torch.tensor([[0.25, 0.0], [0.2, 0.1]], dtype=torch.float64)
    noise = torch.randn(count, 2, generator=generator, dtype=torch.float64)
    return mean + noise @ mix.T, y


def loss(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Summed logistic loss; x (N, D), y (N,), w (D,), b () -> ()."""
    return -torch.nn.functional.logsigmoid(y * (x @ w + b)).sum()


# --8<-- [start:gradient]
def gradient(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor,
             b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(dL/dw, dL/db) of the summed loss; shapes (D,) and ()."""
    u = -y * torch.sigmoid(-y * (x @ w + b))  # (N,): the terms -u_n (minus sign applied)
    v = x * u[:, None]                        # (N, D): the terms -v_{n,d}
    return v.sum(0), u.sum()
# --8<-- [end:gradient]


@dataclass(frozen=True)
class Snapshot:
    """The parameters after n steps and the loss there."""

    n: int
    w: torch.Tensor
    b: torch.Tensor
    loss: float


# --8<-- [start:train]
def train(x: torch.Tensor, y: torch.Tensor, eta: float, snapshots: tuple[int, ...],
          generator: torch.Generator) -> list[Snapshot]:
    """Gradient descent from w ~ N(0, I), b = 0, keeping the state at each n in snapshots."""
    w = torch.randn(x.shape[1], generator=generator, dtype=torch.float64)
    b = torch.zeros((), dtype=torch.float64)
    kept = []
    for n in range(max(snapshots) + 1):
        if n in snapshots:
            kept.append(Snapshot(n, w.clone(), b.clone(), loss(x, y, w, b).item()))
        grad_w, grad_b = gradient(x, y, w, b)
        w, b = w - eta * grad_w, b - eta * grad_b
    return kept
# --8<-- [end:train]
