"""The "Check yourself" questions: 2-4 folded questions at the end of every lecture
page, and every number in their answers computed by gdfig and checked here
against numpy re-computations."""

import json
import math
import re

import numpy as np
import pytest

from gdfig.numerics import losses
from tests.claims import (DOCS, claim, curvature_1d, deep_minimum_1d, descend_1d, descend_2d, gradient_2d,
                          hessian_2d, logistic_hessian, logistic_newton, loss_1d, loss_2d, reversals, settles_after,
                          slope_1d)

LECTURE_PAGES = ("empirical-risk.md", "gradient.md", "surrogate.md", "steps-1d.md", "descent-2d.md", "logistic.md")
ANSWER = re.compile(r"\{\{\s*answer\s+([a-z0-9_]+)\s*\}\}")
BUMPS = losses.BUMPS_2D


@pytest.fixture(scope="session")
def answers(rendered):
    return json.loads((rendered / "answers.json").read_text())["answers"]


def check_yourself(page: str) -> str:
    text = (DOCS / page).read_text()
    assert "\n## Check yourself\n" in text, f"{page} has no Check yourself section"
    return text.split("\n## Check yourself\n", 1)[1]


@pytest.mark.parametrize("page", LECTURE_PAGES)
def test_each_lecture_page_ends_with_two_to_four_folded_questions(page):
    section = check_yourself(page)
    questions = re.findall(r'^\?\?\? question "(.+)"\n\n((?:    .+\n|\n)+)', section + "\n", re.M)
    assert 2 <= len(questions) <= 4 and len(questions) == section.count("??? question")
    assert all(title.endswith("?") and body.strip() for title, body in questions)


def test_every_answer_marker_names_a_computed_number_and_every_number_is_used(answers):
    used = {key for page in DOCS.glob("*.md") for key in ANSWER.findall(page.read_text())}
    assert used == set(answers)


def test_1d_answers(answers):
    w_star = deep_minimum_1d()
    a = curvature_1d(w_star)
    assert answers["w_star"] == f"{w_star:.3f}" and answers["valley_curvature"] == f"{a:.2f}"
    assert answers["eta_alternate"] == f"{1 / a:.3f}" and answers["eta_limit"] == f"{2 / a:.3f}"
    cycle = sorted(descend_1d(0.9, 0.6, 200)[-2:])
    assert (answers["eta06_low"], answers["eta06_high"]) == (f"{cycle[0]:.3f}", f"{cycle[1]:.3f}")
    assert answers["eta0125_settle"] == str(settles_after(descend_1d(0.9, 0.125, 60), w_star))
    for eta, key in ((0.125, "surrogate_min_eta0125"), (0.5, "surrogate_min_eta05")):
        assert answers[key] == f"{0.9 - eta * slope_1d(0.9):.3f}"
    claim("steps-1d.md", r"$\eta a \approx 2.3 > 2$: the bottom repels them.")
    assert round(0.6 * a, 1) == 2.3
    claim("steps-1d.md", r"The lecture's $\eta = 0.5$ sits just below that limit")
    assert 0.5 < 2 / a < 0.55
    claim("steps-1d.md", r"roughly at each step, since $1 - \eta a \approx 0.5$.")
    assert round(1 - 0.125 * a, 1) == 0.5
    claim("surrogate.md", "still right of the valley's bottom")
    assert w_star < float(answers["surrogate_min_eta0125"]) and float(answers["surrogate_min_eta05"]) < w_star


def test_2d_answers(answers):
    bottom = descend_2d((0.45, 0.92), 0.02, 400, BUMPS)[-1]
    flat, steep = np.linalg.eigvalsh(hessian_2d(bottom, BUMPS))
    assert answers["trough_across"] == f"{steep:.0f}" and answers["trough_limit"] == f"{2 / steep:.4f}"
    for eta, key in ((0.02, "eta002_settle"), (0.03, "eta003_settle")):
        assert answers[key] == str(settles_after(descend_2d((0.45, 0.92), eta, 300, BUMPS), bottom))
    end = descend_2d((0.55, 0.3), 0.02, 200, BUMPS)[-1]
    assert answers["end_from_055_03"] == f"({end[0]:.2f}, {end[1]:.2f})"
    claim("descent-2d.md", "the lower-right dip, not in the deeper\n    trough")
    assert end[0] > 0.5 and end[1] < 0.5 and loss_2d(end, BUMPS) > loss_2d(bottom, BUMPS)
    claim("descent-2d.md", "more than three times that cap.")
    assert answers["trough_along"] == f"{flat:.1f}" and answers["trough_along_step"] == f"{1 / flat:.2f}"
    assert 1 / flat > 3 * 2 / steep and answers["trough_condition"] == f"{steep / flat:.1f}"
    assert answers["eta0036_settle"] == str(settles_after(descend_2d((0.45, 0.92), 0.036, 300, BUMPS), bottom))
    claim("descent-2d.md", "whose zig-zag is plain to see")
    assert reversals(descend_2d((0.45, 0.92), 0.036, 60, BUMPS)) >= 3
    # The best fixed step by brute force over eta, its worst factor, and the steps to divide by 100.
    etas = np.linspace(0.001, 2 / steep, 100001)
    worst = np.maximum(np.abs(1 - etas * steep), np.abs(1 - etas * flat))
    assert answers["best_step"] == f"{etas[worst.argmin()]:.3f}" and answers["best_rate"] == f"{worst.min():.3f}"
    offset = np.array([1e-4, 1e-4])  # measured on the linear map: steps until the offset is 100 times shorter
    steps, e = 0, offset
    while np.linalg.norm(e) > np.linalg.norm(offset) / 100:
        e, steps = (np.eye(2) - etas[worst.argmin()] * hessian_2d(bottom, BUMPS)) @ e, steps + 1
    assert abs(int(answers["best_rate_steps"]) - steps) <= 1
    g = gradient_2d((0.45, 0.92), BUMPS)
    assert answers["grad_start"] == f"({g[0]:.3f}, {g[1]:.3f})"
    assert answers["grad_start_norm"] == f"{np.linalg.norm(g):.3f}"
    claim("gradient.md", "Both entries are negative,\n    so the loss decreases fastest towards larger $w_1$ and $w_2$")
    assert (g < 0).all()
    step = -0.05 * g / np.linalg.norm(g)
    assert answers["linear_predicted"] == f"{g @ step:.4f}"
    actual = loss_2d(np.array([0.45, 0.92]) + step, BUMPS) - loss_2d(np.array([0.45, 0.92]), BUMPS)
    assert answers["linear_actual"] == f"{actual:.4f}" and g @ step < actual < 0


