"""Data for the site's explorers: no image, only the JSON the page reads.

The 1D and 2D explorers get the losses as exported expression trees (the page
evaluates and differentiates them; gdfig.numerics.expr), with the same
divergence bounds, starting points, step sizes and step counts as the figures.
The logistic explorer gets precomputed snapshots of one training run at about
fifty step counts from 0 to 10^4, since 10^4 steps per slider move would be too
much to redo in the page.  Every export carries the figures' look
(gdfig.style.export()), so the explorers draw with the figures' colours and sizes.
Built, cached and listed in the manifest like the figures.
"""

from dataclasses import dataclass
from typing import Any

from gdfig.figures import landscape, logistic, surrogate
from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec


@dataclass(frozen=True)
class CurveParams:
    steps: int = bounded(30, 1, 200)


@dataclass(frozen=True)
class PlaneParams:
    pass  # steps, start and eta are the contour figures' own (landscape.PathParams)


@dataclass(frozen=True)
class BoundaryParams:
    positions: int = bounded(60, 10, 400)  # points, seed and eta are the logistic figures' own (logistic.Params)


def _etas(family: Family) -> list[float]:
    """The step sizes the figures of `family` use: the explorers' sliders land on them exactly."""
    return sorted({spec.params.eta for spec in _specs() if spec.family is family})


def _specs():
    return (*surrogate.SPECS, *landscape.SPECS)


def compute_curve(params: CurveParams) -> dict[str, Any]:
    from gdfig import style
    from gdfig.numerics import expr, losses

    lecture = surrogate.Params()
    return {"loss": expr.to_json(losses.LOSS_1D), "window": list(losses.WINDOW_1D),
            "bound": surrogate.DIVERGENCE_BOUND, "steps": params.steps,
            "eta_range": [0.01, 5.0], "landmarks": _etas(surrogate.FAMILY),
            "start": {"eta": lecture.eta, "w0": lecture.w0, "t": lecture.t}, "style": style.export()}


def contour_map(theme: str) -> dict[str, Any]:
    """The contour figures' levels and band colours (RGBA), read from their own drawing."""
    from matplotlib.figure import Figure

    from gdfig import style
    from gdfig.draw import landscape as draw
    from gdfig.numerics import losses

    x, y, z = losses.grid_2d(landscape.PathParams().grid)
    filled, _ = draw.draw_contours(Figure().add_subplot(), x.numpy(), y.numpy(), z.numpy(), style.palette(theme))
    return {"levels": [round(v, 6) for v in filled.levels.tolist()],
            "bands": [[round(c, 4) for c in rgba] for rgba in filled.get_facecolor().tolist()]}


def compute_plane(params: PlaneParams) -> dict[str, Any]:
    from gdfig import style
    from gdfig.numerics import expr, losses

    lecture = landscape.PathParams()
    return {"loss": expr.to_json(losses.LOSS_2D), "box": [list(r) for r in losses.BOX_2D],
            "bound": landscape.ESCAPE_BOUND, "steps": lecture.steps,
            "eta_range": [0.001, 0.1], "landmarks": _etas(landscape.PATHS),
            "start": {"eta": lecture.eta, "w0": list(lecture.starts[0])},
            "maps": {theme: contour_map(theme) for theme in style.THEMES}, "style": style.export()}


def step_counts(positions: int, largest: int = 10_000) -> list[int]:
    """0, step counts spaced evenly on a log scale up to `largest`, and the lecture's own."""
    counts = {0, *logistic.LECTURE_NS} | {round(largest ** (i / (positions - 1))) for i in range(positions)}
    return sorted(counts)


def compute_boundaries(params: BoundaryParams) -> dict[str, Any]:
    from gdfig import style
    from gdfig.numerics import boundary, lda

    figures = logistic.Params()  # one data set: the run the logistic figures draw, more snapshots of it
    ns = tuple(step_counts(params.positions))
    x, y, snapshots = logistic.train_run(figures.points, figures.seed, figures.eta, ns)
    box = logistic.plot_box(x)
    lda_w, lda_b = lda.fit_lda(x, y)
    return {
        "x": x.tolist(), "y": y.tolist(), "box": box, "eta": figures.eta,
        "snapshots": [{"n": n, "w": s.w.tolist(), "b": s.b.item(), "loss": s.loss,
                       "segment": boundary.clip_line(s.w, s.b, box)} for n, s in sorted(snapshots.items())],
        "lda": {"w": lda_w.tolist(), "b": lda_b.item(), "segment": boundary.clip_line(lda_w, lda_b, box)},
        "style": style.export(),
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
