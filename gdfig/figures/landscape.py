"""Slide 9: the 2D loss on [0, 1]^2 as a surface, and gradient-descent paths over
its contours (different starts reach different minima; the step size decides
whether a path is slow and smooth or zig-zags)."""

from dataclasses import dataclass
from typing import Any

from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec

ESCAPE_BOUND = 10.0  # a path this far from [0, 1]^2 has left for good
SURFACE_VIEW = (55, -115)  # elevation and azimuth, degrees


@dataclass(frozen=True)
class SurfaceParams:
    grid: int = bounded(41, 5, 201)


@dataclass(frozen=True)
class PathParams:
    starts: tuple[tuple[float, float], ...] = bounded(((0.45, 0.92),), 0.0, 1.0)
    eta: float = bounded(0.02, 0.0, 10.0, low_open=True)
    steps: int = bounded(200, 0, 10_000)
    grid: int = bounded(101, 5, 401)  # fine enough that small contours come out round


def compute_surface(params: SurfaceParams) -> dict[str, Any]:
    from gdfig.numerics import losses

    x, y, z = losses.grid_2d(params.grid)
    return {"w1": x.tolist(), "w2": y.tolist(), "loss": z.tolist()}


def draw_surface(params: SurfaceParams, data: dict[str, Any], theme: str):
    import numpy as np

    from gdfig import style
    from gdfig.draw import common, landscape

    fig = common.new_figure(theme, height=4.6)
    ax = fig.add_subplot(projection="3d")
    arrays = (np.array(data[key]) for key in ("w1", "w2", "loss"))
    landscape.draw_surface(ax, *arrays, style.palette(theme))
    # Seen from above the near corner: the deepest dip, the long trough at the back, shows
    # over the two bumps instead of hiding behind them.
    ax.view_init(elev=SURFACE_VIEW[0], azim=SURFACE_VIEW[1])
    ax.set_box_aspect(None, zoom=0.9)  # room for the ℒ label, which the layout engine cannot see, in the narrow layout too
    ax.set_title("The 2D loss over [0, 1]²")
    return fig


def compute_paths(params: PathParams) -> dict[str, Any]:
    import torch

    from gdfig.numerics import descent, losses

    x, y, z = losses.grid_2d(params.grid)
    paths = [descent.descend(losses.loss_2d, torch.tensor(start, dtype=torch.float64),
                             params.eta, params.steps, bound=ESCAPE_BOUND)
             for start in params.starts]
    return {
        "eta": params.eta, "w1": x[0].tolist(), "w2": y[:, 0].tolist(), "loss": z.tolist(),
        "paths": [{"iterates": p.iterates.tolist(), "values": p.values.tolist(),
                   "diverged_at": p.diverged_at} for p in paths],
    }


