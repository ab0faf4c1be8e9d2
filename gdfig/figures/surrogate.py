"""Slides 7-8: gradient descent on the 1D loss, one frame per step, each with
the quadratic surrogate at the current iterate (its minimum is the next one)."""

from dataclasses import dataclass
from typing import Any

from gdfig.figures.params import bounded
from gdfig.figures.spec import Family, FigureSpec
from gdfig.style import subscript

GRID_POINTS = 301
DIVERGENCE_BOUND = 100.0  # |w| beyond this is far outside the window [-3, 3]: stop there


@dataclass(frozen=True)
class Params:
    eta: float = bounded(0.125, 0.0, 100.0, low_open=True)
    w0: float = bounded(0.9, -3.0, 3.0)
    t: int = bounded(0, 0, 1000)


def compute(params: Params) -> dict[str, Any]:
    import torch

    from gdfig.numerics import descent, losses, surrogate

    w0 = torch.tensor([params.w0], dtype=torch.float64)
    path = descent.descend(losses.loss_1d, w0, params.eta, params.t, bound=DIVERGENCE_BOUND)
    w_t = path.iterates[-1]
    grid = torch.linspace(*losses.WINDOW_1D, GRID_POINTS, dtype=torch.float64)[:, None]
    w_next = surrogate.surrogate_minimiser(losses.loss_1d, w_t, params.eta)
    return {
        "eta": params.eta, "t": params.t, "window": list(losses.WINDOW_1D),
        "iterates": path.iterates[:, 0].tolist(), "values": path.values.tolist(),
        "diverged_at": path.diverged_at,
        "grid_w": grid[:, 0].tolist(), "grid_loss": losses.loss_1d(grid).tolist(),
        "surrogate": surrogate.surrogate(losses.loss_1d, w_t, params.eta, grid).tolist(),
        "next_w": w_next.item(),
        "next_surrogate": surrogate.surrogate(losses.loss_1d, w_t, params.eta, w_next).item(),
    }


def draw(params: Params, data: dict[str, Any], theme: str):
    from gdfig import style
    from gdfig.draw import common, curves

    palette = style.palette(theme)
    fig = common.new_figure(theme, height=3.6)
    ax = fig.add_subplot()
    curves.draw_loss_curve(ax, data["grid_w"], data["grid_loss"], palette)
    (parabola,) = curves.draw_parabola(ax, data["grid_w"], data["surrogate"], palette)
    (next_step,) = curves.draw_next_step(ax, data["next_w"], data["next_surrogate"], palette)
    iterates = curves.draw_iterates(ax, data["iterates"], data["values"], _downhill(data), palette)
    low, high = min(data["grid_loss"]), max(data["grid_loss"])
    ax.set_xlim(*data["window"])
    ax.set_ylim(low - 0.6, high + 0.4)
    ax.set_xlabel("w")
    # Below the axes, outside them: no parabola or iterate can run through it.
    fig.legend(loc="outside lower center", ncol=1, fontsize=style.MARKS.legend)  # one column: the narrow layout is too narrow for more
    fig.gdfig_step = _Step(ax, parabola, next_step, iterates, palette)
    _show_step(fig.gdfig_step, params, data)
    return fig


@dataclass
class _Step:
    """What changes from one step to the next, on a figure drawn by `draw`."""

    ax: Any
    parabola: Any
    next_step: Any
    iterates: list
    palette: Any
    note: Any = None


def update(fig, params: Params, data: dict[str, Any], theme: str) -> None:
    """Show another step of the same run on a figure drawn by `draw`."""
    from gdfig.draw import curves

    step = fig.gdfig_step
    step.parabola.set_ydata(data["surrogate"])
    step.next_step.set_data([data["next_w"]], [data["next_surrogate"]])
    curves.move_iterates(step.iterates, data["iterates"], data["values"], _downhill(data))
    _show_step(step, params, data)


