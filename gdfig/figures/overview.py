"""The home page's overview: the lecture in three panels, each a smaller copy of
a figure of the later pages (one surrogate step, descent paths over the 2D loss,
the logistic boundary after 10^4 steps)."""

from dataclasses import dataclass
from typing import Any

from gdfig.figures import landscape, logistic, surrogate
from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec

STARTS = ((0.08, 0.08), (0.45, 0.92), (0.55, 0.3))


@dataclass(frozen=True)
class Params:
    grid: int = bounded(41, 5, 201)  # a small panel needs fewer contour samples
    steps: int = bounded(120, 0, 10_000)  # enough for all three paths to settle


def compute(params: Params) -> dict[str, Any]:
    step = surrogate.compute(surrogate.Params(eta=0.5, t=1))
    paths = landscape.compute_paths(landscape.PathParams(starts=STARTS, eta=0.02, steps=params.steps,
                                                        grid=params.grid))
    classes = logistic.compute(logistic.Params(n=10000))  # the run the logistic frames share (cached)
    return {"step": step, "paths": paths, "classes": classes}


def _draw_step(ax, data, palette):
    from gdfig.draw import curves

    curves.draw_loss_curve(ax, data["grid_w"], data["grid_loss"], palette)
    curves.draw_parabola(ax, data["grid_w"], data["surrogate"], palette)
    curves.draw_next_step(ax, data["next_w"], data["next_surrogate"], palette)
    curves.draw_iterates(ax, data["iterates"], data["values"], data["next_w"] - data["iterates"][-1], palette)
    ax.set_xlim(*data["window"])
    ax.set_ylim(min(data["grid_loss"]) - 0.6, max(data["grid_loss"]) + 0.4)
    ax.set_title("1. one step", fontsize=9)


def _draw_paths(ax, data, palette):
    from gdfig.draw import landscape as draw_landscape

    draw_landscape.draw_contours(ax, data["w1"], data["w2"], data["loss"], palette)
    for path in data["paths"]:
        draw_landscape.draw_path(ax, path["iterates"], palette, "")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("2. many steps", fontsize=9)


def _draw_classes(ax, data, palette):
    from gdfig.draw import classes

    classes.draw_points(ax, data["x"], data["y"], palette)
    classes.draw_boundary(ax, data["boundary"], palette, "boundary")
    ax.set_xlim(*data["box"][0])
    ax.set_ylim(*data["box"][1])
    ax.set_aspect("equal")
    ax.set_title("3. training", fontsize=9)


def draw(params: Params, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import common

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=2.6)
    axes = fig.subplots(1, 3)
    _draw_step(axes[0], data["step"], palette)
    _draw_paths(axes[1], data["paths"], palette)
    _draw_classes(axes[2], data["classes"], palette)
    for ax in axes:  # a schematic: no ticks or axis labels, so the panels keep their room on phones
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_box_aspect(1)  # three squares of one size: one plot height, the titles on one line
    _square_limits(axes[2])  # the classes keep equal scales inside their square
    return fig


def _square_limits(ax):
    """Widen the shorter of the axes' ranges, about its middle, to the longer one."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    half = max(x1 - x0, y1 - y0) / 2
    ax.set_xlim((x0 + x1) / 2 - half, (x0 + x1) / 2 + half)
    ax.set_ylim((y0 + y1) / 2 - half, (y0 + y1) / 2 + half)


FAMILY = Family("overview", Params, compute, draw)

SPECS = (
    FigureSpec(
        name="overview", title="The lecture in three panels",
        caption="Left: gradient descent with η = 0.5 after its first step: the parabola touching "
                "the loss at the current iterate w₁ has its lowest point (the circle) across the "
                "valley, and that point is the next iterate w₂. Middle: repeated steps from three starts w₀ run "
                "downhill into three different minima. Right: 10⁴ steps on the logistic loss "
                "place a line between two classes.",
        alt="Three small plots side by side. Left, a rippled curve with a dashed parabola "
            "touching it at one point and a circle at the parabola's lowest point, on the other "
            "side of the valley. Middle, a contour map with three paths, each from a square to "
            "a star in a different valley. Right, two overlapping clouds of open circles and "
            "crosses with a straight line between them.",
        family=FAMILY, params=Params()),
)


def shown(data: dict[str, Any]) -> list:
    """What the three panels draw (tests/test_drawn.py reads it back): the marks of
    the families they copy, without those figures' titles and labels."""
    from gdfig.figures.drawn import on

    return [*on(0, surrogate.shown(data["step"]), words=False),
            *on(1, landscape.shown_paths(data["paths"]), words=False),
            *on(2, logistic.shown(data["classes"]), words=False)]


DRAWN = {FAMILY.name: shown}
