"""Page 2 (slide 4): minus the gradient of the 2D loss as arrows over its
contours, and the loss against its linear approximation along one line."""

from dataclasses import dataclass
from typing import Any

from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec

POINT = (0.45, 0.92)  # the start of the contour_eta_* panels of page 5


@dataclass(frozen=True)
class FieldParams:
    arrows: int = bounded(13, 3, 40)   # per side of the grid
    grid: int = bounded(101, 5, 401)   # contour resolution


@dataclass(frozen=True)
class TangentParams:
    reach: float = bounded(0.15, 0.01, 1.0)  # displacements from -reach/3 to reach


def compute_field(params: FieldParams) -> dict[str, Any]:
    import torch

    from gdfig.numerics import fields, losses

    x, y, z = losses.grid_2d(params.grid)
    side = torch.linspace(0.04, 0.96, params.arrows, dtype=torch.float64)
    points = torch.cartesian_prod(side, side)
    minus_grad = -fields.gradient_field(losses.loss_2d, points)
    return {"w1": x[0].tolist(), "w2": y[:, 0].tolist(), "loss": z.tolist(),
            "points": points.tolist(), "minus_gradient": minus_grad.tolist()}


def draw_field(params: FieldParams, data: dict[str, Any], theme: str):
    import numpy as np

    from gdfig import style
    from gdfig.draw import basics, common, landscape

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=5.2)
    ax = fig.add_subplot()
    filled, _ = landscape.draw_contours(ax, data["w1"], data["w2"], data["loss"], palette)
    landscape.draw_colourbar(ax, filled)
    vectors = np.array(data["minus_gradient"])
    # One scale for all arrows: the longest spans about one grid cell.
    cell = 0.92 / (params.arrows - 1)
    scaled = vectors * (cell / np.linalg.norm(vectors, axis=1).max())
    basics.draw_arrows(ax, data["points"], scaled.tolist(), palette)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("−∇ℒ points downhill")
    return fig


def compute_tangent(params: TangentParams) -> dict[str, Any]:
    import torch

    from gdfig.numerics import fields, losses

    w = torch.tensor(POINT, dtype=torch.float64)
    offsets = torch.linspace(-params.reach / 3, params.reach, 121, dtype=torch.float64)
    values, tangent, slope = fields.along_steepest_descent(losses.loss_2d, w, offsets)
    return {"point": list(POINT), "offsets": offsets.tolist(), "loss": values.tolist(),
            "tangent": tangent.tolist(), "gradient_norm": slope,
            "value_at_point": losses.loss_2d(w).item()}


def draw_tangent(params: TangentParams, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import basics, common

    fig = common.new_figure(theme, height=3.4)
    ax = fig.add_subplot()
    basics.draw_tangent(ax, data["offsets"], data["loss"], data["tangent"], data["value_at_point"],
                        style.palette(theme))
    ax.set_xlabel("distance s along −∇ℒ from w = (0.45, 0.92)")
    ax.set_ylabel("ℒ")
    ax.legend(loc="lower left")
    return fig


FIELD = Family("gradient_field", FieldParams, compute_field, draw_field)
TANGENT = Family("linear_approximation", TangentParams, compute_tangent, draw_tangent)

SPECS = (
    FigureSpec(
        name="gradient_field", title="Minus the gradient over the 2D loss",
        caption="Arrows of −∇ℒ, all on one scale, over the contours of the 2D loss of page 5: "
                "they point downhill, across the contour lines, and shrink near the bottoms of the "
                "round valleys, the tops of the bumps and on flat ground.",
        alt="Contour map of a loss over the unit square with three valleys and two bumps, "
            "covered by a grid of small arrows. The arrows point away from the bumps and into "
            "the valleys, crossing the contour lines at right angles; they are longest on the "
            "steep walls of the long narrow valley, where they point into it from both sides, and "
            "nearly vanish at the bottoms of the two round valleys, on the tops of the bumps and on "
            "the flat ground in the upper right corner.",
        family=FIELD, params=FieldParams()),
    FigureSpec(
        name="linear_approximation", title="The loss against its linear approximation",
        caption="Along the line through w = (0.45, 0.92) in the direction of −∇ℒ, the loss "
                "(solid) and its linear approximation ℒ(w) − s‖∇ℒ(w)‖ (dashed) touch at s = 0 "
                "and part as s grows.",
        alt="Two curves over the distance s moved from a point: a straight dashed line falling "
            "steadily, and the solid loss, which touches it at s = 0 (marked), follows it "
            "closely for small s and then bends up above it, falling less than the line promises.",
        family=TANGENT, params=TangentParams()),
)


def shown_field(data: dict[str, Any]) -> list:
    """What the field draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import Arrows, Levels, Points

    return [*(Levels(gid, data["w1"], data["w2"], data["loss"]) for gid in ("contours", "contour_lines")),
            Points("arrows", data["points"]), Arrows("arrows", data["minus_gradient"])]


def shown_tangent(data: dict[str, Any]) -> list:
    """What the tangent figure draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import Points, xy

    return [Points("loss", xy(data["offsets"], data["loss"])),
            Points("tangent", xy(data["offsets"], data["tangent"])),
            Points("mark", [(0.0, data["value_at_point"])])]


DRAWN = {FIELD.name: shown_field, TANGENT.name: shown_tangent}
