"""One data set: what the explorers show and what the figures beside them show come
from one computation, so a page's explorer and its figures cannot disagree.

The logistic explorer's snapshots at the figures' step counts are the figures'
w, b, loss and boundary, on the same points; the 1D and 2D explorers' loss
trees, evaluated here with numpy, are the figures' losses on their grids, and
their starts, step sizes and steps are the figures'; the 2D explorer's map has
the contour figures' levels and colours, as drawn.
"""

import json
import math

import numpy as np
import pytest

from gdfig import produce, registry, style
from gdfig.figures import logistic


def data(rendered, name):
    return json.loads((rendered / f"{name}.json").read_text())


def evaluate(tree, w: np.ndarray) -> np.ndarray:
    """An exported expression tree (gdfig.numerics.expr's JSON form) at w (..., D), in numpy."""
    op, *args = tree
    if op == "const":
        return np.full(w.shape[:-1], float(args[0]))
    if op == "var":
        return w[..., args[0]]
    if op == "pow":
        return evaluate(args[0], w) ** args[1]
    unary = {"neg": np.negative, "cos": np.cos, "sin": np.sin, "exp": np.exp}
    if op in unary:
        return unary[op](evaluate(args[0], w))
    binary = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
    return binary[op](evaluate(args[0], w), evaluate(args[1], w))


def test_the_logistic_explorer_shows_the_figures_run(rendered):
    explorer = data(rendered, "explore_logistic")
    snapshots = {s["n"]: s for s in explorer["snapshots"]}
    assert set(logistic.LECTURE_NS) <= set(snapshots)
    for n in logistic.LECTURE_NS:
        frame = data(rendered, f"logistic_n{n}")
        assert (explorer["x"], explorer["y"], explorer["box"], explorer["eta"]) == \
               (frame["x"], frame["y"], frame["box"], frame["eta"]), f"the explorer's points are not logistic_n{n}'s"
        snap = snapshots[n]
        assert (snap["w"], snap["b"], snap["segment"]) == (frame["w"], frame["b"], frame["boundary"]), f"n = {n}"
        assert snap["loss"] == pytest.approx(frame["loss"], rel=1e-12)
    lda = data(rendered, "logistic_vs_lda")
    assert (explorer["lda"]["w"], explorer["lda"]["b"], explorer["lda"]["segment"]) == \
           (lda["lda_w"], lda["lda_b"], lda["lda_boundary"])


def test_the_logistic_explorer_snapshots_follow_one_run(rendered):
    """Between snapshots, the update rule: each snapshot is the one before it after
    n' - n more steps of w <- w - eta dL/dw (numpy), from the same start."""
    explorer = data(rendered, "explore_logistic")
    x, y, eta = np.array(explorer["x"]), np.array(explorer["y"]), explorer["eta"]
    snaps = explorer["snapshots"][:12]  # the early ones: a few hundred steps in all
    w, b = np.array(snaps[0]["w"]), snaps[0]["b"]
    for before, after in zip(snaps, snaps[1:]):
        for _ in range(after["n"] - before["n"]):
            u = -y / (1.0 + np.exp(y * (x @ w + b)))
            w, b = w - eta * (x * u[:, None]).sum(0), b - eta * u.sum()
        assert np.allclose(w, after["w"], rtol=1e-10) and b == pytest.approx(after["b"], rel=1e-10), after["n"]


def test_the_1d_explorer_has_the_figures_loss_start_and_steps(rendered):
    explorer = data(rendered, "explore_1d")
    for spec in registry.sequences()["surrogate_eta0125"][:1] + registry.sequences()["surrogate_eta0500"][:1]:
        frame = data(rendered, spec.name)
        grid = np.array(frame["grid_w"])[:, None]
        assert np.allclose(evaluate(explorer["loss"], grid), frame["grid_loss"], rtol=1e-13, atol=1e-13)
        assert explorer["window"] == frame["window"] and frame["eta"] in explorer["landmarks"]
        assert explorer["start"]["w0"] == frame["iterates"][0]
    assert explorer["start"]["eta"] == data(rendered, "surrogate_eta0125_t00")["eta"]


def test_the_2d_explorer_has_the_figures_loss_start_and_steps(rendered):
    explorer = data(rendered, "explore_2d")
    small = data(rendered, "contour_eta_small")
    x, y = np.meshgrid(small["w1"], small["w2"], indexing="xy")
    assert np.allclose(evaluate(explorer["loss"], np.stack([x, y], axis=-1)), small["loss"], rtol=1e-13, atol=1e-13)
    assert explorer["start"]["w0"] == small["paths"][0]["iterates"][0]
    assert explorer["steps"] == len(small["paths"][0]["iterates"]) - 1
    etas = {data(rendered, name)["eta"] for name in ("contour_starts", "contour_eta_small", "contour_eta_large")}
    assert explorer["start"]["eta"] == data(rendered, "contour_starts")["eta"] and etas <= set(explorer["landmarks"])


def test_the_2d_explorer_map_has_the_drawn_contours_levels_and_colours(rendered):
    explorer = data(rendered, "explore_2d")
    spec = registry.get("contour_eta_small")
    drawing = produce.Drawing.of(spec, spec.family.compute(spec.params))
    for theme in style.THEMES:
        produce._drawn_and_saved(spec, drawing.data, theme, [], "wide", drawing)
        (filled,) = [a for a in drawing.figure(theme, "wide").axes[0].findobj() if a.get_gid() == "contours"]
        assert np.allclose(explorer["maps"][theme]["levels"], filled.levels, atol=1e-6)
        assert np.allclose(explorer["maps"][theme]["bands"], filled.get_facecolor(), atol=1e-4)


def test_the_answers_quote_the_figures_run(rendered):
    answers = data(rendered, "answers")["answers"]
    for n in (0, 10000):
        assert answers[f"logistic_loss_n{n}"] == f"{data(rendered, f'logistic_n{n}')['loss']:.1f}"
    frame = data(rendered, "logistic_vs_lda")
    w, lda_w = np.array(frame["w"]), np.array(frame["lda_w"])
    angle = math.degrees(math.acos(w @ lda_w / (np.linalg.norm(w) * np.linalg.norm(lda_w))))
    assert answers["angle_logistic_lda"] == f"{angle:.1f}"
