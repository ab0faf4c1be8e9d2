"""The lessons of the slides are in the numbers each figure draws (its JSON)."""

import functools
import json

import pytest
import torch

from gdfig import registry
from gdfig.numerics import descent, losses


def data(rendered, name):
    return json.loads((rendered / f"{name}.json").read_text())


@functools.cache
def deep_minimum() -> float:
    """w* of the 1D loss, found by many small steps (independent of the frames' eta)."""
    path = descent.descend(losses.loss_1d, torch.tensor([0.5]), eta=0.01, steps=5000)
    return path.iterates[-1].item()


def test_eta_0125_slides_monotonically_into_the_minimum(rendered):
    last = data(rendered, "surrogate_eta0125_t11")
    w_star = deep_minimum()
    values, iterates = last["values"], last["iterates"]
    assert len(iterates) == 12
    assert all(b < a for a, b in zip(values, values[1:]))
    assert all(w > w_star for w in iterates)            # never crosses the bottom
    assert abs(iterates[-1] - w_star) < 0.01


def test_eta_05_overshoots_the_minimum(rendered):
    iterates = data(rendered, "surrogate_eta0500_t11")["iterates"]
    signs = [w > deep_minimum() for w in iterates]
    assert sum(a != b for a, b in zip(signs, signs[1:])) >= 5


def test_each_surrogate_frame_shows_its_step(rendered):
    for spec in registry.sequences()["surrogate_eta0500"]:
        frame = data(rendered, spec.name)
        assert len(frame["iterates"]) == spec.frame + 1
        w_t = torch.tensor([frame["iterates"][-1]])
        expected = w_t - frame["eta"] * descent.gradient(losses.loss_1d, w_t)
        assert frame["next_w"] == pytest.approx(expected.item(), abs=1e-12)


@pytest.mark.parametrize("sequence", ["surrogate_eta0125", "surrogate_eta0500"])
def test_alt_text_says_on_which_side_each_iterate_lies(rendered, sequence):
    w_star = deep_minimum()
    for spec in registry.sequences()[sequence]:
        w_t = data(rendered, spec.name)["iterates"][-1]
        side = "right" if w_t > w_star else "left"
        assert f"sits {side} of" in spec.alt, spec.name


def test_different_starts_reach_different_minima(rendered):
    ends = [p["iterates"][-1] for p in data(rendered, "contour_starts")["paths"]]
    distinct = {(round(x, 2), round(y, 2)) for x, y in ends}
    assert len(distinct) >= 2
    for x, y in ends:  # and each end is a minimum: no gradient left
        assert descent.gradient(losses.loss_2d, torch.tensor([x, y])).norm() < 1e-3


def turns(path) -> int:
    """Consecutive steps pointing more than 90 degrees apart."""
    steps = torch.diff(torch.tensor(path), dim=0)
    return int(((steps[1:] * steps[:-1]).sum(-1) < 0).sum())


def test_large_eta_zigzags_where_small_eta_does_not(rendered):
    small = data(rendered, "contour_eta_small")["paths"][0]["iterates"]
    large = data(rendered, "contour_eta_large")["paths"][0]["iterates"]
    assert small[0] == large[0]
    assert turns(small) == 0
    assert turns(large) >= 10


def test_logistic_frames_carry_their_numbers(rendered):
    losses_ = []
    for n in (0, 10, 100, 1000, 10000):
        frame = data(rendered, f"logistic_n{n}")
        x, y = torch.tensor(frame["x"]), torch.tensor(frame["y"])
        assert x.shape == (100, 2) and set(frame["y"]) == {-1.0, 1.0} and frame["n"] == n
        w, b = torch.tensor(frame["w"]), torch.tensor(frame["b"])
        loss = -torch.log(torch.sigmoid(y * (x @ w + b))).sum().item()
        assert frame["loss"] == pytest.approx(loss, rel=1e-10)
        losses_.append(loss)
    assert losses_ == sorted(losses_, reverse=True)


def test_lda_figure_carries_the_lda_boundary(rendered):
    frame = data(rendered, "logistic_vs_lda")
    x, y = torch.tensor(frame["x"]), torch.tensor(frame["y"])
    lda_w, lda_b = torch.tensor(frame["lda_w"]), torch.tensor(frame["lda_b"])
    logistic_acc = ((x @ torch.tensor(frame["w"]) + frame["b"]).sign() == y).double().mean()
    lda_acc = ((x @ lda_w + lda_b).sign() == y).double().mean()
    assert logistic_acc > 0.9 and lda_acc > 0.9
    assert frame["n"] == 10000
    cosine = torch.nn.functional.cosine_similarity(lda_w, torch.tensor(frame["w"]), dim=0)
    assert 0.9 < cosine < 0.99999  # close, but not the same line


def test_a_diverging_step_size_still_draws_with_a_note():
    import matplotlib

    matplotlib.use("Agg")
    spec = registry.get("surrogate_eta0125_t11")
    params = type(spec.params)(eta=5.0, t=11)
    numbers = spec.family.compute(params)
    assert numbers["diverged_at"] is not None and len(numbers["iterates"]) == numbers["diverged_at"]
    figure = spec.family.draw(params, numbers, "light")
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert f"diverged after {numbers['diverged_at']} steps" in texts


