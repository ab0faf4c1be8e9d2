"""Words = numbers: what every figure's alt text and caption says about a position,
a side, a count or a direction is checked against the figure's numbers, frame by
frame, and against numpy re-computations (tests/independent.py).

Each rule below reads one kind of statement (a regular expression) and checks
it.  A text whose numbers or side, count and direction words no rule read fails
too, naming them: a new statement needs its rule.
"""

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from gdfig import registry
from tests import independent
from tests.claims import curvature_1d, deep_minimum_1d, hessian_2d, settles_after, slope_1d

FIGURES = [spec for spec in registry.FIGURES if spec.family.draw is not None]
SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
NUM = r"(-?\d+(?:\.\d+)?)"
SUB = r"([₀-₉]+)"


@dataclass
class Frame:
    """A figure's spec and JSON, and the folder of the others (a statement may compare frames)."""

    spec: object
    data: dict
    rendered: Path

    def other(self, name: str) -> dict:
        return json.loads((self.rendered / f"{name}.json").read_text())


Check = Callable[[re.Match, Frame], None]
RULES: list[tuple[re.Pattern, Check]] = []


def rule(pattern: str):
    def register(check: Check) -> Check:
        RULES.append((re.compile(pattern), check))
        return check
    return register


def sub(text: str) -> int:
    return int(text.translate(SUBSCRIPT))


def printed(text: str, value: float) -> bool:
    """value rounds to `text` at the precision `text` is printed with."""
    decimals = len(text.partition(".")[2])
    return abs(float(text) - value) <= 0.5 * 10.0 ** -decimals * (1 + 1e-9)


def agreed(f: "Frame", *places: str) -> list:
    """The figure's numbers at `places` in its JSON, each first checked against the numpy
    re-computation of tests/independent.py."""
    expected = independent.expected(f.spec, f.data)
    values = [independent.at(f.data, place) for place in places]
    for place, value in zip(places, values):
        assert np.allclose(value, expected[place], rtol=1e-9, atol=1e-11), f"'{place}' differs from numpy's"
    return values


def side(w: float) -> str:
    return "right" if w > deep_minimum_1d() else "left"


COUNTS = {"two": 2, "three": 3, "four": 4, "twenty": 20, "single": 1}


# ---- the 1D loss and its surrogate steps (pages 3 and 4) -------------------------------------

@rule(r"over w from (-?\d+) to (-?\d+)")
def _window(m, f):
    assert [float(m[1]), float(m[2])] == f.data["window"]


@rule(r"bottoms out near w = " + NUM)
def _bottom(m, f):
    assert printed(m[1], deep_minimum_1d())


@rule(r"Step (\d+) with η = " + NUM + r": the iterate w" + SUB + r" sits (right|left) of that valley's bottom")
def _iterate_side(m, f):
    t, w_t = int(m[1]), f.data["iterates"][-1]
    assert t == sub(m[3]) == f.data["t"] == len(f.data["iterates"]) - 1 and float(m[2]) == f.data["eta"]
    assert m[4] == side(w_t), f"w{t} = {w_t:.3f} is {side(w_t)} of the bottom"


@rule(r"a (narrow, steep|wide, shallow) dashed parabola")
def _parabola_width(m, f):
    narrower = 1 / f.data["eta"] > curvature_1d(deep_minimum_1d())  # than the valley it sits in
    assert (m[1] == "narrow, steep") == narrower


@rule(r"the parabola's lowest point, the next iterate, is on the (same|opposite) side")
def _next_side(m, f):
    w_t, w_next = f.data["iterates"][-1], f.data["next_w"]
    actual = "same" if side(w_next) == side(w_t) else "opposite"
    assert m[1] == actual, f"the next iterate {w_next:.3f} is on the {actual} side of the bottom as w_t = {w_t:.3f}"


@rule(r"The earlier iterates? w₀(?: to w" + SUB + r")? (?:is|are) drawn faint")
def _faint(m, f):
    last = sub(m[1]) if m[1] else 0
    assert last == len(f.data["iterates"]) - 2


@rule(r"Gradient descent with η = " + NUM + r" at step (\d+): the surrogate parabola touching ℒ at w" + SUB
      + r" has curvature 1/η = " + NUM + r", and its minimum is w" + SUB)
def _step_caption(m, f):
    t = int(m[2])
    assert float(m[1]) == f.data["eta"] and t == sub(m[3]) == f.data["t"] and sub(m[5]) == t + 1
    assert printed(m[4], 1 / f.data["eta"])
    if f.spec.frame is not None and t + 1 < len(registry.sequences()[f.spec.sequence]):  # w_{t+1} is the next frame's
        following = f.other(registry.sequences()[f.spec.sequence][t + 1].name)
        assert following["iterates"][-1] == pytest.approx(f.data["next_w"], abs=1e-12)


