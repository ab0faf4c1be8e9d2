"""Each figure's numbers computed again with numpy from the formulas the pages
state (no gdfig code): the surrogate's closed form, the update rules, LDA's
closed form, the logistic gradient.  expected(spec, data) gives, for a figure,
the values its JSON must hold, keyed by their place in it ("paths/0/iterates");
what is random (the points) is taken from the JSON and checked elsewhere."""

import functools
import math

import numpy as np
import torch

from tests.claims import loss_1d, slope_1d

# The 2D loss of pages 2 and 5, 1 + sum_k h_k exp(-|(w - c_k) / s_k|^2 / 2), as the
# pages' texts describe it: a long narrow valley near (0.75, 0.68), valleys near
# (0.24, 0.26) and (0.75, 0.18), bumps near (0.4, 0.55) and (0.15, 0.8).  Written
# here again (h, cx, cy, sx, sy), not imported: a changed constant in gdfig fails.
BUMPS_2D = (
    (-0.40, 0.72, 0.68, 0.30, 0.09),
    (-0.35, 0.25, 0.28, 0.13, 0.13),
    (-0.25, 0.75, 0.18, 0.10, 0.10),
    (+0.35, 0.40, 0.55, 0.14, 0.14),
    (+0.30, 0.15, 0.80, 0.15, 0.12),
)


def loss_2d(w) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    total = np.ones(w.shape[:-1])
    for h, cx, cy, sx, sy in BUMPS_2D:
        total = total + h * np.exp(-0.5 * (((w[..., 0] - cx) / sx) ** 2 + ((w[..., 1] - cy) / sy) ** 2))
    return total


def gradient_2d(w) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    grad = np.zeros_like(w)
    for h, cx, cy, sx, sy in BUMPS_2D:
        e = h * np.exp(-0.5 * (((w[..., 0] - cx) / sx) ** 2 + ((w[..., 1] - cy) / sy) ** 2))
        grad[..., 0] -= e * (w[..., 0] - cx) / sx**2
        grad[..., 1] -= e * (w[..., 1] - cy) / sy**2
    return grad


def descend(slope, w0, eta: float, steps: int, bound: float):
    """w_{t+1} = w_t - eta slope(w_t), stopped before the first iterate beyond `bound`:
    (iterates, the step that left, or None)."""
    ws = [np.asarray(w0, dtype=float)]
    for t in range(1, steps + 1):
        w = ws[-1] - eta * slope(ws[-1])
        if not np.isfinite(w).all() or np.linalg.norm(w) > bound:
            return np.array(ws), t
        ws.append(w)
    return np.array(ws), None


def grid_2d(n: int):
    side = np.linspace(0.0, 1.0, n)
    x, y = np.meshgrid(side, side, indexing="xy")
    return side, loss_2d(np.stack([x, y], axis=-1))


# ---- one function per family: its numbers, from the figure's parameters ------------------

def surrogate_step(p, data) -> dict:
    ws, diverged = descend(slope_1d, p.w0, p.eta, p.t, bound=100.0)
    w_t = ws[-1]
    grid = np.linspace(-3.0, 3.0, len(data["grid_w"]))
    value, slope = loss_1d(w_t), slope_1d(w_t)
    return {"iterates": ws, "values": loss_1d(ws), "diverged_at": diverged, "eta": p.eta, "t": p.t,
            "grid_w": grid, "grid_loss": loss_1d(grid),
            "surrogate": value + slope * (grid - w_t) + (grid - w_t) ** 2 / (2 * p.eta),
            "next_w": w_t - p.eta * slope, "next_surrogate": value - p.eta * slope**2 / 2}


def surrogate_etas(p, data) -> dict:
    grid = np.linspace(-3.0, 3.0, len(data["grid_w"]))
    value, slope = loss_1d(p.w0), slope_1d(p.w0)
    found = {"w0": p.w0, "loss_at_w0": value, "grid_loss": loss_1d(grid)}
    for i, eta in enumerate((0.125, 0.25, 0.5)):
        found |= {f"surrogates/{i}/eta": eta,
                  f"surrogates/{i}/values": value + slope * (grid - p.w0) + (grid - p.w0) ** 2 / (2 * eta),
                  f"surrogates/{i}/w_min": p.w0 - eta * slope,
                  f"surrogates/{i}/value_min": value - eta * slope**2 / 2}
    return found


def surface(p, data) -> dict:
    side, z = grid_2d(p.grid)
    x, y = np.meshgrid(side, side, indexing="xy")
    return {"w1": x, "w2": y, "loss": z}


def contour(p, data) -> dict:
    side, z = grid_2d(p.grid)
    found = {"eta": p.eta, "w1": side, "w2": side, "loss": z}
    for i, start in enumerate(p.starts):
        ws, diverged = descend(gradient_2d, start, p.eta, p.steps, bound=10.0)
        found |= {f"paths/{i}/iterates": ws, f"paths/{i}/values": loss_2d(ws), f"paths/{i}/diverged_at": diverged}
    return found


def gradient_field(p, data) -> dict:
    side, z = grid_2d(p.grid)
    arrows = np.linspace(0.04, 0.96, p.arrows)
    points = np.array([(a, b) for a in arrows for b in arrows])
    return {"w1": side, "w2": side, "loss": z, "points": points, "minus_gradient": -gradient_2d(points)}