def _show_step(step: _Step, params: Params, data: dict[str, Any]) -> None:
    """The title and the remark, if any, of this step."""
    from gdfig.draw import common

    t = len(data["iterates"]) - 1
    step.ax.set_title(f"η = {params.eta:g}, step t = {params.t}")
    note = None
    if data["diverged_at"] is not None:
        note = f"diverged after {data['diverged_at']} steps"
    elif not data["window"][0] <= data["iterates"][-1] <= data["window"][1]:
        note = f"w{t} = {data['iterates'][-1]:.3g} is outside the window"
    step.note = common.replace_note(step.ax, step.note, note, step.palette)


def _downhill(data: dict[str, Any]) -> float:
    """The step's direction: the loss falls that way."""
    return data["next_w"] - data["iterates"][-1]


FAMILY = Family("surrogate", Params, compute, draw, frame_param="t", update=update)

# Side of the deep valley's bottom (w* = -0.064) where each iterate w_0 .. w_12 lies, as
# the numbers show: frame t names w_t and its next iterate w_{t+1}, the last frame w_12
# (tests/test_figures.py and tests/test_claims.py check these words against them).
_SIDES = {
    0.125: ("right",) * 13,
    0.5: ("right", "left") * 6 + ("right",),
}


def _alt(eta: float, t: int) -> str:
    side, nxt = _SIDES[eta][t], _SIDES[eta][t + 1]
    width = "narrow, steep" if eta < 0.25 else "wide, shallow"
    where = "the same side" if nxt == side else "the opposite side"
    wt = f"w{subscript(t)}"
    earlier = {0: "", 1: " The earlier iterate w₀ is drawn faint."}.get(
        t, f" The earlier iterates w₀ to w{subscript(t - 1)} are drawn faint.")
    return (f"Plot of a rippled 1D loss over w from -3 to 3, whose deepest valley bottoms out "
            f"near w = -0.064. Step {t} with η = {eta}: the iterate {wt} sits {side} of that "
            f"valley's bottom, where a {width} dashed parabola (the surrogate) touches the loss; "
            f"the parabola's lowest point, the next iterate, is on {where} of the valley's bottom.{earlier}")


def _frames(eta: float, tag: str) -> tuple[FigureSpec, ...]:
    sequence = f"surrogate_{tag}"
    behaviour = ("slides monotonically down into the valley" if eta < 0.25
                 else "overshoots and bounces across the valley")
    return tuple(
        FigureSpec(
            name=f"{sequence}_t{t:02d}",
            title=f"Surrogate step, η = {eta}, frame w{subscript(t)}",
            caption=(f"Gradient descent with η = {eta} at step {t}: the surrogate parabola touching ℒ "
                     f"at w{subscript(t)} has curvature 1/η = {1 / eta:g}, and its minimum is "
                     f"w{subscript(t + 1)}; the sequence {behaviour}."),
            alt=_alt(eta, t), family=FAMILY, params=Params(eta=eta, t=t),
            sequence=sequence, frame=t, label=f"w{subscript(t)}")
        for t in range(12))


SPECS = (*_frames(0.125, "eta0125"), *_frames(0.5, "eta0500"))


def shown(data: dict[str, Any]) -> list:
    """What a frame draws (tests/test_drawn.py reads it back): gdfig.figures.drawn."""
    from gdfig.figures.drawn import TITLE, Points, Words, xy

    t, w_t, value = len(data["iterates"]) - 1, data["iterates"][-1], data["values"][-1]
    marks = [Points("loss", xy(data["grid_w"], data["grid_loss"])),
             Points("surrogate", xy(data["grid_w"], data["surrogate"])),
             Points("next_iterate", [(data["next_w"], data["next_surrogate"])]),
             Points("earlier_iterates", xy(data["iterates"][:-1], data["values"][:-1])),
             Points("iterate", [(w_t, value)]), Points("iterate_label", [(w_t, value)]),
             Words("iterate_label", [t]), Words(TITLE, [data["eta"], data["t"]])]
    if data["diverged_at"] is not None:
        marks.append(Words("note", [data["diverged_at"]]))
    elif not data["window"][0] <= w_t <= data["window"][1]:
        marks.append(Words("note", [t, w_t]))
    return marks


DRAWN = {FAMILY.name: shown}