@rule(r"the sequence (slides monotonically down into the valley|overshoots and bounces across the valley)")
def _behaviour(m, f):
    last = f.other(registry.sequences()[f.spec.sequence][-1].name)
    sides = np.sign(np.array(last["iterates"]) - deep_minimum_1d())
    if m[1].startswith("slides"):
        assert (sides == sides[0]).all() and (np.diff(last["values"]) < 0).all()
    else:
        assert (sides[1:] != sides[:-1]).sum() >= len(sides) // 2


@rule(r"a point marked at w = " + NUM + r" on the (right|left) slope of the deepest valley")
def _start(m, f):
    w0 = f.data["w0"]
    assert printed(m[1], w0) and (slope_1d(w0) > 0) == (m[2] == "right")


@rule(r"(Three) dashed parabolas touch the loss there")
def _three_parabolas(m, f):
    assert len(f.data["surrogates"]) == COUNTS[m[1].lower()]


@rule(r"the narrowest, for eta " + NUM + r", has its lowest point a little left of " + NUM)
def _narrowest(m, f):
    narrowest = min(f.data["surrogates"], key=lambda s: s["eta"])
    assert printed(m[1], narrowest["eta"]) and printed(m[2], f.data["w0"])
    assert 0 < f.data["w0"] - narrowest["w_min"] < (f.data["w0"] - deep_minimum_1d()) / 2


@rule(r"the widest, for eta " + NUM + r", has its lowest point past the valley's bottom, near w = " + NUM)
def _widest(m, f):
    widest = max(f.data["surrogates"], key=lambda s: s["eta"])
    assert printed(m[1], widest["eta"]) and printed(m[2], widest["w_min"]) and widest["w_min"] < deep_minimum_1d()


@rule(r"Surrogates at w₀ = " + NUM + r" on the 1D loss for η = " + NUM + ", " + NUM + " and " + NUM)
def _etas_caption(m, f):
    assert printed(m[1], f.data["w0"])
    assert [float(m[i]) for i in (2, 3, 4)] == [s["eta"] for s in f.data["surrogates"]]


@rule(r"the larger η, the wider the bowl and the longer the step")
def _longer(m, f):
    steps = [abs(s["w_min"] - f.data["w0"]) for s in sorted(f.data["surrogates"], key=lambda s: s["eta"])]
    assert steps == sorted(steps)


# ---- the 2D loss, its surface, contours and paths (pages 2 and 5) ----------------------------

@functools.cache
def landmarks(sign: int) -> np.ndarray:
    """The 2D loss's local minima (sign 1) or maxima (-1) in [0, 1]^2: numpy descents
    (ascents) from a 9 x 9 grid of starts, their distinct ends."""
    side = np.linspace(0.05, 0.95, 9)
    w = np.array([(a, b) for a in side for b in side])
    for _ in range(4000):
        w = w - sign * 0.005 * independent.gradient_2d(w)
    inside = w[((w > 0) & (w < 1)).all(1) & (np.linalg.norm(independent.gradient_2d(w), axis=1) < 1e-6)]
    return np.unique(inside.round(4), axis=0)


NEAR = 0.03  # "near" a point of the unit square: within 3 % of its side in each coordinate


def near(point: tuple[str, str], sign: int) -> np.ndarray:
    """The landmark a printed point is near."""
    found = [p for p in landmarks(sign) if abs(p[0] - float(point[0])) < NEAR and abs(p[1] - float(point[1])) < NEAR]
    assert found, f"no {'minimum' if sign > 0 else 'maximum'} of the 2D loss lies near ({point[0]}, {point[1]})"
    return found[0]


PAIR = r"\(" + NUM + r", " + NUM + r"\)"


@rule(r"(three) valleys \(near " + PAIR + ", " + PAIR + r" and a long narrow one around " + PAIR + r"\)")
def _valleys(m, f):
    assert len(landmarks(1)) == COUNTS[m[1]]
    for i in (2, 4, 6):
        near((m[i], m[i + 1]), 1)


@rule(r"(two) bumps, near " + PAIR + " and " + PAIR)
def _bumps(m, f):
    assert len(landmarks(-1)) == COUNTS[m[1]]
    near((m[2], m[3]), -1), near((m[4], m[5]), -1)


@rule(r"(?:values about|values between about) " + NUM + " (?:to|and) " + NUM)
def _range(m, f):
    loss = np.array(f.data["loss"])
    assert printed(m[1], loss.min()) and printed(m[2], loss.max())


