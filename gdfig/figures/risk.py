"""Page 1 (slides 2-3): a least-squares fit with its residuals, and the logistic
loss of one example as a function of its margin y (w.x + b)."""

from dataclasses import dataclass
from typing import Any

from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec


@dataclass(frozen=True)
class FitParams:
    points: int = bounded(20, 3, 1000)
    seed: int = bounded(3, 0, 2**31 - 1)


@dataclass(frozen=True)
class MarginParams:
    reach: float = bounded(4.0, 0.5, 20.0)  # margins drawn over [-reach, reach]


def compute_fit(params: FitParams) -> dict[str, Any]:
    import torch

    from gdfig.numerics import least_squares

    x, y = least_squares.make_line_points(params.points, torch.Generator().manual_seed(params.seed))
    w, b = least_squares.fit_least_squares(x, y)
    return {"x": x.tolist(), "y": y.tolist(), "w": w, "b": b,
            "fitted": (w * x + b).tolist(), "mse": least_squares.mse(x, y, w, b)}


def draw_fit(params: FitParams, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import basics, common

    fig = common.new_figure(theme, height=3.6)
    ax = fig.add_subplot()
    basics.draw_residuals(ax, data["x"], data["y"], data["fitted"], style.palette(theme))
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"Least squares: w = {data['w']:.2f}, b = {data['b']:.2f}, ℒ = {data['mse']:.3f}")
    ax.legend(loc="upper left")
    return fig


def compute_margin(params: MarginParams) -> dict[str, Any]:
    import torch

    margins = torch.linspace(-params.reach, params.reach, 161, dtype=torch.float64)
    loss = -torch.nn.functional.logsigmoid(margins)
    return {"margin": margins.tolist(), "loss": loss.tolist(),
            "at_zero": -torch.nn.functional.logsigmoid(torch.zeros((), dtype=torch.float64)).item()}


def draw_margin(params: MarginParams, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import basics, common

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=3.2)
    ax = fig.add_subplot()
    mark = (0.0, data["at_zero"], f"log 2 ≈ {data['at_zero']:.2f}")
    basics.draw_curve_with_mark(ax, data["margin"], data["loss"], mark, "−log σ(m)", palette)
    ax.axvline(0.0, color=palette.faint, linewidth=0.8)
    ax.set_xlabel("margin m = y (w·x + b)")
    ax.set_ylabel("loss of one example")
    ax.set_title("Wrong side: costly; right side: nearly free")
    return fig


FIT = Family("least_squares", FitParams, compute_fit, draw_fit)
MARGIN = Family("margin_loss", MarginParams, compute_margin, draw_margin)

SPECS = (
    FigureSpec(
        name="least_squares", title="A least-squares fit and its residuals",
        caption="Twenty noisy points, the line that minimises their mean squared error, and "
                "the residuals, from each point to the line, as vertical segments.",
        alt="Scatter plot of twenty points rising from left to right around a straight line; "
            "a vertical segment joins each point to the line, some above it and some below, "
            "showing the residuals whose squares the mean squared error averages.",
        family=FIT, params=FitParams()),
    FigureSpec(
        name="logistic_margin_loss", title="The logistic loss against the margin",
        caption="The loss −log σ(m) of one example as a function of its margin "
                "m = y (w·x + b): about |m| for a wrong example far from the boundary, log 2 on "
                "it, nearly 0 for a confidently right one.",
        alt="A smooth decreasing curve over margins from -4 to 4: nearly a straight line "
            "falling with slope -1 for negative margins, passing through log 2, about 0.69, at "
            "margin 0 (marked), and flattening towards 0 for positive margins.",
        family=MARGIN, params=MarginParams()),
)


def shown_fit(data: dict[str, Any]) -> list:
    """What the fit draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import TITLE, Points, Words, xy

    ends = [end for x, y, f in zip(data["x"], data["y"], data["fitted"]) for end in ((x, y), (x, f))]
    return [Points("residuals", ends), Points("fit_line", xy(data["x"], data["fitted"])),
            Points("examples", xy(data["x"], data["y"])), Words(TITLE, [data["w"], data["b"], data["mse"]])]


def shown_margin(data: dict[str, Any]) -> list:
    """What the margin loss draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import Points, Words, xy

    mark = [(0.0, data["at_zero"])]
    return [Points("curve", xy(data["margin"], data["loss"])), Points("mark", mark),
            Points("mark_label", mark), Words("mark_label", [2, data["at_zero"]])]


DRAWN = {FIT.name: shown_fit, MARGIN.name: shown_margin}
