"""Gradient descent, slides 5-6: w_{t+1} = w_t - eta * grad L(w_t).

The gradient comes from autograd, so any differentiable torch loss works; the
logistic regression of slides 10-11 has its own hand-written gradient instead.
"""

from dataclasses import dataclass
from typing import Callable

import torch

Loss = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Trajectory:
    """Iterates w_0..w_k (shape (k+1, D)) and L at each (shape (k+1,)).

    diverged_at is the step at which an iterate became non-finite or left the
    ball of radius `bound`; the trajectory stops before that iterate.
    """

    iterates: torch.Tensor
    values: torch.Tensor
    diverged_at: int | None


# --8<-- [start:gradient]
def gradient(loss: Loss, w: torch.Tensor) -> torch.Tensor:
    """grad L(w) by autograd; w has shape (D,)."""
    with torch.enable_grad():  # also when called under no_grad
        w = w.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(loss(w), w)
    return grad
# --8<-- [end:gradient]


# --8<-- [start:descend]
def descend(loss: Loss, w0: torch.Tensor, eta: float, steps: int,
            bound: float = float("inf")) -> Trajectory:
    """Run `steps` steps of gradient descent from w0 (shape (D,))."""
    iterates = [w0.detach().clone()]
    for t in range(1, steps + 1):
        w = iterates[-1] - eta * gradient(loss, iterates[-1])
        if not torch.isfinite(w).all() or w.norm() > bound:
            return _trajectory(loss, iterates, diverged_at=t)
        iterates.append(w)
    return _trajectory(loss, iterates, diverged_at=None)
# --8<-- [end:descend]


def _trajectory(loss: Loss, iterates: list[torch.Tensor], diverged_at: int | None) -> Trajectory:
    stacked = torch.stack(iterates)
    with torch.no_grad():
        values = torch.stack([loss(w) for w in iterates])
    return Trajectory(stacked, values, diverged_at)
