"""Every claim the pages make about gdfig's figures and explorers, checked.

Each test quotes its sentence with `claim`, which fails once the sentence is no
longer on the page, and checks it against the numbers the figures draw (their
JSON) and against numpy re-computations from the formulas the pages state.
"""

import json
import math

import numpy as np
import pytest

from gdfig.numerics import losses
from tests.claims import (claim, curvature_1d, deep_minimum_1d, descend_1d, descend_2d, gradient_2d,
                          hessian_2d, logistic_gradient, logistic_hessian, logistic_newton, loss_1d, loss_2d,
                          reversals, roots, settles_after, slope_1d)

BUMPS = losses.BUMPS_2D


def data(rendered, name):
    return json.loads((rendered / f"{name}.json").read_text())


def trough_bottom():
    return descend_2d((0.45, 0.92), 0.02, 400, BUMPS)[-1]


# ---- page 4: steps in one dimension ------------------------------------------------------------

def test_the_1d_loss_is_the_one_the_page_writes():
    claim("steps-1d.md", r"\mathscr{L}(w) = 1 + \frac{w^2}{4} + \frac{w}{4} - 0.85\cos(2w) .")
    import torch

    w = torch.linspace(-3, 3, 101, dtype=torch.float64)[:, None]
    assert np.allclose(losses.loss_1d(w).numpy(), loss_1d(w[:, 0].numpy()), atol=1e-14)
    claim("steps-1d.md", "The loss here is a tilted bowl with ripples on $[-3, 3]$, so it has several valleys:")
    assert len([w for w in roots(slope_1d, -3, 3) if curvature_1d(w) > 0]) >= 3


def test_both_sequences_start_on_the_right_slope_of_the_deepest_valley(rendered):
    claim("steps-1d.md", r"Both sequences below start from the same point, $w_0 = 0.9$, on the right "
                         r"slope of the deepest valley, whose bottom is near $w^\star \approx -0.064$.")
    w_star = deep_minimum_1d()
    assert round(w_star, 3) == -0.064
    for sequence in ("surrogate_eta0125", "surrogate_eta0500"):
        assert data(rendered, f"{sequence}_t11")["iterates"][0] == 0.9
    assert 0.9 > w_star and slope_1d(0.9) > 0
    assert all(w > w_star for w in roots(slope_1d, w_star + 1e-6, 0.9))  # no ridge in between: same valley


def test_eta_0125_lands_before_the_bottom_with_ever_shorter_steps(rendered):
    claim("steps-1d.md", r"the parabola has curvature $8$, more than the loss has anywhere.")
    assert curvature_1d(np.linspace(-3, 3, 6001)).max() < 1 / 0.125 == 8
    iterates = np.array(data(rendered, "surrogate_eta0125_t11")["iterates"])
    values = np.array(data(rendered, "surrogate_eta0125_t11")["values"])
    w_star = deep_minimum_1d()
    claim("steps-1d.md", r"Each step therefore lands *before* the bottom: the iterates slide down the "
                         r"right side and never cross $w^\star$.")
    assert (iterates > w_star).all()
    claim("steps-1d.md", "Each step is shorter than the last, since the slope flattens towards the bottom, "
                         "and the loss decreases at every step.")
    steps = np.abs(np.diff(iterates))
    assert (np.diff(steps) < 0).all() and (np.diff(values) < 0).all()
    assert (np.diff(np.abs(slope_1d(iterates))) < 0).all()
    claim("steps-1d.md", r"After 8 steps the iterates stay within $0.01$ of the bottom.")
    assert settles_after(descend_1d(0.9, 0.125, 60), w_star) == 8
    assert np.allclose(iterates, descend_1d(0.9, 0.125, 11), atol=1e-12)


def test_eta_05_jumps_across_and_keeps_bouncing(rendered):
    iterates = np.array(data(rendered, "surrogate_eta0500_t11")["iterates"])
    w_star = deep_minimum_1d()
    claim("steps-1d.md", r"Its lowest point, $w_0 - \eta \mathscr{L}'(w_0)$, lies beyond the bottom when the "
                         r"step $\eta \mathscr{L}'(w_0)$ is longer than the distance $w_0 - w^\star$, that is "
                         r"when $1/\eta$ is smaller than $\mathscr{L}'(w_0) / (w_0 - w^\star)$, the loss's "
                         r"average curvature between $w^\star$ and $w_0$.")
    ws = np.linspace(w_star, 0.9, 100001)
    average = slope_1d(0.9) / (0.9 - w_star)
    assert average == pytest.approx(np.trapezoid(curvature_1d(ws), ws) / (0.9 - w_star), rel=1e-8)
    claim("steps-1d.md", r"Here that average is about $2.44$, above $2$, although at $w_0$ itself the loss "
                         r"bends the other way (its curvature there is $-0.27$).")
    assert round(average, 2) == 2.44 and round(curvature_1d(0.9), 2) == -0.27
    assert (0.9 - 0.5 * slope_1d(0.9) < w_star) == (1 / 0.5 < average)
    assert (0.9 - 0.125 * slope_1d(0.9) > w_star) and 1 / 0.125 > average
    claim("steps-1d.md", r"So the first step jumps from $w_0 = 0.9$ to $w_1 \approx -0.28$, on the other side.")
    assert round(iterates[1], 2) == -0.28 and iterates[1] < w_star
    claim("steps-1d.md", r"the iterates alternate sides at every step, $w_1$ to $w_{11}$.")
    sides = np.sign(iterates - w_star)
    assert (sides[1:] * sides[:-1] < 0).all()
    claim("steps-1d.md", r"They do converge, because the valley's curvature is below $2/\eta = 4$, but "
                         r"slowly, because it is close to it: the last jump, from $w_{10}$ to $w_{11}$, "
                         r"is still $0.17$ long.")
    assert curvature_1d(w_star) < 2 / 0.5
    assert abs(descend_1d(0.9, 0.5, 3000)[-1] - w_star) < 1e-6
    last = abs(iterates[11] - iterates[10])
    assert round(last, 2) == 0.17 and last >= 0.015 * 6  # 1.5 % of the window's width [-3, 3]
    assert np.allclose(iterates, descend_1d(0.9, 0.5, 11), atol=1e-12)


