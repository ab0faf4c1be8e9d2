"""Page 3 (slide 5): surrogates for several step sizes at one point of the 1D
loss, with their minima, w0 - eta L'(w0): eta sets the curvature and the step."""

from dataclasses import dataclass
from typing import Any

from gdfig.figures import surrogate
from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec

ETAS = (0.125, 0.25, 0.5)


@dataclass(frozen=True)
class Params:
    w0: float = bounded(0.9, -3.0, 3.0)


def compute(params: Params) -> dict[str, Any]:
    import torch

    from gdfig.numerics import losses
    from gdfig.numerics import surrogate as surr

    w0 = torch.tensor([params.w0], dtype=torch.float64)
    grid = torch.linspace(*losses.WINDOW_1D, surrogate.GRID_POINTS, dtype=torch.float64)[:, None]
    minima = [surr.surrogate_minimiser(losses.loss_1d, w0, eta) for eta in ETAS]
    return {
        "w0": params.w0, "loss_at_w0": losses.loss_1d(w0).item(), "window": list(losses.WINDOW_1D),
        "grid_w": grid[:, 0].tolist(), "grid_loss": losses.loss_1d(grid).tolist(),
        "surrogates": [{"eta": eta, "values": surr.surrogate(losses.loss_1d, w0, eta, grid).tolist(),
                        "w_min": m.item(), "value_min": surr.surrogate(losses.loss_1d, w0, eta, m).item()}
                       for eta, m in zip(ETAS, minima)],
    }


def draw(params: Params, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import common, curves

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=3.6)
    ax = fig.add_subplot()
    curves.draw_loss_curve(ax, data["grid_w"], data["grid_loss"], palette)
    family = data["surrogates"]
    curves.draw_surrogate_family(ax, data["grid_w"], [(s["eta"], s["values"]) for s in family],
                                 [(s["eta"], s["w_min"], s["value_min"]) for s in family], palette)
    ax.plot([data["w0"]], [data["loss_at_w0"]], "o", color=palette.accent, markersize=8, zorder=3, gid="start")
    ax.annotate("w₀", (data["w0"], data["loss_at_w0"]), xytext=(9, -9), textcoords="offset points",
                ha="left", va="top", color=palette.accent, fontsize=12, fontstyle="italic", gid="start_label")
    low, high = min(data["grid_loss"]), max(data["grid_loss"])
    ax.set_xlim(*data["window"])
    ax.set_ylim(low - 0.6, high + 0.4)
    ax.set_xlabel("w")
    ax.set_title(f"Surrogates at w₀ = {data['w0']:g}")
    fig.legend(loc="outside lower center", ncol=2, fontsize=style.MARKS.legend)  # two columns fit the narrow layout too
    return fig


FAMILY = Family("surrogate_etas", Params, compute, draw)

SPECS = (
    FigureSpec(
        name="surrogate_etas", title="One point, three step sizes",
        caption="Surrogates at w₀ = 0.9 on the 1D loss for η = 0.125, 0.25 and 0.5, each "
                "with its lowest point w₀ − η ℒ′(w₀): the larger η, the wider the bowl and the "
                "longer the step.",
        alt="Plot of the rippled 1D loss over w from -3 to 3 with a point marked at w = 0.9 on "
            "the right slope of the deepest valley. Three dashed parabolas touch the loss there: "
            "the narrowest, for eta 0.125, has its lowest point a little left of 0.9; the widest, "
            "for eta 0.5, has its lowest point past the valley's bottom, near w = -0.28.",
        family=FAMILY, params=Params()),
)


def shown(data: dict[str, Any]) -> list:
    """What the figure draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import TITLE, Points, Words, xy

    start = [(data["w0"], data["loss_at_w0"])]
    family = data["surrogates"]
    return [Points("loss", xy(data["grid_w"], data["grid_loss"])),
            *(Points("surrogate", xy(data["grid_w"], s["values"])) for s in family),
            *(Points("surrogate_minimum", [(s["w_min"], s["value_min"])]) for s in family),
            Points("start", start), Points("start_label", start), Words("start_label", [0]),
            Words(TITLE, [0, data["w0"]])]


DRAWN = {FAMILY.name: shown}
