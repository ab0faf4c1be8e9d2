"""The local quadratic surrogate of slide 5.

    L~_{w0}(w) = L(w0) + grad L(w0)^T (w - w0) + ||w - w0||^2 / (2 eta)

It touches L at w0 with the same slope, and its curvature 1/eta does not depend
on L.  Setting its gradient grad L(w0) + (w - w0)/eta to zero gives its
minimiser w0 - eta grad L(w0): one gradient-descent step.
"""

import torch

from gdfig.numerics.descent import Loss, gradient


# --8<-- [start:surrogate]
def surrogate(loss: Loss, w0: torch.Tensor, eta: float, w: torch.Tensor) -> torch.Tensor:
    """L~_{w0}(w) for w of shape (..., D), with w0 of shape (D,); differentiable in w."""
    delta = w - w0
    with torch.no_grad():
        value, slope = loss(w0), gradient(loss, w0)
    return value + delta @ slope + (delta**2).sum(-1) / (2 * eta)


def surrogate_minimiser(loss: Loss, w0: torch.Tensor, eta: float) -> torch.Tensor:
    """argmin_w L~_{w0}(w) = w0 - eta grad L(w0), shape (D,)."""
    return w0 - eta * gradient(loss, w0)
# --8<-- [end:surrogate]