def lda_direction(x, y):
    pos, neg = x[y > 0], x[y < 0]
    centred = np.concatenate([pos - pos.mean(0), neg - neg.mean(0)])
    sigma = centred.T @ centred / len(x)
    w = np.linalg.solve(sigma, pos.mean(0) - neg.mean(0))
    b = -(pos.mean(0) + neg.mean(0)) @ w / 2 + math.log(len(pos) / len(neg))
    return w, b


def test_logistic_answers(answers, rendered):
    frames = {n: json.loads((rendered / f"logistic_n{n}.json").read_text()) for n in (0, 10000)}
    x, y = np.array(frames[0]["x"]), np.array(frames[0]["y"])

    def summed_loss(frame):
        return np.log1p(np.exp(-y * (x @ np.array(frame["w"]) + frame["b"]))).sum()

    assert answers["logistic_loss_n0"] == f"{summed_loss(frames[0]):.1f}"
    assert answers["logistic_loss_n10000"] == f"{summed_loss(frames[10000]):.1f}"
    assert answers["loss_margin_zero"] == f"{math.log(2):.3f}"
    claim("empirical-risk.md", r"$100 \log 2 \approx 69.3$. Random weights can do worse")
    assert round(100 * math.log(2), 1) == 69.3
    w, b = np.array(frames[10000]["w"]), frames[10000]["b"]
    lda_w, lda_b = lda_direction(x, y)
    assert answers["wrong_n10000"] == str(int((np.sign(x @ w + b) != y).sum()))
    assert answers["wrong_lda"] == str(int((np.sign(x @ lda_w + lda_b) != y).sum()))
    cosine = w @ lda_w / (np.linalg.norm(w) * np.linalg.norm(lda_w))
    assert answers["angle_logistic_lda"] == f"{math.degrees(math.acos(cosine)):.1f}"


def test_no_line_separates_the_classes(rendered):
    claim("logistic.md", "the\n    classes overlap, so no line separates them all.")
    frame = json.loads((rendered / "logistic_n10000.json").read_text())
    x, y, w, b = np.array(frame["x"]), np.array(frame["y"]), np.array(frame["w"]), frame["b"]
    # On separable points the logistic loss has no minimiser (it falls towards 0 as |w| grows);
    # here descent has reached a point where the gradient vanishes with the loss far above 0.
    weights = y / (1 + np.exp(y * (x @ w + b)))
    gradient = -np.concatenate([(weights[:, None] * x).sum(0), [weights.sum()]])
    assert np.linalg.norm(gradient) < 1e-3 and frame["loss"] > 10


def test_step_size_answers(answers):
    grid = np.linspace(-3, 3, 6001)
    top = curvature_1d(grid).max()
    assert answers["max_curvature_1d"] == f"{top:.2f}" and answers["lemma_eta_max"] == f"{1 / top:.3f}"
    assert answers["lemma_bound_eta025"] == f"{0.25 / 2 * slope_1d(0.9) ** 2:.3f}"
    fall = loss_1d(0.9) - loss_1d(0.9 - 0.25 * slope_1d(0.9))
    assert answers["lemma_fall_eta025"] == f"{fall:.3f}" and fall >= 0.25 / 2 * slope_1d(0.9) ** 2
    w_star = deep_minimum_1d()
    e = descend_1d(w_star + 1e-5, 0.5, 40) - w_star  # the factor measured on a run near the bottom
    factor = abs(e[-1] / e[-2])
    assert answers["factor_eta05"] == f"{factor:.3f}" == f"{abs(1 - 0.5 * curvature_1d(w_star)):.3f}"
    halving = np.argmax(np.abs(e) <= np.abs(e[0]) / 2)
    assert abs(float(answers["halving_eta05"]) - halving) < 1


def test_logistic_conditioning_answers(answers, rendered):
    frame = json.loads((rendered / "logistic_n0.json").read_text())
    x, y = np.array(frame["x"]), np.array(frame["y"])
    best, _ = logistic_newton(x, y)
    low = np.linalg.eigvalsh(logistic_hessian(best, x))[0]
    assert answers["logistic_lambda_min"] == f"{low:.4f}" and answers["logistic_shrink"] == f"{1 - 0.1 * low:.5f}"
    steps = math.ceil(math.log(10) / -math.log(1 - 0.1 * low))
    assert abs(int(answers["logistic_tenfold_steps"]) - steps) <= 1 and (1 - 0.1 * low) ** steps <= 0.1
    assert answers["logistic_eta_mean"] == f"{0.1 * len(x):g}" == "10"
