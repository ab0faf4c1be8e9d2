"""The lecture's mathematics, each checked against an independent computation."""

import math

import pytest
import torch

from gdfig.numerics import descent, lda, logistic, losses, surrogate


def quadratic(a: torch.Tensor, c: torch.Tensor):
    """L(w) = (w - c)^T A (w - c) / 2 with gradient A (w - c)."""
    return lambda w: 0.5 * (w - c) @ a @ (w - c)


@pytest.mark.parametrize("w0", [-2.5, -0.4, 0.3, 1.3, 2.9])
@pytest.mark.parametrize("eta", [0.125, 0.5, 2.0])
def test_surrogate_touches_the_loss_with_the_same_slope(w0, eta):
    w0 = torch.tensor([w0])
    assert surrogate.surrogate(losses.loss_1d, w0, eta, w0) == pytest.approx(losses.loss_1d(w0).item(), abs=1e-12)
    probe = w0.clone().requires_grad_(True)
    (slope,) = torch.autograd.grad(surrogate.surrogate(losses.loss_1d, w0, eta, probe), probe)
    (true_slope,) = torch.autograd.grad(losses.loss_1d(probe), probe)
    assert torch.allclose(slope, true_slope, atol=1e-12)


@pytest.mark.parametrize("eta", [0.05, 0.125, 0.5])
def test_surrogate_minimiser_is_one_descent_step(eta):
    w0 = torch.tensor([0.31, 0.62])
    step = surrogate.surrogate_minimiser(losses.loss_2d, w0, eta)
    # Independent: minimise the surrogate numerically with autograd and LBFGS.
    w = w0.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([w], lr=1, max_iter=200, tolerance_grad=1e-14, tolerance_change=1e-16)

    def closure():
        opt.zero_grad()
        value = surrogate.surrogate(losses.loss_2d, w0, eta, w)
        value.backward()
        return value

    opt.step(closure)
    assert torch.allclose(step, w.detach(), atol=1e-9)
    assert torch.allclose(step, w0 - eta * descent.gradient(losses.loss_2d, w0), atol=1e-15)


def test_descent_on_a_quadratic_matches_the_closed_form():
    a = torch.tensor([[3.0, 1.0], [1.0, 2.0]])
    c = torch.tensor([0.5, -1.0])
    w0, eta, steps = torch.tensor([2.0, 1.0]), 0.1, 25
    path = descent.descend(quadratic(a, c), w0, eta, steps)
    step_matrix = torch.eye(2) - eta * a
    expected = torch.stack([c + torch.linalg.matrix_power(step_matrix, t) @ (w0 - c) for t in range(steps + 1)])
    assert torch.allclose(path.iterates, expected, atol=1e-12)
    assert path.diverged_at is None


@pytest.mark.parametrize("fraction, converges", [(0.1, True), (0.5, True), (0.95, True), (1.0, False), (1.05, False)])
def test_descent_converges_iff_eta_below_two_over_curvature(fraction, converges):
    a = 4.0
    loss = quadratic(torch.tensor([[a]]), torch.tensor([1.0]))
    path = descent.descend(loss, torch.tensor([3.0]), fraction * 2 / a, steps=2000)
    # At eta = 2/a the iterates flip between 3 and -1 forever: no convergence.
    assert (abs(path.iterates[-1].item() - 1.0) < 1e-6) == converges


def test_descent_stops_and_reports_divergence():
    loss = quadratic(torch.tensor([[1.0]]), torch.tensor([0.0]))
    path = descent.descend(loss, torch.tensor([1.0]), eta=5.0, steps=50, bound=100.0)
    # |w_t| = 4^t: 4^4 = 256 is the first beyond 100.
    assert path.diverged_at == 4
    assert len(path.iterates) == 4 and torch.isfinite(path.iterates).all()


def test_hand_written_logistic_gradient_equals_autograd():
    gen = torch.Generator().manual_seed(123)
    x = torch.randn(57, 3, generator=gen, dtype=torch.float64)
    y = torch.where(torch.rand(57, generator=gen, dtype=torch.float64) > 0.4, 1.0, -1.0).double()
    w = torch.randn(3, generator=gen, dtype=torch.float64).requires_grad_(True)
    b = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    # Independent loss: -sum log(1 / (1 + exp(-y (w.x + b)))), written out.
    independent = torch.log1p(torch.exp(-y * (x @ w + b))).sum()
    auto_w, auto_b = torch.autograd.grad(independent, (w, b))
    grad_w, grad_b = logistic.gradient(x, y, w.detach(), b.detach())
    assert torch.allclose(grad_w, auto_w, rtol=1e-12, atol=1e-12)
    assert torch.allclose(grad_b, auto_b, rtol=1e-12, atol=1e-12)
    assert logistic.loss(x, y, w, b).item() == pytest.approx(independent.item(), rel=1e-12)