def test_one_step_scales_the_signed_offset_by_one_minus_eta_a():
    claim("steps-1d.md", r"e_{t+1} = e_t - \eta\, \mathscr{L}'(w_t) \approx (1 - \eta a)\, e_t . \label{error-1d}")
    claim("steps-1d.md", r"Each step multiplies the signed offset by $1 - \eta a$, hence the distance "
                         r"$\lvert e_t \rvert$ by $\lvert 1 - \eta a \rvert$.")
    w_star, a = deep_minimum_1d(), curvature_1d(deep_minimum_1d())
    for eta in (0.125, 0.3, 0.5, 0.6):
        for offset in (1e-4, -1e-4):
            path = descend_1d(w_star + offset, eta, 1)
            assert (path[1] - w_star) / (path[0] - w_star) == pytest.approx(1 - eta * a, abs=1e-3)
    claim("steps-1d.md", "For $0 < \\eta a < 1$ the factor is positive and below $1$: the iterates approach "
                         "from one side.")
    claim("steps-1d.md", "For $1 < \\eta a < 2$ it lies between $-1$ and $0$: they alternate sides while approaching.")
    claim("steps-1d.md", "For $\\eta a > 2$ it is below $-1$: they alternate sides and move away.")
    for eta, sign, shrinks in ((0.2, 1, True), (0.4, -1, True), (0.6, -1, False)):
        e = descend_1d(w_star + 1e-5, eta, 6) - w_star
        assert (np.sign(e[1:] * e[:-1]) == sign).all()
        assert (np.abs(e[1:]) < np.abs(e[:-1])).all() == shrinks
    claim("steps-1d.md", r"and $\eta = 1/a$ lands on the bottom in one step, as far as the straight-line slope holds.")
    assert abs(descend_1d(w_star + 1e-3, 1 / a, 1)[1] - w_star) < 1e-5
    claim("steps-1d.md", r"For this loss $\mathscr{L}''(w) = \tfrac{1}{2} + 3.4\cos(2w)$, so at the bottom "
                         r"$a \approx 3.87$, $1/a \approx 0.258$ and $2/a \approx 0.517$.")
    h = 1e-4
    assert curvature_1d(0.3) == pytest.approx((loss_1d(0.3 + h) - 2 * loss_1d(0.3) + loss_1d(0.3 - h)) / h**2, abs=1e-5)
    assert (round(a, 2), round(1 / a, 3), round(2 / a, 3)) == (3.87, 0.258, 0.517)
    claim("steps-1d.md", r"The lecture's $\eta = 0.125$ is below $1/a$, with factor $1 - \eta a \approx 0.52$; "
                         r"$\eta = 0.5$ lies between $1/a$ and $2/a$, with factor $\approx -0.94$: each bounce "
                         r"is only $6\,\%$ shorter than the last.")
    assert 0.125 < 1 / a < 0.5 < 2 / a
    assert round(1 - 0.125 * a, 2) == 0.52 and round(1 - 0.5 * a, 2) == -0.94
    assert round(100 * (1 - abs(1 - 0.5 * a))) == 6


def test_things_to_try_in_the_1d_explorer():
    w_star = deep_minimum_1d()
    a = curvature_1d(w_star)
    claim("steps-1d.md", r"$\eta = 0.25$, close to $1/a$, where the iterates are at the bottom, within "
                         r"$0.001$, after 3 steps;")
    path = descend_1d(0.9, 0.25, 3)
    assert abs(0.25 - 1 / a) < 0.01 and abs(path[3] - w_star) < 0.001 <= abs(path[2] - w_star)
    claim("steps-1d.md", r"$\eta = 0.6$, past $2/a$, where the iterates end up bouncing between two "
                         r"points on either side of the bottom and never reach it;")
    path = descend_1d(0.9, 0.6, 400)
    assert 0.6 > 2 / a
    assert abs(path[-1] - path[-3]) < 1e-9 and abs(path[-1] - path[-2]) > 0.5
    assert (path[-1] - w_star) * (path[-2] - w_star) < 0
    claim("steps-1d.md", r"$\eta = 5$, where they run away.")
    assert abs(descend_1d(0.9, 5.0, 8)[-1]) > 100
    claim("steps-1d.md", r"And $w_0 = 2.4$ with $\eta = 0.5$: the shallow valley on the right holds the "
                         r"iterates, which settle at its bottom near $w = 2.58$.")
    end = descend_1d(2.4, 0.5, 200)[-1]
    assert round(end, 2) == 2.58 and abs(slope_1d(end)) < 1e-9 and loss_1d(end) > loss_1d(w_star)


# ---- page 5: descent in two dimensions -----------------------------------------------------------

def test_the_2d_loss_has_three_dips_and_two_bumps(rendered):
    claim("descent-2d.md", "three dips, one of them a long, narrow trough, separated by two bumps.")
    grid = np.stack(np.meshgrid(np.linspace(0, 1, 201), np.linspace(0, 1, 201), indexing="xy"), -1)
    z = loss_2d(grid, BUMPS)
    inner = z[1:-1, 1:-1]
    around = np.stack([z[1 + dy:z.shape[0] - 1 + dy, 1 + dx:z.shape[1] - 1 + dx]
                       for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dx or dy])
    assert ((inner < around).all(0)).sum() == 3 and ((inner > around).all(0)).sum() == 2
    curvatures = np.linalg.eigvalsh(hessian_2d(trough_bottom(), BUMPS))
    assert curvatures[1] / curvatures[0] > 5  # long and narrow
    claim("descent-2d.md", "Its values stay between about 0.6 and 1.3.")
    assert 0.55 < z.min() < 0.65 and 1.25 < z.max() < 1.35
    surface = np.array(data(rendered, "surface")["loss"])
    assert 0.55 < surface.min() and surface.max() < 1.35


def test_four_starts_end_in_three_minima(rendered):
    claim("descent-2d.md", "the four paths from four starts end in three different local minima.")
    paths = data(rendered, "contour_starts")["paths"]
    ends = np.array([p["iterates"][-1] for p in paths])
    assert len(paths) == 4 and len({tuple(np.round(e, 3)) for e in ends}) == 3
    for end, path in zip(ends, paths):
        assert np.linalg.norm(gradient_2d(end, BUMPS)) < 1e-6
        assert (np.linalg.eigvalsh(hessian_2d(end, BUMPS)) > 0).all()
        assert np.allclose(descend_2d(path["iterates"][0], 0.02, 200, BUMPS)[-1], end, atol=1e-9)


