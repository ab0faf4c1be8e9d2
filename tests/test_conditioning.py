"""gdfig.numerics.conditioning against numpy: Hessians by finite differences of
hand-written gradients, eigenvalues and the step-size rules by closed forms and
brute force, the linearised error map against real steps."""

import numpy as np
import pytest
import torch

from gdfig.numerics import conditioning, descent, losses
from tests.claims import (curvature_1d, descend_2d, gradient_2d, hessian_2d, logistic_gradient, logistic_hessian,
                          logistic_newton)

BUMPS = losses.BUMPS_2D


def tensor(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


@pytest.mark.parametrize("point", [(0.757, 0.681), (0.3, 0.6), (0.52, 0.19)])
def test_hessian_matches_differences_of_the_gradient(point):
    ours = conditioning.hessian(losses.loss_2d, tensor(point)).numpy()
    assert np.allclose(ours, hessian_2d(np.array(point), BUMPS), atol=1e-6)
    assert np.allclose(ours, ours.T, atol=1e-12)


def test_second_derivative_of_the_1d_loss():
    grid = torch.linspace(-3, 3, 61, dtype=torch.float64)[:, None]
    assert np.allclose(conditioning.second_derivative(losses.loss_1d, grid).numpy(),
                       curvature_1d(grid[:, 0].numpy()), atol=1e-12)


def test_conditioning_rules_against_closed_forms_and_brute_force():
    h = np.array([[6.0, 1.5], [1.5, 40.0]])
    shape = conditioning.conditioning(tensor(h))
    low, high = np.linalg.eigvalsh(h)
    assert shape.eigenvalues == pytest.approx((low, high), abs=1e-12)
    assert shape.condition_number == pytest.approx(high / low) and shape.step_limit == pytest.approx(2 / high)
    etas = np.linspace(1e-4, 2 / high, 100001)
    worst = [shape.factor(eta) for eta in etas[::1000]]
    assert min(worst) >= shape.factor(shape.best_step) - 1e-12
    kappa = high / low
    assert shape.factor(shape.best_step) == pytest.approx((kappa - 1) / (kappa + 1), abs=1e-12)
    assert shape.factor(0.99 * shape.step_limit) < 1 < shape.factor(1.01 * shape.step_limit)


def test_one_step_near_the_trough_bottom_is_the_linear_map():
    bottom = descend_2d((0.45, 0.92), 0.02, 400, BUMPS)[-1]
    h = conditioning.hessian(losses.loss_2d, tensor(bottom)).numpy()
    for eta in (0.02, 0.036, 0.045):
        offset = np.array([2e-5, -3e-5])
        moved = descent.descend(losses.loss_2d, tensor(bottom + offset), eta, 1).iterates[-1].numpy()
        assert np.allclose(moved - bottom, (np.eye(2) - eta * h) @ offset, atol=1e-8)
    assert np.linalg.norm(gradient_2d(bottom, BUMPS)) < 1e-9


def points(seed: int = 0):
    from gdfig.numerics import logistic

    x, y = logistic.make_points(100, torch.Generator().manual_seed(seed))
    return x, y


def test_logistic_hessian_matches_differences_of_the_gradient():
    x, y = points()
    theta = np.array([1.5, -0.7, 0.2])
    ours = conditioning.logistic_hessian(x, y, tensor(theta[:2]), tensor(theta[2])).numpy()
    h = 1e-6
    numeric = np.stack([(logistic_gradient(theta + h * e, x.numpy(), y.numpy())
                         - logistic_gradient(theta - h * e, x.numpy(), y.numpy())) / (2 * h) for e in np.eye(3)], 1)
    assert np.allclose(ours, numeric, atol=1e-6)
    assert np.allclose(ours, logistic_hessian(theta, x.numpy()), atol=1e-12)


def test_logistic_minimiser_is_where_the_gradient_vanishes():
    x, y = points()
    w, b = conditioning.logistic_minimiser(x, y, tensor([0.0, 0.0]), tensor(0.0))
    theta = np.array([*w.tolist(), b.item()])
    reference, overlap = logistic_newton(x.numpy(), y.numpy())
    assert overlap and np.allclose(theta, reference, atol=1e-7)
    assert np.linalg.norm(logistic_gradient(theta, x.numpy(), y.numpy())) < 1e-9