def nearness(f) -> Callable[[np.ndarray], np.ndarray]:
    """How near the viewer of the 3D figure, as drawn, points of the unit square are: their
    offset from its centre along the camera's horizontal direction (its elevation too)."""
    import matplotlib.pyplot as plt

    fig = f.spec.family.draw(f.spec.params, f.data, "light")
    try:
        elevation, azimuth = fig.axes[0].elev, math.radians(fig.axes[0].azim)
    finally:
        plt.close(fig)
    assert elevation > 0, "seen from below"
    return lambda w: (np.asarray(w) - 0.5) @ np.array([math.cos(azimuth), math.sin(azimuth)])


def round_valleys() -> list[np.ndarray]:
    return [w for w in landmarks(1) if np.linalg.norm(w - long_valley()) > NEAR]


@rule(r"seen from (above|below) the corner w = " + PAIR)
def _view(m, f):
    corners = np.array([(0, 0), (1, 0), (0, 1), (1, 1)])
    assert m[1] == "above" and corners[nearness(f)(corners).argmax()].tolist() == [float(m[2]), float(m[3])]


def at_the_back(f) -> None:
    """The long valley is the deepest minimum and lies beyond both bumps, in the back half."""
    depth, near_ = independent.loss_2d, nearness(f)
    assert depth(long_valley()) < min(depth(w) for w in round_valleys()), "the long valley is not the deepest"
    assert near_(long_valley()) < min(0, near_(landmarks(-1)).min()), "the long valley is not behind the bumps"


@rule(r"The (two) round dips are in front; the long valley, the deepest, runs along the back, beyond the bumps")
def _in_front(m, f):
    near_ = nearness(f)
    assert len(round_valleys()) == COUNTS[m[1]]
    assert near_(np.array(round_valleys())).min() > max(0, near_(landmarks(-1)).max()), "a round dip is not in front"
    at_the_back(f)


@rule(r"the deepest, a long narrow trough, lies at the back, beyond the (two) bumps")
def _trough_back(m, f):
    assert len(landmarks(-1)) == COUNTS[m[1]]
    at_the_back(f)


@rule(r"with (three) local minima")
def _minima(m, f):
    assert len(landmarks(1)) == COUNTS[m[1]]


def long_valley() -> np.ndarray:
    return near(("0.75", "0.68"), 1)


def reversals(path) -> int:
    steps = np.diff(np.asarray(path), axis=0)
    return int(((steps[1:] * steps[:-1]).sum(-1) < 0).sum())


@functools.cache
def valley_bottom() -> np.ndarray:
    """The long valley's minimum to machine precision: Newton's steps from its landmark."""
    w = long_valley().astype(float)
    for _ in range(20):
        w = w - np.linalg.solve(hessian_2d(w, independent.BUMPS_2D), independent.gradient_2d(w))
    return w


def curvatures() -> tuple[np.ndarray, np.ndarray]:
    """The Hessian's eigenvalues at the long valley's bottom, smallest first, and their directions."""
    return np.linalg.eigh(hessian_2d(valley_bottom(), independent.BUMPS_2D))


def across(ws) -> np.ndarray:
    """Signed offsets from the long valley's floor, along its steepest direction."""
    return (np.asarray(ws) - valley_bottom()) @ curvatures()[1][:, -1]


def in_long_valley(ws) -> np.ndarray:
    """Within one width of the long valley's floor: its bump's (sx, sy) around the bottom."""
    return ((((np.asarray(ws) - valley_bottom()) / independent.BUMPS_2D[0][3:]) ** 2).sum(-1) < 1)


TOP = 0.8  # "the top" of the unit square: w2 above 0.8


def creeps_then_drops(ws: np.ndarray) -> int:
    """'creeps along the top, drops into the long narrow valley': ten or more short steps on the
    top, all shorter than the steps that then take it into the valley.  The step it enters at."""
    off_top, entered = int(np.argmax(ws[:, 1] <= TOP)), int(np.argmax(in_long_valley(ws)))
    steps = np.linalg.norm(np.diff(ws, axis=0), axis=1)
    assert off_top >= 10 and (ws[:off_top, 1] > TOP).all(), f"it leaves the top after {off_top} steps"
    assert in_long_valley(ws[entered]) and entered >= off_top, "it never enters the long valley after the top"
    assert steps[:off_top - 1].max() < steps[off_top - 1:entered].max(), "its steps on the top are not the short ones"
    return entered