def test_small_eta_is_smooth_and_slow(rendered):
    claim("descent-2d.md", r"This panel and the two further down start from $w_0 = (0.45, 0.92)$ and run 200 steps.")
    small, damped, large = (np.array(data(rendered, f"contour_eta_{kind}")["paths"][0]["iterates"])
                            for kind in ("small", "damped", "large"))
    assert small[0].tolist() == damped[0].tolist() == large[0].tolist() == [0.45, 0.92]
    assert len(small) == len(damped) == len(large) == 201
    claim("descent-2d.md", "the path is smooth: no step ever points back against the one before.")
    assert reversals(small) == 0
    claim("descent-2d.md", r"But it is slow: after its 200 steps it is still $0.11$ away from the bottom of the trough.")
    assert round(float(np.linalg.norm(small[-1] - trough_bottom())), 2) == 0.11
    assert np.allclose(small, descend_2d((0.45, 0.92), 0.005, 200, BUMPS), atol=1e-12)
    claim("descent-2d.md", r"That is mostly the start's doing: $w_0$ lies on a plateau where the gradient is "
                           r"short, $\lVert \nabla \mathscr{L}(w_0) \rVert \approx 0.41$, so the first steps are "
                           r"only about $0.002$ long.")
    g0 = np.linalg.norm(gradient_2d((0.45, 0.92), BUMPS))
    assert round(g0, 2) == 0.41 and round(np.linalg.norm(small[1] - small[0]), 3) == 0.002
    assert "(‖∇ℒ(w₀)‖ ≈ 0.41)" in registry_caption("contour_eta_small")
    # With the trough's condition number, the same eta from a start in the trough settles far sooner.
    near = trough_bottom() + np.array([0.1, 0.0])
    assert settles_after(descend_2d(near, 0.005, 400, BUMPS), trough_bottom()) < 200


def test_the_error_map_near_the_trough_bottom():
    claim("descent-2d.md", r"e_{t+1} = e_t - \eta \nabla \mathscr{L}(w_t) \approx (I - \eta H)\, e_t ."
                           r" \label{error-2d}")
    bottom = trough_bottom()
    hessian = hessian_2d(bottom, BUMPS)
    for offset in (np.array([1e-4, 0.0]), np.array([3e-5, -7e-5])):
        step = descend_2d(bottom + offset, 0.03, 1, BUMPS)[1] - bottom
        assert np.allclose(step, (np.eye(2) - 0.03 * hessian) @ offset, atol=1e-7)
    claim("descent-2d.md", r"At the trough's bottom, $w^\star \approx (0.757, 0.681)$,")
    assert np.round(bottom, 3).tolist() == [0.757, 0.681] and np.linalg.norm(gradient_2d(bottom, BUMPS)) < 1e-9
    claim("descent-2d.md", r"H \approx \begin{pmatrix} 6.84 & 1.04 \\ 1.04 & 48.9 \end{pmatrix}, \qquad "
                           r"\lambda_1 \approx 49, \quad \lambda_2 \approx 6.8 .")
    assert np.round(hessian, 2).tolist() == [[6.84, 1.04], [1.04, 48.95]]
    flat, steep = np.linalg.eigvalsh(hessian)
    assert round(steep) == 49 and round(flat, 1) == 6.8
    claim("descent-2d.md", r"the condition number $\kappa = \lambda_1 / \lambda_2 \approx 7.2$")
    assert round(steep / flat, 1) == 7.2
    claim("descent-2d.md", r"Every part of the offset shrinks only if $\eta < 2/\lambda_1 = 2/49 \approx 0.041$")
    assert round(2 / steep, 3) == 0.041


def test_the_best_fixed_step_and_its_rate():
    flat, steep = np.linalg.eigvalsh(hessian_2d(trough_bottom(), BUMPS))
    kappa = steep / flat
    claim("descent-2d.md", r"\eta^\star &= \frac{2}{\lambda_1 + \lambda_2} \approx 0.036, \\")
    claim("descent-2d.md", r"\lvert 1 - \eta^\star \lambda_i \rvert &= \frac{\kappa - 1}{\kappa + 1} \approx 0.76 .")
    etas = np.linspace(0.001, 2 / steep, 200001)
    worst = np.maximum(np.abs(1 - etas * steep), np.abs(1 - etas * flat))
    best = etas[np.argmin(worst)]  # a brute-force search, against the closed form
    assert best == pytest.approx(2 / (steep + flat), abs=1e-6) and round(best, 3) == 0.036
    assert worst.min() == pytest.approx((kappa - 1) / (kappa + 1), abs=1e-5) and round(worst.min(), 2) == 0.76
    claim("descent-2d.md", r"the offset along the steep direction flips sign at every step "
                           r"($\eta^\star \lambda_1 \approx 1.76$): the best fixed step zig-zags.")
    assert round(best * steep, 2) == 1.76


def test_large_eta_zigzags_and_never_settles(rendered):
    claim("descent-2d.md", r"With $\eta = 0.045$ ({{ fig contour_eta_large }}), just above $2/\lambda_1$, the "
                           r"path reaches the trough quickly, then zig-zags between its walls and never "
                           r"settles: after 200 steps it is still $0.039$ from the bottom.")
    bottom = trough_bottom()
    steep = np.linalg.eigvalsh(hessian_2d(bottom, BUMPS))[1]
    large = np.array(data(rendered, "contour_eta_large")["paths"][0]["iterates"])
    assert 2 / steep < 0.045 < 2 / steep * 1.15
    distance = np.linalg.norm(large - bottom, axis=1)
    assert distance[30] < 0.05 and reversals(large) >= 10 and round(distance[-1], 3) == 0.039
    longer = descend_2d((0.45, 0.92), 0.045, 2000, BUMPS)
    assert settles_after(longer, bottom) is None
    assert np.allclose(large, longer[:201], atol=1e-12)


def steep_part(path, bottom):
    """The offset from the trough's bottom along its steepest direction, at each step."""
    return (path - bottom) @ np.linalg.eigh(hessian_2d(bottom, BUMPS))[1][:, 1]


