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
                          hessian_2d, loss_1d, loss_2d, reversals, roots, settles_after, slope_1d)

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
    claim("steps-1d.md", "flatter than the valley, whose\ncurvature at the bottom is about $3.87$.")
    assert round(curvature_1d(w_star), 2) == 3.87 and 1 / 0.5 < curvature_1d(w_star)
    claim("steps-1d.md", r"so the first step jumps from $w_0 = 0.9$ to $w_1 \approx -0.28$, on the other side.")
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


def test_one_step_scales_the_distance_by_one_minus_eta_a():
    claim("steps-1d.md", "one step multiplies the distance to the\nbottom by about $1 - \\eta a$.")
    w_star, a = deep_minimum_1d(), curvature_1d(deep_minimum_1d())
    for eta in (0.125, 0.3, 0.5):
        path = descend_1d(w_star + 1e-4, eta, 1)
        assert (path[1] - w_star) / (path[0] - w_star) == pytest.approx(1 - eta * a, abs=1e-3)


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
    claim("descent-2d.md", r"Both panels start from $w_0 = (0.45, 0.92)$ and run 200 steps.")
    small = np.array(data(rendered, "contour_eta_small")["paths"][0]["iterates"])
    large = np.array(data(rendered, "contour_eta_large")["paths"][0]["iterates"])
    assert small[0].tolist() == large[0].tolist() == [0.45, 0.92] and len(small) == len(large) == 201
    claim("descent-2d.md", "the path is smooth: no step ever points back against the one before.")
    assert reversals(small) == 0
    claim("descent-2d.md", r"But it is slow: after its 200 steps it is still $0.11$ away from the bottom of the trough.")
    assert round(float(np.linalg.norm(small[-1] - trough_bottom())), 2) == 0.11
    assert np.allclose(small, descend_2d((0.45, 0.92), 0.005, 200, BUMPS), atol=1e-12)


def test_the_trough_is_steep_across_and_flat_along():
    claim("descent-2d.md", "at its bottom the two curvatures are about $49$ and $6.8$.")
    flat, steep = np.linalg.eigvalsh(hessian_2d(trough_bottom(), BUMPS))
    assert round(steep) == 49 and round(flat, 1) == 6.8
    claim("descent-2d.md", r"A step size must stay below $2/a$ for the most curved direction, here "
                           r"$2/49 \approx 0.041$, or the bottom pushes the iterates away")
    assert round(2 / steep, 3) == 0.041


def test_large_eta_zigzags_and_never_settles(rendered):
    claim("descent-2d.md", r"With $\eta = 0.045$ ({{ fig contour_eta_large }}), just above that limit, the "
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


def test_a_smaller_step_without_zigzag_settles_sooner():
    claim("descent-2d.md", r"A smaller step that does not zig-zag does better: $\eta = 0.03$ comes within "
                           r"$0.01$ of the bottom after 46 steps and stays there.")
    path = descend_2d((0.45, 0.92), 0.03, 300, BUMPS)
    assert reversals(path) == 0 and settles_after(path, trough_bottom()) == 46
    assert settles_after(descend_2d((0.45, 0.92), 0.045, 2000, BUMPS), trough_bottom()) is None


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
    claim("surrogate.md", "because a maximum or a saddle repels the iterates that start near it")
    for nearby in (top - 0.01, top + 0.01):
        assert abs(descend_1d(nearby, 0.125, 200)[-1] - top) > 0.5


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
    claim("logistic.md", "After that the loss keeps falling, ever more slowly, as the line turns and the "
                         "weights grow: from $n = 1000$ to $n = 10^4$ the line turns by less than 2 degrees.")
    ns = (10, 100, 1000, 10000)
    falls = [frames[a]["loss"] - frames[b]["loss"] for a, b in zip(ns, ns[1:])]
    norms = [np.linalg.norm(frames[n]["w"]) for n in ns]
    assert all(f > 0 for f in falls) and falls == sorted(falls, reverse=True) and norms == sorted(norms)
    assert angle(frames[1000]["w"], frames[10000]["w"]) < 2


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
    claim("logistic.md", r"Its direction $w$ is within 2 degrees of the direction $\Sigma^{-1}(\mu_+ - \mu_-)$ "
                         r"of the distribution the points came from, while logistic regression's is 5 "
                         r"degrees off.")
    # The distribution of gdfig.numerics.logistic.make_points: means +-(0.4, 0.3), x = mean + M z.
    mix = np.array([[0.25, 0.0], [0.2, 0.1]])
    true_w = np.linalg.solve(mix @ mix.T, 2 * np.array([0.4, 0.3]))
    assert np.allclose(x[y > 0].mean(0), [0.4, 0.3], atol=0.1) and np.allclose(x[y < 0].mean(0), [-0.4, -0.3], atol=0.1)
    assert angle(lda_w, true_w) < 2 and round(angle(frame["w"], true_w)) == 5


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
