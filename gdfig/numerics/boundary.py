"""Where a linear decision boundary {x : w.x + b = 0} crosses a rectangle."""

import torch


def clip_line(w: torch.Tensor, b: torch.Tensor, box: tuple[tuple[float, float], tuple[float, float]]
              ) -> list[list[float]] | None:
    """The two ends of the line inside box ((x0, x1), (y0, y1)), or None if it misses."""
    (x0, x1), (y0, y1) = box
    w1, w2, c = float(w[0]), float(w[1]), float(b)
    hits = []
    if w2 != 0:  # crossings of the vertical edges x = x0, x = x1
        hits += [(x, -(w1 * x + c) / w2) for x in (x0, x1)]
    if w1 != 0:  # crossings of the horizontal edges y = y0, y = y1
        hits += [(-(w2 * y + c) / w1, y) for y in (y0, y1)]
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in hits
                     if x0 - 1e-12 <= x <= x1 + 1e-12 and y0 - 1e-12 <= y <= y1 + 1e-12})
    if len(inside) < 2:
        return None
    return [list(inside[0]), list(inside[-1])]