def test_a_zigzag_that_dies_out_settles_sooner(rendered):
    claim("descent-2d.md", r"With $\eta = 0.036$ ({{ fig contour_eta_damped }}), close to $\eta^\star$, the "
                           r"path reaches the trough and bounces from wall to wall, but each bounce is about a "
                           r"quarter shorter than the last, and from step 39 on it stays within $0.01$ of the bottom.")
    bottom = trough_bottom()
    steep = np.linalg.eigvalsh(hessian_2d(bottom, BUMPS))[1]
    damped = np.array(data(rendered, "contour_eta_damped")["paths"][0]["iterates"])
    assert np.allclose(damped, descend_2d((0.45, 0.92), 0.036, 200, BUMPS), atol=1e-12)
    assert reversals(damped[:40]) >= 3 and settles_after(damped, bottom) == 39
    across = steep_part(damped, bottom)[40:80]
    assert (across[1:] * across[:-1] < 0).all()  # from wall to wall
    ratios = np.abs(across[1:] / across[:-1])
    assert (ratios < 1).all() and round(1 - abs(1 - 0.036 * steep), 2) == pytest.approx(0.25, abs=0.02)
    assert np.median(ratios) == pytest.approx(abs(1 - 0.036 * steep), abs=0.02)
    assert "from step 39 on" in registry_caption("contour_eta_damped") and 0.036 < 2 / steep
    assert "η = 0.036, below 2/λ₁ ≈ 0.041" in registry_caption("contour_eta_damped")
    assert "η = 0.045, above 2/λ₁ ≈ 0.041" in registry_caption("contour_eta_large")
    assert round(2 / steep, 3) == 0.041
    claim("descent-2d.md", r"Smaller steps do not zig-zag visibly, and settle later: $\eta = 0.03$ needs 46 "
                           r"steps, $\eta = 0.02$ needs 68.")
    slower = {eta: descend_2d((0.45, 0.92), eta, 300, BUMPS) for eta in (0.03, 0.02)}
    assert [settles_after(slower[eta], bottom) for eta in (0.03, 0.02)] == [46, 68]
    assert all(reversals(path) == 0 for path in slower.values())
    claim("descent-2d.md", r"At $\eta = 0.03$ the factor across the trough, $1 - \eta \lambda_1 \approx -0.47$, is "
                           r"negative as well: entering the trough, the path crosses its floor back and forth, but "
                           r"by less than $0.004$, too little to see.")
    across = steep_part(slower[0.03], bottom)[:80]
    flips = np.nonzero(across[1:] * across[:-1] < 0)[0] + 1
    assert round(1 - 0.03 * steep, 2) == -0.47 and len(flips) >= 3
    assert np.abs(across[flips[0]:]).max() < 0.004 <= np.abs(across[:flips[0]]).max()
    claim("descent-2d.md", r"What goes wrong above $2/\lambda_1$ is not the zig-zag but its growth: the "
                           r"iterates do not converge.")
    assert settles_after(descend_2d((0.45, 0.92), 0.045, 2000, BUMPS), bottom) is None


def registry_caption(name: str) -> str:
    from gdfig import registry

    return registry.get(name).caption


# ---- page 1: empirical risk ----------------------------------------------------------------------

def test_the_least_squares_line_is_the_exact_minimiser(rendered):
    claim("empirical-risk.md", "the line is that exact minimiser for twenty noisy points, and the vertical "
                               "segments are the residuals")
    fit = data(rendered, "least_squares")
    x, y = np.array(fit["x"]), np.array(fit["y"])
    w, b = np.polyfit(x, y, 1)
    assert len(x) == 20 and fit["w"] == pytest.approx(w, abs=1e-10) and fit["b"] == pytest.approx(b, abs=1e-10)
    assert np.allclose(fit["fitted"], w * x + b, atol=1e-10)
    assert fit["mse"] == pytest.approx(np.mean((w * x + b - y) ** 2), rel=1e-10)


def test_what_one_example_costs_against_its_margin(rendered):
    claim("empirical-risk.md", r"A confidently right example, with a large positive margin, costs almost "
                               r"nothing; one with margin $0$, right on the boundary, costs $\log 2 \approx "
                               r"0.69$; a wrong one costs about $\lvert m \rvert$, growing linearly the "
                               r"further it is on the wrong side.")
    curve = data(rendered, "logistic_margin_loss")
    m, cost = np.array(curve["margin"]), np.array(curve["loss"])
    assert np.allclose(cost, np.log1p(np.exp(-m)), atol=1e-12)
    assert cost[m >= 4].max() < 0.02 and round(curve["at_zero"], 2) == 0.69 == round(math.log(2), 2)
    assert np.abs(cost[m <= -3] - np.abs(m[m <= -3])).max() < 0.05


# ---- page 2: the gradient ------------------------------------------------------------------------

def test_the_arrows_are_minus_the_gradient_and_point_downhill(rendered):
    claim("gradient.md", "Every arrow crosses the contour lines at a right angle and points downhill.")
    field = data(rendered, "gradient_field")
    points, arrows = np.array(field["points"]), np.array(field["minus_gradient"])
    assert np.allclose(arrows, -gradient_2d(points, BUMPS), atol=1e-12)
    moving = np.linalg.norm(arrows, axis=1) > 1e-6
    step = 1e-4 * arrows[moving] / np.linalg.norm(arrows[moving], axis=1)[:, None]
    assert (loss_2d(points[moving] + step, BUMPS) < loss_2d(points[moving], BUMPS)).all()


def test_the_arrows_shrink_where_the_gradient_vanishes(rendered):
    claim("gradient.md", "The arrows shrink near the bottoms of the round valleys and the tops of the bumps, "
                         "where the gradient vanishes, and on the flat ground far from every dip and bump.")
    field = data(rendered, "gradient_field")
    points, lengths = np.array(field["points"]), np.linalg.norm(field["minus_gradient"], axis=1)
    round_ones = [bump for bump in BUMPS if bump[3] == bump[4]]  # equal widths: round dips and bumps
    assert len(round_ones) == 3
    for h, cx, cy, *_ in round_ones:  # start at the centre, slide to the stationary point nearby
        centre = descend_2d((cx, cy), -0.002 if h > 0 else 0.002, 2000, BUMPS)[-1]
        assert np.linalg.norm(gradient_2d(centre, BUMPS)) < 1e-6
        nearest = np.argmin(np.linalg.norm(points - centre, axis=1))
        assert lengths[nearest] < 0.6 * np.median(lengths)  # 0.03 away on a grid of step 0.077
    # Flat ground: more than 2.5 widths from every dip and bump, where each Gaussian is below 5 %.
    widths = np.min([np.hypot((points[:, 0] - cx) / sx, (points[:, 1] - cy) / sy) for _, cx, cy, sx, sy in BUMPS], 0)
    assert (widths > 2.5).sum() >= 5 and lengths[widths > 2.5].max() < 0.15 * lengths.max()
    claim("gradient.md", "In the long trough they stay long until close to its floor, because its walls are steep.")
    near_trough = np.linalg.norm(points - trough_bottom(), axis=1) < 0.1
    assert lengths[near_trough].max() > np.median(lengths)