def test_eta_05_still_bounces_visibly_in_the_last_frame(rendered):
    frame = data(rendered, "surrogate_eta0500_t11")
    low, high = frame["window"]
    iterates = frame["iterates"]
    assert abs(iterates[11] - iterates[10]) >= 0.015 * (high - low)  # >= 0.09 on [-3, 3]


def _settles_after(path, target, tol=0.01):
    distance = (torch.tensor(path) - target).norm(dim=-1)
    if distance[-1] >= tol:
        return None
    far = (distance >= tol).nonzero()
    return int(far[-1]) + 1 if len(far) else 0


def test_small_eta_is_smooth_but_not_there_and_large_eta_zigzags_at_a_cost(rendered):
    from tests.claims import descend_2d

    small = data(rendered, "contour_eta_small")["paths"][0]["iterates"]
    large = data(rendered, "contour_eta_large")
    bottom = torch.tensor(descend_2d(small[0], 0.02, 400, losses.BUMPS_2D)[-1])
    assert turns(small) == 0 and _settles_after(small, bottom) is None
    assert turns(large["paths"][0]["iterates"]) >= 10
    # A smaller step that does not zig-zag settles; the panel's large step does not, even in 2000 steps.
    smaller = descend_2d(small[0], 0.03, 300, losses.BUMPS_2D)
    assert turns(smaller.tolist()) == 0 and _settles_after(smaller.tolist(), bottom) is not None
    assert 0.03 < large["eta"] and _settles_after(descend_2d(small[0], large["eta"], 2000, losses.BUMPS_2D).tolist(), bottom) is None


def test_overview_panels_carry_the_families_numbers(rendered):
    overview = data(rendered, "overview")
    step = overview["step"]
    assert step["eta"] == 0.5 and step["iterates"] == data(rendered, "surrogate_eta0500_t01")["iterates"]
    ends = [p["iterates"][-1] for p in overview["paths"]["paths"]]
    for end in ends:
        assert descent.gradient(losses.loss_2d, torch.tensor(end)).norm() < 1e-3
    assert overview["classes"]["w"] == data(rendered, "logistic_n10000")["w"]


def test_surrogates_at_one_point_have_their_minima_at_one_step(rendered):
    figure = data(rendered, "surrogate_etas")
    w0 = torch.tensor([figure["w0"]])
    for s in figure["surrogates"]:
        assert s["w_min"] == pytest.approx((w0 - s["eta"] * descent.gradient(losses.loss_1d, w0)).item(), abs=1e-12)
        assert s["value_min"] == pytest.approx(min(s["values"]), abs=1e-3)  # the lowest point of the drawn curve


def test_logistic_frames_follow_the_update_rule_from_the_initial_draw(rendered):
    """Each frame's w, b are those after exactly n numpy updates from the initial draw
    (tests/independent.py): an update applied twice, or a snapshot taken after the
    update, or a float32 run, moves them."""
    import numpy as np

    from tests import independent

    params = registry.get("logistic_n0").params
    x, y, states = independent.logistic_run(params.points, params.seed, params.eta, 10_000)
    for n in (0, 10, 100, 1000, 10000):
        frame = data(rendered, f"logistic_n{n}")
        assert np.array_equal(frame["x"], x) and frame["y"] == y.tolist()
        w, b = states[n]
        assert np.allclose(frame["w"], w, rtol=1e-9) and frame["b"] == pytest.approx(b, rel=1e-9, abs=1e-12), n


@pytest.mark.parametrize("name", ["contour_starts", "contour_eta_small", "contour_eta_large"])
def test_2d_paths_follow_the_update_rule_in_float64(rendered, name):
    """Every path is numpy's descent on the landscape the texts describe (tests/independent.py),
    to 1e-10: a float32 path or a changed loss constant moves it further."""
    import numpy as np

    from tests import independent

    figure = data(rendered, name)
    for start, path in zip(registry.get(name).params.starts, figure["paths"]):
        expected, _ = independent.descend(independent.gradient_2d, start, figure["eta"],
                                          len(path["iterates"]) - 1, bound=10.0)
        assert np.allclose(path["iterates"], expected, rtol=0, atol=1e-10)


def test_every_family_computes_the_same_numbers_under_torch_default_float32():
    """What the renderer computes (torch's default dtype is float32 there) equals what the
    tests compute under float64 (conftest.py): no float32 tensor on any figure's path."""
    from gdfig.figures import logistic

    firsts = {spec.run(): spec for spec in registry.EVERYTHING if spec.family.name != "answers"}.values()
    expected = {spec.name: spec.family.compute(spec.params) for spec in firsts}
    torch.set_default_dtype(torch.float32)
    logistic.train_run.cache_clear()
    try:
        found = {spec.name: spec.family.compute(spec.params) for spec in firsts}
    finally:
        torch.set_default_dtype(torch.float64)
        logistic.train_run.cache_clear()
    for name in expected:
        assert found[name] == expected[name], f"{name} computes other numbers under float32 default"