def linear_approximation(p, data) -> dict:
    w = np.array([0.45, 0.92])
    g = gradient_2d(w)
    offsets = np.linspace(-p.reach / 3, p.reach, 121)
    along = w + offsets[:, None] * (-g / np.linalg.norm(g))
    return {"point": w, "offsets": offsets, "loss": loss_2d(along), "value_at_point": loss_2d(w),
            "tangent": loss_2d(w) - offsets * np.linalg.norm(g), "gradient_norm": np.linalg.norm(g)}


def least_squares(p, data) -> dict:
    x, y = np.linspace(0.0, 4.0, p.points), np.array(data["y"])
    w, b = np.polyfit(x, y, 1)
    return {"x": x, "w": w, "b": b, "fitted": w * x + b, "mse": np.mean((w * x + b - y) ** 2)}


def margin_loss(p, data) -> dict:
    m = np.linspace(-p.reach, p.reach, 161)
    return {"margin": m, "loss": np.logaddexp(0.0, -m), "at_zero": math.log(2.0)}


def logistic_points(count: int, seed: int):
    """Page 6's two classes, made again from the same draws: labels alternate +1, -1,
    means +-(0.4, 0.3), noise times [[0.25, 0], [0.2, 0.1]]; then w0 ~ N(0, I)."""
    generator = torch.Generator().manual_seed(seed)
    noise = torch.randn(count, 2, generator=generator, dtype=torch.float64).numpy()
    w0 = torch.randn(2, generator=generator, dtype=torch.float64).numpy()
    y = np.where(np.arange(count) % 2 == 0, 1.0, -1.0)
    x = np.array([0.4, 0.3]) * y[:, None] + noise @ np.array([[0.25, 0.0], [0.2, 0.1]]).T
    return x, y, w0


@functools.lru_cache(maxsize=4)
def logistic_run(count: int, seed: int, eta: float, last: int):
    """(x, y, [(w, b) after n steps for n = 0..last]): w <- w - eta dL/dw, b <- b - eta dL/db
    on the summed loss, gradient -sum y_n sigma(-y_n (w.x_n + b)) (x_n, 1)."""
    x, y, w = logistic_points(count, seed)
    b, states = 0.0, []
    for _ in range(last + 1):
        states.append((w, b))
        u = -y / (1.0 + np.exp(y * (x @ w + b)))
        w, b = w - eta * (x * u[:, None]).sum(0), b - eta * u.sum()
    return x, y, states


def lda(x, y):
    """LDA's closed form: w = Sigma^-1 (mu+ - mu-), b = -(mu+ + mu-).w / 2 + log(N+ / N-)."""
    pos, neg = x[y > 0], x[y < 0]
    centred = np.concatenate([pos - pos.mean(0), neg - neg.mean(0)])
    w = np.linalg.solve(centred.T @ centred / len(x), pos.mean(0) - neg.mean(0))
    return w, -(pos.mean(0) + neg.mean(0)) @ w / 2 + math.log(len(pos) / len(neg))


def clipped(w, b, box):
    """The ends of {p : w.p + b = 0} on the edges of box [[x0, x1], [y0, y1]], sorted, or None."""
    (x0, x1), (y0, y1) = box
    hits = [(x, -(w[0] * x + b) / w[1]) for x in (x0, x1)] + [(-(w[1] * y + b) / w[0], y) for y in (y0, y1)]
    inside = sorted((x, y) for x, y in hits if x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-9 <= y <= y1 + 1e-9)
    return None if len(inside) < 2 else np.array([inside[0], inside[-1]])


def logistic(p, data) -> dict:
    x, y, states = logistic_run(p.points, p.seed, p.eta, max(p.n, 10_000))
    w, b = states[p.n]
    box = [[x[:, d].min() - 0.25, x[:, d].max() + 0.25] for d in range(2)]
    found = {"x": x, "y": y, "n": p.n, "eta": p.eta, "w": w, "b": b, "box": box,
             "loss": np.logaddexp(0.0, -y * (x @ w + b)).sum(), "boundary": clipped(w, b, box)}
    if p.show_lda:
        lda_w, lda_b = lda(x, y)
        found |= {"lda_w": lda_w, "lda_b": lda_b, "lda_boundary": clipped(lda_w, lda_b, box)}
    return found


def overview(p, data) -> dict:
    from gdfig.figures import landscape as paths, logistic as classes, overview as panels, surrogate as step

    parts = {"step": surrogate_step(step.Params(eta=0.5, t=1), data["step"]),
             "paths": contour(paths.PathParams(starts=panels.STARTS, eta=0.02, steps=p.steps, grid=p.grid),
                              data["paths"]),
             "classes": logistic(classes.Params(n=10_000), data["classes"])}
    return {f"{part}/{key}": value for part, found in parts.items() for key, value in found.items()}


BY_FAMILY = {"surrogate": surrogate_step, "surrogate_etas": surrogate_etas, "surface": surface,
             "contour": contour, "gradient_field": gradient_field, "linear_approximation": linear_approximation,
             "least_squares": least_squares, "margin_loss": margin_loss, "logistic": logistic,
             "overview": overview}


def expected(spec, data) -> dict:
    """{place in the JSON: value} for the figure `spec` whose JSON is `data`."""
    return BY_FAMILY[spec.family.name](spec.params, data)


def at(data, place: str):
    """The value at "a/0/b" in a figure's JSON."""
    for part in place.split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data