def test_the_tangent_follows_the_loss_only_nearby(rendered):
    claim("gradient.md", r"the tangent $\mathscr{L}(w) + \nabla \mathscr{L}(w)^\top \delta$ follows the loss "
                         r"for short displacements and drifts away from it for longer ones.")
    line = data(rendered, "linear_approximation")
    s, values, tangent = (np.array(line[k]) for k in ("offsets", "loss", "tangent"))
    g = gradient_2d(line["point"], BUMPS)
    direction = -g / np.linalg.norm(g)
    assert np.allclose(values, loss_2d(np.array(line["point"]) + s[:, None] * direction, BUMPS), atol=1e-12)
    gap = np.abs(values - tangent)
    assert gap[np.abs(s) <= 0.01].max() < 0.001 and gap[-1] > 0.02
    assert (np.diff(gap[s >= 0]) > 0).all()


# ---- page 3: the surrogate ----------------------------------------------------------------------

def test_three_surrogates_at_one_point(rendered):
    claim("surrogate.md", "three surrogates touch the loss of [page 4](steps-1d.md) at the same point $w_0 = 0.9$.")
    figure = data(rendered, "surrogate_etas")
    grid = np.array(figure["grid_w"])
    at = np.argmin(np.abs(grid - 0.9))
    assert len(figure["surrogates"]) == 3 and figure["w0"] == 0.9
    claim("surrogate.md", r"the minimum sits at a distance $\eta \lvert \mathscr{L}'(w_0) \rvert$ from "
                          r"$w_0$, proportional to $\eta$.")
    for s in figure["surrogates"]:
        assert s["values"][at] == pytest.approx(loss_1d(grid[at]) + slope_1d(0.9) * (grid[at] - 0.9)
                                                + (grid[at] - 0.9) ** 2 / (2 * s["eta"]), abs=1e-12)
        assert abs(s["w_min"] - 0.9) == pytest.approx(s["eta"] * abs(slope_1d(0.9)), abs=1e-12)


def test_a_start_on_a_maximum_stays_there():
    claim("surrogate.md", r"a start exactly at the top of the hump near $w \approx 1.98$ stays there for ever.")
    (top,) = [w for w in roots(slope_1d, 1, 3) if curvature_1d(w) < 0]
    assert round(top, 2) == 1.98
    import torch

    from gdfig.numerics import descent

    path = descent.descend(losses.loss_1d, torch.tensor([top], dtype=torch.float64), 0.125, 100)
    assert (path.iterates - top).abs().max() < 1e-9
    claim("surrogate.md", "a maximum repels the iterates that start near it")
    for nearby in (top - 0.01, top + 0.01):
        assert abs(descend_1d(nearby, 0.125, 200)[-1] - top) > 0.5


def test_a_saddle_attracts_along_one_direction_and_repels_along_the_other():
    claim("surrogate.md", "a saddle point repels them along its directions of negative curvature (it attracts "
                          "them only along the others, so only starts on a thin set of the plane end there).")
    saddle = np.array([0.52, 0.2])  # between the two round dips of page 5's loss; Newton finds it
    for _ in range(30):
        saddle = saddle - np.linalg.solve(hessian_2d(saddle, BUMPS), gradient_2d(saddle, BUMPS))
    (down, up), vectors = np.linalg.eigh(hessian_2d(saddle, BUMPS))
    assert np.linalg.norm(gradient_2d(saddle, BUMPS)) < 1e-12 and down < 0 < up
    for sign in (1, -1):  # along the negative curvature: pushed away, into a dip
        end = descend_2d(saddle + sign * 1e-3 * vectors[:, 0], 0.02, 400, BUMPS)[-1]
        assert np.linalg.norm(end - saddle) > 0.2 and (np.linalg.eigvalsh(hessian_2d(end, BUMPS)) > 0).all()
    near = descend_2d(saddle + 1e-3 * vectors[:, 1], 0.02, 5, BUMPS)  # along the positive one: pulled in
    distance = np.linalg.norm(near - saddle, axis=1)
    assert (np.diff(distance) < 0).all()