def shrinking_zigzag(ws: np.ndarray) -> None:
    """From its first crossing of the valley's floor, every step crosses it again and is shorter
    than the one before (until the steps are rounding noise)."""
    offsets, steps = across(ws), np.linalg.norm(np.diff(ws, axis=0), axis=1)
    first = int(np.argmax(np.sign(offsets[1:]) != np.sign(offsets[:-1]))) + 1
    live = first + int(np.argmax(steps[first:] < 1e-12)) if (steps[first:] < 1e-12).any() else len(steps)
    assert live - first >= 5, "fewer than five bounces"
    assert (np.sign(offsets[first:live]) != np.sign(offsets[first + 1:live + 1])).all(), "a step stays on one side"
    assert (np.diff(steps[first:live]) < 0).all(), "a bounce longer than the one before"


@rule(r"(Four) descent paths, each marked by a square at its start and a star at its end, run downhill; "
      r"they end in (three) different valleys")
def _four_paths(m, f):
    paths = f.data["paths"]
    assert len(paths) == COUNTS[m[1].lower()]
    assert all(np.all(np.diff(p["values"]) < 1e-12) for p in paths)
    ends = {tuple(np.round(p["iterates"][-1], 3)) for p in paths}
    assert len(ends) == COUNTS[m[2]]
    assert all(np.linalg.norm(landmarks(1) - end, axis=1).min() < 2e-3 for end in ends)


@rule(r"with η = " + NUM + r" from (four) starts w₀: each path ends in the local minimum of the basin it starts in, "
      r"(three) different minima in all")
def _starts_caption(m, f):
    paths = f.data["paths"]
    assert printed(m[1], f.data["eta"]) and len(paths) == COUNTS[m[2]]
    ends = [np.array(p["iterates"][-1]) for p in paths]
    for p, end in zip(paths, ends):  # the basin: where a long run of small steps from the start ends
        basin, _ = independent.descend(independent.gradient_2d, p["iterates"][0], 0.005, 4000, bound=10.0)
        assert np.linalg.norm(basin[-1] - end) < 2e-3
    assert len({tuple(np.round(e, 3)) for e in ends}) == COUNTS[m[3]]


@rule(r"A (single) path starts near the top middle")
def _top_middle(m, f):
    (path,) = f.data["paths"]
    x, y = path["iterates"][0]
    assert y > 0.8 and 0.3 < x < 0.7


@rule(r"moves in short, evenly curving steps towards the long narrow valley, stopping before its lowest point")
def _short_steps(m, f):
    path = np.array(f.data["paths"][0]["iterates"])
    assert reversals(path) == 0 and np.linalg.norm(path[-1] - long_valley()) > 0.01
    assert np.linalg.norm(path[-1] - long_valley()) < np.linalg.norm(path[0] - long_valley())


PLATEAU = 0.2  # "a plateau": the gradient under a fifth of its largest norm on the unit square


@rule(r"From one start w₀ on a plateau, where the gradient is short \(‖∇ℒ\(w₀\)‖ ≈ " + NUM + r"\), "
      r"with η = " + NUM
      + r", the path bends smoothly downhill without ever turning back, but after (\d+) steps it is still " + NUM
      + " short of the minimum of the long valley")
def _small_caption(m, f):
    eta, path = agreed(f, "eta", "paths/0/iterates")
    path, grid = np.array(path), np.stack(np.meshgrid(*2 * [np.linspace(0, 1, 101)]), axis=-1)
    steepest = np.linalg.norm(independent.gradient_2d(grid), axis=-1).max()
    assert printed(m[1], np.linalg.norm(independent.gradient_2d(path[0])))
    assert np.linalg.norm(independent.gradient_2d(path[0])) < PLATEAU * steepest
    assert printed(m[2], eta) and int(m[3]) == len(path) - 1 and reversals(path) == 0
    assert printed(m[4], np.linalg.norm(path[-1] - valley_bottom()))


@rule(r"A (single) path from the same start creeps along the top, drops into the long narrow valley, then bounces "
      r"between its two walls in a zig-zag that does not die out")
def _zigzag(m, f):
    (path,) = f.data["paths"]
    ws = np.array(agreed(f, "paths/0/iterates")[0])
    assert ws[0].tolist() == f.other("contour_eta_small")["paths"][0]["iterates"][0]
    creeps_then_drops(ws)
    assert reversals(ws[-50:]) >= 40 and np.linalg.norm(ws[-1] - long_valley()) < 0.1


@rule(r"A (single) path from the same start creeps along the (top), drops (into) the long narrow valley and "
      r"crosses it in zig-zags that shrink at every step, then comes to rest at the valley's lowest point")
def _damped_alt(m, f):
    (path,) = f.data["paths"]
    ws = np.array(agreed(f, "paths/0/iterates")[0])
    assert ws[0].tolist() == f.other("contour_eta_small")["paths"][0]["iterates"][0]
    creeps_then_drops(ws)
    shrinking_zigzag(ws)
    assert np.linalg.norm(ws[-1] - valley_bottom()) < 1e-9, "it does not end at the valley's bottom"


