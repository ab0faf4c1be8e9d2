"""Data for the site's explorers: no image, only the JSON the page reads.

The 1D and 2D explorers get the losses as exported expression trees (the page
evaluates and differentiates them; gdfig.numerics.expr), with the same
divergence bounds as the figures.  The logistic explorer gets precomputed
snapshots of one training run at about fifty step counts from 0 to 10^4, since
10^4 steps per slider move would be too much to redo in the page.
Built, cached and listed in the manifest like the figures.
"""

from dataclasses import dataclass
from typing import Any

from gdfig.figures import landscape, logistic, surrogate
from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec

COLORMAP_SAMPLES = 64


@dataclass(frozen=True)
class CurveParams:
    steps: int = bounded(30, 1, 200)


@dataclass(frozen=True)
class PlaneParams:
    steps: int = bounded(100, 1, 2000)


@dataclass(frozen=True)
class BoundaryParams:
    positions: int = bounded(60, 10, 400)
    eta: float = bounded(0.1, 0.0, 10.0, low_open=True)
    seed: int = bounded(0, 0, 2**31 - 1)


def compute_curve(params: CurveParams) -> dict[str, Any]:
    from gdfig.numerics import expr, losses

    return {"loss": expr.to_json(losses.LOSS_1D), "window": list(losses.WINDOW_1D),
            "bound": surrogate.DIVERGENCE_BOUND, "steps": params.steps,
            "eta_range": [0.01, 5.0], "start": {"eta": 0.125, "w0": 1.3, "t": 0}}


def compute_plane(params: PlaneParams) -> dict[str, Any]:
    import matplotlib

    from gdfig import style
    from gdfig.numerics import expr, losses

    _, _, z = losses.grid_2d(61)
    maps = {theme: matplotlib.colormaps[style.palette(theme).colormap].resampled(COLORMAP_SAMPLES)
            for theme in style.THEMES}
    return {"loss": expr.to_json(losses.LOSS_2D), "box": [list(r) for r in losses.BOX_2D],
            "bound": landscape.ESCAPE_BOUND, "steps": params.steps, "range": [z.min().item(), z.max().item()],
            "eta_range": [0.001, 0.1], "start": {"eta": 0.02, "w0": [0.45, 0.92]},
            "colormaps": {theme: [[round(c, 4) for c in cmap(i)[:3]] for i in range(COLORMAP_SAMPLES)]
                          for theme, cmap in maps.items()}}


def step_counts(positions: int, largest: int = 10_000) -> list[int]:
    """0, step counts spaced evenly on a log scale up to `largest`, and the lecture's own."""
    counts = {0, *logistic.LECTURE_NS} | {round(largest ** (i / (positions - 1))) for i in range(positions)}
    return sorted(counts)


def compute_boundaries(params: BoundaryParams) -> dict[str, Any]:
    from gdfig.numerics import boundary, lda

    ns = tuple(step_counts(params.positions))
    x, y, snapshots = logistic.train_run(100, params.seed, params.eta, ns)
    box = logistic.plot_box(x)
    lda_w, lda_b = lda.fit_lda(x, y)
    return {
        "x": x.tolist(), "y": y.tolist(), "box": box, "eta": params.eta,
        "snapshots": [{"n": n, "w": s.w.tolist(), "b": s.b.item(), "loss": s.loss,
                       "segment": boundary.clip_line(s.w, s.b, box)} for n, s in sorted(snapshots.items())],
        "lda": {"w": lda_w.tolist(), "b": lda_b.item(), "segment": boundary.clip_line(lda_w, lda_b, box)},
    }


CURVE = Family("explore_curve", CurveParams, compute_curve, None)
PLANE = Family("explore_plane", PlaneParams, compute_plane, None)
BOUNDARIES = Family("explore_boundaries", BoundaryParams, compute_boundaries, None)


def _data(name: str, family: Family, params, what: str) -> FigureSpec:
    return FigureSpec(name=name, title=f"Explorer data: {what}", caption=f"The numbers behind the {what}.",
                      alt="", family=family, params=params)


SPECS = (
    _data("explore_1d", CURVE, CurveParams(), "1D step-size explorer"),
    _data("explore_2d", PLANE, PlaneParams(), "2D descent explorer"),
    _data("explore_logistic", BOUNDARIES, BoundaryParams(), "logistic-regression explorer"),
)