def test_the_descent_lemma_on_the_1d_loss(rendered):
    claim("surrogate.md", r"\mathscr{L}(w_1) &\leq \tilde{\mathscr{L}}_{w_0}(w_1) \\")
    claim("surrogate.md", r"&= \mathscr{L}(w_0) - \eta \lVert g \rVert^2 + \tfrac{\eta}{2} \lVert g \rVert^2 \\")
    claim("surrogate.md", r"&= \mathscr{L}(w_0) - \tfrac{\eta}{2} \lVert g \rVert^2 .")
    for eta in (0.125, 0.25):  # the middle line: the surrogate {{ eq surrogate }} at its minimiser
        g = slope_1d(0.9)
        at_min = loss_1d(0.9) + g * (-eta * g) + (eta * g) ** 2 / (2 * eta)
        assert at_min == pytest.approx(loss_1d(0.9) - eta * g**2 + eta / 2 * g**2, abs=1e-12)
    ws = np.linspace(-3, 3, 601)
    for eta in (0.05, 0.125, 0.25, 1 / 3.9):
        w1 = ws - eta * slope_1d(ws)
        assert (loss_1d(w1) <= loss_1d(ws) - eta / 2 * slope_1d(ws) ** 2 + 1e-12).all()
    claim("surrogate.md", r"On the loss of [page 4](steps-1d.md) the curvature $\mathscr{L}''(w) = \tfrac{1}{2} + "
                          r"3.4 \cos(2w)$ is at most $3.9$, so any $\eta \leq 1/3.9 \approx 0.256$ qualifies.")
    assert curvature_1d(np.linspace(-3, 3, 60001)).max() == pytest.approx(3.9, abs=1e-9)
    assert round(1 / 3.9, 3) == 0.256
    claim("surrogate.md", r"the surrogates for $\eta = 0.125$ and $\eta = 0.25$ stay above the loss over the "
                          r"whole window, while the one for $\eta = 0.5$, with curvature $2$, dips below it on "
                          r"$[-1.65, -0.29]$, by up to $0.62$.")
    figure = data(rendered, "surrogate_etas")
    grid, loss = np.array(figure["grid_w"]), np.array(figure["grid_loss"])
    gaps = {s["eta"]: np.array(s["values"]) - loss for s in figure["surrogates"]}
    assert gaps[0.125].min() > -1e-12 and gaps[0.25].min() > -1e-12
    fine = np.linspace(-3, 3, 600001)
    gap = loss_1d(0.9) + slope_1d(0.9) * (fine - 0.9) + (fine - 0.9) ** 2 / (2 * 0.5) - loss_1d(fine)
    below = fine[gap < 0]
    assert (round(below.min(), 2), round(below.max(), 2), round(-gap.min(), 2)) == (-1.65, -0.29, 0.62)
    assert np.allclose(gaps[0.5], np.interp(grid, fine, gap), atol=1e-6)
    assert (gaps[0.5] < 0).any()
    claim("surrogate.md", r"a larger $\eta$ may still lower the loss, as $\eta = 0.5$ does on its first step")
    assert loss_1d(0.9 - 0.5 * slope_1d(0.9)) < loss_1d(0.9)


# ---- page 6: logistic regression ------------------------------------------------------------------

def wrong(frame, w, b):
    x, y = np.array(frame["x"]), np.array(frame["y"])
    return int((np.sign(x @ np.array(w) + b) != y).sum())


def angle(u, v) -> float:
    u, v = np.asarray(u), np.asarray(v)
    return math.degrees(math.acos(u @ v / (np.linalg.norm(u) * np.linalg.norm(v))))


def test_the_boundary_as_training_goes(rendered):
    frames = {n: data(rendered, f"logistic_n{n}") for n in (0, 10, 100, 1000, 10000)}
    claim("logistic.md", "the random initial line misclassifies 91 of the 100 points.")
    assert wrong(frames[0], frames[0]["w"], frames[0]["b"]) == 91
    claim("logistic.md", "Ten steps already turn it between the classes, leaving 6 points on the wrong side.")
    assert wrong(frames[10], frames[10]["w"], frames[10]["b"]) == 6
    claim("logistic.md", "After that the loss keeps falling, ever more slowly, as the line turns: from "
                         "$n = 1000$ to $n = 10^4$ it turns by less than 2 degrees.")
    ns = (10, 100, 1000, 10000)
    falls = [frames[a]["loss"] - frames[b]["loss"] for a, b in zip(ns, ns[1:])]
    assert all(f > 0 for f in falls) and falls == sorted(falls, reverse=True)
    assert angle(frames[1000]["w"], frames[10000]["w"]) < 2
    claim("logistic.md", r"The weights do not grow for ever: the classes overlap, so the loss has a minimiser "
                         r"at finite weights, and $\lVert w \rVert$ goes from $16.47$ at $n = 1000$ to $17.45$ at "
                         r"$n = 10^4$, where $(w, b)$ is within $2 \cdot 10^{-9}$ of the minimiser that Newton's "
                         r"method finds.")
    x, y = np.array(frames[0]["x"]), np.array(frames[0]["y"])
    best, overlap = logistic_newton(x, y)
    assert overlap and np.linalg.norm(logistic_gradient(best, x, y)) < 1e-8
    norms = [round(float(np.linalg.norm(frames[n]["w"])), 2) for n in (1000, 10000)]
    final = np.array([*frames[10000]["w"], frames[10000]["b"]])
    assert norms == [16.47, 17.45] and round(float(np.linalg.norm(final - best)), 9) == 2e-9


def test_why_the_last_steps_are_slow(rendered):
    frames = {n: data(rendered, f"logistic_n{n}") for n in (0, 1000, 10000)}
    x, y = np.array(frames[0]["x"]), np.array(frames[0]["y"])
    best, _ = logistic_newton(x, y)
    claim("logistic.md", r"\nabla^2 \mathscr{L}(w, b) = \sum_{n=1}^{N} \sigma(z_n)\, \sigma(-z_n)\, "
                         r"\tilde{x}_n \tilde{x}_n^\top . \label{hessian}")
    h = 1e-6  # the closed form against differences of the gradient
    numeric = np.stack([(logistic_gradient(best + h * e, x, y) - logistic_gradient(best - h * e, x, y)) / (2 * h)
                        for e in np.eye(3)], axis=1)
    hessian = logistic_hessian(best, x)
    assert np.allclose(numeric, hessian, atol=1e-6)
    claim("logistic.md", r"At the minimiser its eigenvalues are about $4.18$, $0.252$ and $0.0224$: the "
                         r"condition number is about $187$, much larger than the trough's $7.2$.")
    low, mid, high = np.linalg.eigvalsh(hessian)
    assert (round(high, 2), round(mid, 3), round(low, 4), round(high / low)) == (4.18, 0.252, 0.0224, 187)
    claim("logistic.md", r"With $\eta = 0.1$, $\eta \lambda_{\max} \approx 0.42$ is far below $2$, so nothing "
                         r"zig-zags, but along the flattest direction each step multiplies the offset from the "
                         r"minimiser by only $1 - \eta \lambda_{\min} \approx 0.99776$.")
    assert round(0.1 * high, 2) == 0.42 and round(1 - 0.1 * low, 5) == 0.99776
    claim("logistic.md", r"The run agrees: between $n = 1000$ and $n = 10^4$ the distance to the minimiser fell "
                         r"from $1.07$ to $1.8 \cdot 10^{-9}$, a factor of $0.99776$ per step on average.")
    far, near = (np.linalg.norm(np.array([*frames[n]["w"], frames[n]["b"]]) - best) for n in (1000, 10000))
    assert round(far, 2) == 1.07 and f"{near:.1e}" == "1.8e-09" and round((near / far) ** (1 / 9000), 5) == 0.99776
    claim("logistic.md", r"even the best fixed step, $2/(\lambda_{\max} + \lambda_{\min}) \approx 0.48$, leaves "
                         r"a factor $(\kappa - 1)/(\kappa + 1) \approx 0.989$ per step.")
    best_eta = 2 / (high + low)
    assert round(best_eta, 2) == 0.48 and round(max(abs(1 - best_eta * v) for v in (low, mid, high)), 3) == 0.989
    claim("logistic.md", r"so $\eta = 0.1$ on the sum takes exactly the steps of $\eta = 0.1 \times 100 = 10$ "
                         r"on the mean.")
    theta_sum = theta_mean = np.array([*frames[0]["w"], frames[0]["b"]])
    for _ in range(50):
        theta_sum = theta_sum - 0.1 * logistic_gradient(theta_sum, x, y)
        theta_mean = theta_mean - 10 * logistic_gradient(theta_mean, x, y) / len(x)
    assert len(x) == 100 and np.allclose(theta_sum, theta_mean, atol=1e-12)