STEEP = r" 2/λ₁ ≈ " + NUM + r" for the valley's steep walls, "


def threshold(m_eta: str, m_side: str, m_threshold: str, eta: float) -> None:
    """'η = .., above/below 2/λ₁ ≈ ..': λ₁ the largest curvature at the long valley's bottom."""
    limit = 2 / curvatures()[0].max()
    assert printed(m_eta, eta) and printed(m_threshold, limit) and (eta > limit) == (m_side == "above")


@rule(r"From the same start w₀ with η = " + NUM + r", (above|below)" + STEEP
      + r"the path reaches the long valley and then bounces from wall to wall: after (\d+) steps it has not "
      r"settled at the minimum")
def _large_caption(m, f):
    eta, ws = agreed(f, "eta", "paths/0/iterates")
    ws = np.array(ws)
    threshold(m[1], m[2], m[3], eta)
    assert ws[0].tolist() == f.other("contour_eta_small")["paths"][0]["iterates"][0] and int(m[4]) == len(ws) - 1
    assert in_long_valley(ws).any() and (np.sign(across(ws[-50:]))[1:] != np.sign(across(ws[-50:]))[:-1]).all()
    assert settles_after(ws, valley_bottom(), 0.01) is None


@rule(r"From the same start w₀ with η = " + NUM + r", (above|below)" + STEEP
      + r"the path bounces from wall to wall, but each bounce is shorter than the last: it stays within " + NUM
      + r" of the minimum from step (\d+) on")
def _damped_caption(m, f):
    eta, ws = agreed(f, "eta", "paths/0/iterates")
    ws = np.array(ws)
    threshold(m[1], m[2], m[3], eta)
    assert ws[0].tolist() == f.other("contour_eta_small")["paths"][0]["iterates"][0]
    shrinking_zigzag(ws)
    assert settles_after(ws, valley_bottom(), float(m[4])) == int(m[5])


@rule(r"with (three) valleys and (two) bumps")
def _field_counts(m, f):
    assert len(landmarks(1)) == COUNTS[m[1]] and len(landmarks(-1)) == COUNTS[m[2]]


@rule(r"The arrows point away from the bumps and (into) the valleys, crossing the contour lines at (right) angles")
def _arrow_directions(m, f):
    points, arrows, w1, w2, loss = map(np.array, agreed(f, "points", "minus_gradient", "w1", "w2", "loss"))
    for sign, landmark in [*((1, w) for w in landmarks(1)), *((-1, w) for w in landmarks(-1))]:
        close = np.linalg.norm(points - landmark, axis=1) < 0.15
        assert (sign * ((points[close] - landmark) * arrows[close]).sum(1) < 0).all(), f"an arrow near {landmark}"
    # Across the drawn contours: along minus the drawn grid's own slope (central differences, nearest node).
    slope_w2, slope_w1 = np.gradient(loss, w2, w1)
    i, j = (np.abs(w2[:, None] - points[:, 1]).argmin(0), np.abs(w1[:, None] - points[:, 0]).argmin(0))
    downhill = -np.column_stack([slope_w1[i, j], slope_w2[i, j]])
    lengths = np.linalg.norm(arrows, axis=1)
    cosine = (downhill * arrows).sum(1) / (np.linalg.norm(downhill, axis=1) * lengths)
    assert cosine[lengths > 0.1 * lengths.max()].min() > 0.98, "an arrow not across the contour lines"


ROOT = Path(__file__).parents[1]


@rule(r"the 2D loss of page (\d)")
def _page(m, f):
    nav = re.search(rf"- {m[1]}\. [^:]+: (\S+)", (ROOT / "mkdocs.yml").read_text())
    shown_there = re.findall(r"\{\{ figure (\w+) \}\}", (ROOT / "docs" / nav[1]).read_text())
    paths = [name for name in shown_there if registry.get(name).family.name == "contour"]
    assert paths and all(np.allclose(f.other(name)["loss"], f.data["loss"], atol=1e-12) for name in paths)


@rule(r"they are longest on the steep walls of the long narrow valley, where they point (into) it from both sides, "
      r"and nearly vanish at the bottoms of the (two) round valleys, on the tops of the bumps and on the flat ground "
      r"in the (upper right) corner")
