"""Helpers for the claim tests: quote a page, and the lecture's toy losses written
again with numpy, from the formulas the pages state (independent of gdfig's torch)."""

import re
from pathlib import Path

import numpy as np

DOCS = Path(__file__).parents[1] / "docs"


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def claim(page: str, sentence: str) -> str:
    """Fail unless `sentence` is on docs/`page` (whitespace aside): a reworded claim
    takes its test along."""
    assert _normalised(sentence) in _normalised((DOCS / page).read_text()), \
        f"{page} no longer says: {sentence!r}; update the claim and its test together"
    return sentence


# The 1D loss as page 4 writes it: L(w) = 1 + w^2/4 + w/4 - 0.85 cos(2w).
def loss_1d(w):
    return 1 + w**2 / 4 + w / 4 - 0.85 * np.cos(2 * w)


def slope_1d(w):
    return w / 2 + 0.25 + 1.7 * np.sin(2 * w)


def curvature_1d(w):
    return 0.5 + 3.4 * np.cos(2 * w)


def roots(f, low: float, high: float, samples: int = 60001) -> list[float]:
    """Every sign change of f on [low, high], refined by bisection."""
    xs = np.linspace(low, high, samples)
    ys = f(xs)
    found = []
    for i in np.nonzero(np.sign(ys[:-1]) != np.sign(ys[1:]))[0]:
        a, b = xs[i], xs[i + 1]
        for _ in range(80):
            mid = (a + b) / 2
            a, b = (mid, b) if np.sign(f(mid)) == np.sign(f(a)) else (a, mid)
        found.append((a + b) / 2)
    return found


def descend_1d(w0: float, eta: float, steps: int) -> np.ndarray:
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - eta * slope_1d(ws[-1]))
    return np.array(ws)


def deep_minimum_1d() -> float:
    minima = [w for w in roots(slope_1d, -3, 3) if curvature_1d(w) > 0]
    return min(minima, key=loss_1d)


# The 2D loss, 1 + sum_k h_k exp(-|(w - c_k)/s_k|^2 / 2), with its gradient by hand.
def loss_2d(w, bumps):
    w = np.asarray(w, dtype=float)
    total = np.ones(w.shape[:-1])
    for h, cx, cy, sx, sy in bumps:
        total = total + h * np.exp(-0.5 * (((w[..., 0] - cx) / sx) ** 2 + ((w[..., 1] - cy) / sy) ** 2))
    return total


def gradient_2d(w, bumps):
    w = np.asarray(w, dtype=float)
    grad = np.zeros_like(w)
    for h, cx, cy, sx, sy in bumps:
        e = h * np.exp(-0.5 * (((w[..., 0] - cx) / sx) ** 2 + ((w[..., 1] - cy) / sy) ** 2))
        grad[..., 0] += -e * (w[..., 0] - cx) / sx**2
        grad[..., 1] += -e * (w[..., 1] - cy) / sy**2
    return grad


def hessian_2d(w, bumps, h: float = 1e-6) -> np.ndarray:
    cols = [(gradient_2d(w + h * e, bumps) - gradient_2d(w - h * e, bumps)) / (2 * h) for e in np.eye(2)]
    return np.stack(cols, axis=1)


def descend_2d(w0, eta: float, steps: int, bumps) -> np.ndarray:
    ws = [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        ws.append(ws[-1] - eta * gradient_2d(ws[-1], bumps))
    return np.array(ws)


def settles_after(path: np.ndarray, target, tol: float = 0.01) -> int | None:
    offset = path - np.asarray(target)
    distance = np.abs(offset) if offset.ndim == 1 else np.linalg.norm(offset, axis=-1)
    if distance[-1] >= tol:
        return None
    far = np.nonzero(distance >= tol)[0]
    return int(far[-1]) + 1 if len(far) else 0


def reversals(path: np.ndarray) -> int:
    steps = np.diff(path, axis=0)
    return int(((steps[1:] * steps[:-1]).sum(-1) < 0).sum())


# The summed logistic loss of page 6, its gradient and Hessian in theta = (w_1, w_2, b), in numpy.
def _augmented(x) -> np.ndarray:
    return np.concatenate([np.asarray(x, dtype=float), np.ones((len(x), 1))], axis=1)


def logistic_loss(theta, x, y) -> float:
    return float(np.logaddexp(0, -np.asarray(y) * (_augmented(x) @ theta)).sum())


def logistic_gradient(theta, x, y) -> np.ndarray:
    xt, y = _augmented(x), np.asarray(y)
    return -(xt * (y / (1 + np.exp(y * (xt @ theta))))[:, None]).sum(0)


def logistic_hessian(theta, x) -> np.ndarray:
    xt = _augmented(x)
    p = 1 / (1 + np.exp(-(xt @ theta)))
    return (xt * (p * (1 - p))[:, None]).T @ xt


def logistic_newton(x, y, steps: int = 100) -> tuple[np.ndarray, bool]:
    """Damped Newton from 0: (theta, True) at the minimiser, or (theta, False) when the
    points are separable: theta then classifies every point correctly (a certificate),
    and the loss has no minimiser, only falling towards 0 as the weights grow."""
    theta, y = np.zeros(3), np.asarray(y)
    for _ in range(steps):
        if (y * (_augmented(x) @ theta) > 0).all():
            return theta, False
        gradient = logistic_gradient(theta, x, y)
        if np.linalg.norm(gradient) < 1e-8:
            return theta, True
        step, size = np.linalg.solve(logistic_hessian(theta, x), gradient), 1.0
        while logistic_loss(theta - size * step, x, y) > logistic_loss(theta, x, y) and size > 1e-8:
            size /= 2
        theta = theta - size * step
    raise AssertionError(f"Newton neither converged nor separated the points (theta = {theta})")