def test_logistic_loss_decreases_over_the_lecture_snapshots():
    gen = torch.Generator().manual_seed(0)
    x, y = logistic.make_points(100, gen)
    snaps = logistic.train(x, y, 0.1, (0, 10, 100, 1000, 10000), gen)
    assert [s.n for s in snaps] == [0, 10, 100, 1000, 10000]
    losses_ = [s.loss for s in snaps]
    assert all(later < earlier for earlier, later in zip(losses_, losses_[1:])), losses_


def test_points_are_seeded_balanced_and_labelled_plus_minus_one():
    x1, y1 = logistic.make_points(100, torch.Generator().manual_seed(5))
    x2, y2 = logistic.make_points(100, torch.Generator().manual_seed(5))
    x3, _ = logistic.make_points(100, torch.Generator().manual_seed(6))
    assert torch.equal(x1, x2) and torch.equal(y1, y2) and not torch.equal(x1, x3)
    assert x1.shape == (100, 2) and set(y1.tolist()) == {-1.0, 1.0} and y1.sum() == 0


def test_lda_matches_its_closed_form_on_known_moments():
    # Each class: its mean +- (a, 0) and +- (0, c): mean exactly mu, covariance diag(a^2/2, c^2/2).
    a, c = 0.6, 0.2
    offsets = torch.tensor([[a, 0], [-a, 0], [0, c], [0, -c]])
    mu_pos, mu_neg = torch.tensor([1.0, 2.0]), torch.tensor([-1.0, 0.5])
    x = torch.cat([mu_pos + offsets, mu_neg + offsets])
    y = torch.tensor([1.0] * 4 + [-1.0] * 4)
    w, b = lda.fit_lda(x, y)
    sigma_inv = torch.diag(torch.tensor([2 / a**2, 2 / c**2]))
    expected_w = sigma_inv @ (mu_pos - mu_neg)
    expected_b = -(mu_pos + mu_neg) @ expected_w / 2
    assert torch.allclose(w, expected_w, rtol=1e-12) and b.item() == pytest.approx(expected_b.item(), rel=1e-12)


def test_lda_log_odds_equal_the_gaussian_posterior():
    gen = torch.Generator().manual_seed(3)
    x, y = logistic.make_points(60, gen)
    x, y = x[:50], y[:50]  # unequal class sizes: the prior term matters
    w, b = lda.fit_lda(x, y)
    pos, neg = x[y > 0], x[y < 0]
    pooled = (torch.cov(pos.T, correction=0) * len(pos) + torch.cov(neg.T, correction=0) * len(neg)) / len(x)
    dist_pos = torch.distributions.MultivariateNormal(pos.mean(0), pooled)
    dist_neg = torch.distributions.MultivariateNormal(neg.mean(0), pooled)
    probe = torch.randn(20, 2, generator=gen, dtype=torch.float64)
    log_odds = dist_pos.log_prob(probe) - dist_neg.log_prob(probe) + math.log(len(pos) / len(neg))
    assert torch.allclose(probe @ w + b, log_odds, atol=1e-10)


def test_2d_loss_has_the_lecture_range_and_several_local_minima():
    _, _, z = losses.grid_2d(101)
    assert 0.55 < z.min() < 0.7 and 1.2 < z.max() < 1.45
    inner = z[1:-1, 1:-1]
    neighbours = torch.stack([z[1 + di:100 + di, 1 + dj:100 + dj]
                              for di in (-1, 0, 1) for dj in (-1, 0, 1) if (di, dj) != (0, 0)])
    assert int((inner < neighbours.min(0).values).sum()) >= 3


def test_facts_measure_settling_curvature_and_reversals():
    from gdfig.numerics import facts

    a = torch.tensor([[3.0, 0.0], [0.0, 0.5]])
    c = torch.tensor([0.2, -0.1])
    assert torch.allclose(facts.curvatures(quadratic(a, c), torch.zeros(2)), torch.tensor([0.5, 3.0]))
    path = descent.descend(quadratic(a, c), torch.tensor([1.0, 1.0]), 0.1, 200)
    # Along the flat axis the distance shrinks by 0.95 a step from 1.1: below 0.01 once 1.1 * 0.95^t < 0.01.
    expected = math.ceil(math.log(0.01 / 1.1) / math.log(0.95))
    assert facts.steps_to_settle(path, c) in (expected - 1, expected)
    zigzag = descent.descend(quadratic(a, c), torch.tensor([1.0, 1.0]), 0.6, 50)  # 1 - 0.6 * 3 < 0: alternates
    assert facts.reversals(path.iterates) == 0 and facts.reversals(zigzag.iterates) > 10


