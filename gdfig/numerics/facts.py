"""Small measurements on the lecture's losses that the pages quote: where an
iterate sequence ends up, how many steps it needs, how curved a minimum is.
Torch only, like the rest of gdfig.numerics."""

import torch

from gdfig.numerics.descent import Loss, Trajectory, descend, gradient


def steps_to_settle(path: Trajectory, target: torch.Tensor, tol: float = 0.01) -> int | None:
    """The first step t from which every later iterate lies within tol of target, or None."""
    near = (path.iterates - target).norm(dim=-1) < tol
    if not bool(near[-1]):
        return None
    far = (~near).nonzero()
    return int(far[-1]) + 1 if len(far) else 0


def minimum_from(loss: Loss, w0: torch.Tensor, eta: float, steps: int) -> torch.Tensor:
    """Where `steps` steps of size eta from w0 end: the minimum the pages measure against,
    when eta is safely below 2/curvature there (callers pick eta and steps to converge)."""
    return descend(loss, w0, eta, steps).iterates[-1]


def curvatures(loss: Loss, w: torch.Tensor) -> torch.Tensor:
    """Eigenvalues of the Hessian of loss at w (shape (D,)), in increasing order."""
    hessian = torch.autograd.functional.hessian(loss, w)
    return torch.linalg.eigvalsh(hessian.reshape(len(w), len(w)))


def reversals(iterates: torch.Tensor) -> int:
    """How often a step points more than 90 degrees away from the step before it."""
    steps = torch.diff(iterates, dim=0)
    return int(((steps[1:] * steps[:-1]).sum(-1) < 0).sum())


def downhill_step(loss: Loss, w: torch.Tensor, length: float) -> torch.Tensor:
    """The displacement of the given length along -grad L(w)."""
    g = gradient(loss, w)
    return -length * g / g.norm()