def lda_numpy(x, y):
    pos, neg = x[y > 0], x[y < 0]
    centred = np.concatenate([pos - pos.mean(0), neg - neg.mean(0)])
    return np.linalg.solve(centred.T @ centred / len(x), pos.mean(0) - neg.mean(0))


def test_lda_against_logistic_regression(rendered):
    frame = data(rendered, "logistic_vs_lda")
    x, y = np.array(frame["x"]), np.array(frame["y"])
    lda_w = lda_numpy(x, y)
    assert np.allclose(lda_w, frame["lda_w"], rtol=1e-10)
    claim("logistic.md", "the two lines are close without being equal: they differ by about 7 degrees.")
    assert round(angle(frame["w"], lda_w)) == 7
    claim("logistic.md", r"On these 100 points, LDA's direction $w$ is within 2 degrees of the direction "
                         r"$\Sigma^{-1}(\mu_+ - \mu_-)$ of the distribution the points came from, while logistic "
                         r"regression's is 5 degrees off.")
    # The distribution of gdfig.numerics.logistic.make_points: means +-(0.4, 0.3), x = mean + M z.
    mix = np.array([[0.25, 0.0], [0.2, 0.1]])
    true_w = np.linalg.solve(mix @ mix.T, 2 * np.array([0.4, 0.3]))
    assert np.allclose(x[y > 0].mean(0), [0.4, 0.3], atol=0.1) and np.allclose(x[y < 0].mean(0), [-0.4, -0.3], atol=0.1)
    assert angle(lda_w, true_w) < 2 and round(angle(frame["w"], true_w)) == 5
    claim("logistic.md", "That is one draw.")
    claim("logistic.md", "Over 300 draws of 100 points from the same distribution, 12 come out separable by a "
                         "line, and then logistic regression has no minimiser; in the other 288, LDA's direction "
                         "is the closer one in 62 % of the draws, with median errors of 6.5 degrees for LDA and "
                         "8.8 for logistic regression.")
    import torch

    from gdfig.numerics import logistic

    separable, errors = 0, []
    for seed in range(300):  # the points of seed s are what `--set seed=s` draws
        points, labels = (t.numpy() for t in logistic.make_points(100, torch.Generator().manual_seed(seed)))
        theta, overlap = logistic_newton(points, labels)
        if not overlap:
            separable += 1
            continue
        errors.append((angle(lda_numpy(points, labels), true_w), angle(theta[:2], true_w)))
    lda_err, logistic_err = np.array(errors).T
    assert separable == 12 and len(errors) == 288 and round(100 * np.mean(lda_err < logistic_err)) == 62
    assert (round(np.median(lda_err), 1), round(np.median(logistic_err), 1)) == (6.5, 8.8)


# ---- alt texts and captions that state numbers --------------------------------------------------

def test_alt_texts_and_captions_state_true_numbers(rendered):
    from gdfig import registry

    alt = {n: registry.get(f"logistic_n{n}").alt for n in (0, 10, 100)}
    counts = {n: wrong(data(rendered, f"logistic_n{n}"), data(rendered, f"logistic_n{n}")["w"],
                       data(rendered, f"logistic_n{n}")["b"]) for n in alt}
    assert f"misclassifies {counts[0]} of the 100 points" in alt[0]
    assert f"{counts[10]} points are on the wrong side" in alt[10]
    assert f"{counts[100]} points on the wrong side" in alt[100]
    frame = data(rendered, "logistic_vs_lda")
    assert f"by about {round(angle(frame['w'], frame['lda_w']))} degrees" in registry.get("logistic_vs_lda").alt
    small = np.array(data(rendered, "contour_eta_small")["paths"][0]["iterates"])
    distance = np.linalg.norm(small[-1] - trough_bottom())
    assert f"still {distance:.2f} short" in registry.get("contour_eta_small").caption
    ends = {tuple(np.round(p["iterates"][-1], 3)) for p in data(rendered, "contour_starts")["paths"]}
    assert "three different minima" in registry.get("contour_starts").caption and len(ends) == 3
    overview = data(rendered, "overview")["paths"]["paths"]
    assert len({tuple(np.round(p["iterates"][-1], 3)) for p in overview}) == 3
    assert "three starts w₀ run downhill into three different minima" in registry.get("overview").caption


# ---- the explorers' ranges, as their exports carry them ------------------------------------------

def test_the_explorers_offer_the_ranges_the_pages_describe(rendered):
    curve, plane, boundaries = (data(rendered, name) for name in ("explore_1d", "explore_2d", "explore_logistic"))
    claim("steps-1d.md", "move $\\eta$ from $0.01$ to $5$ on a\nlog scale, and step $t$ from $0$ to $30$.")
    assert curve["eta_range"] == [0.01, 5.0] and curve["steps"] == 30
    claim("steps-1d.md", "Things to try, all from $w_0 = 0.9$:")
    assert curve["start"]["w0"] == 0.9
    claim("descent-2d.md", "move $\\eta$ from $0.001$ to $0.1$ on a log scale. The page runs\nthe figures' 200 "
                           "steps of the update")
    assert plane["eta_range"] == [0.001, 0.1] and plane["steps"] == 200
    claim("logistic.md", "The slider runs over about fifty step counts from $0$ to $10^4$")
    counts = [s["n"] for s in boundaries["snapshots"]]
    assert counts[0] == 0 and counts[-1] == 10_000 and 45 <= len(counts) <= 60


