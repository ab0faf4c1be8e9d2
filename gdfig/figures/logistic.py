"""Slide 12: logistic regression trained by gradient descent on 100 points, its
boundary after n = 0, 10, 100, 1000, 10000 steps, and LDA's beside it."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec

LECTURE_NS = (0, 10, 100, 1000, 10000)


@dataclass(frozen=True)
class Params:
    n: int = bounded(0, 0, 100_000)
    eta: float = bounded(0.1, 0.0, 10.0, low_open=True)
    points: int = bounded(100, 4, 10_000)
    seed: int = bounded(0, 0, 2**31 - 1)
    show_lda: bool = False


@lru_cache(maxsize=8)
def train_run(points: int, seed: int, eta: float, ns: tuple[int, ...]):
    """(x, y, {n: snapshot}); one run serves every frame, the five stable frames share their key."""
    import torch

    from gdfig.numerics import logistic

    generator = torch.Generator().manual_seed(seed)
    x, y = logistic.make_points(points, generator)
    return x, y, {s.n: s for s in logistic.train(x, y, eta, ns, generator)}


def compute(params: Params) -> dict[str, Any]:
    from gdfig.numerics import boundary, lda

    ns = tuple(sorted({*LECTURE_NS, params.n}))
    x, y, snapshots = train_run(params.points, params.seed, params.eta, ns)
    snap = snapshots[params.n]
    box = plot_box(x)
    data = {"x": x.tolist(), "y": y.tolist(), "eta": params.eta, "n": params.n,
            "w": snap.w.tolist(), "b": snap.b.item(), "loss": snap.loss, "box": box,
            "boundary": boundary.clip_line(snap.w, snap.b, box)}
    if params.show_lda:
        lda_w, lda_b = lda.fit_lda(x, y)
        data |= {"lda_w": lda_w.tolist(), "lda_b": lda_b.item(),
                 "lda_boundary": boundary.clip_line(lda_w, lda_b, box)}
    return data


def plot_box(x) -> list[list[float]]:
    """The plotted window: the points' extent plus a margin, [[x0, x1], [y0, y1]]."""
    margin = 0.25
    return [[float(x[:, d].min()) - margin, float(x[:, d].max()) + margin] for d in range(2)]


def draw(params: Params, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import classes, common

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=4.8)
    ax = fig.add_subplot()
    handles = classes.draw_points(ax, data["x"], data["y"], palette)
    (line,) = classes.draw_boundary(ax, ((0.0, 0.0), (0.0, 0.0)), palette, "")
    handles.append(line)
    if data.get("lda_boundary") is not None:
        handles += classes.draw_boundary(ax, data["lda_boundary"], palette, "LDA", dashed=True, gid="lda_boundary")
    ax.set_xlim(*data["box"][0])
    ax.set_ylim(*data["box"][1])
    ax.set_aspect("equal")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    # Under the plot, not on it: over the run the boundary crosses every corner.
    fig.legend(handles, [h.get_label() for h in handles], loc="outside lower center", ncol=2, fontsize=8)
    fig.gdfig_steps = _Steps(ax, line, handles.index(line), palette)
    _show_steps(fig.gdfig_steps, data)
    return fig


@dataclass
class _Steps:
    """What changes with the number of steps, on a figure drawn by `draw`."""

    ax: Any
    line: Any
    legend_entry: int  # the boundary's entry in the figure's legend (wherever it was moved)
    palette: Any
    note: Any = None


def update(fig, params: Params, data: dict[str, Any], theme: str) -> None:
    """Show the boundary after another number of steps of the same run."""
    _show_steps(fig.gdfig_steps, data)


def _show_steps(steps: _Steps, data: dict[str, Any]) -> None:
    from gdfig.draw import common

    label = f"logistic, n = {data['n']}"
    steps.line.set_label(label)
    legend_text = steps.ax.figure.legends[0].get_texts()[steps.legend_entry]
    legend_text.set_text(label)
    legend_text.set_gid("boundary_legend")  # what tests/test_drawn.py reads back
    if data["boundary"] is not None:
        (x0, y0), (x1, y1) = data["boundary"]
        steps.line.set_data([x0, x1], [y0, y1])
    else:
        steps.line.set_data([], [])
    outside = "boundary outside the plot" if data["boundary"] is None else None
    steps.note = common.replace_note(steps.ax, steps.note, outside, steps.palette)
    steps.ax.set_title(f"n = {data['n']} steps, ℒ = {data['loss']:.2f}")


FAMILY = Family("logistic", Params, compute, draw, frame_param="n", update=update)

_POINTS = ("100 points in the plane in two overlapping, tilted clouds: class +1 as open "
           "circles towards the upper right, class -1 as crosses towards the lower left.")
# Misclassified counts and turns as the numbers show (tests/test_figures.py checks them).
_STAGE = {
    0: "the boundary of the random initial weights runs between the two clouds, roughly along "
       "their long axis (slope about 1.3), but with its two sides the wrong way round, so it "
       "misclassifies 91 of the 100 points",
    10: "after only 10 steps the boundary has already turned to run between the two clouds; "
        "6 points are on the wrong side",
    100: "after 100 steps the boundary runs between the clouds, 5 points on the wrong side, "
         "and it is still turning",
    1000: "after 1000 steps the boundary has almost settled between the clouds",
    10000: "after 10000 steps the boundary has settled; it turned by less than 2 degrees "
           "since n = 1000",
}


def _frame(n: int) -> FigureSpec:
    return FigureSpec(
        name=f"logistic_n{n}", title=f"Logistic regression after n = {n} steps",
        caption=f"The decision boundary w·x + b = 0 of logistic regression after {n} steps of "
                f"gradient descent with η = 0.1 on the summed loss.",
        alt=f"Scatter plot of {_POINTS} A solid line is the decision boundary: {_STAGE[n]}.",
        family=FAMILY, params=Params(n=n), sequence="logistic", frame=LECTURE_NS.index(n),
        label=f"n = {n}")


SPECS = (
    *(_frame(n) for n in LECTURE_NS),
    FigureSpec(
        name="logistic_vs_lda", title="Logistic regression against LDA",
        caption="The logistic boundary after 10⁴ steps (solid) and the boundary of linear "
                "discriminant analysis fitted to the same points (dashed).",
        alt=f"Scatter plot of {_POINTS} Two lines run between the clouds: the solid "
            "logistic-regression boundary and the dashed LDA boundary. They differ by about 7 "
            "degrees in angle and cross inside the plot, near (-0.04, -0.07).",
        family=FAMILY, params=Params(n=10000, show_lda=True)),
)


def shown(data: dict[str, Any]) -> list:
    """What a frame draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import FIGURE, TITLE, Points, Words

    marks = [Points("negatives", [p for p, c in zip(data["x"], data["y"]) if c < 0]),
             Points("positives", [p for p, c in zip(data["x"], data["y"]) if c > 0]),
             Points("boundary", data["boundary"] or []), Words("boundary_legend", [data["n"]], FIGURE),
             Words(TITLE, [data["n"], data["loss"]])]
    if data.get("lda_boundary") is not None:
        marks.append(Points("lda_boundary", data["lda_boundary"]))
    if data["boundary"] is None:
        marks.append(Words("note", []))
    return marks


DRAWN = {FAMILY.name: shown}