def _arrow_lengths(m, f):
    points, arrows = map(np.array, agreed(f, "points", "minus_gradient"))
    lengths = np.linalg.norm(arrows, axis=1)
    longest = points[lengths.argmax()]
    assert abs(longest[0] - long_valley()[0]) < 0.3 and 0 < abs(longest[1] - long_valley()[1]) < 0.2
    offsets, stiff = across(points), curvatures()[1][:, -1]
    walls = in_long_valley(points)  # the arrows within one width of the floor point towards it, on both sides
    assert (offsets[walls] > 0).any() and (offsets[walls] < 0).any()
    assert (np.sign(offsets[walls]) * (arrows[walls] @ stiff) < 0).all(), "an arrow on a wall points out of the valley"
    assert len(round_valleys()) == COUNTS[m[2]]
    vanishing(f)


def vanishing(f) -> None:
    """The arrows next to the round valleys' bottoms and the bumps' tops: under a quarter of the
    longest; the one in the flat upper right corner: under 5 %."""
    points, arrows = map(np.array, agreed(f, "points", "minus_gradient"))
    relative = np.linalg.norm(arrows, axis=1) / np.linalg.norm(arrows, axis=1).max()
    assert relative[np.linalg.norm(points - 1.0, axis=1).argmin()] < 0.05, "the arrow nearest the corner (1, 1)"
    for landmark in (*round_valleys(), *landmarks(-1)):
        shortest = relative[np.linalg.norm(points - landmark, axis=1) < 0.06].min()
        assert shortest < 0.25, f"the arrows next to {landmark} are {shortest:.0%} of the longest at least"


@rule(r"shrink near the bottoms of the round valleys, the tops of the bumps and on flat ground")
def _arrows_shrink(m, f):
    vanishing(f)


@rule(r"Along the line through w = " + PAIR + r" in the direction of −∇ℒ")
def _tangent_point(m, f):
    assert printed(m[1], f.data["point"][0]) and printed(m[2], f.data["point"][1])


@rule(r"touch(?:es it)? at s = (0)")
def _touch(m, f):
    at = f.data["offsets"].index(0.0) if 0.0 in f.data["offsets"] else int(np.abs(f.data["offsets"]).argmin())
    assert abs(f.data["offsets"][at]) < 1e-12 and f.data["loss"][at] == pytest.approx(f.data["tangent"][at], abs=1e-12)


@rule(r"bends up above it, falling less than the line promises")
def _above(m, f):
    s, gap = np.array(f.data["offsets"]), np.array(f.data["loss"]) - np.array(f.data["tangent"])
    assert (gap[s > 0.02] > 0).all()


# ---- risk: least squares and the margin loss (page 1) ------------------------------------------

@rule(r"(?i:(twenty)) (?:noisy )?points")
def _twenty(m, f):
    assert len(f.data["x"]) == COUNTS[m[1].lower()]


@rule(r"rising from left to right")
def _rising(m, f):
    assert f.data["w"] > 0


@rule(r"some above it and some below")
def _both_sides(m, f):
    residuals = np.array(f.data["y"]) - np.array(f.data["fitted"])
    assert (residuals > 0).any() and (residuals < 0).any()


@rule(r"over margins from " + NUM + " to " + NUM)
def _margins(m, f):
    assert [float(m[1]), float(m[2])] == [f.data["margin"][0], f.data["margin"][-1]]


@rule(r"falling with slope (-1) for negative margins")
def _slope(m, f):
    margin, loss = np.array(f.data["margin"]), np.array(f.data["loss"])
    assert abs(np.gradient(loss, margin)[0] - float(m[1])) < 0.05


@rule(r"passing through log (2), about " + NUM + r", at margin (0) \(marked\), and flattening towards (0) for "
      r"positive margins")
def _log2(m, f):
    assert printed(m[2], f.data["at_zero"]) and f.data["at_zero"] == pytest.approx(math.log(int(m[1])))
    assert f.data["loss"][-1] < 0.05


@rule(r"about \|m\| for a wrong example far from the boundary, log (2) on it, nearly (0) for a confidently right one")
def _margin_caption(m, f):
    margin, loss = np.array(f.data["margin"]), np.array(f.data["loss"])
    assert abs(loss[0] - abs(margin[0])) < 0.05 and f.data["at_zero"] == pytest.approx(math.log(int(m[1])))
    assert loss[-1] < 0.05


@rule(r"(Two) curves over the distance s moved from a point")
def _two_curves(m, f):
    assert len(f.data["loss"]) == len(f.data["tangent"]) == len(f.data["offsets"]) and COUNTS[m[1].lower()] == 2


# ---- logistic regression (page 6) ------------------------------------------------------------

def angle(w, v) -> float:
    return math.degrees(math.acos(np.dot(w, v) / (np.linalg.norm(w) * np.linalg.norm(v))))