def test_the_surrogate_etas_alt_text_is_true(rendered):
    from gdfig import registry

    widest = max(data(rendered, "surrogate_etas")["surrogates"], key=lambda s: s["eta"])
    alt = registry.get("surrogate_etas").alt
    assert f"near w = {widest['w_min']:.2f}" in alt and widest["w_min"] < deep_minimum_1d()


def test_the_zigzag_dies_out_just_below_the_limit_and_not_just_above():
    claim("descent-2d.md", "the start of the panels above with $\\eta$ just below and just above\n$0.041$ "
                           "(the zig-zag dies out, or does not)")
    bottom = trough_bottom()
    below, above = (np.linalg.norm(descend_2d((0.45, 0.92), eta, 3000, BUMPS)[-2:] - bottom, axis=1)
                    for eta in (0.040, 0.042))
    assert below.max() < 1e-6 and above.min() > 1e-3


# ---- alt texts and captions fixed by the pedagogy review ----------------------------------------

@pytest.mark.parametrize("eta, sequence", [(0.125, "surrogate_eta0125"), (0.5, "surrogate_eta0500")])
def test_each_frame_says_on_which_side_the_next_iterate_lands(eta, sequence):
    from gdfig import registry

    w_star = deep_minimum_1d()
    path = descend_1d(0.9, eta, 12)
    for spec in registry.sequences()[sequence]:
        t = spec.frame
        same = (path[t] - w_star) * (path[t + 1] - w_star) > 0
        where = "the same side" if same else "the opposite side"
        assert f"the next iterate, is on {where} of the valley's bottom" in spec.alt, spec.name
    # The reviewed frame: w11 = -0.148 and w12 = +0.0119 lie on either side of w* = -0.064.
    if eta == 0.5:
        assert (round(path[11], 3), round(path[12], 4)) == (-0.148, 0.0119)
        assert "opposite side" in registry.get("surrogate_eta0500_t11").alt


def test_the_overview_caption_names_the_step_it_draws(rendered):
    from gdfig import registry

    caption = registry.get("overview").caption
    assert ("gradient descent with η = 0.5 after its first step: the parabola touching the loss at the "
            "current iterate w₁ has its lowest point (the circle) across the valley, and that point is the "
            "next iterate w₂") in caption
    step = data(rendered, "overview")["step"]
    path, w_star = descend_1d(0.9, 0.5, 2), deep_minimum_1d()
    assert len(step["iterates"]) == 2 and step["iterates"][-1] == pytest.approx(path[1], abs=1e-12)
    assert step["next_w"] == pytest.approx(path[2], abs=1e-12) and (path[1] - w_star) * (path[2] - w_star) < 0


def test_the_first_logistic_frame_and_the_lda_frame_are_described_truly(rendered):
    from gdfig import registry

    first = data(rendered, "logistic_n0")
    x, y, w, b = np.array(first["x"]), np.array(first["y"]), np.array(first["w"]), first["b"]
    alt = registry.get("logistic_n0").alt
    assert "runs between the two clouds, roughly along their long axis (slope about 1.3)" in alt
    assert round(-w[0] / w[1], 1) == 1.3 and round(-w[0] / w[1], 2) == 1.29
    centre = {label: x[y == label].mean(0) for label in (1, -1)}
    assert np.sign(centre[1] @ w + b) == -1 and np.sign(centre[-1] @ w + b) == 1  # sides the wrong way round
    long_axis = np.linalg.eigh(np.cov(np.concatenate([x[y == c] - centre[c] for c in (1, -1)]).T))[1][:, 1]
    assert min(angle(long_axis, [1, -w[0] / w[1]]), angle(-long_axis, [1, -w[0] / w[1]])) < 15
    assert "misclassifies 91 of the 100 points" in alt and wrong(first, w, b) == 91
    frame = data(rendered, "logistic_vs_lda")
    lines = np.array([frame["w"], frame["lda_w"]])
    cross = np.linalg.solve(lines, -np.array([frame["b"], frame["lda_b"]]))
    (x0, x1), (y0, y1) = frame["box"]
    assert x0 < cross[0] < x1 and y0 < cross[1] < y1
    assert f"cross inside the plot, near ({cross[0]:.2f}, {cross[1]:.2f})" in registry.get("logistic_vs_lda").alt


def test_the_surface_shows_the_deepest_dip_beyond_the_bumps():
    from gdfig import registry
    from gdfig.figures import landscape

    claim("descent-2d.md", "The deepest of the three, the long trough, lies at the back of {{ fig surface }}, "
                           "beyond the two bumps.")
    caption = registry.get("surface").caption
    assert "the deepest, a long narrow trough, lies at the back, beyond the two bumps" in caption
    minima = [descend_2d(start, 0.02, 400, BUMPS)[-1] for start in ((0.24, 0.26), (0.75, 0.18), (0.72, 0.68))]
    assert min(minima, key=lambda m: loss_2d(m, BUMPS)) is minima[2]
    elevation, azimuth = landscape.SURFACE_VIEW  # the camera looks from this azimuth, from above
    towards_camera = np.array([np.cos(np.radians(azimuth)), np.sin(np.radians(azimuth))])
    bumps = [np.array(bump[1:3]) for bump in BUMPS if bump[0] > 0]
    assert all(minima[2] @ towards_camera < bump @ towards_camera for bump in bumps) and elevation >= 45


def test_page_1_asks_what_page_1_can_answer(rendered):
    claim("empirical-risk.md", "What does the logistic loss of 100 examples come to when every one of them lies "
                               "on the boundary, and can random weights do worse than that?")
    claim("empirical-risk.md", r"$100 \log 2 \approx 69.3$. Random weights can do worse: every example on the "
                               r"wrong side costs more than $\log 2$.")
    margins = np.linspace(-5, -1e-6, 1000)
    assert (np.log1p(np.exp(-margins)) > math.log(2)).all()
    first = data(rendered, "logistic_n0")
    x, y = np.array(first["x"]), np.array(first["y"])
    assert np.log1p(np.exp(-y * (x @ np.array(first["w"]) + first["b"]))).sum() > 100 * math.log(2)