def test_least_squares_matches_numpy_polyfit():
    import numpy as np

    from gdfig.numerics import least_squares

    x, y = least_squares.make_line_points(30, torch.Generator().manual_seed(1))
    w, b = least_squares.fit_least_squares(x, y)
    assert np.allclose((w, b), np.polyfit(x.numpy(), y.numpy(), 1), atol=1e-12)


def test_gradient_field_matches_pointwise_gradients():
    from gdfig.numerics import fields

    points = torch.rand(7, 2, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    field = fields.gradient_field(losses.loss_2d, points)
    assert torch.allclose(field, torch.stack([descent.gradient(losses.loss_2d, p) for p in points]), atol=1e-14)


@pytest.fixture
def float32_default():
    """torch's own default dtype (the tests otherwise run under float64, conftest.py):
    what a user's process, and the renderer's, computes under."""
    torch.set_default_dtype(torch.float32)
    try:
        yield
    finally:
        torch.set_default_dtype(torch.float64)


def test_numerics_stay_float64_under_torch_default_float32(float32_default):
    gen = torch.Generator().manual_seed(0)
    x, y = logistic.make_points(20, gen)
    snaps = logistic.train(x, y, 0.1, (0, 3), gen)
    lda_w, lda_b = lda.fit_lda(x, y)
    path = descent.descend(losses.loss_2d, torch.tensor([0.45, 0.92], dtype=torch.float64), 0.02, 5)
    grid = losses.grid_2d(5)
    w0 = torch.tensor([0.9], dtype=torch.float64)
    tensors = [x, y, snaps[-1].w, snaps[-1].b, lda_w, lda_b, path.iterates, path.values, *grid,
               surrogate.surrogate(losses.loss_1d, w0, 0.5, w0), losses.loss_1d(w0)]
    assert all(t.dtype == torch.float64 for t in tensors), [t.dtype for t in tensors]


def test_logistic_training_follows_the_update_rule_from_the_initial_draw():
    """Snapshot n holds the state after exactly n updates w <- w - eta dL/dw, b <- b - eta dL/db
    (numpy, the gradient written out), from w0 ~ N(0, I) drawn after the points and b = 0."""
    import numpy as np

    gen, twin = torch.Generator().manual_seed(7), torch.Generator().manual_seed(7)
    x, y = logistic.make_points(40, gen)
    logistic.make_points(40, twin)  # the twin draws the same points, then w0
    w0 = torch.randn(2, generator=twin, dtype=torch.float64).numpy()
    snaps = {s.n: s for s in logistic.train(x, y, 0.05, (0, 1, 2, 9), gen)}
    xs, ys, w, b = x.numpy(), y.numpy(), w0, 0.0
    for n in range(10):
        if n in snaps:
            assert np.allclose(snaps[n].w.numpy(), w, rtol=1e-13, atol=1e-15), n
            assert snaps[n].b.item() == pytest.approx(b, abs=1e-13)
            assert snaps[n].loss == pytest.approx(np.logaddexp(0, -ys * (xs @ w + b)).sum(), rel=1e-13)
        u = -ys / (1 + np.exp(ys * (xs @ w + b)))
        w, b = w - 0.05 * (xs * u[:, None]).sum(0), b - 0.05 * u.sum()


def test_the_losses_are_the_ones_the_pages_and_figures_describe():
    """1D: the formula page 4 writes; 2D: the landscape the figures' texts describe,
    written again in tests/independent.py (a changed constant fails here)."""
    from tests import claims, independent

    w = torch.rand(50, 2, generator=torch.Generator().manual_seed(4), dtype=torch.float64) * 1.2 - 0.1
    assert torch.allclose(losses.loss_2d(w), torch.from_numpy(independent.loss_2d(w.numpy())), rtol=1e-14)
    assert torch.allclose(descent.gradient(losses.loss_2d, w[0]), torch.from_numpy(independent.gradient_2d(w[0].numpy())),
                          rtol=1e-12, atol=1e-14)
    ws = torch.linspace(-3, 3, 61, dtype=torch.float64)[:, None]
    assert torch.allclose(losses.loss_1d(ws), torch.from_numpy(claims.loss_1d(ws[:, 0].numpy())), rtol=1e-14)