def wrong(data, w=None, b=None) -> int:
    x, y = np.array(data["x"]), np.array(data["y"])
    w, b = (data["w"], data["b"]) if w is None else (w, b)
    return int((np.sign(x @ np.array(w) + b) != y).sum())


@rule(r"Scatter plot of (\d+) points in the plane in (two) overlapping, tilted clouds: class \+1 as open circles "
      r"towards the upper right, class -1 as crosses towards the lower left")
def _clouds(m, f):
    x, y = np.array(f.data["x"]), np.array(f.data["y"])
    assert len(x) == int(m[1]) and len(set(y)) == COUNTS[m[2]]
    assert (x[y > 0].mean(0) > x[y < 0].mean(0)).all()


ROUGHLY = 15  # degrees: a line "roughly along" a direction


def long_axis(x, y) -> np.ndarray:
    """The clouds' long axis: the main direction of the points around their class means."""
    centred = np.concatenate([x[y == c] - x[y == c].mean(0) for c in (-1.0, 1.0)])
    return np.linalg.eigh(centred.T @ centred)[1][:, -1]


def mean_sides(x, y, w, b) -> tuple[float, float]:
    """The side of the line w.x + b = 0 each class's mean is on: (class +1's, class -1's)."""
    return tuple(float(np.sign(x[y == c].mean(0) @ np.asarray(w) + b)) for c in (1.0, -1.0))


@rule(r"the boundary of the random initial weights runs between the (two) clouds, roughly along their long axis "
      r"\(slope about " + NUM + r"\), but with its (two) sides the wrong way round, so it misclassifies (\d+) of the "
      r"(\d+) points")
def _n0(m, f):
    x, y, w, b = map(np.array, agreed(f, "x", "y", "w", "b"))
    assert f.data["n"] == 0 and len(set(y)) == COUNTS[m[1]] == COUNTS[m[3]]
    assert mean_sides(x, y, w, b) == (-1.0, 1.0), "the classes' means are not on the wrong sides"
    assert printed(m[2], -w[0] / w[1])
    along = angle(long_axis(x, y), [w[1], -w[0]])
    assert min(along, 180 - along) < ROUGHLY, f"the boundary is {min(along, 180 - along):.0f} degrees off the long axis"
    assert wrong(f.data) == int(m[4]) and len(x) == int(m[5])


@rule(r"after (?:only )?(\d+) steps the boundary")
def _after(m, f):
    assert int(m[1]) == f.data["n"]


@rule(r"has already turned to run between the two clouds; (\d+) points are on the wrong side")
def _n10(m, f):
    start = f.other("logistic_n0")
    assert wrong(f.data) == int(m[1]) < 10 and angle(start["w"], f.data["w"]) > 45


@rule(r"runs between the clouds, (\d+) points on the wrong side, and it is still turning")
def _n100(m, f):
    assert wrong(f.data) == int(m[1]) and angle(f.data["w"], f.other("logistic_n1000")["w"]) > 2


@rule(r"has almost settled between the clouds")
def _n1000(m, f):
    assert angle(f.data["w"], f.other("logistic_n10000")["w"]) < 2 and wrong(f.data) < 10


@rule(r"has settled; it turned by less than (\d+) degrees since n = (\d+)")
def _n10000(m, f):
    assert angle(f.data["w"], f.other(f"logistic_n{m[2]}")["w"]) < int(m[1])


@rule(r"after (\d+) steps of gradient descent with η = " + NUM)
def _logistic_caption(m, f):
    assert int(m[1]) == f.data["n"] and float(m[2]) == f.data["eta"]


@rule(r"(Two) lines run between the clouds: the solid logistic-regression boundary and the dashed LDA boundary\. "
      r"They differ by about (\d+) degrees in angle and cross inside the plot, near " + PAIR)
def _lda(m, f):
    x, y, w, b, lda_w, lda_b, box = map(np.array, agreed(f, "x", "y", "w", "b", "lda_w", "lda_b", "box"))
    lines = [(w, b), (lda_w, lda_b)]
    assert len(lines) == COUNTS[m[1].lower()] and all(mean_sides(x, y, *line) == (1.0, -1.0) for line in lines)
    assert printed(m[2], angle(w, lda_w))
    cross = np.linalg.solve(np.array([w, lda_w]), -np.array([b, lda_b]))
    assert (box[:, 0] < cross).all() and (cross < box[:, 1]).all(), f"they cross at {cross}, outside the plot"
    assert printed(m[3], cross[0]) and printed(m[4], cross[1])


@rule(r"The logistic boundary after (10)⁴ steps")
def _lda_caption(m, f):
    assert f.data["n"] == int(m[1]) ** 4


# ---- the overview (home page) ------------------------------------------------------------------

