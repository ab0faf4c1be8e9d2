"""Slide 4: the gradient as a field, and the linear approximation it gives.

Minus the gradient at each point of a grid (the direction of fastest decrease),
and the loss against its first-order Taylor expansion L(w) + grad L(w)^T delta
along one line.
"""

import torch

from gdfig.numerics.descent import Loss, gradient


def gradient_field(loss: Loss, points: torch.Tensor) -> torch.Tensor:
    """grad L at each of points (..., D), in one autograd pass: shape (..., D).

    Valid because L at one point does not depend on the others, so the gradient
    of their sum holds each point's own gradient."""
    with torch.enable_grad():
        w = points.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(loss(w).sum(), w)
    return grad


def along_steepest_descent(loss: Loss, w: torch.Tensor, offsets: torch.Tensor):
    """The loss and its linear approximation at w + s d, d = -grad/|grad|, s in offsets (K,).

    Returns (loss values (K,), tangent values (K,), |grad L(w)|)."""
    g = gradient(loss, w)
    direction = -g / g.norm()
    points = w + offsets[:, None] * direction
    with torch.no_grad():
        values = loss(points)
        tangent = loss(w) - offsets * g.norm()
    return values, tangent, g.norm().item()