def draw_paths(params: PathParams, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import common, landscape

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=5.2)
    ax = fig.add_subplot()
    filled, _ = landscape.draw_contours(ax, data["w1"], data["w2"], data["loss"], palette)
    landscape.draw_colourbar(ax, filled)
    for i, path in enumerate(data["paths"]):
        label = f"w₀{style.superscript(f'({i + 1})')}" if len(data["paths"]) > 1 else "w₀"
        landscape.draw_path(ax, path["iterates"], palette, label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    steps = max(len(p["iterates"]) - 1 for p in data["paths"])
    ax.set_title(f"η = {params.eta:g}, {steps} steps")
    if any(p["diverged_at"] is not None for p in data["paths"]):
        common.draw_note(ax, "a path left the square", palette)
    return fig


SURFACE = Family("surface", SurfaceParams, compute_surface, draw_surface)
PATHS = Family("contour", PathParams, compute_paths, draw_paths)

_VALLEYS = "three valleys (near (0.24, 0.26), (0.75, 0.18) and a long narrow one around (0.75, 0.68))"

SPECS = (
    FigureSpec(
        name="surface", title="The 2D loss as a surface",
        caption="A loss on [0, 1]² with three local minima, drawn as a surface with values "
                "between about 0.6 and 1.3; the deepest, a long narrow trough, lies at the back, "
                "beyond the two bumps.",
        alt=f"3D surface of a loss over the unit square, values about 0.6 to 1.3, seen from "
            f"above the corner w = (0, 0): {_VALLEYS} separated by two bumps, near (0.4, 0.55) "
            "and (0.15, 0.8). The two round dips are in front; the long valley, the deepest, "
            "runs along the back, beyond the bumps.",
        family=SURFACE, params=SurfaceParams()),
    FigureSpec(
        name="contour_starts", title="Different starting points, different minima",
        caption="Gradient descent with η = 0.02 from four starts w₀: each path ends in the "
                "local minimum of the basin it starts in, three different minima in all.",
        alt=f"Contour map of the same loss with {_VALLEYS}. Four descent paths, each marked by "
            "a square at its start and a star at its end, run downhill; they end in three "
            "different valleys.",
        family=PATHS,
        params=PathParams(starts=((0.08, 0.08), (0.45, 0.92), (0.95, 0.42), (0.55, 0.3)))),
    FigureSpec(
        name="contour_eta_small", title="A small step: smooth but slow",
        caption="From one start w₀ on a plateau, where the gradient is short (‖∇ℒ(w₀)‖ ≈ 0.41), "
                "with η = 0.005, the path bends smoothly downhill without ever turning back, but "
                "after 200 steps it is still 0.11 short of the minimum of the long valley.",
        alt=f"Contour map of the loss with {_VALLEYS}. A single path starts near the top "
            "middle and moves in short, evenly curving steps towards the long narrow valley, "
            "stopping before its lowest point.",
        family=PATHS, params=PathParams(eta=0.005)),
    FigureSpec(
        name="contour_eta_large", title="A step too large: a zig-zag that never dies out",
        caption="From the same start w₀ with η = 0.045, above 2/λ₁ ≈ 0.041 for the valley's steep "
                "walls, the path reaches the long valley and then bounces from wall to wall: "
                "after 200 steps it has not settled at the minimum.",
        alt=f"Contour map of the loss with {_VALLEYS}. A single path from the same start "
            "creeps along the top, drops into the long narrow valley, then bounces between "
            "its two walls in a zig-zag that does not die out.",
        family=PATHS, params=PathParams(eta=0.045)),
    FigureSpec(
        name="contour_eta_damped", title="A zig-zag that dies out",
        caption="From the same start w₀ with η = 0.036, below 2/λ₁ ≈ 0.041 for the valley's steep walls, "
                "the path bounces from wall to wall, but each bounce is shorter than the "
                "last: it stays within 0.01 of the minimum from step 39 on.",
        alt=f"Contour map of the loss with {_VALLEYS}. A single path from the same start "
            "creeps along the top, drops into the long narrow valley and crosses it in "
            "zig-zags that shrink at every step, then comes to rest at the valley's lowest point.",
        family=PATHS, params=PathParams(eta=0.036)),
)


def shown_surface(data: dict[str, Any]) -> list:
    """What the surface draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import Cells

    return [Cells("surface", data["loss"])]


def shown_paths(data: dict[str, Any]) -> list:
    """What a contour figure draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import TITLE, Levels, Points, Words

    marks = [*(Levels(gid, data["w1"], data["w2"], data["loss"]) for gid in ("contours", "contour_lines"))]
    many = len(data["paths"]) > 1
    for i, path in enumerate(data["paths"]):
        ws = path["iterates"]
        marks += [Points("path", ws), Points("path_start", ws[:1]), Points("path_end", ws[-1:]),
                  Points("path_label", ws[:1]), Words("path_label", [0, i + 1] if many else [0])]
    marks.append(Words(TITLE, [data["eta"], max(len(p["iterates"]) - 1 for p in data["paths"])]))
    if any(p["diverged_at"] is not None for p in data["paths"]):
        marks.append(Words("note", []))
    return marks


DRAWN = {SURFACE.name: shown_surface, PATHS.name: shown_paths}
