"""Why a step size works: gradient descent near a minimum, linearised.

Near a minimum w* with Hessian H, grad L(w) ~= H (w - w*), so one step maps the
error e_t = w_t - w* to

    e_{t+1} ~= (I - eta H) e_t .

Along an eigenvector of H with eigenvalue lam the error is multiplied by
1 - eta lam: it shrinks from one side for eta lam < 1, alternates sides while
shrinking for 1 < eta lam < 2, and grows for eta lam > 2.  The worst factor,
max |1 - eta lam|, is smallest at eta = 2 / (lam_min + lam_max), where it is
(kappa - 1) / (kappa + 1) with the condition number kappa = lam_max / lam_min.

The logistic loss of slides 10-12 gets its Hessian by hand, like its gradient:
sum_n s_n (1 - s_n) x~_n x~_n^T, with s_n = sigma(w.x_n + b) and x~_n = (x_n, 1).
Torch only, like the rest of gdfig.numerics.
"""

from dataclasses import dataclass

import torch

from gdfig.numerics import logistic
from gdfig.numerics.descent import Loss


def hessian(loss: Loss, w: torch.Tensor) -> torch.Tensor:
    """The Hessian of loss at w (shape (D,)), by autograd; shape (D, D)."""
    return torch.autograd.functional.hessian(loss, w).reshape(len(w), len(w))


def second_derivative(loss: Loss, w: torch.Tensor) -> torch.Tensor:
    """L''(w) of a 1D loss at each of K points, w of shape (K, 1); shape (K,)."""
    with torch.enable_grad():
        w = w.detach().requires_grad_(True)
        (slope,) = torch.autograd.grad(loss(w).sum(), w, create_graph=True)
        (curvature,) = torch.autograd.grad(slope.sum(), w)
    return curvature[:, 0]


@dataclass(frozen=True)
class Conditioning:
    """The curvatures at a minimum and what they say about fixed step sizes."""

    eigenvalues: tuple[float, ...]  # increasing

    @property
    def condition_number(self) -> float:
        return self.eigenvalues[-1] / self.eigenvalues[0]

    @property
    def step_limit(self) -> float:
        """Above 2 / lam_max the error grows along the steepest direction."""
        return 2 / self.eigenvalues[-1]

    @property
    def best_step(self) -> float:
        """The eta that minimises the worst factor max |1 - eta lam|."""
        return 2 / (self.eigenvalues[0] + self.eigenvalues[-1])

    def factor(self, eta: float) -> float:
        """The worst per-step factor max |1 - eta lam| of the error, at step size eta."""
        return max(abs(1 - eta * lam) for lam in self.eigenvalues)


def conditioning(h: torch.Tensor) -> Conditioning:
    """Conditioning of a symmetric positive-definite Hessian h (D, D)."""
    return Conditioning(tuple(torch.linalg.eigvalsh(h).tolist()))


def logistic_hessian(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Hessian of the summed logistic loss in (w, b); x (N, D) -> (D + 1, D + 1).
    It does not depend on the labels' signs: sigma(z) sigma(-z) is even in z."""
    xt = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1)
    s = torch.sigmoid(y * (x @ w + b))
    return (xt * (s * (1 - s))[:, None]).T @ xt


def logistic_minimiser(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor,
                       steps: int = 30) -> tuple[torch.Tensor, torch.Tensor]:
    """Newton's method on the summed logistic loss from (w, b): its minimiser, when the
    classes overlap (then one exists and Newton converges from a nearby start)."""
    theta = torch.cat([w, b.reshape(1)])
    for _ in range(steps):
        grad_w, grad_b = logistic.gradient(x, y, theta[:-1], theta[-1])
        grad = torch.cat([grad_w, grad_b.reshape(1)])
        theta = theta - torch.linalg.solve(logistic_hessian(x, y, theta[:-1], theta[-1]), grad)
    return theta[:-1], theta[-1]