@rule(r"(Three) small plots side by side")
def _panels(m, f):
    assert len([key for key, part in f.data.items() if isinstance(part, dict) and key != "params"]) == COUNTS[m[1].lower()]


@rule(r"a circle at the parabola's lowest point, on the other side of the valley")
def _overview_step(m, f):
    step = f.data["step"]
    assert side(step["next_w"]) != side(step["iterates"][-1])


@rule(r"a contour map with (three) paths, each from a square to a star in a different valley")
def _overview_paths(m, f):
    ends = [p["iterates"][-1] for p in f.data["paths"]["paths"]]
    assert len(ends) == COUNTS[m[1]] == len({tuple(np.round(e, 3)) for e in ends})


@rule(r"(two) overlapping clouds of open circles and crosses with a straight line between them")
def _overview_classes(m, f):
    assert len(set(f.data["classes"]["y"])) == COUNTS[m[1]] and wrong(f.data["classes"]) < 10


@rule(r"(Left): gradient descent with η = " + NUM + r" after its first step: the parabola touching the loss at the "
      r"current iterate w" + SUB + r" has its lowest point \(the circle\) across the valley, and that point is the "
      r"next iterate w" + SUB)
def _overview_left(m, f):
    eta, t, ws, next_w, grid, surrogate = agreed(f, *(f"step/{key}" for key in
                                                     ("eta", "t", "iterates", "next_w", "grid_w", "surrogate")))
    assert printed(m[2], eta) and t == 1 == len(ws) - 1 == sub(m[3]) and sub(m[4]) == t + 1
    lowest = grid[int(np.argmin(surrogate))]
    assert abs(lowest - next_w) <= grid[1] - grid[0], "the next iterate is not the parabola's lowest point"
    assert side(next_w) != side(ws[-1]), "the next iterate is on the same side of the valley"


@rule(r"repeated steps from (three) starts w₀ run downhill into (three) different minima")
def _overview_minima(m, f):
    ends = {tuple(np.round(p["iterates"][-1], 3)) for p in f.data["paths"]["paths"]}
    assert len(f.data["paths"]["paths"]) == COUNTS[m[1]] and len(ends) == COUNTS[m[2]]


@rule(r"(10)⁴ steps on the logistic loss place a line between (two) classes")
def _overview_steps(m, f):
    assert f.data["classes"]["n"] == int(m[1]) ** 4 and len(set(f.data["classes"]["y"])) == COUNTS[m[2]]


@rule(r"(Left)[,:] (?:a rippled curve|gradient descent).* (Middle)[,:] (?:a contour map|repeated steps).* "
      r"(Right)[,:] (?:two overlapping clouds|10⁴ steps)")
def _panel_order(m, f):
    assert [key for key in f.data if key not in ("figure", "params")] == ["step", "paths", "classes"]


# ---- the tests ---------------------------------------------------------------------------------

# What a statement about a position, side, count or direction is made of: numbers (not the
# subscripts that name iterates), side and direction words, and counts.
CLAIM_WORDS = re.compile(r"(?<![\w₀-₉/.])-?\d+(?:\.\d+)?|\b(?:left|right|same side|opposite side|other side|"
                         r"wrong side|above|below|upper|lower|top|towards|into|past|before|different|"
                         + "|".join(COUNTS) + r")\b", re.IGNORECASE)
# Numbers that name no quantity of a figure: the lecture's notation.
NOTATION = ("1D", "2D", "3D", "[0, 1]²", "1/η", "2/a", "log σ", "w·x + b = 0", "−log σ(m)", "(w·x + b)")


def checked(text: str, frame: Frame) -> list[str]:
    """Run every rule on `text`; return the claim words that no rule read."""
    read = []
    for pattern, check in RULES:
        for match in pattern.finditer(text):
            try:
                check(match, frame)
            except AssertionError as error:
                raise AssertionError(f"{frame.spec.name}: {match[0]!r} is not what its numbers say: {error}") from None
            read.append(match.span())
    for words in NOTATION:
        read += [(i.start(), i.end()) for i in re.finditer(re.escape(words), text)]
    return [w[0] for w in CLAIM_WORDS.finditer(text)
            if not any(start <= w.start() and w.end() <= end for start, end in read)]


@pytest.mark.parametrize("spec", FIGURES, ids=lambda spec: spec.name)
def test_alt_text_and_caption_say_what_the_numbers_show(rendered, spec):
    frame = Frame(spec, json.loads((rendered / f"{spec.name}.json").read_text()), rendered)
    unread = {part: checked(getattr(spec, part), frame) for part in ("alt", "caption")}
    assert not any(unread.values()), \
        f"{spec.name}: no rule checks {unread}; add one to tests/test_words.py with the statement"
